// `node -r` hook for the server processes tests start (server-process.ts): TypeScript compiled
// file by file with the project's tsconfig, as `ts-node/register/transpile-only` does, but kept in
// a cache under the system temp directory. ts-node compiles the whole server again for every process
// (about 3 s of CPU); suites that kill and restart servers start many.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const TSCONFIG = join(ROOT, 'tsconfig.json');
const CACHE_DIR = join(tmpdir(), 'dic-transpile-cache');
mkdirSync(CACHE_DIR, { recursive: true });
// What else decides the output: the compiler's version and the project's settings.
const settings = [require('typescript/package.json').version, readFileSync(TSCONFIG, 'utf8')];

let compile;
/** The compiler is loaded on the first file not in the cache only: a warm start leaves it out. */
function compiler() {
  if (!compile) {
    const ts = require('typescript');
    const { config } = ts.readConfigFile(TSCONFIG, ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
    const compilerOptions = {
      ...options,
      sourceMap: false,
      inlineSourceMap: true,
      incremental: false,
      declaration: false,
    };
    compile = (source, fileName) =>
      ts.transpileModule(source, { compilerOptions, fileName }).outputText;
  }
  return compile;
}

require.extensions['.ts'] = (module, filename) => {
  const source = readFileSync(filename, 'utf8');
  const key = createHash('sha256')
    .update(settings.join('\0'))
    .update(`\0${filename}\0`)
    .update(source)
    .digest('hex');
  const cached = join(CACHE_DIR, `${key}.js`);
  let code;
  try {
    code = readFileSync(cached, 'utf8');
  } catch {
    code = compiler()(source, filename);
    // Written aside and renamed: processes started at once never read a half-written file.
    const partial = `${cached}.${process.pid}`;
    writeFileSync(partial, code);
    renameSync(partial, cached);
  }
  module._compile(code, filename);
};

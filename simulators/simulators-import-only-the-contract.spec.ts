import { readdirSync, readFileSync } from 'fs';
import { dirname, join, relative, resolve, sep } from 'path';

/**
 * The simulators report what real devices report, from their own platform catalog. Were they to
 * import the server's rules, every gap in the rules would be mirrored by the devices and no test
 * could see it (docs/collection-rules.md "Simulators"). So: nothing of the server but the device
 * channel's contract, and the contract itself stands alone.
 */
const ROOT = resolve(__dirname, '..');
const SIMULATORS = join(ROOT, 'simulators');
const CONTRACT = join(ROOT, 'src', 'device-channel', 'contract');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Module specifiers of static imports, re-exports, dynamic imports and requires. */
function importedModules(source: string): string[] {
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]));
}

const inside = (dir: string, path: string) => path === dir || path.startsWith(dir + sep);

/** The project files a file imports that lie outside `allowed` directories. */
function forbiddenImports(file: string, allowed: readonly string[]): string[] {
  return importedModules(readFileSync(file, 'utf8'))
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => resolve(dirname(file), specifier))
    .filter((target) => !allowed.some((dir) => inside(dir, target)))
    .map((target) => relative(ROOT, target));
}

// This file names forbidden imports in its probe; it imports only fs and path.
const simulatorFiles = sourceFiles(SIMULATORS).filter((file) => file !== __filename);
const contractFiles = sourceFiles(CONTRACT);

describe('the simulators import nothing of the server but the device channel contract', () => {
  it('finds the files to check, and recognises a forbidden import', () => {
    expect(simulatorFiles.length).toBeGreaterThan(50);
    expect(contractFiles.map((f) => relative(CONTRACT, f))).toContain('wire-vocabulary.ts');
    const probe = join(SIMULATORS, 'fleet', 'device.ts');
    expect(
      importedModules(
        [
          "import { fieldNotOnPlatform } from '../../src/collection-rules';",
          "const rules = require('../../src/collection-rules/index');",
          "export * from '../../src/device-channel/contract/wire-vocabulary';",
        ].join('\n'),
      )
        .map((specifier) => resolve(dirname(probe), specifier))
        .filter((target) => !inside(CONTRACT, target) && !inside(SIMULATORS, target))
        .map((target) => relative(ROOT, target)),
    ).toEqual([join('src', 'collection-rules'), join('src', 'collection-rules', 'index')]);
  });

  it.each(simulatorFiles.map((file) => [relative(ROOT, file), file]))(
    '%s imports only simulators/ and the contract',
    (_name, file) => {
      expect(forbiddenImports(file, [SIMULATORS, CONTRACT])).toEqual([]);
    },
  );

  it.each(contractFiles.map((file) => [relative(ROOT, file), file]))(
    '%s (the contract) imports only the contract',
    (_name, file) => {
      expect(forbiddenImports(file, [CONTRACT])).toEqual([]);
    },
  );
});

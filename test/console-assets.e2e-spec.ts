import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, TestServer } from './support/test-server';

const PUBLIC = join(__dirname, '..', 'src', 'console', 'public');

/** The console's files as the server serves them: types, the strict policy, nothing else. */
describe('admin console files', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(() => server.close());

  it('serves the page at / under a policy that allows only this origin and no inline code', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy.split('; ')).toEqual(
      expect.arrayContaining([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
      ]),
    );
    expect(policy).not.toContain('unsafe');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=|\son\w+=/);
  });

  it('serves every module the page imports, as JavaScript, and nothing outside the folder', async () => {
    const sources = readdirSync(PUBLIC).filter((name) => name.endsWith('.js'));
    const imported = new Set(['app.js']);
    for (const name of sources) {
      const text = readFileSync(join(PUBLIC, name), 'utf8');
      for (const match of text.matchAll(/from '\.\/([\w-]+\.js)'/g)) imported.add(match[1]);
      // Markup is built with DOM calls: no string of HTML is parsed.
      expect({ name, innerHTML: /innerHTML|outerHTML|insertAdjacentHTML/.test(text) }).toEqual({
        name,
        innerHTML: false,
      });
    }
    for (const name of imported) {
      const response = await fetch(`${server.url}/console/${name}`);
      expect({ name, status: response.status }).toEqual({ name, status: 200 });
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    }
    expect((await fetch(`${server.url}/console/style.css`)).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
    for (const path of [
      '/console/../package.json',
      '/console/%2e%2e/package.json',
      '/console/nope.js',
    ]) {
      expect((await fetch(`${server.url}${path}`)).status).toBe(404);
    }
  });
});

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

/**
 * The admin console: static files (HTML, CSS, ES modules) served at `/` by the API's own server.
 * The page calls only the public API, with the admin token the user typed (kept in
 * sessionStorage). The policy allows nothing but this origin: no inline script or style, no other
 * host, no framing.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Next to this file: in the sources, or copied there by `npm run build`. A build without the copy
 * (the benchmarks' own, under dist/bench-build) finds the sources' folder above it.
 */
function publicDirectory(): string {
  const here = join(__dirname, 'public');
  if (existsSync(here)) return here;
  for (let dir = dirname(__dirname); dir !== dirname(dir); dir = dirname(dir)) {
    const sources = join(dir, 'src', 'console', 'public');
    if (existsSync(sources)) return sources;
  }
  throw new Error(`The console's files are missing (looked in ${here} and above)`);
}

/** Reads the console's files once at start (a handful of small files) and serves them. */
export function serveConsole(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const root = publicDirectory();
  const files = new Map<string, { type: string; body: Buffer }>();
  for (const name of readdirSync(root)) {
    const type = TYPES[extname(name)];
    if (type) files.set(name, { type, body: readFileSync(join(root, name)) });
  }
  const send =
    (name: string) => async (_request: unknown, reply: import('fastify').FastifyReply) => {
      const file = files.get(name);
      if (!file) return reply.code(404).send();
      return reply
        .header('content-type', file.type)
        .header('content-security-policy', CONSOLE_CONTENT_SECURITY_POLICY)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-cache')
        .send(file.body);
    };
  fastify.get('/', send('index.html'));
  for (const name of files.keys()) {
    if (name !== 'index.html') fastify.get(`/console/${name}`, send(name));
  }
}

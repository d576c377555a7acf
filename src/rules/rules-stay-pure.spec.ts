import { readdirSync, readFileSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

const MODULE_DIR = __dirname;
/** Node modules that compute without I/O: HMAC pseudonyms, IP address syntax. */
const PURE_BUILT_INS = ['node:crypto', 'node:net'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
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

const files = sourceFiles(MODULE_DIR).map((path) => ({
  file: relative(MODULE_DIR, path),
  path,
  source: readFileSync(path, 'utf8'),
}));

describe('the rules stay pure', () => {
  it('finds the module sources to check', () => {
    expect(files.map((f) => f.file)).toEqual(
      expect.arrayContaining(['index.ts', 'ownership.ts', 'forbidden-categories.ts']),
    );
    expect(importedModules(files.find((f) => f.file === 'ownership.ts')!.source)).toContain(
      './vocabulary',
    );
  });

  it('recognises every kind of import it guards against', () => {
    expect(
      importedModules(
        [
          "import { Injectable } from '@nestjs/common';",
          "import 'reflect-metadata';",
          "const fs = require('fs');",
          "const orm = await import('typeorm');",
          "export * from './identifiers';",
        ].join('\n'),
      ),
    ).toEqual(['@nestjs/common', './identifiers', 'reflect-metadata', 'typeorm', 'fs']);
  });

  it.each(files.map((f) => [f.file, f]))('%s imports only from inside the module', (_file, f) => {
    for (const specifier of importedModules(f.source)) {
      if (PURE_BUILT_INS.includes(specifier)) continue;
      expect(specifier).toMatch(/^\.\.?\//);
      expect(specifier).not.toMatch(/@nestjs|typeorm|^(node:)?fs$/);
      const target = resolve(dirname(f.path), specifier);
      expect(relative(MODULE_DIR, target).startsWith('..')).toBe(false);
    }
  });

  it.each(files.map((f) => [f.file, f]))(
    '%s neither logs nor reads the environment',
    (_file, f) => {
      expect(f.source).not.toMatch(/\bconsole\.|\bprocess\./);
    },
  );
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The layout's one rule (docs/architecture.md): imports point down the layers, never up or in a
 * circle. A file may import its own layer and the layers listed for it; `main.ts` files are process
 * entry points and may import anything.
 */
const ALLOWED: Record<string, readonly string[]> = {
  rules: [],
  platform: ['rules'],
  'device-channel': ['rules', 'platform'],
  graph: ['rules', 'platform'],
  privacy: ['rules', 'platform', 'graph'],
  admin: ['rules', 'platform', 'graph', 'privacy'],
  console: ['platform'],
  '(root)': ['rules', 'platform', 'device-channel', 'graph', 'privacy', 'admin', 'console'],
};

const ROOT = resolve(__dirname, '..');
const SRC = join(ROOT, 'src');

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const isProduction = (file: string): boolean => !/\.(spec|e2e-spec)\.ts$/.test(file);

/** Relative module specifiers of static imports, re-exports, dynamic imports and requires. */
export function relativeImports(source: string): string[] {
  const patterns = [
    /\bfrom\s*['"](\.[^'"]*)['"]/g,
    /\bimport\s*['"](\.[^'"]*)['"]/g,
    /\bimport\s*\(\s*['"](\.[^'"]*)['"]/g,
    /\brequire\s*\(\s*['"](\.[^'"]*)['"]/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]));
}

function resolveImport(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  return [base, `${base}.ts`, `${base}.d.ts`, join(base, 'index.ts')].find(
    (candidate) => existsSync(candidate) && candidate.endsWith('.ts'),
  );
}

function layerOf(file: string): string {
  const parts = relative(SRC, file).split('/');
  return parts.length === 1 ? '(root)' : parts[0];
}

const sources = typeScriptFiles(SRC).filter(isProduction);
const edges = new Map<string, string[]>(
  sources.map((file) => [
    file,
    relativeImports(readFileSync(file, 'utf8'))
      .map((specifier) => resolveImport(file, specifier))
      .filter((target): target is string => target !== undefined && target.startsWith(SRC)),
  ]),
);

/** Strongly connected components of more than one file (Tarjan), i.e. the import cycles. */
function importCycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowLinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    indices.set(node, index);
    lowLinks.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        lowLinks.set(node, Math.min(lowLinks.get(node)!, lowLinks.get(next)!));
      } else if (onStack.has(next)) {
        lowLinks.set(node, Math.min(lowLinks.get(node)!, indices.get(next)!));
      }
    }
    if (lowLinks.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(relative(ROOT, member));
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return cycles;
}

describe('the layout keeps its import directions', () => {
  it('finds every layer and the imports between them', () => {
    expect(new Set(sources.map(layerOf))).toEqual(new Set(Object.keys(ALLOWED)));
    expect([...edges.values()].flat().length).toBeGreaterThan(500);
  });

  it('imports only its own layer or a layer below it', () => {
    const againstDirection = [...edges].flatMap(([file, targets]) => {
      if (file.endsWith('/main.ts')) return [];
      const from = layerOf(file);
      return targets
        .filter((target) => layerOf(target) !== from && !ALLOWED[from].includes(layerOf(target)))
        .map((target) => `${relative(ROOT, file)} → ${relative(ROOT, target)}`);
    });
    expect(againstDirection).toEqual([]);
  });

  it('has no import cycle between files', () => {
    expect(importCycles(edges)).toEqual([]);
  });

  it('detects a cycle and an upward import when there is one', () => {
    const a = join(SRC, 'rules', 'a.ts');
    const b = join(SRC, 'rules', 'b.ts');
    expect(
      importCycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toEqual([['src/rules/a.ts', 'src/rules/b.ts']]);
    expect(layerOf(join(SRC, 'graph', 'x', 'y.ts'))).toBe('graph');
    expect(ALLOWED.rules.includes(layerOf(join(SRC, 'platform', 'z.ts')))).toBe(false);
  });
});

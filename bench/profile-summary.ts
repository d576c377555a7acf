import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

/**
 * Summarises a .cpuprofile (bench/run.ts --profile writes one per scenario): the functions with the
 * most self time, and the most inclusive time per file (time spent in code of that file and below).
 *
 *   npx ts-node --transpile-only bench/profile-summary.ts bench/profiles/steady.cpuprofile [--top 25]
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = resolve(__dirname, '..');

function where(node: ProfileNode): string {
  const url = node.callFrame.url.replace(/^file:\/\//, '');
  if (!url) return '';
  const path = relative(ROOT, url).replace(/^dist\/bench-build\//, '');
  const inModule = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  return inModule ? inModule[1] : path;
}

function main(): void {
  const file = process.argv[2];
  const at = process.argv.indexOf('--top');
  const top = at > 0 ? Number(process.argv[at + 1]) : 25;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const inclusiveFile = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const leaf = byId.get(id)!;
    const name = `${leaf.callFrame.functionName || '(anonymous)'} ${where(leaf)}:${leaf.callFrame.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + dt);
    const files = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const w = where(byId.get(node)!) || byId.get(node)!.callFrame.functionName;
      if (w) files.add(w);
    }
    for (const f of files) inclusiveFile.set(f, (inclusiveFile.get(f) ?? 0) + dt);
  });
  const show = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [name, us] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${((us / total) * 100).toFixed(1).padStart(6)} %  ${name}`);
    }
  };
  console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
  show('self time by function', self);
  show('inclusive time by file or package', inclusiveFile);
}

main();

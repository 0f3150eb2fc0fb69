// Prints lines of code per folder of src/ (and totals for asm/, test/, bench/ and scripts/), so size stays visible.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mts|js)$/.test(name) ? [path] : [];
  });
}

/** Non-blank lines that are not only a comment. */
function countLines(path: string): number {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => {
      const t = line.trim();
      return t !== '' && !t.startsWith('//') && !t.startsWith('*') && !t.startsWith('/*');
    }).length;
}

const root = process.cwd();
const byFolder = new Map<string, number>();
for (const file of files(join(root, 'src'))) {
  const folder = relative(join(root, 'src'), file).split('/').slice(0, -1).join('/') || '.';
  byFolder.set(folder, (byFolder.get(folder) ?? 0) + countLines(file));
}
const heart = ['core', 'backend', 'backend/reference', 'ops', 'tensor', 'autodiff'];
console.log('lines of code (non-blank, non-comment)');
let total = 0;
for (const [folder, n] of [...byFolder].sort()) {
  console.log(`  src/${folder}`.padEnd(34) + String(n).padStart(7));
  total += n;
}
const heartTotal = heart.reduce((s, f) => s + (byFolder.get(f) ?? 0), 0);
console.log('  src total'.padEnd(34) + String(total).padStart(7));
console.log('  heart (core+backend+ops+tensor+autodiff)'.padEnd(34) + String(heartTotal).padStart(7));
for (const dir of ['asm', 'test', 'bench', 'scripts']) {
  try {
    const n = files(join(root, dir)).reduce((s, f) => s + countLines(f), 0);
    console.log(`  ${dir}/`.padEnd(34) + String(n).padStart(7));
  } catch {
    // folder absent
  }
}

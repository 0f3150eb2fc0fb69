// `npm run mutate [-- FOLDER… --stryker-flags…]`: runs StrykerJS on the given folders (default: all in stryker.config.mjs), then prints the score per folder.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { printScores } from './mutation-score.js';

const { mutatedFolders } = (await import(join(process.cwd(), 'stryker.config.mjs'))) as { mutatedFolders: Record<string, string[]> };

const args = process.argv.slice(2);
const folders = args.filter((a) => !a.startsWith('-') && !args[args.indexOf(a) - 1]?.startsWith('--'));
const passThrough = args.filter((a) => !folders.includes(a));

const globs = folders.flatMap((folder) => {
  const named = mutatedFolders[folder] ?? Object.entries(mutatedFolders).find(([name]) => name.startsWith(folder))?.[1];
  if (named) return named;
  if (existsSync(folder)) return [folder.endsWith('.ts') ? folder : `${folder.replace(/\/$/, '')}/**/*.ts`];
  console.error(`nabla mutate: ${folder} is neither a folder of stryker.config.mjs (${Object.keys(mutatedFolders).join(', ')}) nor a path`);
  process.exit(2);
});

const stryker = join('node_modules', '.bin', 'stryker');
const mutate = globs.length > 0 ? ['--mutate', [...globs, '!**/index.ts'].join(',')] : [];
const run = spawnSync(stryker, ['run', ...mutate, ...passThrough], { stdio: 'inherit' });
if (run.status === 0) printScores('reports/mutation/mutation.json', mutatedFolders);
process.exit(run.status ?? 1);

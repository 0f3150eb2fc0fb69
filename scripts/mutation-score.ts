// The mutation score per tracked folder from Stryker's JSON report (`tsx scripts/mutation-score.ts`, also printed by `npm run mutate`).

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface Mutant {
  status: string;
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}

interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

/** Counts of a folder's mutants by outcome; score = detected / (detected + undetected), as Stryker defines it. */
interface Tally {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  other: number;
}

/** Whether a report path (relative or absolute) lies in one of the folder's globs: a directory prefix or an exact file. */
function inFolder(file: string, globs: string[]): boolean {
  const path = file.replace(/\\/g, '/');
  return globs.some((g) => {
    const prefix = g.replace(/\/\*\*\/\*\.ts$/, '/');
    return g.endsWith('/**/*.ts') ? path.includes(prefix) && !path.endsWith('/index.ts') : path.endsWith(g);
  });
}

/** Prints one line per folder with mutants in the report: score, killed, timed out, survived, not covered. */
export function printScores(reportFile: string, folders: Record<string, string[]>): void {
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  console.log('\nmutation score per folder (detected / (detected + survived + no coverage)):');
  for (const [name, globs] of Object.entries(folders)) {
    const t: Tally = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, other: 0 };
    for (const [file, { mutants }] of Object.entries(report.files)) {
      if (!inFolder(file, globs)) continue;
      for (const m of mutants) {
        if (m.status === 'Killed') t.killed++;
        else if (m.status === 'Timeout') t.timeout++;
        else if (m.status === 'Survived') t.survived++;
        else if (m.status === 'NoCoverage') t.noCoverage++;
        else t.other++;
      }
    }
    const valid = t.killed + t.timeout + t.survived + t.noCoverage;
    if (valid === 0) continue;
    const score = (100 * (t.killed + t.timeout)) / valid;
    console.log(
      `  ${name.padEnd(24)} ${score.toFixed(1).padStart(5)}%  killed ${t.killed}, timeout ${t.timeout}, survived ${t.survived}, no coverage ${t.noCoverage}` +
        (t.other ? `, not counted (compile error, ignored) ${t.other}` : ''),
    );
  }
}

/** Prints each mutant that survived or was not covered: file:line:column, the mutator, the original code and its replacement. */
export function printSurvivors(reportFile: string): void {
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const lines = source.split('\n');
    for (const m of mutants) {
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const { start, end } = m.location;
      const original =
        start.line === end.line
          ? lines[start.line - 1]!.slice(start.column - 1, end.column - 1)
          : `${lines[start.line - 1]!.slice(start.column - 1)} …`;
      const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 120);
      console.log(`${file}:${start.line}:${start.column} ${m.status} ${m.mutatorName}: ${oneLine(original)} → ${oneLine(m.replacement ?? '')}`);
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { mutatedFolders } = (await import(pathToFileURL(`${process.cwd()}/stryker.config.mjs`).href)) as { mutatedFolders: Record<string, string[]> };
  const args = process.argv.slice(2);
  const reportFile = args.find((a) => !a.startsWith('--')) ?? 'reports/mutation/mutation.json';
  if (args.includes('--survivors')) printSurvivors(reportFile);
  printScores(reportFile, mutatedFolders);
}

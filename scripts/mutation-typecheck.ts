// Marks the mutants of a Stryker JSON report that do not type-check as CompileError (`tsx scripts/mutation-typecheck.ts [report]`).
// A fast stand-in for Stryker's TypeScript checker (`npm run mutate -- … --checkers ""` skips that checker, which is slow on
// shared cores): each mutant's file is re-checked with the replacement in place, against one language service for the project.

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

interface Position {
  line: number;
  column: number;
}

interface Mutant {
  status: string;
  statusReason?: string;
  replacement?: string;
  location: { start: Position; end: Position };
}

interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

/** The offset in `source` of a 1-based line and column (Stryker's report positions). */
function offsetOf(lineStarts: readonly number[], { line, column }: Position): number {
  return lineStarts[line - 1]! + column - 1;
}

/**
 * Re-checks every mutant not already marked CompileError; returns how many were newly marked. Errors are looked for in the
 * mutated file only (a mutant changes code inside a function, so its type errors show there).
 */
export function typecheckMutants(report: Report, tsconfigFile = 'tsconfig.json'): number {
  const config = ts.getParsedCommandLineOfConfigFile(resolve(tsconfigFile), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error(`mutation-typecheck: cannot read ${tsconfigFile}`);
  const texts = new Map<string, string>();
  const versions = new Map<string, number>();
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => config.fileNames,
    getScriptVersion: (file) => String(versions.get(file) ?? 0),
    getScriptSnapshot: (file) => {
      const text = texts.get(file) ?? ts.sys.readFile(file);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => process.cwd(),
    getCompilationSettings: () => config.options,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  const setText = (file: string, text: string | undefined) => {
    if (text === undefined) texts.delete(file);
    else texts.set(file, text);
    versions.set(file, (versions.get(file) ?? 0) + 1);
  };
  let marked = 0;
  for (const [name, { source, mutants }] of Object.entries(report.files)) {
    const file = resolve(name);
    const lineStarts = [0];
    for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
    for (const m of mutants) {
      if (m.status === 'CompileError' || m.status === 'Ignored' || m.replacement === undefined) continue;
      const start = offsetOf(lineStarts, m.location.start);
      const end = offsetOf(lineStarts, m.location.end);
      setText(file, source.slice(0, start) + m.replacement + source.slice(end));
      const errors = service.getSemanticDiagnostics(file).concat(service.getSyntacticDiagnostics(file));
      if (errors.length > 0) {
        m.statusReason = ts.flattenDiagnosticMessageText(errors[0]!.messageText, ' ');
        m.status = 'CompileError';
        marked++;
      }
    }
    setText(file, undefined);
  }
  return marked;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const reportFile = process.argv[2] ?? 'reports/mutation/mutation.json';
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  const marked = typecheckMutants(report);
  writeFileSync(reportFile, JSON.stringify(report));
  console.log(`mutation-typecheck: ${marked} mutant(s) of ${reportFile} do not type-check, now marked CompileError (not counted in the score)`);
}

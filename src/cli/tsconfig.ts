/** Finding and checking the `tsconfig.json` that decides whether the audit runs type-aware. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

import type { Diagnostic } from 'typescript';

/** The nearest `tsconfig.json` in `start` (a file's directory or a directory) or one of its parents. */
export function findTsconfig(start: string): string | undefined {
  let dir = existsSync(start) && !statSync(start).isDirectory() ? path.dirname(start) : start;
  for (;;) {
    const candidate = path.join(dir, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * TypeScript diagnostics that make a tsconfig unusable: JSON syntax errors (codes below 2000, also
 * in extended files) and an `extends` that cannot be found or read. Other errors, such as an option
 * this TypeScript version does not know, leave type information usable and are not fatal.
 */
const FATAL_EXTENDS_CODES = new Set([5083, 6053, 18001]);

export interface TsconfigProblem {
  /** What is wrong, in one line. */
  message: string;
  /**
   * The npm package an `extends` names that cannot be found (here or in an extended file): the
   * tsconfig is fine, the project's dependencies are just not installed yet.
   */
  missingPackage?: string;
}

/**
 * Why `file` cannot give type information, or `undefined` when it can. The project service would
 * silently fall back to default compiler options for a broken tsconfig, so the audit checks it first.
 */
export async function tsconfigProblem(file: string): Promise<TsconfigProblem | undefined> {
  const ts = (await import('typescript')).default;
  const describe = (diagnostic: Diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ').replace(/\.$/, '');
    if (!diagnostic.file || diagnostic.start === undefined) return text;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const where = path.resolve(diagnostic.file.fileName) === path.resolve(file) ? '' : `${diagnostic.file.fileName}:`;
    return `${text} at ${where}line ${line + 1}, column ${character + 1}`;
  };
  const read = ts.readConfigFile(file, (f) => ts.sys.readFile(f));
  if (read.error) return { message: describe(read.error) };
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(file), undefined, file);
  const fatal = parsed.errors.find(
    (d) => d.category === ts.DiagnosticCategory.Error && (d.code < 2000 || FATAL_EXTENDS_CODES.has(d.code)),
  );
  if (!fatal) return undefined;
  const message = describe(fatal);
  // "File '@tsconfig/node20/tsconfig.json' not found": a package specifier, not a path.
  const missing = /File '([^']+)' not found/.exec(ts.flattenDiagnosticMessageText(fatal.messageText, ' '))?.[1];
  const missingPackage = missing !== undefined ? packageName(missing) : undefined;
  return missingPackage ? { message, missingPackage } : { message };
}

/** The package of a bare module specifier (`@scope/name/x.json` -> `@scope/name`); none for a path. */
export function packageName(specifier: string): string | undefined {
  if (/^(?:\.{1,2}(?:[/\\]|$)|[/\\]|[a-zA-Z]:)/.test(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? (parts.length >= 2 ? `${parts[0]}/${parts[1]}` : undefined) : parts[0];
}

/**
 * `.gitignore` support for the audit command. ESLint reads no `.gitignore` itself; these helpers
 * find every `.gitignore` that applies (parents, the scan root, nested ones) and turn their lines
 * into ESLint global-ignore patterns (minimatch, relative to the scan root).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { convertIgnorePatternToMinimatch } from '@eslint/config-helpers';

/** Directories never searched for nested `.gitignore` files: the audit never lints inside them. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist']);

/**
 * The ESLint ignore patterns for the content of one `.gitignore`, whose directory is `dir`
 * (relative to the scan root, forward slashes, `''` for the root itself). Each line is translated
 * by ESLint's own `convertIgnorePatternToMinimatch` (what `includeIgnoreFile()` applies to a
 * `.gitignore`, and what matches git for `dir/**` then `!dir/sub/`); this only prefixes the
 * patterns of a nested file with its directory. Order is kept, so a later `!pattern` re-includes
 * what an earlier line ignored, as in git.
 */
export function gitignoreToPatterns(content: string, dir = ''): string[] {
  const prefix = dir === '' ? '' : `${dir.replace(/\/+$/, '')}/`;
  const patterns: string[] = [];
  for (const rawLine of content.split(/\r?\n/u)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const converted = convertIgnorePatternToMinimatch(line);
    const negated = converted.startsWith('!');
    const body = (negated ? converted.slice(1) : converted).replace(/^\//, '');
    if (body === '') continue;
    patterns.push(`${negated ? '!' : ''}${prefix}${body}`);
  }
  return patterns;
}

/**
 * The ignore patterns from every `.gitignore` that applies to `root`: the ones in `root`'s
 * ancestors up to the repository root (the directory holding `.git`), then `root`'s own, then the
 * nested ones below it (outside `node_modules`, `dist` and `.git`), shallow before deep.
 */
export function readGitignorePatterns(root: string): string[] {
  const patterns: string[] = [];
  for (const ancestor of repositoryAncestors(root)) {
    const file = path.join(ancestor, '.gitignore');
    if (!existsSync(file)) continue;
    const rel = toPosix(path.relative(ancestor, root));
    patterns.push(...rebaseToSubdirectory(gitignoreToPatterns(readFileSync(file, 'utf8')), rel));
  }
  // Breadth-first, so a directory's own .gitignore is read before its subdirectories are listed and
  // the big ignored trees it names (build output, virtualenvs) are not walked at all.
  let level = [root];
  let skipped = new Set<string>();
  let skippedFor = -1;
  while (level.length > 0) {
    const next: string[] = [];
    for (const dir of level) {
      const rel = toPosix(path.relative(root, dir));
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue; // unreadable directory: ESLint reports it if it holds files to lint
      }
      if (entries.some((entry) => entry.isFile() && entry.name === '.gitignore')) {
        patterns.push(...gitignoreToPatterns(readFileSync(path.join(dir, '.gitignore'), 'utf8'), rel));
      }
      if (skippedFor !== patterns.length) {
        skipped = literalIgnoredPaths(patterns);
        skippedFor = patterns.length;
      }
      for (const entry of entries) {
        if (!entry.isDirectory() || SKIPPED_DIRS.has(entry.name)) continue;
        const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
        if (!skipped.has(child) && !skipped.has(`**/${entry.name}`)) next.push(path.join(dir, entry.name));
      }
    }
    level = next;
  }
  return patterns;
}

/** The patterns that name one path without wildcards, for skipping ignored trees while walking. */
function literalIgnoredPaths(patterns: readonly string[]): Set<string> {
  const literal = new Set<string>();
  for (const pattern of patterns) {
    const name = pattern.replace(/\/+$/, '');
    if (!/[*?[\]{}()!\\]/.test(name.replace(/^\*\*\//, ''))) literal.add(name);
  }
  return literal;
}

/** `root`'s ancestors that belong to the same git repository, outermost first (empty outside git). */
export function repositoryAncestors(root: string): string[] {
  const ancestors: string[] = [];
  if (existsSync(path.join(root, '.git'))) return ancestors;
  let dir = path.dirname(root);
  let previous = root;
  while (dir !== previous) {
    ancestors.unshift(dir);
    if (existsSync(path.join(dir, '.git'))) return ancestors;
    previous = dir;
    dir = path.dirname(dir);
  }
  return []; // not inside a repository: parents' .gitignore files do not apply
}

/**
 * Patterns written for an ancestor directory, re-expressed relative to its subdirectory `sub`:
 * patterns for any depth still apply; anchored ones apply only when they lead into `sub`.
 */
export function rebaseToSubdirectory(patterns: readonly string[], sub: string): string[] {
  if (sub === '') return [...patterns];
  const rebased: string[] = [];
  for (const entry of patterns) {
    const negated = entry.startsWith('!');
    const pattern = negated ? entry.slice(1) : entry;
    let result: string | undefined;
    if (pattern.startsWith('**/')) result = pattern;
    else if (pattern.startsWith(`${sub}/`)) result = pattern.slice(sub.length + 1);
    if (result !== undefined && result !== '') rebased.push(negated ? `!${result}` : result);
  }
  return rebased;
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/**
 * The project's own ESLint ignores. The audit runs without the project's config (zero config, our
 * rules only), but files the project keeps out of linting (generated code, vendored bundles) should
 * stay out of the audit too, so the global `ignores` of its `eslint.config.{js,mjs,cjs}` are reused.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { rebaseToSubdirectory, repositoryAncestors } from './gitignore.js';

const CONFIG_FILES = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs'];

export interface EslintIgnores {
  /** The config file read, if any. */
  file?: string;
  /** Global ignore patterns, relative to the scan root. */
  patterns: string[];
  /** Why the config could not be read (the audit goes on without its ignores). */
  problem?: string;
}

/** The global ignores of the nearest ESLint config in `root` or its repository's directories above. */
export async function readEslintIgnores(root: string): Promise<EslintIgnores> {
  for (const dir of [root, ...repositoryAncestors(root).reverse()]) {
    const file = CONFIG_FILES.map((name) => path.join(dir, name)).find((candidate) => existsSync(candidate));
    if (!file) continue;
    try {
      const loaded = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
      const patterns = globalIgnores(await loaded);
      return { file, patterns: rebaseToSubdirectory(patterns, path.relative(dir, root).split(path.sep).join('/')) };
    } catch (error) {
      return { file, patterns: [], problem: firstLine(error) };
    }
  }
  return { patterns: [] };
}

/**
 * The patterns of a flat config's global-ignore objects (objects with `ignores` and nothing but a
 * `name` or `basePath` beside it), in order; patterns under a `basePath` are prefixed with it.
 */
export function globalIgnores(config: unknown): string[] {
  const patterns: string[] = [];
  const visit = (item: unknown) => {
    if (Array.isArray(item)) {
      for (const child of item) visit(child);
      return;
    }
    if (typeof item !== 'object' || item === null) return;
    const entry = item as { ignores?: unknown; basePath?: unknown };
    if (!Array.isArray(entry.ignores)) return;
    if (Object.keys(entry).some((key) => key !== 'ignores' && key !== 'name' && key !== 'basePath')) return;
    const base = typeof entry.basePath === 'string' ? entry.basePath.replace(/^\.\/?/, '').replace(/\/+$/, '') : '';
    for (const pattern of entry.ignores) {
      if (typeof pattern !== 'string') continue; // functions and other forms are not portable
      const negated = pattern.startsWith('!');
      const body = negated ? pattern.slice(1) : pattern;
      const rebased = base === '' ? body : `${base}/${body.replace(/^\.\//, '')}`;
      patterns.push(negated ? `!${rebased}` : rebased);
    }
  };
  visit(config);
  return patterns;
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? 'unknown error';
}

/**
 * Temporary projects that use the plugin as an installed package: `import ... from
 * 'eslint-plugin-socket-errors'` resolves to this repository's build, and every other package
 * (eslint, typescript-eslint, @eslint/json...) to this repository's node_modules, linked entry by
 * entry. Nothing is downloaded.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { repoRoot } from './docs.js';

export interface TempProject {
  dir: string;
  /** Runs this repository's ESLint CLI in the project. */
  eslint: (...args: string[]) => SpawnSyncReturns<string>;
  remove: () => void;
}

export function tempProject(files: Record<string, string>): TempProject {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'socket-errors-project-'));
  const modules = path.join(dir, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(path.join(repoRoot, 'node_modules'))) {
    if (entry.startsWith('.')) continue;
    symlinkSync(path.join(repoRoot, 'node_modules', entry), path.join(modules, entry), 'dir');
  }
  symlinkSync(repoRoot, path.join(modules, 'eslint-plugin-socket-errors'), 'dir');
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  const eslint = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/eslint/bin/eslint.js'), ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      encoding: 'utf8',
    });
  return { dir, eslint, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** ESLint's JSON output of a run, or a failure that shows what ESLint printed. */
export interface LintedFile {
  filePath: string;
  messages: { ruleId: string | null; fatal?: boolean; message: string; line: number }[];
}

export function lintResults(run: SpawnSyncReturns<string>): LintedFile[] {
  try {
    return JSON.parse(run.stdout) as LintedFile[];
  } catch {
    throw new Error(`ESLint exited with ${run.status} and no JSON report:\n${run.stdout}\n${run.stderr}`);
  }
}

/**
 * Tests that run what users run (the example's `eslint.config.js`, a pre-commit hook) load the
 * plugin from `dist/`: rebuild it when it is missing or older than the sources.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

import { repoRoot } from './docs.js';

export const builtPlugin = path.join(repoRoot, 'dist/src/index.js');
/** Written by every build (tsconfig.build.json): an output unchanged by a rebuild keeps its mtime. */
const buildInfo = path.join(repoRoot, 'dist/build.tsbuildinfo');

const mtime = (file: string) => (existsSync(file) ? statSync(file).mtimeMs : 0);

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.c?ts$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

export function ensureBuilt(): void {
  const sources = Math.max(newestSource(path.join(repoRoot, 'src')), newestSource(path.join(repoRoot, 'rules')));
  if (existsSync(builtPlugin) && Math.max(mtime(builtPlugin), mtime(buildInfo)) >= sources) return;
  // The build is incremental: it trusts its build info and would not notice an output deleted
  // since. Without the plugin's entry point, build everything.
  if (!existsSync(builtPlugin)) rmSync(buildInfo, { force: true });
  // tsc emits despite type errors elsewhere; only a missing build stops the tests.
  spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'], {
    cwd: repoRoot,
    stdio: 'ignore',
  });
  if (!existsSync(builtPlugin)) throw new Error('the build did not produce dist/src/index.js');
}

/**
 * Tests that run what users run (the example's `eslint.config.js`, a pre-commit hook) load the
 * plugin from `dist/`: rebuild it when it is missing or older than the sources.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { repoRoot } from './docs.js';

export const builtPlugin = path.join(repoRoot, 'dist/src/index.js');

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
  if (existsSync(builtPlugin) && statSync(builtPlugin).mtimeMs >= sources) return;
  // tsc emits despite type errors elsewhere; only a missing build stops the tests.
  spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: repoRoot,
    stdio: 'ignore',
  });
  if (!existsSync(builtPlugin)) throw new Error('the build did not produce dist/src/index.js');
}

/**
 * Temporary TypeScript projects for tests that lint many files with type information in one
 * program (the project service). They are not removed in afterAll, since the project service may
 * still have a timer pending on them, but by the next run: each name carries the pid of the run
 * that made it, and `removeStaleTypedProjects()` removes those of runs that have ended.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { repoRoot } from './docs.js';

const STALE = /^socket-errors-typed-[a-z]+-(\d+)-/u;

export function removeStaleTypedProjects(): void {
  for (const entry of readdirSync(os.tmpdir())) {
    const pid = Number(STALE.exec(entry)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      rmSync(path.join(os.tmpdir(), entry), { recursive: true, force: true });
    }
  }
}

/** A project with an empty `src/` and a strict NodeNext tsconfig that includes it (JS checked too). */
export function makeTypedProject(name: string, compilerOptions: Record<string, unknown> = {}): string {
  const project = mkdtempSync(path.join(os.tmpdir(), `socket-errors-typed-${name}-${process.pid}-`));
  mkdirSync(path.join(project, 'src'));
  writeFileSync(
    path.join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        allowJs: true,
        checkJs: true,
        jsx: 'preserve',
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [path.join(repoRoot, 'node_modules/@types')],
        ...compilerOptions,
      },
      include: ['src'],
    }),
  );
  return project;
}

/**
 * ESLint at scale: `--cache` and `--concurrency` must not change what the rules report. The
 * example project is linted with ESLint's own CLI and its `eslint.config.js` (type-aware) four
 * ways: a plain run, two runs with a cache (the second answers every file from the cache), and a
 * run on two worker threads, where each thread loads the config and the plugin itself. Identical
 * findings show that the rules keep no state from one file to the next; the cache hits show that
 * the configs hash the same way in every process (nothing in them changes between runs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureBuilt } from './support/build.js';
import { repoRoot } from './support/docs.js';

const eslintBin = path.join(repoRoot, 'node_modules/eslint/bin/eslint.js');
const exampleFiles = ['heartbeat-server.ts', 'proxy.ts', 'retry-client.ts'];

interface Finding {
  file: string;
  ruleId: string | null;
  line: number;
  column: number;
  message: string;
}

interface Run {
  status: number | null;
  findings: Finding[];
  stderr: string;
}

function lintExamples(flags: string[], env: Record<string, string> = {}): Run {
  const run = spawnSync(
    process.execPath,
    [eslintBin, '--config', 'examples/eslint.config.js', '--format', 'json', ...flags, 'examples/src'],
    { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 64 * 1024 * 1024 },
  );
  const results = run.stdout
    ? (JSON.parse(run.stdout) as { filePath: string; messages: Omit<Finding, 'file'>[] }[])
    : [];
  const findings = results
    .flatMap((result) =>
      result.messages.map(({ ruleId, line, column, message }) => ({ file: path.basename(result.filePath), ruleId, line, column, message })),
    )
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || (a.ruleId ?? '').localeCompare(b.ruleId ?? ''));
  return { status: run.status, findings, stderr: withoutConcurrencyAdvice(run.stderr) };
}

/**
 * ESLint advises against threads when they do not pay off (three files do not): a process warning
 * about speed, not about what was found.
 */
function withoutConcurrencyAdvice(stderr: string): string {
  return stderr
    .replace(/^\(node:\d+\) ESLintPoorConcurrencyWarning: .*\n/m, '')
    .replace(/^\(Use `node --trace-warnings \.\.\.` to show where the warning was created\)\n/m, '');
}

let cacheDir: string;
let plain: Run;

beforeAll(() => {
  ensureBuilt();
  cacheDir = mkdtempSync(path.join(os.tmpdir(), 'socket-errors-cache-'));
  plain = lintExamples([]);
}, 120_000);

afterAll(() => {
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
});

describe('linting the example project with ESLint options for large code bases', () => {
  it('a plain run reports our findings in every example file, and exits 1 because of them', () => {
    expect(plain.stderr).toBe('');
    expect(plain.findings.filter((f) => f.ruleId === null)).toEqual([]);
    expect(new Set(plain.findings.map((f) => f.file))).toEqual(new Set(exampleFiles));
    expect(plain.findings.every((f) => f.ruleId!.startsWith('socket-errors/'))).toBe(true);
    expect(plain.status).toBe(1);
  });

  it('--cache: the first run and the run from the cache report the same findings', () => {
    const cacheFile = path.join(cacheDir, '.eslintcache');
    // ESLint's debug log names every file it could not answer from the cache.
    const debug = { DEBUG: 'eslint:lint-result-cache' };
    const missed = (run: Run) => exampleFiles.filter((file) => new RegExp(`Cache entry not found or no longer valid: .*${file}`).test(run.stderr));

    const first = lintExamples(['--cache', '--cache-location', cacheFile], debug);
    expect(missed(first)).toEqual(exampleFiles);
    expect(first.findings).toEqual(plain.findings);
    expect(existsSync(cacheFile)).toBe(true);

    // A second process hashes the same config the same way, so every file comes from the cache.
    const cached = lintExamples(['--cache', '--cache-location', cacheFile], debug);
    expect(missed(cached)).toEqual([]);
    expect(cached.findings).toEqual(plain.findings);
    expect(cached.status).toBe(1);
  }, 120_000);

  it('--concurrency=2: two worker threads report the same findings', () => {
    // ESLint's debug log says how many threads it really started.
    const threaded = lintExamples(['--concurrency=2'], { DEBUG: 'eslint:eslint' });
    expect(threaded.stderr).toMatch(/Linting using 2 worker thread\(s\)/);
    expect(threaded.findings).toEqual(plain.findings);
    expect(threaded.status).toBe(1);
  }, 120_000);
});

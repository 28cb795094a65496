/**
 * `eslint --fix` on the example project, end to end: a copy of `examples/` is fixed with the
 * `recommended-type-checked` config through ESLint's Node API, as an editor or a pre-commit hook
 * would, and then checked the way a user would check it: the fixes are there, the project still
 * type-checks under `--strict`, fixing again changes nothing, what is left is what needs a person,
 * and the fixed server really survives the client reset that crashes the original.
 *
 * Checks that depend on one rule say so in their title (RULE-DEPENDENT) and are skipped, by name,
 * until that rule is registered.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import plugin from '../src/index.js';
import { repoRoot } from './support/docs.js';

const EXAMPLE_FILES = ['src/heartbeat-server.ts', 'src/proxy.ts', 'src/retry-client.ts'];
const registered = Object.keys(plugin.rules);
const has = (name: string) => name in plugin.rules;
const fixableRules = registered.filter((name) => plugin.rules[name]!.meta.fixable);

/** The layout of this repository in a temporary folder: `examples/` next to `node_modules/`. */
let root: string;
let dir: string;
let original: Record<string, string>;
let fixed: Record<string, string>;
let before: ESLint.LintResult[];
let after: ESLint.LintResult[];

function eslint(fix: boolean): ESLint {
  return new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser, parserOptions: { tsconfigRootDir: dir } },
      },
      plugin.configs['recommended-type-checked'],
    ],
    fix,
  });
}

const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
const readAll = () => Object.fromEntries(EXAMPLE_FILES.map((file) => [file, read(file)]));
const relative = (result: ESLint.LintResult) => path.relative(dir, result.filePath).split(path.sep).join('/');

function tsc(project = dir): { status: number | null; output: string } {
  const run = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '-p', path.join(project, 'tsconfig.json')],
    { encoding: 'utf8' },
  );
  return { status: run.status, output: run.stdout + run.stderr };
}

interface Finding {
  file: string;
  ruleId: string;
  line: number;
  message: string;
  fix: boolean;
  suggestions: number;
}

function findings(results: ESLint.LintResult[]): Finding[] {
  return results.flatMap((result) =>
    result.messages.map((m) => ({
      file: relative(result),
      ruleId: m.ruleId ?? `(fatal) ${m.message}`,
      line: m.line,
      message: m.message,
      fix: m.fix !== undefined,
      suggestions: m.suggestions?.length ?? 0,
    })),
  );
}

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'socket-errors-e2e-'));
  // `examples/tsconfig.json` finds @types/node in ../node_modules, as it does in this repository.
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  dir = path.join(root, 'examples');
  cpSync(path.join(repoRoot, 'examples'), dir, { recursive: true });
  original = readAll();

  before = await eslint(false).lintFiles(['src']);
  const results = await eslint(true).lintFiles(['src']);
  await ESLint.outputFixes(results);
  fixed = readAll();
  after = await eslint(false).lintFiles(['src']);
}, 120_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the unfixed example project', () => {
  it('is linted completely: every file, no parse errors, no file outside the tsconfig', () => {
    expect(before.map(relative).sort()).toEqual(EXAMPLE_FILES);
    expect(before.flatMap((r) => r.messages).filter((m) => m.fatal)).toEqual([]);
  });

  it('type-checks with tsc --noEmit --strict', () => {
    const run = tsc();
    expect(run.output).toBe('');
    expect(run.status).toBe(0);
  });

  // Every rule the plugin registers must have its bug in the example, so the example shows them all.
  it.each(registered)('shows a bug that %s reports', (name) => {
    expect(findings(before).filter((f) => f.ruleId === `socket-errors/${name}`)).not.toEqual([]);
  });

  it.each(fixableRules)('has a problem %s fixes automatically (the rule is fixable)', (name) => {
    expect(findings(before).filter((f) => f.ruleId === `socket-errors/${name}` && f.fix)).not.toEqual([]);
  });
});

describe('after eslint --fix', () => {
  it(`changed the files the fixable rules report (${fixableRules.join(', ') || 'no fixable rule registered yet'})`, () => {
    const filesWithFixes = [...new Set(findings(before).filter((f) => f.fix).map((f) => f.file))].sort();
    const changed = EXAMPLE_FILES.filter((file) => fixed[file] !== original[file]);
    expect(changed).toEqual(filesWithFixes);
  });

  it.skipIf(!has('no-fatal-close-errors'))(
    'RULE-DEPENDENT no-fatal-close-errors: the heartbeat server returns on ENOTCONN, ECONNRESET and EPIPE before `throw err`',
    () => {
      const listener = errorListenerUpToThrow(fixed['src/heartbeat-server.ts']!);
      expect(errorListenerUpToThrow(original['src/heartbeat-server.ts']!)).not.toMatch(/ENOTCONN|EPIPE/);
      for (const code of ['ENOTCONN', 'ECONNRESET', 'EPIPE']) expect(listener).toContain(`'${code}'`);
      expect(listener).toMatch(/\breturn\b[^]*throw err;$/);
    },
  );

  it.skipIf(!has('cleanup-dead-socket'))(
    "RULE-DEPENDENT cleanup-dead-socket: the heartbeat timer is cleared in a 'close' listener",
    () => {
      const server = fixed['src/heartbeat-server.ts']!;
      expect(original['src/heartbeat-server.ts']).not.toMatch(/clearInterval/);
      expect(server).toMatch(/socket\.(once|on|addListener)\(\s*'close',[^;]*clearInterval\(heartbeat\)/);
    },
  );

  it.skipIf(!has('cleanup-dead-socket'))(
    "RULE-DEPENDENT cleanup-dead-socket: the 'error' listener destroys the socket instead of ending it",
    () => {
      expect(errorListenerUpToThrow(original['src/heartbeat-server.ts']!)).toContain('socket.end();');
      const listener = errorListenerUpToThrow(fixed['src/heartbeat-server.ts']!);
      expect(listener).toContain('socket.destroy();');
      expect(listener).not.toContain('socket.end(');
    },
  );

  it('type-checks with tsc --noEmit --strict', () => {
    const run = tsc();
    expect(run.output).toBe('');
    expect(run.status).toBe(0);
  });

  it('is stable: a second fix pass changes no file', async () => {
    const results = await eslint(true).lintFiles(['src']);
    expect(results.filter((r) => r.output !== undefined).map(relative)).toEqual([]);
    await ESLint.outputFixes(results);
    for (const file of EXAMPLE_FILES) expect(Buffer.from(read(file))).toEqual(Buffer.from(fixed[file]!));
  });

  it('leaves only findings without a fix, each of which was there before the fix', () => {
    const remaining = findings(after);
    expect(remaining.filter((f) => f.fix)).toEqual([]);
    expect(remaining.filter((f) => f.ruleId.startsWith('(fatal)'))).toEqual([]);
    // Fixes create no new problems: every remaining finding is one the unfixed files had, without a fix.
    const key = (f: Finding) => `${f.file} | ${f.ruleId} | ${f.message}`;
    const unfixable = findings(before).filter((f) => !f.fix).map(key).sort();
    expect(remaining.map(key).sort()).toEqual(unfixable.filter((k) => !resolvedByAFix().has(k)));
  });

  it('leaves exactly the findings that only have suggestions: each offers at least one (a person picks), but for advice', () => {
    const remaining = findings(after);
    expect(remaining.length).toBeGreaterThan(0);
    // How to fail the requests a dead connection strands depends on what they wait for: advice only.
    expect(remaining.filter((f) => f.suggestions === 0).map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      'src/retry-client.ts:39 `waiting` is emptied only by replies: when `socket` closes or resets, its callbacks wait for ever.',
    ]);
  });

  it('type-checks with tsc --noEmit --strict once the remaining suggestions are applied too', () => {
    // A copy next to examples/ (its tsconfig finds @types/node in ../node_modules); the first
    // suggestion of each finding, applied from the end of each file so that earlier ranges hold.
    const suggested = path.join(root, 'examples-suggested');
    cpSync(dir, suggested, { recursive: true });
    let applied = 0;
    for (const result of after) {
      const file = relative(result);
      const edits = result.messages.flatMap((m) => (m.suggestions?.[0] ? [m.suggestions[0].fix] : [])).sort((a, b) => b.range[0] - a.range[0]);
      let text = fixed[file]!;
      let limit = Number.POSITIVE_INFINITY;
      for (const edit of edits) {
        if (edit.range[1] > limit) continue; // overlaps one already applied
        text = text.slice(0, edit.range[0]) + edit.text + text.slice(edit.range[1]);
        limit = edit.range[0];
        applied++;
      }
      writeFileSync(path.join(suggested, file), text);
    }
    expect(applied).toBe(findings(after).filter((f) => f.suggestions > 0).length);
    const run = tsc(suggested);
    expect(run.output).toBe('');
    expect(run.status).toBe(0);
  });
});

/**
 * Unfixable findings whose reported code a fix rewrote: a fix may legitimately make them go away
 * (the `end()` a fix turns into `destroy()` is no longer I/O on a dead socket, say).
 */
function resolvedByAFix(): Set<string> {
  const resolved = new Set<string>();
  for (const result of before) {
    const file = relative(result);
    const lineStarts = [0];
    for (const match of original[file]!.matchAll(/\n/g)) lineStarts.push(match.index + 1);
    const offset = (line: number, column: number) => lineStarts[line - 1]! + column - 1;
    const fixRanges = result.messages.flatMap((m) => (m.fix ? [m.fix.range] : []));
    for (const m of result.messages) {
      if (m.fix || !m.ruleId) continue;
      const start = offset(m.line, m.column);
      const end = offset(m.endLine ?? m.line, m.endColumn ?? m.column);
      if (fixRanges.some(([from, to]) => from <= end && start <= to)) resolved.add(`${file} | ${m.ruleId} | ${m.message}`);
    }
  }
  return resolved;
}

/** The heartbeat server's socket 'error' listener, up to and including its `throw err;`. */
function errorListenerUpToThrow(source: string): string {
  const match = /socket\.on\('error'[^]*?throw err;/.exec(source);
  if (!match) throw new Error("the heartbeat server has no socket 'error' listener that throws");
  return match[0];
}

// ---------------------------------------------------------------------------------------------
// The fixes, run: the heartbeat server on 127.0.0.1, a client that resets its connection.

interface ServerRun {
  /** Exit code, or the signal name when the harness had to kill a process that would not exit. */
  exit: number | string;
  stderr: string;
}

/**
 * Compiles `source` to JavaScript, starts it in a child process, connects, subscribes, resets the
 * connection, then closes the server. A server without leaks exits on its own after that.
 */
async function runHeartbeatServer(source: string, name: string): Promise<ServerRun> {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } });
  const file = path.join(root, `${name}.mjs`);
  writeFileSync(file, js.outputText);
  const harness = `
    const { server } = await import(${JSON.stringify(pathToFileURL(file).href)});
    server.on('connection', (socket) => socket.on('close', () => server.close()));
    server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', harness], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;

  const [portLine] = (await once(child.stdout, 'data')) as [Buffer];
  const client = net.connect(Number(portLine.toString().trim()), '127.0.0.1');
  client.on('error', () => {}); // the reset below is ours
  client.write('SUB prices\n');
  await once(client, 'data'); // "OK prices": the server has registered the client
  client.resetAndDestroy();

  // The interval a leak keeps alive fires every 10 s: a server still running after 5 s leaks.
  const guard = setTimeout(() => child.kill('SIGKILL'), 5_000);
  const [code, signal] = await exited;
  clearTimeout(guard);
  return { exit: code ?? signal ?? 'unknown', stderr };
}

describe('the heartbeat server on a real socket', () => {
  it('unfixed: a client reset crashes the process (the bug is real)', async () => {
    const run = await runHeartbeatServer(original['src/heartbeat-server.ts']!, 'unfixed');
    expect(run.stderr).toContain('ECONNRESET');
    expect(run.exit).toBe(1);
  });

  it.skipIf(!has('no-fatal-close-errors') || !has('cleanup-dead-socket'))(
    'RULE-DEPENDENT no-fatal-close-errors + cleanup-dead-socket: fixed, it survives the reset and exits cleanly once closed',
    async () => {
      const run = await runHeartbeatServer(fixed['src/heartbeat-server.ts']!, 'fixed');
      expect(run.stderr).toBe('');
      expect(run.exit).toBe(0);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// The README shows this project's findings and fix: it must show what really happens.

describe("README's example sections", () => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

  it('lists findings that `npm run example` really reports (same place, message and rule)', () => {
    const listed = [...readme.matchAll(/^ {2}(\d+):(\d+) +error {2}(.+?) {2,}(socket-errors\/[\w-]+)$/gm)];
    expect(listed.length).toBeGreaterThan(0);
    // ESLint's stylish output drops a message's final period.
    const reported = before.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.message.replace(/\.$/, '')} ${m.ruleId}`));
    for (const [, line, column, message, ruleId] of listed) expect(reported).toContain(`${line}:${column} ${message} ${ruleId}`);
  });

  it('shows a before/after diff that is what --fix does to the heartbeat server', () => {
    const diff = /## Before and after[^]*?```diff\n([^]*?)```/.exec(readme)?.[1];
    expect(diff).toBeDefined();
    const lines = (text: string) => new Set(text.split('\n'));
    const [unfixedLines, fixedLines] = [lines(original['src/heartbeat-server.ts']!), lines(fixed['src/heartbeat-server.ts']!)];
    for (const line of diff!.split('\n').filter((l) => l !== '' && !l.startsWith('@@'))) {
      const [mark, text] = [line[0], line.slice(1)];
      if (mark !== '+') expect(unfixedLines, `before: ${text}`).toContain(text);
      if (mark !== '-') expect(fixedLines, `after: ${text}`).toContain(text);
      if (mark === '+') expect(unfixedLines, `only after: ${text}`).not.toContain(text);
      if (mark === '-') expect(fixedLines, `only before: ${text}`).not.toContain(text);
    }
  });
});

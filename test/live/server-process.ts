/**
 * A small server run in a child Node process, for the live tests that prove a rule's point: the
 * code the rule flags crashes on a peer reset, the code after its fix (or suggestion) survives.
 * Everything is bounded in time and every child is killed by `stopAll()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ESLint, Linter } from 'eslint';

import plugin from '../../src/index.js';
import { LOOPBACK, within } from '../support/loopback.js';

export interface ServerProcess {
  port: number;
  /** Settles with the exit code when the child ends (null when killed by a signal). */
  exited: Promise<number | null>;
  /** What the child wrote to stderr so far. */
  stderr: () => string;
  /**
   * All of stderr once it matches `pattern`: what the child logs travels through a pipe, and may
   * arrive after the answer the test waited for.
   */
  stderrMatching: (pattern: RegExp, what: string) => Promise<string>;
  stop: () => void;
}

const children = new Set<ChildProcess>();
const dirs: string[] = [];

/** Runs `source` (an ES module that prints `PORT <n>` once it listens on 127.0.0.1) in a child Node. */
export async function startServer(source: string): Promise<ServerProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'socket-errors-live-'));
  dirs.push(dir);
  const file = path.join(dir, 'server.mjs');
  writeFileSync(file, source);
  const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const stderrMatching = (pattern: RegExp, what: string): Promise<string> =>
    within(
      new Promise<string>((resolve) => {
        const check = (): void => {
          if (!pattern.test(stderr)) return;
          child.stderr.off('data', check);
          resolve(stderr);
        };
        child.stderr.on('data', check);
        check();
      }),
      what,
    );
  // 'close', not 'exit': 'exit' can come before the last of the child's stderr is read.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const port = await within(
    new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        const match = /PORT (\d+)/.exec(stdout);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening: ${stderr}`)));
    }),
    'the child server to listen',
    10_000,
  );
  return {
    port,
    exited,
    stderr: () => stderr,
    stderrMatching,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}

/** Kills every child still running and removes their files (call it in `afterEach`). */
export function stopAll(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill();
  children.clear();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Connects, then resets the connection (RST) as soon as the server has it. */
export async function connectAndReset(port: number): Promise<void> {
  const socket = net.connect(port, LOOPBACK);
  socket.on('error', () => {});
  await within(new Promise<void>((resolve) => socket.once('connect', () => resolve())), 'the client to connect');
  // Let the server see the connection (and attach its listeners) before the reset.
  socket.write('hello\n');
  await within(new Promise<void>((resolve) => socket.once('data', () => resolve())), 'the server to answer');
  socket.resetAndDestroy();
  await within(new Promise<void>((resolve) => socket.once('close', () => resolve())), 'the client to close');
}

/** Sends a line and resolves with the server's answer: the server is still serving. */
export async function echo(port: number, line: string): Promise<string> {
  const socket = net.connect(port, LOOPBACK);
  try {
    await within(
      new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('error', reject);
      }),
      'a second connection',
    );
    socket.write(line);
    const [answer] = await within(
      new Promise<Buffer[]>((resolve, reject) => {
        socket.once('data', (chunk: Buffer) => resolve([chunk]));
        socket.once('error', reject);
      }),
      'the echo',
    );
    return answer!.toString('utf8');
  } finally {
    socket.destroy();
  }
}

/** `eslint --fix` through ESLint's API with the plugin's recommended config. */
export async function fixWithEslint(source: string, ruleName: string): Promise<{ before: string[]; output: string; after: string[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'socket-errors-lint-'));
  dirs.push(dir);
  const filePath = path.join(dir, 'server.mjs');
  const ruleId = `socket-errors/${ruleName}`;
  const configs: Linter.Config[] = [plugin.configs.recommended];
  const lint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: configs });
  const fix = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: configs, fix: true });
  const [first] = await lint.lintText(source, { filePath });
  const [fixed] = await fix.lintText(source, { filePath });
  const output = fixed?.output ?? source;
  const [again] = await lint.lintText(output, { filePath });
  const ids = (result: ESLint.LintResult | undefined) => (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`).filter((id) => id === ruleId || id.startsWith('fatal'));
  return { before: ids(first), output, after: ids(again) };
}

/** Applies the first suggestion of the first report of `ruleName` (as an editor would). */
export function applyFirstSuggestion(source: string, ruleName: string): { reported: number; output: string } {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(source, [{ files: ['**/*.mjs'], ...(plugin.configs.recommended as Linter.Config) }], { filename: 'server.mjs' });
  const reports = messages.filter((m) => m.ruleId === `socket-errors/${ruleName}`);
  const fix = reports[0]?.suggestions?.[0]?.fix;
  if (!fix) return { reported: reports.length, output: source };
  return { reported: reports.length, output: source.slice(0, fix.range[0]) + fix.text + source.slice(fix.range[1]) };
}

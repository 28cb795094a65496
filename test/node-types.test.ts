/**
 * A typed program without Node's types (a TypeScript 6 project whose tsconfig does not list
 * "types": ["node"]) gives the type-aware rules no socket types. ESLint users are told once per
 * run, with a process warning naming the tsconfig, instead of silently getting fewer findings.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureBuilt } from './support/build.js';
import { repoRoot } from './support/docs.js';

beforeAll(ensureBuilt, 120_000);

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

// An alias: only the type checker sees through it (\`socket: net.Socket\` itself is syntax).
const KICK = `import net from 'node:net';

type ClientSocket = net.Socket;

export function kick(socket: ClientSocket, reason: string): void {
  socket.destroy();
  socket.write(\`BYE \${reason}\\n\`);
}
`;
const ADD = 'export const add = (a: number, b: number): number => a + b;\n';

/** A project linted by ESLint itself with `recommended-type-checked`, as the README shows. */
function typedProject(types: string[], files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'socket-errors-node-types-'));
  tempDirs.push(dir);
  mkdirSync(path.join(dir, 'src'));
  const compilerOptions = {
    strict: true,
    module: 'NodeNext',
    noEmit: true,
    types,
    // @types/node of this repository (the temporary project has no node_modules).
    typeRoots: [path.join(repoRoot, 'node_modules/@types')],
  };
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
  const url = (file: string) => pathToFileURL(path.join(repoRoot, file)).href;
  writeFileSync(
    path.join(dir, 'eslint.config.js'),
    `import socketErrors from '${url('dist/src/index.js')}';
import tseslint from '${url('node_modules/typescript-eslint/dist/index.js')}';

export default [
  { files: ['src/**/*.ts'], languageOptions: { parser: tseslint.parser } },
  { files: ['src/**/*.ts'], ...socketErrors.configs['recommended-type-checked'] },
];
`,
  );
  for (const [file, content] of Object.entries(files)) writeFileSync(path.join(dir, 'src', file), content);
  return dir;
}

function eslint(dir: string) {
  const { status, stdout, stderr } = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/eslint/bin/eslint.js'), 'src', '--format', 'json'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NODE_NO_WARNINGS: '', NODE_OPTIONS: '' },
  });
  const results = JSON.parse(stdout || '[]') as { messages: { ruleId: string | null }[] }[];
  return { status, stderr, ruleIds: results.flatMap((r) => r.messages.map((m) => m.ruleId)) };
}

const WARNING = /\[SOCKET_ERRORS_NO_NODE_TYPES\] Warning: eslint-plugin-socket-errors: the TypeScript program of .*tsconfig\.json has no Node\.js types \(net\.Socket does not resolve\), so the type-aware rules cannot see typed sockets; add "types": \["node"\] to its compilerOptions \(and install @types\/node\)\n/gu;

describe('a typed program without Node types', () => {
  it('gets one warning per run naming the tsconfig, however many files use sockets', () => {
    const run = eslint(typedProject([], { 'kick.ts': KICK, 'ban.ts': KICK.replace('kick', 'ban'), 'add.ts': ADD }));
    expect(run.stderr.match(WARNING)).toHaveLength(1);
    // What the warning is about: the typed-only finding is missing.
    expect(run.ruleIds).toEqual([]);
  }, 60_000);

  it('gets no warning when the tsconfig lists Node types (and the typed finding is there)', () => {
    const run = eslint(typedProject(['node'], { 'kick.ts': KICK }));
    expect(run.stderr).not.toMatch(/SOCKET_ERRORS_NO_NODE_TYPES/u);
    expect(run.ruleIds).toEqual(['socket-errors/no-use-after-dead']);
  }, 60_000);

  it('gets no warning when no file imports a Node socket module (the types would not matter)', () => {
    const run = eslint(typedProject([], { 'add.ts': ADD }));
    expect(run.stderr).not.toMatch(/SOCKET_ERRORS_NO_NODE_TYPES/u);
  }, 60_000);
});

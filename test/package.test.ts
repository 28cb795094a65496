/**
 * The published package works for a consumer: `npm pack` contains the build and nothing else it
 * should not, and a project that installs the tarball can import the plugin and
 * `eslint-plugin-socket-errors/codes` from JavaScript and type-check against them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureBuilt } from './support/build.js';
import { repoRoot } from './support/docs.js';

// The consumer lives under the repo's node_modules so that the unpacked package resolves its
// dependencies (@typescript-eslint/utils...) from ours, as npm would have installed them.
const scratch = path.join(repoRoot, 'node_modules/.cache/socket-errors-consumer');
let consumer: string;
let files: string[] = [];

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  ensureBuilt();
  mkdirSync(scratch, { recursive: true });
  consumer = mkdtempSync(path.join(scratch, 'app-'));
  const [packed] = JSON.parse(
    run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', consumer], repoRoot),
  ) as { filename: string; files: { path: string }[] }[];
  files = packed!.files.map((f) => f.path);
  const target = path.join(consumer, 'node_modules/eslint-plugin-socket-errors');
  mkdirSync(target, { recursive: true });
  run('tar', ['-xzf', path.join(consumer, packed!.filename), '-C', target, '--strip-components=1'], consumer);
  writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module' }));
}, 120_000);

afterAll(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

describe('npm package', () => {
  it('ships the build, the docs and the README, and no sources or tests', () => {
    for (const file of ['package.json', 'README.md', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/codes.js', 'dist/src/codes.d.ts', 'docs/error-codes.md']) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => /^(src|test|rules|scripts)\//.test(f) || f.endsWith('.test.js'))).toEqual([]);
    // The incremental build's info (dist/build.tsbuildinfo) stays out of the package.
    expect(files.filter((f) => f.endsWith('.tsbuildinfo'))).toEqual([]);
  });

  it('imports from plain JavaScript (ESM)', () => {
    writeFileSync(
      path.join(consumer, 'check.mjs'),
      `import plugin from 'eslint-plugin-socket-errors';
import { classifySocketError, isBenignCloseError, SOCKET_ERRORS } from 'eslint-plugin-socket-errors/codes';
console.log(JSON.stringify({
  name: plugin.meta.name,
  configs: Object.keys(plugin.configs),
  kind: classifySocketError({ code: 'EPIPE' }),
  benign: isBenignCloseError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })),
  codes: Object.keys(SOCKET_ERRORS).length,
}));
`,
    );
    const out = JSON.parse(run(process.execPath, ['check.mjs'], consumer)) as Record<string, unknown>;
    expect(out).toMatchObject({
      name: 'eslint-plugin-socket-errors',
      configs: ['recommended', 'recommended-type-checked', 'strict'],
      kind: 'connection-lost',
      benign: true,
    });
    expect(out.codes).toBeGreaterThan(40);
  });

  it('loads from CommonJS: require() returns the plugin itself, the same object import gives', () => {
    writeFileSync(
      path.join(consumer, 'check.cjs'),
      `const { isDeadSocketError } = require('eslint-plugin-socket-errors/codes');
const plugin = require('eslint-plugin-socket-errors');
console.log(JSON.stringify({
  dead: isDeadSocketError({ code: 'ECONNRESET' }),
  name: plugin.meta.name,
  configs: Object.keys(plugin.configs),
  rules: Object.keys(plugin.rules).length,
  keys: Object.keys(plugin),
  registers: plugin.configs.recommended.plugins['socket-errors'] === plugin,
  // configs written for 0.1.0 read .default
  legacy: plugin.default === plugin,
}));
`,
    );
    expect(JSON.parse(run(process.execPath, ['check.cjs'], consumer))).toEqual({
      dead: true,
      name: 'eslint-plugin-socket-errors',
      configs: ['recommended', 'recommended-type-checked', 'strict'],
      rules: expect.any(Number) as number,
      keys: ['meta', 'rules', 'configs'],
      registers: true,
      legacy: true,
    });
    writeFileSync(
      path.join(consumer, 'same.mjs'),
      `import { createRequire } from 'node:module';
import plugin from 'eslint-plugin-socket-errors';
const require = createRequire(import.meta.url);
// Tools that load a plugin by its directory (eslint-doc-generator) go through "main".
const byDirectory = require(${JSON.stringify('./node_modules/eslint-plugin-socket-errors')});
console.log(JSON.stringify([require('eslint-plugin-socket-errors') === plugin, byDirectory === plugin]));
`,
    );
    expect(JSON.parse(run(process.execPath, ['same.mjs'], consumer))).toEqual([true, true]);
  });

  it('type-checks a consumer that uses the codes types', () => {
    writeFileSync(
      path.join(consumer, 'server.ts'),
      `import net from 'node:net';
import { classifySocketError, type SocketError, type SocketErrorKind } from 'eslint-plugin-socket-errors/codes';

net.createServer((socket) => {
  socket.on('error', (err: SocketError) => {
    const kind: SocketErrorKind | undefined = classifySocketError(err);
    // @ts-expect-error: not a code of the table
    const typo: SocketError['code'] = 'ECONNRESTE';
    void kind;
    void typo;
  });
});
`,
    );
    writeFileSync(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          types: ['node'],
          typeRoots: [path.join(repoRoot, 'node_modules/@types')],
          noEmit: true,
          skipLibCheck: true,
        },
        files: ['server.ts'],
      }),
    );
    run(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], consumer);
  });
});

describe('dependencies', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };

  it('takes any typescript-eslint 8 at least as new as ours, so a project on a newer one installs no second copy', () => {
    const ours = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(
      ([name]) => name.startsWith('@typescript-eslint/') || name === 'typescript-eslint',
    );
    expect(ours.length).toBeGreaterThan(0);
    for (const [name, range] of ours) expect(`${name}@${range}`).toMatch(/@\^8\.\d+\.\d+$/);
  });

  it('declares only packages the shipped code loads', () => {
    const sources = (dir: string): string[] =>
      readdirSync(path.join(repoRoot, dir), { withFileTypes: true, recursive: true })
        .filter((entry) => entry.isFile() && /\.[cm]?[jt]s$/.test(entry.name))
        .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));
    const code = [...sources('src'), ...sources('rules'), ...sources('bin')].join('\n');
    const loaded = (name: string) =>
      new RegExp(`(?:from|import\\(|require\\()\\s*'${name.replace(/[/.]/g, '\\$&')}(?:/[^']*)?'`).test(code);
    expect(Object.keys(pkg.dependencies).filter((name) => !loaded(name))).toEqual([]);
  });
});

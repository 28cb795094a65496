/**
 * The pre-commit workflow of docs/pre-commit.md, run for real: a temporary git repository set up
 * with husky and lint-staged (`eslint --fix` on staged files) as the docs say, a commit of a file
 * with a fixable socket bug, and what git recorded; then the CommonJS config the pre-commit
 * framework needs, run the way pre-commit runs ESLint. Nothing is downloaded: the repository's
 * `node_modules/` is linked into the temporary projects, as an installed project has its own.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import plugin from '../src/index.js';
import { builtPlugin, ensureBuilt } from './support/build.js';
import { repoRoot } from './support/docs.js';

const hasGit = spawnSync('git', ['--version']).status === 0;

/** A staged file with a bug a rule of `recommended` fixes, and how the fixed file must read. */
interface FixFixture {
  code: string;
  fixedLooksLike: (content: string) => void;
}

const FIX_FIXTURES: Record<string, FixFixture> = {
  // end() in the socket's own 'error' listener: the socket is already destroyed.
  'cleanup-dead-socket': {
    code: `import net from 'node:net';

export const server = net.createServer((socket) => {
  socket.on('error', (err) => {
    console.error('client error:', err.message);
    socket.end();
  });
  socket.on('data', (chunk) => socket.write(chunk));
});
`,
    fixedLooksLike: (content) => {
      expect(content).toContain('    socket.destroy();\n');
      expect(content).not.toContain('socket.end()');
    },
  },
  // A routine reset while the connection ends would crash the process.
  'no-fatal-close-errors': {
    code: `import net from 'node:net';

export const server = net.createServer((socket) => {
  socket.on('error', (err) => {
    throw err;
  });
  socket.on('data', (chunk) => socket.write(chunk));
});
`,
    fixedLooksLike: (content) => {
      const guard = content.slice(0, content.indexOf('throw err;'));
      for (const code of ['ENOTCONN', 'ECONNRESET', 'EPIPE']) expect(guard).toContain(`'${code}'`);
    },
  },
};

const isFixable = (name: string) => name in plugin.rules && Boolean(plugin.rules[name]!.meta.fixable);
const fixRule = Object.keys(FIX_FIXTURES).find(isFixable);

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

beforeAll(() => ensureBuilt(), 120_000);

interface Project {
  dir: string;
  run: (command: string, args: string[]) => SpawnSyncReturns<string>;
  git: (...args: string[]) => SpawnSyncReturns<string>;
}

/** A git repository with eslint, our plugin, lint-staged and husky set up as docs/pre-commit.md says. */
function projectWithHook(): Project {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'socket-errors-precommit-'));
  tempDirs.push(dir);
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const env = {
    ...process.env,
    // Only this repository's settings: no global hooks, signing or templates of the machine.
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    XDG_CONFIG_HOME: dir, // husky reads an optional init script from there
    PATH: `${path.join(repoRoot, 'node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_offline: 'true', // npx must find lint-staged locally, never download it
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
  const run = (command: string, args: string[]) => spawnSync(command, args, { cwd: dir, env, encoding: 'utf8' });
  const git = (...args: string[]) => run('git', args);

  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'chat-server', private: true, type: 'module', 'lint-staged': { '*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}': 'eslint --fix' } }, null, 2)}\n`,
  );
  // In a real project: `import socketErrors from 'eslint-plugin-socket-errors';`
  writeFileSync(
    path.join(dir, 'eslint.config.js'),
    `import tseslint from 'typescript-eslint';
import socketErrors from ${JSON.stringify(pathToFileURL(builtPlugin).href)};

export default [
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  socketErrors.configs.recommended,
];
`,
  );
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n');

  expect(git('init', '-q').status).toBe(0);
  git('config', 'user.name', 'Test User');
  git('config', 'user.email', 'test@example.com');
  // `npx husky init`, then the hook lint-staged's docs give.
  const husky = run(process.execPath, [path.join(repoRoot, 'node_modules/husky/bin.js'), 'init']);
  expect(husky.stderr).toBe('');
  writeFileSync(path.join(dir, '.husky/pre-commit'), 'npx lint-staged\n');
  expect(git('config', 'core.hooksPath').stdout.trim()).toBe('.husky/_');

  git('add', '-A');
  const setup = git('commit', '-q', '--no-verify', '-m', 'Set up linting');
  expect(setup.stderr).toBe('');
  return { dir, run, git };
}

function stage(project: Project, file: string, content: string): void {
  mkdirSync(path.dirname(path.join(project.dir, file)), { recursive: true });
  writeFileSync(path.join(project.dir, file), content);
  expect(project.git('add', file).status).toBe(0);
}

describe.skipIf(!hasGit)('pre-commit hook: husky + lint-staged running eslint --fix', () => {
  it.skipIf(fixRule === undefined)(
    `RULE-DEPENDENT ${fixRule ?? `(needs one of ${Object.keys(FIX_FIXTURES).join(', ')}, none registered yet)`}: commits the fixed file`,
    () => {
      const fixture = FIX_FIXTURES[fixRule!]!;
      const project = projectWithHook();
      stage(project, 'src/server.ts', fixture.code);

      const commit = project.git('commit', '-m', 'Echo server');
      expect(commit.status, commit.stdout + commit.stderr).toBe(0);

      const committed = project.git('show', 'HEAD:src/server.ts').stdout;
      expect(committed).not.toBe(fixture.code);
      fixture.fixedLooksLike(committed);
      // The working tree holds what was committed: nothing left staged or modified.
      expect(readFileSync(path.join(project.dir, 'src/server.ts'), 'utf8')).toBe(committed);
      expect(project.git('status', '--porcelain').stdout).toBe('');
      expect(project.git('log', '--format=%s').stdout).toBe('Echo server\nSet up linting\n');
    },
    60_000,
  );

  it.skipIf(!('no-unknown-error-code' in plugin.rules))(
    'RULE-DEPENDENT no-unknown-error-code: a problem with no automatic fix stops the commit and leaves the file as it was',
    () => {
      const project = projectWithHook();
      const code = "export function isReset(err: NodeJS.ErrnoException): boolean {\n  return err.code === 'ECONNRESTE';\n}\n";
      stage(project, 'src/errors.ts', code);

      const commit = project.git('commit', '-m', 'Reset check');
      expect(commit.status).not.toBe(0);
      expect(commit.stdout + commit.stderr).toContain('socket-errors/no-unknown-error-code');
      expect(project.git('log', '--format=%s').stdout).toBe('Set up linting\n');
      expect(readFileSync(path.join(project.dir, 'src/errors.ts'), 'utf8')).toBe(code);
      expect(project.git('diff', '--cached', '--name-only').stdout).toBe('src/errors.ts\n');
    },
    60_000,
  );

  it('commits a clean file unchanged', () => {
    const project = projectWithHook();
    const code = "import net from 'node:net';\n\nexport const ping = (port: number) => net.connect(port, '127.0.0.1').on('error', () => {});\n";
    stage(project, 'src/ping.ts', code);
    const commit = project.git('commit', '-m', 'Ping');
    expect(commit.status, commit.stdout + commit.stderr).toBe(0);
    expect(commit.stdout + commit.stderr).toContain('eslint --fix'); // lint-staged ran the task
    expect(project.git('show', 'HEAD:src/ping.ts').stdout).toBe(code);
  }, 60_000);
});

describe('pre-commit framework: eslint --fix from its own environment', () => {
  /**
   * pre-commit installs the hook's packages in an environment of its own and exposes them through
   * NODE_PATH (and PATH): the project has no node_modules of its own.
   */
  function preCommitEnvironment(config: Record<string, string>): { dir: string; eslint: (...args: string[]) => SpawnSyncReturns<string> } {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'socket-errors-pre-commit-env-'));
    tempDirs.push(dir);
    const env = path.join(dir, 'env/lib/node_modules');
    mkdirSync(env, { recursive: true });
    symlinkSync(repoRoot, path.join(env, 'eslint-plugin-socket-errors'), 'dir');
    symlinkSync(path.join(repoRoot, 'node_modules/typescript-eslint'), path.join(env, 'typescript-eslint'), 'dir');
    const project = path.join(dir, 'project');
    mkdirSync(project);
    for (const [file, content] of Object.entries(config)) writeFileSync(path.join(project, file), content);
    const eslint = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/eslint/bin/eslint.js'), ...args], {
        cwd: project,
        env: { ...process.env, NODE_PATH: env, NO_COLOR: '1' },
        encoding: 'utf8',
      });
    return { dir: project, eslint };
  }

  const CJS_CONFIG = `const socketErrors = require('eslint-plugin-socket-errors').default;
const tseslint = require('typescript-eslint'); // only for TypeScript sources

module.exports = [
  { files: ['**/*.{ts,mts,cts,tsx}'], languageOptions: { parser: tseslint.parser } },
  socketErrors.configs.recommended,
];
`;

  it.skipIf(fixRule === undefined)(
    `RULE-DEPENDENT ${fixRule ?? '(needs a fixable rule, none registered yet)'}: the eslint.config.cjs of docs/pre-commit.md finds the plugin and fixes the file`,
    () => {
      const fixture = FIX_FIXTURES[fixRule!]!;
      const { dir, eslint } = preCommitEnvironment({ 'eslint.config.cjs': CJS_CONFIG, 'server.ts': fixture.code });
      const run = eslint('--fix', 'server.ts');
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      fixture.fixedLooksLike(readFileSync(path.join(dir, 'server.ts'), 'utf8'));
    },
  );

  it('an ES module eslint.config.js cannot import the plugin there (why the docs say CommonJS)', () => {
    const { eslint } = preCommitEnvironment({
      'eslint.config.js': "import socketErrors from 'eslint-plugin-socket-errors';\nexport default [socketErrors.configs.recommended];\n",
      'package.json': '{ "type": "module" }\n',
      'server.js': 'export const port = 8080;\n',
    });
    const run = eslint('server.js');
    expect(run.status).toBe(2);
    expect(run.stdout + run.stderr).toMatch(/Cannot find package 'eslint-plugin-socket-errors'/);
  });
});

const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
const NO_PRE_COMMIT = 'pre-commit is not installed (apt-get install pre-commit, or pip install pre-commit)';
if (!hasPreCommit) console.warn(`test/precommit.test.ts: skipping the pre-commit framework run: ${NO_PRE_COMMIT}`);

describe.skipIf(!hasGit || !hasPreCommit)('pre-commit framework: the socket-errors hook of .pre-commit-hooks.yaml, as pre-commit installs and runs it', () => {
  /**
   * A user's repository whose .pre-commit-config.yaml names this repository (by path, at HEAD: CI
   * runs on a clean checkout) and its hook. pre-commit clones it, `npm install`s and `npm pack`s it
   * into an environment of its own, and installs the tarball with the hook's
   * additional_dependencies: only the npm registry is needed. A PRE_COMMIT_HOME of its own makes
   * every run install from scratch, as a user's first commit does.
   */
  function userRepository() {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'socket-errors-pre-commit-'));
    tempDirs.push(dir);
    const project = path.join(dir, 'project');
    mkdirSync(project);
    const env = {
      ...process.env,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      PRE_COMMIT_HOME: path.join(dir, 'pre-commit-home'),
      // pre-commit's `npm install` of the hook takes the packages `npm ci` just put in npm's cache
      // without asking the registry whether each is still current (a few hundred requests).
      npm_config_prefer_offline: 'true',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    };
    const run = (command: string, ...args: string[]) => spawnSync(command, args, { cwd: project, env, encoding: 'utf8' });
    const git = (...args: string[]) => run('git', ...args);
    const rev = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).stdout.trim();
    const dirty = spawnSync('git', ['status', '--porcelain', '--', '.', ':!test'], { cwd: repoRoot, encoding: 'utf8' }).stdout;
    if (dirty !== '') console.warn(`test/precommit.test.ts: the pre-commit hook is installed from HEAD (${rev.slice(0, 8)}), without uncommitted changes`);

    writeFileSync(
      path.join(project, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${repoRoot}\n    rev: ${rev}\n    hooks:\n      - id: socket-errors\n`,
    );
    // docs/pre-commit.md's CommonJS config (the plugin object is the module or its default export).
    writeFileSync(
      path.join(project, 'eslint.config.cjs'),
      "const loaded = require('eslint-plugin-socket-errors');\nconst socketErrors = loaded.configs ? loaded : loaded.default;\n\nmodule.exports = [socketErrors.configs.recommended];\n",
    );
    expect(git('init', '-q').status).toBe(0);
    git('config', 'user.name', 'Test User');
    git('config', 'user.email', 'test@example.com');
    const install = run('pre-commit', 'install');
    expect(install.status, install.stdout + install.stderr).toBe(0);
    git('add', '-A');
    expect(git('commit', '-q', '--no-verify', '-m', 'Set up pre-commit').status).toBe(0);
    return { project, run, git };
  }

  it.skipIf(fixRule === undefined)(
    `RULE-DEPENDENT ${fixRule ?? '(needs a fixable rule)'}: installs the hook, fixes the staged file and stops the commit; the fixed file commits; an unfixable finding stops it`,
    () => {
      const fixture = FIX_FIXTURES[fixRule!]!;
      const { project, git } = userRepository();
      const file = path.join(project, 'src/server.js');
      mkdirSync(path.dirname(file));
      writeFileSync(file, fixture.code);
      git('add', 'src/server.js');

      // pre-commit never stages what a hook changed: the commit stops, the fix is in the working tree.
      const first = git('commit', '-m', 'Echo server');
      const output = first.stdout + first.stderr;
      expect(output).toMatch(/socket-errors \(eslint --fix\)\.+Failed/);
      expect(output).toContain('files were modified by this hook');
      expect(first.status).not.toBe(0);
      const fixed = readFileSync(file, 'utf8');
      fixture.fixedLooksLike(fixed);

      git('add', 'src/server.js');
      const second = git('commit', '-m', 'Echo server');
      expect(second.stdout + second.stderr).toMatch(/socket-errors \(eslint --fix\)\.+Passed/);
      expect(second.status).toBe(0);
      expect(git('show', 'HEAD:src/server.js').stdout).toBe(fixed);

      // A finding without an automatic fix: the hook fails with the finding, nothing is committed.
      writeFileSync(path.join(project, 'src/errors.js'), "export const isReset = (err) => err.code === 'ECONNRESTE';\n");
      git('add', 'src/errors.js');
      const third = git('commit', '-m', 'Reset check');
      expect(third.stdout + third.stderr).toContain('socket-errors/no-unknown-error-code');
      expect(third.status).not.toBe(0);
      expect(git('log', '--format=%s').stdout).toBe('Echo server\nSet up pre-commit\n');
    },
    300_000,
  );
});

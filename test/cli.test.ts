/**
 * The `socket-errors` command in a temporary project: through the `main()` that the built
 * `bin/socket-errors.js` runs, in this process, and for what the binary itself adds (exit codes, a
 * closed stdout) as users run it, in a child process. Most tests assert what does not depend on
 * which rules exist (exit codes, formats, ignores, usage errors); the tests marked RULE-DEPENDENT
 * need a real rule.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { gitignoreToPatterns, rebaseToSubdirectory } from '../src/cli/gitignore.js';
import { globalIgnores } from '../src/cli/eslint-ignores.js';
import { describeMode, parseCommandLine, UsageError } from '../src/cli/main.js';
import { artifactLocationFor, toSarif, type SarifLog } from '../src/cli/sarif.js';
import { minifiedReason } from '../src/cli/minified.js';
import { formatSummary, Progress } from '../src/cli/summary.js';
import { packageName } from '../src/cli/tsconfig.js';
import plugin from '../src/index.js';
import { ensureBuilt } from './support/build.js';
import { repoRoot } from './support/docs.js';

const bin = path.join(repoRoot, 'bin/socket-errors.js');
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

// `npm ci` builds dist; rebuild only when it is missing or older than the sources.
beforeAll(ensureBuilt, 120_000);

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A temporary project holding `files` (path -> content). */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'socket-errors-cli-'));
  tempDirs.push(dir);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the command in this process, through the `main()` that `bin/socket-errors.js` calls, with
 * stdout and stderr collected: what the binary adds around it (the exit code, EPIPE on stdout) is
 * tested on the built binary in a child process (`binary()`). One process per run cost a start of
 * Node, ESLint and TypeScript each time.
 */
async function cli(args: string[], cwd: string): Promise<Run> {
  const { main } = await import('../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const status = await main(args, { cwd, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { status, stdout, stderr };
}

/** The built binary in a child process, as users run it. */
function binary(args: string[], cwd: string): Run {
  const { status, stdout, stderr } = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return { status, stdout, stderr };
}

const CLEAN_JS = 'export function greet(name) {\n  return `hello ${name}`;\n}\n';
const CLEAN_TS = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';
/** Not JavaScript: every run reports it as a parse error, whichever rules exist. */
const BROKEN = 'const = ;\n';
const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, types: [], noEmit: true }, include: ['src'] });

/** Paths the JSON report lists, relative to `dir`, sorted. */
function linted(run: Run, dir: string): string[] {
  const results = JSON.parse(run.stdout) as { filePath: string }[];
  return results.map((r) => path.relative(dir, r.filePath).split(path.sep).join('/')).sort();
}

describe('usage', () => {
  it('prints usage with every option on --help and exits 0', () => {
    const run = binary(['--help'], repoRoot);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: socket-errors \[paths\.\.\.\]/);
    for (const option of ['--fix', '--format', '--type-aware', '--no-type-aware', '--max-warnings', '--include-minified', '--help', '--version']) {
      expect(run.stdout).toContain(option);
    }
    expect(run.stderr).toBe('');
  });

  it('prints the version from package.json on --version', () => {
    const run = binary(['--version'], repoRoot);
    expect(run).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('rejects an unknown option with exit 2 and one line', () => {
    const dir = project({});
    expect(binary(['--foo'], dir)).toEqual({ status: 2, stdout: '', stderr: "socket-errors: unknown option '--foo' (see --help)\n" });
  });

  it('rejects a path that does not exist with exit 2', async () => {
    const dir = project({ 'src/server.js': CLEAN_JS });
    expect(await cli(['src', 'foo/'], dir)).toEqual({ status: 2, stdout: '', stderr: 'socket-errors: no such file or directory: foo/\n' });
  });

  it('rejects a path outside the current directory with exit 2 (ESLint would skip it silently)', async () => {
    const dir = project({ 'app/src/server.js': CLEAN_JS, 'other/x.js': BROKEN });
    expect(await cli(['../other'], path.join(dir, 'app'))).toEqual({
      status: 2,
      stdout: '',
      stderr: 'socket-errors: ../other is outside the current directory: run socket-errors from a directory that contains it\n',
    });
  });

  it.each([
    [['--format', 'xml'], "socket-errors: unknown format 'xml' (expected stylish, json or sarif)"],
    [['--format'], "socket-errors: option '--format' needs a value (see --help)"],
    [['--max-warnings', 'many'], "socket-errors: --max-warnings needs a whole number of 0 or more, got 'many'"],
    [['--max-warnings=-1'], "socket-errors: --max-warnings needs a whole number of 0 or more, got '-1'"],
    [['--fix=yes'], "socket-errors: option '--fix' does not take a value (see --help)"],
    [['--type-aware', '--no-type-aware'], 'socket-errors: --type-aware and --no-type-aware cannot be used together'],
  ])('rejects %j with exit 2', async (args, message) => {
    const dir = project({});
    expect(await cli(args, dir)).toEqual({ status: 2, stdout: '', stderr: `${message}\n` });
  });

  it('parses paths and options (unit)', () => {
    expect(parseCommandLine([])).toEqual({
      paths: ['.'],
      fix: false,
      format: 'stylish',
      typeAware: undefined,
      maxWarnings: undefined,
      includeMinified: false,
    });
    expect(parseCommandLine(['src', 'lib', '--fix', '-f', 'sarif', '--no-type-aware', '--max-warnings', '0', '--include-minified'])).toEqual({
      paths: ['src', 'lib'],
      fix: true,
      format: 'sarif',
      typeAware: false,
      maxWarnings: 0,
      includeMinified: true,
    });
    expect(parseCommandLine(['-h'])).toBe('help');
    expect(() => parseCommandLine(['--colour'])).toThrow(UsageError);
  });
});

describe('linting', () => {
  it('exits 0 on a clean project and ends with the summary on stdout, nothing on stderr', async () => {
    const dir = project({ 'src/greet.js': CLEAN_JS, 'src/add.ts': CLEAN_TS, 'src/legacy.cjs': 'module.exports = 1;\n', 'README.md': '# app\n' });
    const run = await cli([], dir);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Scanned 3 files in \d+(\.\d)? m?s, syntax only: no problems found\.\n$/);
  });

  it('exits 2 when there is nothing to audit, as ESLint does: an empty directory, a mistyped glob', async () => {
    const lintsNothing =
      "socket-errors lints .js, .mjs, .cjs, .jsx, .ts, .mts, .cts and .tsx files, and skips node_modules, dist, .gitignore'd files, the project's ESLint ignores and minified files";
    expect(await cli([], project({ 'README.md': '# app\n' }))).toEqual({
      status: 2,
      stdout: '',
      stderr: `socket-errors: no files to audit in the current directory (${lintsNothing})\n`,
    });
    const dir = project({ 'src/greet.js': CLEAN_JS, 'dist/bundle.js': CLEAN_JS });
    // `src/**/*.tsx` where the files are .ts: a CI step that passed silently before.
    expect(await cli(['src/**/*.tsx'], dir)).toEqual({ status: 2, stdout: '', stderr: `socket-errors: no files to audit match 'src/**/*.tsx' (${lintsNothing})\n` });
    expect(await cli(['dist'], dir)).toEqual({ status: 2, stdout: '', stderr: `socket-errors: no files to audit in 'dist' (${lintsNothing})\n` });
    // One pattern that matches is not enough: each one must.
    expect((await cli(['src', 'lib/**/*.js'], dir)).status).toBe(2);
    expect((await cli(['src/**/*.js'], dir)).status).toBe(0);
  });

  it('exits 1 when a file cannot be parsed, and shows it in the report and the summary table', async () => {
    const dir = project({ 'src/greet.js': CLEAN_JS, 'src/broken.ts': BROKEN });
    const run = await cli([], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(path.join(dir, 'src/broken.ts'));
    expect(run.stdout).toMatch(/\n {2}1:\d+ +error +Parsing error/);
    expect(run.stdout).toMatch(/parse errors \(files not audited\) +1 +0\n/);
    expect(run.stdout).toMatch(/Scanned 2 files in .*: 1 error, 0 warnings\.\n$/);
  });

  it('audits a file with a `/* eslint-env */` comment as any other (ESLint 10 calls the comment fatal, yet lints the file)', async () => {
    const dir = project({ 'src/old.js': `/* eslint-env node */\n${CLEAN_JS}` });
    const run = await cli([], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('eslint-env');
    expect(run.stdout).not.toContain('parse errors');
    expect(run.stdout).toMatch(/Scanned 1 file in .*: no problems found\.\n$/);
    const withBug = project({ 'src/old.js': "/* eslint-env node */\nimport net from 'node:net';\nconst socket = net.connect(80);\nsocket.write('x');\n" });
    const found = await cli([], withBug);
    expect(found.stdout).toMatch(/\n {2}3:\d+ +error +The socket `socket` gets no 'error' listener/);
    expect(found.stdout).not.toContain('parse errors');
  });

  it('lints only the paths given', async () => {
    const dir = project({ 'src/greet.js': CLEAN_JS, 'scripts/broken.js': BROKEN });
    expect((await cli(['src'], dir)).status).toBe(0);
    expect((await cli(['scripts'], dir)).status).toBe(1);
    expect((await cli(['src/greet.js'], dir)).status).toBe(0);
  });

  it('prints only ESLint JSON with --format json', async () => {
    const dir = project({ 'src/greet.js': CLEAN_JS, 'src/broken.js': BROKEN });
    const run = await cli(['--format', 'json'], dir);
    expect(run.status).toBe(1);
    const results = JSON.parse(run.stdout) as { filePath: string; errorCount: number; messages: { fatal?: boolean }[] }[];
    expect(results.map((r) => [path.relative(dir, r.filePath), r.errorCount]).sort()).toEqual([
      [path.join('src', 'broken.js'), 1],
      [path.join('src', 'greet.js'), 0],
    ]);
    expect(results.find((r) => r.errorCount === 1)!.messages[0]!.fatal).toBe(true);
  });

  it('skips node_modules and dist by default', async () => {
    const dir = project({
      'src/greet.js': CLEAN_JS,
      'node_modules/dep/index.js': BROKEN,
      'dist/bundle.js': BROKEN,
      'packages/api/dist/index.js': BROKEN,
    });
    const run = await cli(['--format', 'json'], dir);
    expect(run.status).toBe(0);
    expect(linted(run, dir)).toEqual(['src/greet.js']);
  });

  it('warns about an ignored file named on the command line; --max-warnings turns that into exit 1', async () => {
    const dir = project({ 'dist/bundle.js': BROKEN });
    const lenient = await cli(['dist/bundle.js'], dir);
    expect(lenient.status).toBe(0);
    expect(lenient.stdout).toContain("File not audited: it is ignored (node_modules, dist, .gitignore or the project's ESLint ignores)");
    expect(lenient.stdout).toContain('Scanned 0 files');
    const strict = await cli(['dist/bundle.js', '--max-warnings', '0'], dir);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toBe('socket-errors: 1 warning, more than --max-warnings 0 allows\n');
    expect((await cli(['dist/bundle.js', '--max-warnings', '1'], dir)).status).toBe(0);
  });
});

describe('ignores', () => {
  it('skips what .gitignore files say, nested ones included', async () => {
    const dir = project({
      '.gitignore': '# build output\ngenerated/\n*.gen.js\n!keep.gen.js\n/only-root.js\n',
      'src/greet.js': CLEAN_JS,
      'generated/client.js': BROKEN,
      'src/vendor/lib.gen.js': BROKEN,
      'src/keep.gen.js': CLEAN_JS,
      'only-root.js': BROKEN,
      'src/only-root.js': CLEAN_JS,
      'packages/api/.gitignore': 'local/\n',
      'packages/api/local/scratch.ts': BROKEN,
      'packages/api/index.ts': CLEAN_TS,
    });
    const run = await cli(['--format', 'json'], dir);
    expect(run.stderr).toBe('');
    expect(linted(run, dir)).toEqual(['packages/api/index.ts', 'src/greet.js', 'src/keep.gen.js', 'src/only-root.js']);
    expect(run.status).toBe(0);
  });

  const hasGit = spawnSync('git', ['--version']).status === 0;
  it.skipIf(!hasGit)('lints exactly the files git does not ignore', async () => {
    const files: Record<string, string> = {
      '.gitignore': [
        'build/',
        '*.gen.js',
        '!important.gen.js',
        '/root-only.js',
        'docs/**/example.js',
        'tmp/*',
        '!tmp/keep.js',
        'name{with}braces.js',
        '\\#hash.js',
        'spaced.js   ',
        'a/**/b.ts',
        'cache/**',
        '!cache/keep/',
        'out/**',
        '!out/keep/',
        '!out/keep/**',
        '\\!bang.js',
      ].join('\n'),
      'pkg/.gitignore': 'local.js\n/anchored.ts\n',
    };
    const candidates = [
      'src/app.js', 'build/out.js', 'src/build/x.js', 'src/api.gen.js', 'src/important.gen.js', 'root-only.js',
      'src/root-only.js', 'docs/example.js', 'docs/guide/deep/example.js', 'tmp/scratch.js', 'tmp/keep.js',
      'name{with}braces.js', 'namewbraces.js', '#hash.js', 'spaced.js', 'a/b.ts', 'a/x/y/b.ts', 'b.ts',
      'pkg/local.js', 'pkg/sub/local.js', 'pkg/anchored.ts', 'pkg/sub/anchored.ts', 'anchored.ts',
      'cache/a.js', 'cache/keep/b.js', 'out/x.js', 'out/keep/y.js', 'out/keep/deep/z.js', '!bang.js',
    ];
    for (const file of candidates) files[file] = 'export const value = 1;\n';
    const dir = project(files);
    const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
    spawnSync('git', ['init', '-q'], { cwd: dir, env });
    const untracked = spawnSync('git', ['ls-files', '--others', '--exclude-standard'], { cwd: dir, env, encoding: 'utf8' })
      .stdout.split('\n')
      .filter((file) => /\.(js|ts)$/.test(file))
      .sort();
    expect(untracked.length).toBeGreaterThan(5);
    expect(linted(await cli(['--format', 'json'], dir), dir)).toEqual(untracked);
  });

  it("skips the global ignores of the project's eslint.config.js", async () => {
    const dir = project({
      'eslint.config.js': "export default [{ ignores: ['generated/**'] }, { files: ['**/*.js'], rules: {} }];\n",
      'src/greet.js': CLEAN_JS,
      'generated/client.js': BROKEN,
    });
    const run = await cli(['--format', 'json'], dir);
    expect(run.status).toBe(0);
    expect(linted(run, dir)).toEqual(['eslint.config.js', 'src/greet.js']);
  });

  it('reads the ignores without running eslint.config.js (auditing a repository runs none of its code)', async () => {
    const dir = project({
      'eslint.config.js': [
        "import { writeFileSync } from 'node:fs';",
        "writeFileSync(new URL('./executed.txt', import.meta.url), 'the audit ran this file');",
        "export default [{ ignores: ['generated/**'] }];",
        '',
      ].join('\n'),
      'src/greet.js': CLEAN_JS,
      'generated/client.js': BROKEN,
    });
    const run = await cli(['--format', 'json'], dir);
    expect(existsSync(path.join(dir, 'executed.txt'))).toBe(false);
    expect(run.stderr).toBe('');
    expect(linted(run, dir)).toEqual(['eslint.config.js', 'src/greet.js']);
    expect(run.status).toBe(0);
  });

  it('reads defineConfig, globalIgnores and constants, whatever the config imports (installed or not)', async () => {
    const dir = project({
      'eslint.config.js': [
        "import { defineConfig, globalIgnores } from 'eslint/config';",
        "import plugin from 'a-plugin-that-is-not-installed';",
        "const generated = ['generated/**'];",
        "export default defineConfig([globalIgnores([...generated, `vendor/`]), { ignores: ['fixtures/'] }, plugin.configs.recommended]);",
        '',
      ].join('\n'),
      'src/greet.js': CLEAN_JS,
      'generated/client.js': BROKEN,
      'vendor/lib.js': BROKEN,
      'fixtures/broken.js': BROKEN,
    });
    const run = await cli(['--format', 'json'], dir);
    expect(run.stderr).toBe('');
    expect(linted(run, dir)).toEqual(['eslint.config.js', 'src/greet.js']);
    expect(run.status).toBe(0);
  });

  it('reads the ignores of eslint.config.cjs and eslint.config.ts the same way', async () => {
    const cjs = project({ 'eslint.config.cjs': "module.exports = [{ ignores: ['generated/**'] }];\n", 'generated/a.js': BROKEN, 'src/greet.js': CLEAN_JS });
    expect(linted(await cli(['--format', 'json'], cjs), cjs)).toEqual(['eslint.config.cjs', 'src/greet.js']);
    const ts = project({
      'eslint.config.ts': "import type { Linter } from 'eslint';\nexport default [{ ignores: ['generated/**'] }] satisfies Linter.Config[];\n",
      'generated/a.ts': BROKEN,
      'src/add.ts': CLEAN_TS,
    });
    expect(linted(await cli(['--format', 'json'], ts), ts)).toEqual(['eslint.config.ts', 'src/add.ts']);
  });

  it('goes on without those ignores, with a note, when eslint.config.js cannot be parsed', async () => {
    const dir = project({ 'eslint.config.js': 'export default [{ ignores: [\n', 'src/greet.js': CLEAN_JS });
    const run = await cli(['src'], dir);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^socket-errors: note: cannot read the ignores of eslint\.config\.js \(.+\); auditing without them\n$/);
  });

  it('turns .gitignore lines into ESLint ignore patterns (unit)', () => {
    // ESLint's translation (includeIgnoreFile): `dir/**` becomes `dir/**/*`, so the directory itself
    // stays visible and a later `!dir/sub/` re-includes, as in git.
    expect(gitignoreToPatterns('# comment\n\nlogs\n/build\nout/\nsrc/gen/\n!keep.log\n\\!bang\n*.js   \ncache/**\n!cache/keep/\n')).toEqual([
      '**/logs',
      'build',
      '**/out/',
      'src/gen/',
      '!**/keep.log',
      '**/\\!bang',
      '**/*.js',
      'cache/**/*',
      '!cache/keep/',
    ]);
    expect(gitignoreToPatterns('tmp\n/local.js\nfile(1){a}.js\n', 'packages/api')).toEqual([
      'packages/api/**/tmp',
      'packages/api/local.js',
      'packages/api/**/file\\(1)\\{a}.js',
    ]);
    expect(rebaseToSubdirectory(['**/tmp', 'packages/api/gen/', '!packages/api/keep.js', 'other/x.js'], 'packages/api')).toEqual([
      '**/tmp',
      'gen/',
      '!keep.js',
    ]);
  });

  it('reads the global ignores of a flat config (unit)', () => {
    expect(
      globalIgnores([
        { ignores: ['vendor/', '!vendor/ours.js'] },
        { name: 'generated', ignores: ['**/*.gen.ts'] },
        { files: ['**/*.ts'], ignores: ['test/**'] }, // not global: limits that object only
        [{ basePath: 'packages/web', ignores: ['build/'] }],
      ]),
    ).toEqual(['vendor/', '!vendor/ours.js', '**/*.gen.ts', 'packages/web/build/']);
  });
});

describe('minified and bundled files', () => {
  // Not JavaScript either, so a run that lints them fails: skipping is visible in the exit code.
  const minifiedBroken = `var a=[${'1,'.repeat(700)}1];const = ;\n`;
  const files = {
    'src/greet.js': CLEAN_JS,
    'public/vendor/jquery.min.js': BROKEN,
    'public/app.bundle.js': BROKEN,
    'public/app.js': minifiedBroken,
    'lib/mapped.js': `var s="${'x'.repeat(600)}";const = ;\n//# sourceMappingURL=mapped.js.map\n`,
    'lib/readable.js': `${CLEAN_JS}//# sourceMappingURL=readable.js.map\n`,
  };

  it('are skipped, with a line in the summary, and audited with --include-minified', async () => {
    const dir = project(files);
    const run = await cli([], dir);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /^Scanned 2 files in .*: no problems found\.\nSkipped 4 files that look minified or bundled \(lib\/mapped\.js, public\/app\.bundle\.js, public\/app\.js and 1 more\): pass --include-minified to audit them\.\n$/,
    );
    expect(run.status).toBe(0);
    const json = await cli(['--format', 'json'], dir);
    expect(linted(json, dir)).toEqual(['lib/readable.js', 'src/greet.js']);
    expect(json.stderr).toMatch(/^socket-errors: note: Skipped 4 files that look minified or bundled .*\n$/);
    const all = await cli(['--include-minified', '--format', 'json'], dir);
    expect(linted(all, dir)).toEqual(Object.keys(files).sort());
    expect(all.status).toBe(1);
  });

  it('named on the command line, are reported as not audited, with the reason', async () => {
    const dir = project(files);
    const run = await cli(['public/app.js', 'src'], dir);
    expect(run.stdout).toContain('File not audited: it looks minified or bundled (a line of 1419 characters); pass --include-minified to audit it');
    expect(run.stdout).not.toContain('Skipped');
    expect(run.status).toBe(0);
  });

  it('are recognised by name, long lines or a bundle header, reading only the start and end (unit)', () => {
    const dir = project({
      'a.min.js': 'var a = 1;\n',
      'b.bundle.mjs': 'var a = 1;\n',
      'one-line.js': `export const table = [${'0, '.repeat(400)}];\n`,
      'webpack.js': '/******/ (() => { // webpackBootstrap\n/******/ })();\n',
      'huge-readable.js': `${'export const answer = 42;\n'.repeat(200_000)}//# sourceMappingURL=x.map\n`,
      'data.json': `[${'1,'.repeat(2000)}1]`,
      'readme.min.md': '# x\n',
    });
    const reason = (file: string) => minifiedReason(path.join(dir, file));
    expect(reason('a.min.js')).toBe('its name ends with .min.js');
    expect(reason('b.bundle.mjs')).toBe('its name ends with .bundle.mjs');
    expect(reason('one-line.js')).toBe('a line of 1224 characters');
    expect(reason('webpack.js')).toBe('a webpack bundle header');
    expect(reason('huge-readable.js')).toBeUndefined();
    expect(reason('data.json')).toBeUndefined(); // not a file the audit lints
    expect(reason('readme.min.md')).toBeUndefined();
  });
});

describe('type information', () => {
  it('is used when a tsconfig.json is found, and --no-type-aware turns it off', async () => {
    const dir = project({ 'tsconfig.json': TSCONFIG, 'src/add.ts': CLEAN_TS, 'scripts/build.js': CLEAN_JS, 'tools/gen.ts': CLEAN_TS });
    // scripts/ and tools/ are outside the tsconfig's `include`: linted by syntax only, not a crash.
    // The summary says how many files had types: a run mostly linted by syntax is not "type-aware".
    const typed = await cli([], dir);
    expect(typed.stderr).toBe('');
    expect(typed.stdout).toMatch(
      /^Scanned 3 files in .*, type-aware for 1 of 3 files, syntax only for 2 that no tsconfig\.json includes: no problems found\.\n$/,
    );
    expect(typed.status).toBe(0);
    expect((await cli(['src'], dir)).stdout).toMatch(/^Scanned 1 file in .*, type-aware \(tsconfig\.json\): no problems found\.\n$/);
    const untyped = await cli(['--no-type-aware'], dir);
    expect(untyped.stdout).toMatch(/^Scanned 3 files in .*, syntax only: no problems found\.\n$/);
    expect(untyped.status).toBe(0);
  });

  it('says in the summary, and only there, when the tsconfig gives no Node types', async () => {
    // An alias: only the type checker sees through it (`socket: net.Socket` itself is syntax).
    const server = "import net from 'node:net';\n\ntype ClientSocket = net.Socket;\n\nexport function kick(socket: ClientSocket): void {\n  socket.destroy();\n  socket.write('BYE');\n}\n";
    const dir = project({ 'tsconfig.json': TSCONFIG, 'src/kick.ts': server, 'src/add.ts': CLEAN_TS });
    const run = await cli([], dir);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /: no problems found\.\nNo Node\.js types in tsconfig\.json \(net\.Socket does not resolve\), so typed sockets were not recognised: add "types": \["node"\] to its compilerOptions \(and install @types\/node\)\.\n$/,
    );
    const json = await cli(['--format', 'json'], dir);
    expect(json.stderr).toMatch(/^socket-errors: note: No Node\.js types in tsconfig\.json /);
    // Syntax only, types do not matter.
    expect((await cli(['--no-type-aware'], dir)).stdout).not.toContain('Node.js types');
  });

  it('says how many files had type information (unit)', () => {
    expect(describeMode(undefined, 12, 0)).toBe('syntax only');
    expect(describeMode('tsconfig.json', 12, 12)).toBe('type-aware (tsconfig.json)');
    expect(describeMode('core/tsconfig.json', 40, 6)).toBe('type-aware for 6 of 40 files, syntax only for 34 that no tsconfig.json includes');
    expect(describeMode('tsconfig.json', 3, 0)).toBe('syntax only (no tsconfig.json includes these files)');
  });

  it('finds the tsconfig.json of a parent directory', async () => {
    const dir = project({ 'tsconfig.json': TSCONFIG, 'src/add.ts': CLEAN_TS });
    // Really typed: the project service must look for the tsconfig.json above the current directory.
    const run = await cli(['add.ts', '--type-aware'], path.join(dir, 'src'));
    expect(run.stdout).toMatch(/Scanned 1 file in .*, type-aware \(.*tsconfig\.json\): no problems found/);
    expect(run.status).toBe(0);
  });

  it('exits 2 with one line naming the file when the tsconfig.json is broken', async () => {
    const dir = project({ 'tsconfig.json': '{ "compilerOptions": { "strict": true,\n', 'src/add.ts': CLEAN_TS });
    const run = await cli([], dir);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^socket-errors: broken tsconfig\.json: '}' expected at line 2, column 1\n$/);
    // Without type information the tsconfig is not read at all.
    expect((await cli(['--no-type-aware'], dir)).status).toBe(0);
  });

  it('exits 2 when the tsconfig.json extends a file that does not exist', async () => {
    const dir = project({ 'tsconfig.json': '{ "extends": "./base.json" }', 'src/add.ts': CLEAN_TS });
    const run = await cli([], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^socket-errors: broken tsconfig\.json: .*base\.json.*\n$/);
  });

  it('asks for npm install, not a broken tsconfig, when an extended package is not installed', async () => {
    const dir = project({ 'tsconfig.json': '{ "extends": "@tsconfig/node20/tsconfig.json", "include": ["src"] }', 'src/add.ts': CLEAN_TS });
    expect(await cli([], dir)).toEqual({
      status: 2,
      stdout: '',
      stderr:
        "socket-errors: tsconfig.json extends @tsconfig/node20, which is not installed: run npm install (or your package manager's install) first, or pass --no-type-aware to audit by syntax only\n",
    });
    // Also through a local base file, and for an unscoped package.
    const nested = project({
      'tsconfig.json': '{ "extends": "./tsconfig.base.json" }',
      'tsconfig.base.json': '{ "extends": ["tsconfig-strictest"] }',
      'src/add.ts': CLEAN_TS,
    });
    expect((await cli([], nested)).stderr).toMatch(/^socket-errors: tsconfig\.json extends tsconfig-strictest, which is not installed: run npm install/);
    expect((await cli(['--no-type-aware'], dir)).status).toBe(0);
  });

  it('finds the package an extends names (unit)', () => {
    expect(['@tsconfig/node20/tsconfig.json', '@tsconfig/strictest', 'tsconfig-x/base.json', './base.json', '../x.json', '/abs.json', 'C:/x.json'].map(packageName)).toEqual([
      '@tsconfig/node20',
      '@tsconfig/strictest',
      'tsconfig-x',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('exits 2 on --type-aware without any tsconfig.json', async () => {
    const dir = project({ 'src/greet.js': CLEAN_JS });
    expect(await cli(['--type-aware'], dir)).toEqual({
      status: 2,
      stdout: '',
      stderr: 'socket-errors: --type-aware needs a tsconfig.json in the scanned directory or one of its parents\n',
    });
  });
});

// ---------------------------------------------------------------------------------------------
// SARIF: the essential SARIF 2.1.0 requirements, checked by hand (no schema download at test time).

const SARIF_LEVELS = ['none', 'note', 'warning', 'error'];
const isAbsoluteUri = (value: unknown) => typeof value === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(value);
/** A URI reference: no spaces, backslashes or other characters that must be percent-encoded. */
const isUriReference = (value: unknown) => typeof value === 'string' && value !== '' && !/[\s\\"<>^`{|}]/.test(value);

function sarifProblems(log: unknown): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const sarif = log as SarifLog;
  check(typeof sarif === 'object' && sarif !== null, 'log is an object');
  check(isAbsoluteUri(sarif.$schema) && sarif.$schema.endsWith('sarif-schema-2.1.0.json'), '$schema names SARIF 2.1.0');
  check(sarif.version === '2.1.0', 'version is "2.1.0"');
  check(Array.isArray(sarif.runs) && sarif.runs.length === 1, 'exactly one run');
  for (const run of sarif.runs ?? []) {
    const driver = run.tool?.driver;
    check(typeof driver?.name === 'string' && driver.name !== '', 'tool.driver.name');
    check(typeof driver?.version === 'string', 'tool.driver.version');
    check(isAbsoluteUri(driver?.informationUri), 'tool.driver.informationUri is absolute');
    const rules = driver?.rules ?? [];
    check(Array.isArray(driver?.rules), 'tool.driver.rules is an array');
    check(new Set(rules.map((r) => r.id)).size === rules.length, 'rule ids are unique');
    for (const rule of rules) {
      check(typeof rule.id === 'string' && rule.id !== '', 'rule.id');
      check(typeof rule.shortDescription?.text === 'string' && rule.shortDescription.text !== '', `${rule.id}: shortDescription.text`);
      check(rule.helpUri === undefined || isAbsoluteUri(rule.helpUri), `${rule.id}: helpUri is absolute`);
      check(rule.defaultConfiguration === undefined || SARIF_LEVELS.includes(rule.defaultConfiguration.level), `${rule.id}: level`);
    }
    const notificationIds = (driver?.notifications ?? []).map((n) => n.id);
    const baseIds = run.originalUriBaseIds ?? {};
    for (const [id, base] of Object.entries(baseIds)) {
      check(isAbsoluteUri(base.uri) && base.uri.endsWith('/'), `originalUriBaseIds.${id} is an absolute directory URI`);
    }
    check(['utf16CodeUnits', 'unicodeCodePoints'].includes(run.columnKind), 'columnKind');
    const checkLocation = (location: SarifLog['runs'][0]['results'][0]['locations'][0], where: string) => {
      const artifact = location.physicalLocation?.artifactLocation;
      check(isUriReference(artifact?.uri), `${where}: artifactLocation.uri is a URI reference`);
      if (artifact?.uriBaseId !== undefined) {
        check(artifact.uriBaseId in baseIds, `${where}: uriBaseId is defined`);
        check(!isAbsoluteUri(artifact.uri) && !artifact.uri.startsWith('/'), `${where}: uri is relative to its base`);
      } else {
        check(isAbsoluteUri(artifact?.uri), `${where}: uri without a base is absolute`);
      }
      const region = location.physicalLocation?.region;
      if (region) {
        const positive = (n: unknown) => Number.isInteger(n) && (n as number) >= 1;
        check(positive(region.startLine), `${where}: region.startLine >= 1`);
        check(region.startColumn === undefined || positive(region.startColumn), `${where}: region.startColumn >= 1`);
        check(region.endLine === undefined || (positive(region.endLine) && region.endLine >= region.startLine), `${where}: endLine`);
        check(region.endColumn === undefined || positive(region.endColumn), `${where}: endColumn >= 1`);
        if (region.endColumn !== undefined && (region.endLine ?? region.startLine) === region.startLine) {
          check(region.endColumn >= (region.startColumn ?? 1), `${where}: endColumn >= startColumn on one line`);
        }
      }
    };
    check(Array.isArray(run.results), 'results is an array');
    for (const [i, result] of (run.results ?? []).entries()) {
      const where = `results[${i}]`;
      check(typeof result.ruleId === 'string', `${where}: ruleId`);
      check(rules[result.ruleIndex]?.id === result.ruleId, `${where}: ruleIndex points at its rule`);
      check(SARIF_LEVELS.includes(result.level), `${where}: level`);
      check(typeof result.message?.text === 'string' && result.message.text !== '', `${where}: message.text`);
      check(Array.isArray(result.locations) && result.locations.length > 0, `${where}: locations`);
      for (const location of result.locations ?? []) checkLocation(location, where);
      const fingerprints = Object.values(result.partialFingerprints ?? {});
      check(fingerprints.length > 0 && fingerprints.every((f) => typeof f === 'string' && f !== ''), `${where}: partialFingerprints`);
    }
    for (const invocation of run.invocations ?? []) {
      check(typeof invocation.executionSuccessful === 'boolean', 'invocation.executionSuccessful');
      for (const [i, notification] of (invocation.toolExecutionNotifications ?? []).entries()) {
        const where = `toolExecutionNotifications[${i}]`;
        check(SARIF_LEVELS.includes(notification.level), `${where}: level`);
        check(typeof notification.message?.text === 'string', `${where}: message.text`);
        check(notificationIds[notification.descriptor.index] === notification.descriptor.id, `${where}: descriptor`);
        for (const location of notification.locations ?? []) checkLocation(location, where);
      }
    }
  }
  return problems;
}

describe('SARIF', () => {
  it('is valid SARIF 2.1.0 listing the config rules, with parse errors as tool notifications', async () => {
    const dir = project({ 'src/greet.js': CLEAN_JS, 'src/my handlers/broken #1.js': BROKEN });
    const run = await cli(['--format', 'sarif'], dir);
    expect(run.status).toBe(1);
    const [eslintView] = (JSON.parse((await cli(['--format', 'json', 'src/my handlers'], dir)).stdout) as { messages: { line: number; column: number }[] }[])[0]!.messages;
    const log = JSON.parse(run.stdout) as SarifLog;
    expect(sarifProblems(log)).toEqual([]);
    const [sarifRun] = log.runs;
    expect(sarifRun.tool.driver).toMatchObject({ name: 'socket-errors', version: pkg.version });
    expect(sarifRun.tool.driver.rules.map((r) => r.id).sort()).toEqual(Object.keys(plugin.configs.recommended.rules ?? {}).sort());
    expect(sarifRun.results).toEqual([]);
    const [notification, ...others] = sarifRun.invocations[0].toolExecutionNotifications;
    expect(others).toEqual([]);
    expect(notification).toMatchObject({
      level: 'error',
      descriptor: { id: 'socket-errors/parse-error' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'src/my%20handlers/broken%20%231.js', uriBaseId: '%SRCROOT%' },
            region: { startLine: eslintView!.line, startColumn: eslintView!.column },
          },
        },
      ],
    });
    expect(notification!.message.text).toMatch(/^Parsing error/);
    expect(sarifRun.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`file://${dir}/`);
  });

  it('writes findings as results pointing at their rule, with 1-based regions (unit)', () => {
    const root = path.join(os.tmpdir(), 'app');
    const log = toSarif(
      [
        {
          filePath: path.join(root, 'src/proxy.ts'),
          messages: [
            { ruleId: 'socket-errors/b-rule', severity: 2, message: 'Handle ECONNRESET.', line: 3, column: 5, endLine: 3, endColumn: 17 },
            { ruleId: 'socket-errors/a-rule', severity: 1, message: 'Add a listener.', line: 10, column: 1, endLine: 12, endColumn: 2 },
            { ruleId: 'socket-errors/unlisted', severity: 2, message: 'Something.', line: 1, column: 1 },
          ],
        },
        { filePath: path.join(os.tmpdir(), 'elsewhere/x.js'), messages: [{ ruleId: null, severity: 1, message: 'File not audited.' }] },
      ],
      {
        root,
        tool: { name: 'socket-errors', version: '1.2.3', informationUri: 'https://example.test/socket-errors' },
        rules: {
          'socket-errors/b-rule': { type: 'problem', docs: { description: 'B rule', url: 'https://example.test/b' } },
          'socket-errors/a-rule': { type: 'problem', docs: { description: 'A rule' } },
        },
      },
    );
    expect(sarifProblems(log)).toEqual([]);
    const [run] = log.runs;
    expect(run.tool.driver.rules.map((r) => [r.id, r.shortDescription.text, r.helpUri])).toEqual([
      ['socket-errors/a-rule', 'A rule', undefined],
      ['socket-errors/b-rule', 'B rule', 'https://example.test/b'],
      ['socket-errors/unlisted', 'socket-errors/unlisted', undefined],
    ]);
    expect(run.results.map((r) => [r.ruleId, r.ruleIndex, r.level, r.message.text, r.locations[0]!.physicalLocation.region])).toEqual([
      ['socket-errors/b-rule', 1, 'error', 'Handle ECONNRESET.', { startLine: 3, startColumn: 5, endLine: 3, endColumn: 17 }],
      ['socket-errors/a-rule', 0, 'warning', 'Add a listener.', { startLine: 10, startColumn: 1, endLine: 12, endColumn: 2 }],
      ['socket-errors/unlisted', 2, 'error', 'Something.', { startLine: 1, startColumn: 1 }],
    ]);
    expect(run.results[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'src/proxy.ts', uriBaseId: '%SRCROOT%' });
    const [notification] = run.invocations[0].toolExecutionNotifications;
    expect(notification).toMatchObject({ level: 'warning', descriptor: { id: 'socket-errors/file-not-audited' } });
    expect(notification!.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: `file://${path.join(os.tmpdir(), 'elsewhere/x.js')}` },
    });
  });

  it('fingerprints each finding by rule, file and line text, stable when lines above it move (unit)', () => {
    const root = path.join(os.tmpdir(), 'app');
    const code = [
      "import net from 'node:net';",
      'const socket = net.connect(80);',
      "if (err.code === 'ECONNRESTE') retry();",
      "if (err.code === 'ECONNRESTE') retry();",
    ];
    const fingerprints = (source: string, offset: number, file = 'src/retry.ts', ruleId = 'socket-errors/no-unknown-error-code') => {
      const log = toSarif(
        [
          {
            filePath: path.join(root, file),
            source,
            messages: [3, 4].map((line) => ({ ruleId, severity: 2, message: `Typo (message ${line}).`, line: line + offset, column: 19 })),
          },
        ],
        { root, tool: { name: 'socket-errors', version: '1.2.3', informationUri: 'https://example.test/' }, rules: {} },
      );
      expect(sarifProblems(log)).toEqual([]);
      return log.runs[0].results.map((r) => r.partialFingerprints.primaryLocationLineHash);
    };
    const before = fingerprints(code.join('\n'), 0);
    expect(before).toEqual([expect.stringMatching(/^[0-9a-f]{32}:1$/), expect.stringMatching(/^[0-9a-f]{32}:2$/)]);
    expect(before[0]!.split(':')[0]).toBe(before[1]!.split(':')[0]); // same text: told apart by occurrence
    // Three lines added above, the finding's own line re-indented, Windows line ends: same alerts.
    const moved = ['// retry policy', '', "import { retry } from './retry.js';", ...code.slice(0, 2), ...code.slice(2).map((l) => `    ${l}`)];
    expect(fingerprints(moved.join('\r\n'), 3)).toEqual(before);
    // Another rule, another file or another line text: another alert.
    expect(fingerprints(code.join('\n'), 0, 'src/other.ts')[0]).not.toBe(before[0]);
    expect(fingerprints(code.join('\n'), 0, undefined, 'socket-errors/exhaustive-error-codes')[0]).not.toBe(before[0]);
    expect(fingerprints(code.join('\n').replaceAll('retry()', 'reconnect()'), 0)[0]).not.toBe(before[0]);
  });

  it('encodes file paths as URI references (unit)', () => {
    const root = path.join(os.tmpdir(), 'app');
    expect(artifactLocationFor(path.join(root, 'a b/c?d#e.ts'), root).uri).toBe('a%20b/c%3Fd%23e.ts');
    expect(artifactLocationFor(path.join(root, '@scope/pkg/ünï.js'), root).uri).toBe('@scope/pkg/%C3%BCn%C3%AF.js');
    expect(artifactLocationFor(path.join(root, 'c:odd/x.js'), root).uri).toBe('c%3Aodd/x.js');
    expect(artifactLocationFor(path.join(root, '..hidden/x.js'), root)).toEqual({ uri: '..hidden/x.js', uriBaseId: '%SRCROOT%' });
    expect(artifactLocationFor(path.join(root, '../x.js'), root)).toEqual({ uri: `file://${path.join(os.tmpdir(), 'x.js')}` });
  });

  it('rejects a log with broken essentials (the validator itself can fail)', () => {
    const broken = {
      $schema: 'sarif.json',
      version: '2.0.0',
      runs: [
        {
          tool: { driver: { name: '', version: '1', informationUri: 'x', rules: [{ id: 'r', shortDescription: { text: 'R' } }] } },
          columnKind: 'utf16CodeUnits',
          originalUriBaseIds: {},
          results: [
            {
              ruleId: 'r',
              ruleIndex: 3,
              level: 'fatal',
              message: { text: 'm' },
              locations: [{ physicalLocation: { artifactLocation: { uri: 'a\\b.js', uriBaseId: '%SRCROOT%' }, region: { startLine: 0, startColumn: 0 } } }],
            },
          ],
          invocations: [],
        },
      ],
    };
    expect(sarifProblems(broken)).toEqual([
      '$schema names SARIF 2.1.0',
      'version is "2.1.0"',
      'tool.driver.name',
      'tool.driver.informationUri is absolute',
      'results[0]: ruleIndex points at its rule',
      'results[0]: level',
      'results[0]: artifactLocation.uri is a URI reference',
      'results[0]: uriBaseId is defined',
      'results[0]: region.startLine >= 1',
      'results[0]: region.startColumn >= 1',
      'results[0]: partialFingerprints',
    ]);
  });
});

describe('summary and progress', () => {
  it('counts findings per rule, most first (unit)', () => {
    const finding = (ruleId: string | null, severity = 2, fatal = false) => ({ ruleId, severity, fatal });
    const text = formatSummary({
      results: [
        { messages: [finding('socket-errors/require-error-listener'), finding('socket-errors/no-unknown-error-code')], fixableErrorCount: 1, fixableWarningCount: 0 },
        { messages: [finding('socket-errors/require-error-listener'), finding(null, 2, true)], fixableErrorCount: 0, fixableWarningCount: 0 },
      ],
      filesScanned: 2,
      elapsedMs: 1234,
      mode: 'syntax only',
      fixed: false,
    });
    expect(text).toBe(
      [
        'Findings by rule                      errors  warnings',
        '------------------------------------------------------',
        'socket-errors/require-error-listener       2         0',
        'parse errors (files not audited)           1         0',
        'socket-errors/no-unknown-error-code        1         0',
        '',
        'Scanned 2 files in 1.2 s, syntax only: 4 errors, 0 warnings.',
        '1 problem can be fixed automatically: run again with --fix.',
        '',
      ].join('\n'),
    );
  });

  it('draws a counter on a terminal after a delay, throttled, and erases it (unit)', () => {
    let clock = 0;
    const written: string[] = [];
    const progress = new Progress({ isTTY: true, columns: 60, write: (s) => written.push(s) }, () => clock, 500, 100);
    progress.tick('src/a.ts'); // before the delay: quiet
    clock = 600;
    progress.tick('src/b.ts');
    clock = 650;
    progress.tick('src/c.ts'); // within the interval: not redrawn
    clock = 800;
    progress.tick('src/d.ts');
    progress.done();
    expect(written).toEqual([
      '\r\x1b[2Ksocket-errors: 2 files linted, now src/b.ts',
      '\r\x1b[2Ksocket-errors: 4 files linted, now src/d.ts',
      '\r\x1b[2K',
    ]);
  });

  it('keeps the counter on one line of a narrow terminal (unit)', () => {
    let clock = 1000;
    const written: string[] = [];
    const progress = new Progress({ isTTY: true, columns: 50, write: (s) => written.push(s) }, () => (clock += 200), 0, 0);
    progress.tick('packages/transport/src/reconnecting-socket.ts');
    progress.tick('a.ts');
    for (const line of written) expect(line.replace('\r\x1b[2K', '').length).toBeLessThanOrEqual(49);
    expect(written).toEqual([
      '\r\x1b[2Ksocket-errors: 1 files linted, now …ing-socket.ts',
      '\r\x1b[2Ksocket-errors: 2 files linted, now a.ts',
    ]);
    const tiny: string[] = [];
    new Progress({ isTTY: true, columns: 30, write: (s) => tiny.push(s) }, () => (clock += 200), 0, 0).tick('a.ts');
    expect(tiny).toEqual(['\r\x1b[2Ksocket-errors: 1 files linted']);
  });

  it('never writes progress to a stream that is not a terminal (unit)', () => {
    let clock = 0;
    const written: string[] = [];
    const progress = new Progress({ isTTY: false, write: (s) => written.push(s) }, () => clock);
    for (clock = 0; clock < 5000; clock += 200) progress.tick('src/a.ts');
    progress.done();
    expect(written).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// RULE-DEPENDENT: these tests need real rules of the plugin. Each fixture names the rule it relies
// on; a fixture runs as soon as its rule is in the `recommended` config, and the first test fails
// while none of them is.

interface RuleFixture {
  file: string;
  code: string;
  /** 1-based line the rule reports. */
  line: number;
}

const FINDING_FIXTURES: Record<string, RuleFixture> = {
  // A reset is handled (the socket leaves the pool at once); its siblings (EPIPE, ENOTCONN...) are only logged.
  'exhaustive-error-codes': {
    file: 'src/client.ts',
    code: `import net from 'node:net';

const pool = new Set<net.Socket>();

export function connect(port: number): net.Socket {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('close', () => pool.delete(socket));
  pool.add(socket);
  socket.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'ECONNRESET') {
      pool.delete(socket);
      return;
    }
    console.error('socket error', err);
  });
  return socket;
}
`,
    line: 10,
  },
  // A typo in a code: the comparison can never be true.
  'no-unknown-error-code': {
    file: 'src/retry.ts',
    code: `export function isReset(err: NodeJS.ErrnoException): boolean {
  return err.code === 'ECONNRESTE';
}
`,
    line: 2,
  },
};

/** Fixtures whose rule has an autofix; the tests check the fix, not its exact text. */
const FIX_FIXTURES: Record<string, Omit<RuleFixture, 'line'>> = {
  // end() inside the socket's own 'error' listener: the socket is already destroyed.
  'cleanup-dead-socket': {
    file: 'src/server.js',
    code: `import net from 'node:net';

export const server = net.createServer((socket) => {
  socket.on('error', () => {
    socket.end();
  });
});
`,
  },
  // A routine reset while the connection ends would crash the process.
  'no-fatal-close-errors': {
    file: 'src/server.js',
    code: `import net from 'node:net';

export const server = net.createServer((socket) => {
  socket.on('error', (err) => {
    throw err;
  });
});
`,
  },
};

const recommendedRules = plugin.configs.recommended.rules ?? {};
const inRecommended = (name: string) => `socket-errors/${name}` in recommendedRules;
const findingRules = Object.keys(FINDING_FIXTURES).filter(inRecommended);
const fixRules = Object.keys(FIX_FIXTURES).filter((name) => inRecommended(name) && plugin.rules[name]?.meta.fixable);

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; column: number; fatal?: boolean }[];
}

describe('RULE-DEPENDENT: real findings', () => {
  it(`has a real rule to audit with (one of ${Object.keys(FINDING_FIXTURES).join(', ')})`, () => {
    expect(findingRules.length).toBeGreaterThan(0);
  });

  describe.each(findingRules)('with %s', (name) => {
    const ruleId = `socket-errors/${name}`;
    const fixture = FINDING_FIXTURES[name]!;

    it('exits 1 and reports the finding in every format', async () => {
      const dir = project({ [fixture.file]: fixture.code, 'src/greet.js': CLEAN_JS });

      const stylish = binary([], dir); // the built binary: its exit code is the audit's
      expect(stylish.status).toBe(1);
      expect(stylish.stdout).toMatch(new RegExp(`\\n {2}${fixture.line}:\\d+ +error .* ${ruleId}\\n`));
      expect(stylish.stdout).toMatch(new RegExp(`\\n${ruleId} +1 +0\\n`));
      expect(stylish.stdout).toMatch(/Scanned 2 files in .*: 1 error, 0 warnings\.\n/);

      const json = await cli(['--format', 'json'], dir);
      expect(json.status).toBe(1);
      const messages = (JSON.parse(json.stdout) as JsonResult[]).flatMap((r) => r.messages);
      expect(messages.map((m) => [m.ruleId, m.line])).toEqual([[ruleId, fixture.line]]);

      const sarif = await cli(['--format', 'sarif'], dir);
      expect(sarif.status).toBe(1);
      const log = JSON.parse(sarif.stdout) as SarifLog;
      expect(sarifProblems(log)).toEqual([]);
      const [result, ...rest] = log.runs[0].results;
      expect(rest).toEqual([]);
      expect(result).toMatchObject({ ruleId, level: 'error' });
      expect(result!.message.text).not.toBe('');
      expect(result!.locations[0]!.physicalLocation).toMatchObject({
        artifactLocation: { uri: fixture.file, uriBaseId: '%SRCROOT%' },
        region: { startLine: fixture.line, startColumn: messages[0]!.column },
      });
      const rule = log.runs[0].tool.driver.rules[result!.ruleIndex]!;
      expect(rule.helpUri).toBe(plugin.rules[name]!.meta.docs!.url);
      expect(rule.shortDescription.text).toBe(plugin.rules[name]!.meta.docs!.description);
    });

    it('keeps the SARIF fingerprint of the finding when lines are added above it', async () => {
      const dir = project({ [fixture.file]: fixture.code });
      const sarif = async () => (JSON.parse((await cli(['--format', 'sarif'], dir)).stdout) as SarifLog).runs[0].results;
      const [before] = await sarif();
      writeFileSync(path.join(dir, fixture.file), `// Owned by the networking team.\n// See docs/retry.md.\n\n${fixture.code}`);
      const [after] = await sarif();
      expect(after!.locations[0]!.physicalLocation.region!.startLine).toBe(fixture.line + 3);
      expect(after!.partialFingerprints).toEqual(before!.partialFingerprints);
    });

    it('honours an eslint-disable comment for the rule', async () => {
      const lines = fixture.code.split('\n');
      lines.splice(fixture.line - 1, 0, `// eslint-disable-next-line ${ruleId} -- deliberate in this test`);
      const dir = project({ [fixture.file]: lines.join('\n') });
      expect((await cli([], dir)).status).toBe(0);
    });
  });
});

describe('--fix', () => {
  it.skipIf(fixRules.length === 0)(
    `RULE-DEPENDENT: writes the fixes of ${fixRules.join(', ') || 'a fixable rule (none in recommended yet)'}, and a second run changes nothing`,
    async () => {
      for (const name of fixRules) {
        const fixture = FIX_FIXTURES[name]!;
        const dir = project({ [fixture.file]: fixture.code });
        const file = path.join(dir, fixture.file);
        const before = JSON.parse((await cli(['--format', 'json'], dir)).stdout) as JsonResult[];
        expect(before[0]!.messages.map((m) => m.ruleId)).toContain(`socket-errors/${name}`);

        await cli(['--fix'], dir);
        const fixed = readFileSync(file, 'utf8');
        expect(fixed).not.toBe(fixture.code);
        const after = JSON.parse((await cli(['--format', 'json'], dir)).stdout) as JsonResult[];
        expect(after[0]!.messages.filter((m) => m.ruleId === `socket-errors/${name}` || m.fatal)).toEqual([]);

        await cli(['--fix'], dir);
        expect(readFileSync(file, 'utf8')).toBe(fixed);
      }
    },
  );

  it('writes fixes through ESLint.outputFixes, and leaves files alone without --fix (in-process, test-only rule)', async () => {
    // The plumbing from --fix to the files, independent of which real rules exist: a rule is
    // added to this test's copy of the plugin for the duration of the test.
    const { main } = await import('../src/cli/main.js');
    const { rules } = plugin;
    const ruleId = 'socket-errors/cli-test-typo';
    rules['cli-test-typo'] = {
      meta: { type: 'problem', fixable: 'code', schema: [], messages: { typo: 'Typo.' }, docs: { description: 'Test', recommended: 'recommended' } },
      defaultOptions: [],
      create: (context) => ({
        Literal(node) {
          if (node.value === 'ECONNRESTE') {
            context.report({ node, messageId: 'typo', fix: (fixer) => fixer.replaceText(node, "'ECONNRESET'") });
          }
        },
      }),
    };
    recommendedRules[ruleId] = 'error';
    try {
      const code = "export const isReset = (err) => err.code === 'ECONNRESTE';\n";
      const dir = project({ 'src/reset.js': code });
      const file = path.join(dir, 'src/reset.js');
      const io = () => {
        const out = { stdout: '', stderr: '' };
        return { out, io: { cwd: dir, stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) } } };
      };

      const report = io();
      expect(await main([], report.io)).toBe(1);
      expect(report.out.stdout).toContain('1 problem can be fixed automatically: run again with --fix.');
      expect(readFileSync(file, 'utf8')).toBe(code);

      const fix = io();
      expect(await main(['--fix'], fix.io)).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe("export const isReset = (err) => err.code === 'ECONNRESET';\n");
      expect(fix.out.stdout).toMatch(/^Scanned 1 file in .*: no problems found\.\n$/);
    } finally {
      delete rules['cli-test-typo'];
      delete recommendedRules[ruleId];
    }
  });
});

describe('crashes', () => {
  it('exits 2 with one line naming the file and the rule when a rule throws (in-process, test-only rule)', async () => {
    const { main } = await import('../src/cli/main.js');
    const { rules } = plugin;
    rules['cli-test-throws'] = {
      meta: { type: 'problem', schema: [], messages: {}, docs: { description: 'Test', recommended: 'recommended' } },
      defaultOptions: [],
      create: () => ({
        CallExpression() {
          throw new TypeError("Cannot read properties of undefined (reading 'name')");
        },
      }),
    };
    recommendedRules['socket-errors/cli-test-throws'] = 'error';
    try {
      const dir = project({ 'src/server.js': CLEAN_JS, 'src/boot.js': 'export const start = () => {};\n\nstart();\n' });
      let stdout = '';
      let stderr = '';
      const status = await main([], { cwd: dir, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
      expect(status).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        "socket-errors: crashed: Cannot read properties of undefined (reading 'name') (while linting src/boot.js:3, rule socket-errors/cli-test-throws); set SOCKET_ERRORS_DEBUG=1 to see the stack\n",
      );
    } finally {
      delete rules['cli-test-throws'];
      delete recommendedRules['socket-errors/cli-test-throws'];
    }
  });
});

describe('pipes', () => {
  it('exits with the audit result, not a crash, when the reader closes stdout early (EPIPE)', async () => {
    const dir = project({ 'src/broken.js': BROKEN });
    const child = spawn(process.execPath, [bin, '--format', 'sarif'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // like `| head -c 0`
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [status] = (await once(child, 'close')) as [number | null];
    expect(stderr).toBe('');
    expect(status).toBe(1);
  });
});

/**
 * The real-bug benchmark's pure parts on a made-up manifest: what counts as a hit, what counts as
 * "fewer findings at the fix", the tables, the manifest checks, and how a repository's git dir is
 * found among fetched snapshots. No git and no linting here: that is `npm run bench:real`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  buildTables,
  checkEntry,
  configsFor,
  findingsAt,
  judge,
  markdownTable,
  mergeFixes,
  packageRoot,
  precisionFiles,
  resolveGitDir,
  treeTsconfig,
} from '../bench/real-bugs/run.mjs';

const missingListener = {
  id: 'proxy-upgrade-no-listener',
  repo: 'example/proxy',
  fix: 'a'.repeat(40),
  parent: 'b'.repeat(40),
  file: 'lib/proxy.js',
  lines: [40, 44],
  fixedLines: [40, 47],
  rule: 'require-error-listener',
  category: 1,
  language: 'js',
  why: 'the upgrade socket is written to before any error listener exists',
};
const silentSwitch = {
  ...missingListener,
  id: 'retry-switch-drops-epipe',
  file: 'src/retry.ts',
  lines: [10, 20],
  fixedLines: [10, 22],
  rule: 'exhaustive-error-codes',
  category: 'other',
  language: 'ts',
};

const finding = (rule: string, line: number) => ({ ruleId: `socket-errors/${rule}`, line, message: '' });

describe('hits', () => {
  it('counts the manifest rule within the bug lines and three lines either side', () => {
    const messages = [finding('require-error-listener', 37), finding('require-error-listener', 48)];
    expect(findingsAt(messages, 'require-error-listener', [40, 44])).toHaveLength(1);
    expect(findingsAt(messages, 'require-error-listener', [40, 44], 4)).toHaveLength(2);
  });

  it('does not count another rule at the same place, but names it', () => {
    const verdict = judge(missingListener, [finding('no-use-after-dead', 41)], []);
    expect(verdict.hit).toBe(false);
    expect(verdict.otherRules).toEqual(['no-use-after-dead']);
  });

  it('says whether the fixed file draws fewer findings at the fixed lines', () => {
    const atBug = [finding('require-error-listener', 41)];
    expect(judge(missingListener, atBug, []).fewer).toBe(true);
    expect(judge(missingListener, atBug, [finding('require-error-listener', 46)]).fewer).toBe(false);
    // A miss cannot get fewer.
    expect(judge(missingListener, [], []).fewer).toBe(false);
  });
});

describe('tables', () => {
  const results = [
    {
      fix: missingListener,
      verdicts: {
        recommended: judge(missingListener, [finding('require-error-listener', 42)], []),
        strict: judge(missingListener, [finding('require-error-listener', 42)], []),
      },
    },
    {
      fix: silentSwitch,
      verdicts: {
        recommended: judge(silentSwitch, [], []),
        strict: judge(silentSwitch, [finding('exhaustive-error-codes', 12)], [finding('exhaustive-error-codes', 12)]),
        'recommended-type-checked': judge(silentSwitch, [], []),
      },
    },
  ];
  const tables = buildTables(results);

  it('gives recall and fewer-at-the-fix per config', () => {
    expect(tables.overall.rows).toEqual([
      ['recommended', '2', '1/2 (50%)', '1/2 (50%)', '1/1 (100%)', '0'],
      ['strict', '2', '2/2 (100%)', '1/2 (50%)', '1/2 (50%)', '0'],
      ['recommended-type-checked', '1', '0/1 (0%)', '0/1 (0%)', '0/0 (–)', '0'],
    ]);
  });

  it('gives recall per rule and per category, leaving out empty rows', () => {
    expect(tables.byRule.rows.map((row) => row[0])).toEqual(['require-error-listener', 'exhaustive-error-codes']);
    expect(tables.byCategory.rows).toEqual([
      ['1. socket crosses a function or module', '1', '1/1 (100%)', '1/1 (100%)', '0/0 (–)'],
      ['other (direct shapes)', '1', '0/1 (0%)', '1/1 (100%)', '0/1 (0%)'],
    ]);
  });

  it('prints markdown', () => {
    expect(markdownTable({ header: ['a', 'b'], rows: [['1', 'x|y']] })).toBe('| a | b |\n| --- | --- |\n| 1 | x\\|y |');
  });
});

describe('manifest', () => {
  it('accepts a well-formed entry and names what is wrong with a bad one', () => {
    expect(checkEntry(missingListener)).toEqual([]);
    expect(checkEntry({ ...missingListener, fix: 'abc123', rule: 'no-such-rule', lines: [9, 3] })).toEqual([
      'fix is not a 40-hex commit',
      'lines is not [start, end]',
      'unknown rule no-such-rule',
    ]);
  });

  it('keeps to well-formed entries in the committed manifest', () => {
    const manifest = JSON.parse(readFileSync(path.join(import.meta.dirname, '../bench/real-bugs/manifest.json'), 'utf8')) as {
      fixes: Parameters<typeof checkEntry>[0][];
      precisionProjects: unknown[];
    };
    expect(manifest.fixes.flatMap((fix) => checkEntry(fix).map((problem) => `${fix.id}: ${problem}`))).toEqual([]);
    expect(manifest.precisionProjects.length).toBeGreaterThanOrEqual(12);
  });

  it('lints the sources of a precision project, not its tests or type declarations', () => {
    const paths = ['lib/server.js', 'lib/server.test.js', 'lib/types.d.ts', 'test/a.js', 'index.js', 'lib/examples/x.js', 'README.md'];
    expect(precisionFiles(paths, ['lib', 'index.js'])).toEqual(['lib/server.js', 'index.js']);
  });
});

describe('finding fetched repositories', () => {
  it('resolves owner/name to the git dir inside an owner+name folder, whatever the child is called', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'real-bugs-'));
    try {
      // A git dir is a folder with HEAD and objects/.
      for (const gitDir of ['Example+Proxy/repo', 'other+thing/thing.git', 'nested/third+lib', 'fourth+app/repo/.git']) {
        mkdirSync(path.join(root, gitDir, 'objects'), { recursive: true });
        writeFileSync(path.join(root, gitDir, 'HEAD'), 'ref: refs/heads/main\n');
      }
      expect(resolveGitDir(root, 'example/proxy')).toBe(path.join(root, 'Example+Proxy/repo'));
      expect(resolveGitDir(root, 'other/thing')).toBe(path.join(root, 'other+thing/thing.git'));
      expect(resolveGitDir(root, 'third/lib')).toBe(path.join(root, 'nested/third+lib'));
      expect(resolveGitDir(root, 'fourth/app')).toBe(path.join(root, 'fourth+app/repo/.git'));
      expect(resolveGitDir(root, 'nobody/nothing')).toBeNull();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('merging another batch', () => {
  it('adds new fixes and keeps one entry per repository and fix commit', () => {
    const sameFixOtherId = { ...missingListener, id: 'proxy-upgrade-no-listener-b', repo: 'Example/Proxy' };
    const merged = mergeFixes([missingListener], [sameFixOtherId, { ...silentSwitch, fix: 'c'.repeat(40) }]);
    expect(merged.fixes.map((f) => f.id)).toEqual(['proxy-upgrade-no-listener', 'retry-switch-drops-epipe']);
    expect(merged.duplicates.map((f) => f.id)).toEqual(['proxy-upgrade-no-listener-b']);
  });
});

describe('typed runs see the fix\'s package', () => {
  it('finds the package of a file: the folder of the nearest package.json above it, or the root', () => {
    const paths = ['package.json', 'packages/vite/package.json', 'packages/vite/src/node/server/ws.ts', 'node_modules/x/package.json', 'lib/index.ts'];
    expect(packageRoot(paths, 'packages/vite/src/node/server/ws.ts')).toBe('packages/vite');
    expect(packageRoot(paths, 'lib/index.ts')).toBe('');
    expect(packageRoot(['node_modules/x/package.json'], 'node_modules/x/lib/a.js')).toBe('');
  });

  it('makes the file the only root of its program, resolving imports with or without extensions', () => {
    const config = treeTsconfig('src/cmap/connection.ts') as { files: string[]; compilerOptions: Record<string, unknown> };
    expect(config.files).toEqual(['src/cmap/connection.ts']);
    expect(config.compilerOptions).toMatchObject({ moduleResolution: 'Bundler', allowJs: true, noEmit: true });
  });

  it('lints JavaScript fixes typed only when asked', () => {
    expect(configsFor('lib/listener.js')).toEqual(['recommended', 'strict']);
    expect(configsFor('lib/listener.js', true)).toEqual(['recommended', 'strict', 'recommended-type-checked']);
    expect(configsFor('src/index.ts')).toEqual(['recommended', 'strict', 'recommended-type-checked']);
  });
});

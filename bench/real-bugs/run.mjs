#!/usr/bin/env node
/**
 * Real-bug benchmark: does the plugin report the socket bugs that upstream projects really fixed?
 *
 *   npm run bench:real -- <dir>                     recall on every fix of manifest.json
 *   npm run bench:real -- <dir> --only <id>,<id>    a few fixes, with their findings
 *   npm run bench:real -- <dir> --json out.json     also save every result as JSON
 *   npm run bench:real -- <dir> --typed-js          also lint JavaScript fixes typed (allowJs)
 *   npm run bench:real -- <dir> --precision [--out findings.md]
 *                                                   lint the pinned HEAD of `precisionProjects`
 *   node bench/real-bugs/run.mjs --merge other.json add another batch's `fixes` to manifest.json
 *                                                   (same repo and fix commit: kept once)
 *
 * <dir> holds git clones, one folder per repository named `<owner>+<name>` (the git dir is that
 * folder, a child of it such as `<owner>+<name>/repo` or `<owner>+<name>/<name>.git`, or the `.git`
 * of a checkout in either).
 *
 * For each fix, the file is read from the parent commit and from the fix commit (`git show`),
 * written into a temporary project and linted with ESLint's Node API and the built plugin
 * (`npm run build` first): `recommended` and `strict` for every file, `recommended-type-checked`
 * for TypeScript files. For the typed run, the fix's package (the folder of the nearest
 * package.json above the file) is extracted at the parent and at the fix commit (`git archive`),
 * each with a tsconfig.json of its own whose only root is the file: the program holds the file and
 * the project's modules it imports (relative imports resolve), plus this project's @types/node;
 * imports of packages do not resolve (their types are `any`).
 *
 * A hit: the manifest's rule reports a finding whose line lies in the bug's range `lines` of the
 * parent, widened by MARGIN lines on each side (a rule may report at the statement that creates
 * the socket, or at the listener just above the defect). "Fewer at the fix": the same rule draws
 * fewer findings in `fixedLines` (same margin) of the fixed file than in `lines` of the parent.
 *
 * A fix may say whether its bug still happens on today's Node (`node20`: "reproducible", or
 * "not reproducible: <what was measured>", each backed by test/live/manifest-facts.live.test.ts).
 * Recall is printed over all fixes and, beside it, over the fixes not marked "not reproducible".
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '../..');

/** Lines of slack on each side of a bug's range (see the header). */
export const MARGIN = 3;
export const RULES = [
  'require-error-listener',
  'no-fatal-close-errors',
  'cleanup-dead-socket',
  'no-use-after-dead',
  'exhaustive-error-codes',
  'no-unknown-error-code',
];
/** The categories of real bugs of issue #16 §2, and 'other' for the shapes the rules already target. */
export const CATEGORIES = {
  1: 'socket crosses a function or module',
  2: 'hand-off on one branch only',
  3: 'listeners removed',
  4: 'cleanup or listener after an await',
  5: 're-emit without looking',
  6: 'handler behind indirection',
  7: 'wrong liveness assumption',
  other: 'other (direct shapes)',
};
export const CONFIGS = ['recommended', 'strict', 'recommended-type-checked'];
const SOURCE_EXTENSIONS = /\.(?:[cm]?js|[cm]?ts)$/;
const SKIPPED_PATHS = /(?:^|\/)(?:test|tests|__tests__|spec|node_modules|dist|build|coverage|examples?|benchmarks?|fixtures?)\/|\.(?:test|spec)\.[cm]?[jt]s$|\.d\.[cm]?ts$|\.min\.js$/;

// ------------------------------------------------------------------ pure parts (tested)

/** @typedef {{ line: number, ruleId: string | null, message?: string, column?: number, fatal?: boolean }} Finding */
/**
 * @typedef {{ id: string, repo: string, fix: string, parent: string, file: string, lines: number[],
 *   fixedLines?: number[], rule: string, category: number | string, language: string, why: string,
 *   node20?: string }} Fix
 */
/**
 * @typedef {{ hit: boolean, atBug: number, atFix: number | null, fewer: boolean, otherRules: string[],
 *   fatal: boolean, totalFindings: number }} Verdict
 */
/** @typedef {{ fix: Fix, verdicts: Record<string, Verdict | undefined> }} Result */
/** @typedef {{ header: string[], rows: string[][] }} Table */

/**
 * Whether a fix's bug counts as one today's Node still has: all but those whose `node20` says
 * "not reproducible" (a fix without `node20` was not questioned).
 * @param {Fix} fix
 */
export const bugOnNode20 = (fix) => !String(fix.node20 ?? '').startsWith('not reproducible');

/** @param {string} file */
export const isTypeScript = (file) => /\.[cm]?ts$/.test(file);

/**
 * The configs a fix is linted with: the typed one for TypeScript, and for JavaScript too with
 * `--typed-js` (a project whose tsconfig.json has `allowJs`).
 * @param {string} file @param {boolean} [typedJs] @returns {string[]}
 */
export const configsFor = (file, typedJs = false) => (isTypeScript(file) || typedJs ? CONFIGS : CONFIGS.slice(0, 2));

/**
 * Findings of `rule` whose line lies in `[start, end]` widened by `margin`.
 * @param {Finding[]} messages @param {string} rule @param {number[]} range @param {number} [margin]
 * @returns {Finding[]}
 */
export function findingsAt(messages, rule, [start, end], margin = MARGIN) {
  return messages.filter(
    (m) => m.ruleId === `socket-errors/${rule}` && m.line >= start - margin && m.line <= end + margin,
  );
}

/**
 * The verdict of one fix under one config, from the parent's and the fixed file's messages.
 * @param {Fix} fix @param {Finding[]} parentMessages @param {Finding[] | null} fixedMessages @param {number} [margin]
 * @returns {Verdict}
 */
export function judge(fix, parentMessages, fixedMessages, margin = MARGIN) {
  const atBug = findingsAt(parentMessages, fix.rule, fix.lines, margin).length;
  const atFix = fixedMessages ? findingsAt(fixedMessages, fix.rule, fix.fixedLines ?? fix.lines, margin).length : null;
  const ours = (m) => m.ruleId?.startsWith('socket-errors/');
  const otherRules = [
    ...new Set(
      parentMessages
        .filter((m) => ours(m) && m.ruleId !== `socket-errors/${fix.rule}`)
        .filter((m) => m.line >= fix.lines[0] - margin && m.line <= fix.lines[1] + margin)
        .map((m) => String(m.ruleId).replace('socket-errors/', '')),
    ),
  ];
  return {
    hit: atBug > 0,
    atBug,
    atFix,
    fewer: atFix !== null && atFix < atBug,
    otherRules,
    fatal: parentMessages.some((m) => m.fatal),
    totalFindings: parentMessages.filter(ours).length,
  };
}

/** @param {number} n @param {number} d */
const percent = (n, d) => (d === 0 ? '–' : `${Math.round((100 * n) / d)}%`);
/** @param {number} n @param {number} d */
const ratio = (n, d) => `${n}/${d} (${percent(n, d)})`;

/**
 * Recall tables from results `[{ fix, verdicts: { [config]: judge(...) } }]`: per config, per rule
 * and per category (a row per rule/category, a column per config), and the fewer-at-the-fix count.
 * @param {Result[]} results
 * @returns {{ overall: Table, byRule: Table, byCategory: Table, perFix: Table }}
 */
export function buildTables(results) {
  const configs = CONFIGS.filter((c) => results.some((r) => r.verdicts[c]));
  /**
   * @param {(fix: Fix) => unknown} keyOf @param {string[]} keys @param {string} label
   * @param {(key: string) => string} labelOf @returns {Table}
   */
  const rowsBy = (keyOf, keys, label, labelOf) => {
    const header = [label, 'fixes', ...configs];
    const rows = [];
    for (const key of keys) {
      const group = results.filter((r) => String(keyOf(r.fix)) === String(key));
      if (group.length === 0) continue;
      rows.push([
        labelOf(key),
        String(group.length),
        ...configs.map((c) => {
          const judged = group.filter((r) => r.verdicts[c]);
          return ratio(judged.filter((r) => r.verdicts[c].hit).length, judged.length);
        }),
      ]);
    }
    return { header, rows };
  };
  // The recall over the fixes whose bug happens on Node 20, beside the recall over all, once the
  // manifest judges any fix on that.
  const node20 = results.some((r) => r.fix.node20 !== undefined);
  const overall = {
    header: [
      'config',
      'fixes linted',
      'hits (recall)',
      ...(node20 ? ['hits, without bugs gone on Node 20'] : []),
      'fixed file draws fewer at the fix',
      'fewer, among hits',
      'parse errors',
    ],
    rows: configs.map((c) => {
      const judged = results.filter((r) => r.verdicts[c]);
      const hits = judged.filter((r) => r.verdicts[c].hit);
      return [
        c,
        String(judged.length),
        ratio(hits.length, judged.length),
        ...(node20 ? [ratio(hits.filter((r) => bugOnNode20(r.fix)).length, judged.filter((r) => bugOnNode20(r.fix)).length)] : []),
        ratio(judged.filter((r) => r.verdicts[c].fewer).length, judged.length),
        ratio(hits.filter((r) => r.verdicts[c].fewer).length, hits.length),
        String(judged.filter((r) => r.verdicts[c].fatal).length),
      ];
    }),
  };
  const byRule = rowsBy((f) => f.rule, RULES, 'rule', (rule) => rule);
  const byCategory = rowsBy((f) => f.category, Object.keys(CATEGORIES), 'category', (key) =>
    key === 'other' ? CATEGORIES.other : `${key}. ${CATEGORIES[key]}`,
  );
  const perFix = {
    header: ['id', 'rule', 'cat.', ...configs.map((c) => `${c}: parent→fix`), 'other rules at the bug (strict)'],
    rows: results.map((r) => [
      r.fix.id,
      r.fix.rule,
      String(r.fix.category),
      ...configs.map((c) => {
        const v = r.verdicts[c];
        if (!v) return '';
        return `${v.hit ? 'hit' : 'miss'} ${v.atBug}→${v.atFix ?? '?'}${v.fatal ? ' (parse error)' : ''}`;
      }),
      (r.verdicts.strict?.otherRules ?? []).join(', '),
    ]),
  };
  return { overall, byRule, byCategory, perFix };
}

/** A markdown table. @param {Table} table @returns {string} */
export function markdownTable({ header, rows }) {
  const escape = (cell) => String(cell).replaceAll('|', '\\|');
  return [
    `| ${header.map(escape).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

/**
 * Problems of a manifest entry (shape only); an empty list when it is well formed.
 * @param {Partial<Fix>} fix @returns {string[]}
 */
export function checkEntry(fix) {
  const problems = [];
  const hex = /^[0-9a-f]{40}$/;
  if (!fix.id) problems.push('no id');
  if (!/^[^/\s]+\/[^/\s]+$/.test(fix.repo ?? '')) problems.push('repo is not owner/name');
  if (!hex.test(fix.fix ?? '')) problems.push('fix is not a 40-hex commit');
  if (!hex.test(fix.parent ?? '')) problems.push('parent is not a 40-hex commit');
  for (const key of ['lines', 'fixedLines']) {
    const range = fix[key];
    if (!Array.isArray(range) || range.length !== 2 || !(range[0] <= range[1])) problems.push(`${key} is not [start, end]`);
  }
  if (!RULES.includes(fix.rule)) problems.push(`unknown rule ${fix.rule}`);
  if (!(String(fix.category) in CATEGORIES)) problems.push(`unknown category ${fix.category}`);
  if (!['js', 'ts'].includes(fix.language)) problems.push('language is not js or ts');
  if (fix.node20 !== undefined && !/^(?:reproducible|not reproducible: \S.*)$/.test(fix.node20)) {
    problems.push('node20 is not "reproducible" or "not reproducible: <what was measured>"');
  }
  return problems;
}

/**
 * `fixes` plus the entries of `more` that are not already there (same repo and fix commit), in order.
 * @param {Fix[]} fixes @param {Fix[]} more @returns {{ fixes: Fix[], added: Fix[], duplicates: Fix[] }}
 */
export function mergeFixes(fixes, more) {
  const key = (/** @type {Fix} */ f) => `${f.repo.toLowerCase()}@${f.fix}`;
  const seen = new Set(fixes.map(key));
  const ids = new Set(fixes.map((f) => f.id));
  const added = [];
  const duplicates = [];
  for (const fix of more) {
    if (seen.has(key(fix)) || ids.has(fix.id)) {
      duplicates.push(fix);
      continue;
    }
    seen.add(key(fix));
    ids.add(fix.id);
    added.push(fix);
  }
  return { fixes: [...fixes, ...added], added, duplicates };
}

// ------------------------------------------------------------------ git

/**
 * The bare git dir of `owner/name` under `root`: a folder `<owner>+<name>` (or a child of it).
 * @param {string} root @param {string} repo @returns {string | null}
 */
export function resolveGitDir(root, repo) {
  const wanted = repo.replace('/', '+').toLowerCase();
  const isGitDir = (dir) => existsSync(path.join(dir, 'HEAD')) && existsSync(path.join(dir, 'objects'));
  const candidates = [];
  const visit = (dir, depth) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
      const full = path.join(dir, entry.name);
      if (entry.name.toLowerCase() === wanted) candidates.push(full);
      else if (depth > 0 && !isGitDir(full)) visit(full, depth - 1);
    }
  };
  visit(root, 1);
  // The folder itself, a child (`repo`, `<name>.git`), or the `.git` of a checkout in either.
  for (const folder of candidates) {
    const children = readdirSync(folder)
      .map((name) => path.join(folder, name))
      .filter((p) => statSync(p).isDirectory());
    const found = [folder, ...children, ...children.map((c) => path.join(c, '.git'))].find(isGitDir);
    if (found) return found;
  }
  return null;
}

const git = (gitDir, ...args) =>
  execFileSync('git', [`--git-dir=${gitDir}`, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });

// ------------------------------------------------------------------ linting

/** The temporary project: a tsconfig that takes every .ts file in it and this project's @types/node. */
function makeProject(prefix) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: false,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [path.join(repoRoot, 'node_modules/@types')],
    },
    include: ['**/*.ts', '**/*.mts', '**/*.cts'],
  };
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  return dir;
}

/** A package with more source files than this is not extracted: the typed run then sees the file alone. */
const MAX_TREE_FILES = 20000;

/**
 * The folder of the nearest package.json above `file` among the commit's `paths` ('' for the
 * repository's root), outside node_modules.
 * @param {string[]} paths @param {string} file @returns {string}
 */
export function packageRoot(paths, file) {
  const roots = new Set(paths.filter((p) => /(?:^|\/)package\.json$/.test(p) && !p.includes('node_modules/')).map((p) => path.posix.dirname(p)));
  for (let dir = path.posix.dirname(file); dir !== '.'; dir = path.posix.dirname(dir)) if (roots.has(dir)) return dir;
  return '';
}

/**
 * The tsconfig.json of one extracted tree: the file is the program's only root, so the program holds
 * it and the modules it imports (the upstream project's own tsconfigs are not extracted: they name
 * packages and settings that are not installed here). `Bundler` resolution takes both `./x` and `./x.js`.
 * @param {string} file @returns {object}
 */
export function treeTsconfig(file) {
  return {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      allowJs: true,
      strict: false,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [path.join(repoRoot, 'node_modules/@types')],
    },
    files: [file],
  };
}

/**
 * Extracts the package that holds `file` at `commit` into `dest` (bounded in files and time), so
 * that the typed run resolves the file's relative imports. False when it was too large or failed:
 * the file alone is then linted.
 * @param {string} gitDir @param {string} commit @param {string} file @param {string} dest @returns {boolean}
 */
function extractTree(gitDir, commit, file, dest) {
  try {
    const paths = git(gitDir, 'ls-tree', '-r', '--name-only', commit).split('\n').filter(Boolean);
    const root = packageRoot(paths, file);
    const prefix = root ? `${root}/` : '';
    // Only the package's source files (a snapshot may lack large data files, and they are not needed).
    const sources = paths.filter((p) => p.startsWith(prefix) && SOURCE_EXTENSIONS.test(p));
    if (sources.length > MAX_TREE_FILES) return false;
    mkdirSync(dest, { recursive: true });
    // One pathspec per extension present (git stops on a pathspec that matches nothing).
    const pathspecs = [...new Set(sources.map((p) => path.posix.extname(p)))].map((ext) => `:(glob)${prefix}**/*${ext}`);
    execFileSync('sh', ['-c', 'dest="$1"; shift; git "$@" | tar -x -C "$dest"', 'sh', dest, `--git-dir=${gitDir}`, 'archive', '--format=tar', commit, '--', ...pathspecs], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 120_000,
    });
    writeFileSync(path.join(dest, 'tsconfig.json'), JSON.stringify(treeTsconfig(file), null, 2));
    return true;
  } catch {
    return false;
  }
}

function writeInto(dir, file, text) {
  const target = path.join(dir, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  return target;
}

/** Files without `import`/`export` statements are CommonJS (old Node code: sloppy mode, `require`). */
const sourceTypeOf = (text) => (/^\s*(?:import\s[\s\S]*?from\s|import\s*['"]|export\s)/m.test(text) ? 'module' : 'commonjs');

let pluginPromise;
async function lintWith(configName, cwd, files, sourceType) {
  const [{ ESLint }, { default: tseslint }] = await Promise.all([import('eslint'), import('typescript-eslint')]);
  // Loaded through the package entry (self-reference), i.e. the build in dist/.
  pluginPromise ??= import('eslint-plugin-socket-errors').then((m) => m.default);
  const plugin = await pluginPromise;
  const config = plugin.configs[configName];
  const typed = configName === 'recommended-type-checked';
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
        // espree, as a JavaScript project would lint; CommonJS unless the file has import/export.
        languageOptions: { ecmaVersion: 'latest', sourceType },
      },
      {
        files: ['**/*.ts', '**/*.mts', '**/*.cts'],
        languageOptions: {
          parser: tseslint.parser,
          parserOptions: typed ? { projectService: true, tsconfigRootDir: cwd } : {},
        },
      },
      { ...config, languageOptions: { ...config.languageOptions, parserOptions: { ...config.languageOptions?.parserOptions, ...(typed ? { tsconfigRootDir: cwd } : {}) } } },
      { linterOptions: { reportUnusedDisableDirectives: 'off' } },
    ],
    cache: false,
    warnIgnored: false,
    errorOnUnmatchedPattern: false,
  });
  const results = await eslint.lintFiles(files);
  return new Map(results.map((r) => [path.relative(cwd, r.filePath), r.messages]));
}

/** The commit of this checkout (the plugin build that was measured). */
function pluginCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return '?'; // not a git checkout
  }
}

// ------------------------------------------------------------------ recall mode

function loadManifest(manifestPath) {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const problems = manifest.fixes.flatMap((f) => checkEntry(f).map((p) => `${f.id ?? '?'}: ${p}`));
  const ids = new Set();
  for (const f of manifest.fixes) {
    if (ids.has(f.id)) problems.push(`${f.id}: duplicate id`);
    ids.add(f.id);
  }
  if (problems.length) throw new Error(`manifest ${manifestPath}:\n  ${problems.join('\n  ')}`);
  return manifest;
}

async function recall(root, manifest, { only, json, typedJs = false }) {
  const configsOf = (/** @type {string} */ file) => configsFor(file, typedJs);
  const fixes = only ? manifest.fixes.filter((f) => only.includes(f.id)) : manifest.fixes;
  const project = makeProject('socket-errors-real-bugs-');
  const results = [];
  const skipped = [];
  const warnings = [];
  try {
    // Write every parent and fixed file first, so the typed runs share one program.
    const prepared = [];
    for (const fix of fixes) {
      const gitDir = resolveGitDir(root, fix.repo);
      if (!gitDir) {
        skipped.push(`${fix.id}: no git dir for ${fix.repo} under ${root}`);
        continue;
      }
      try {
        const parentText = git(gitDir, 'show', `${fix.parent}:${fix.file}`);
        const fixedText = git(gitDir, 'show', `${fix.fix}:${fix.file}`);
        const lineCount = (/** @type {string} */ text) => text.split('\n').length;
        if (fix.lines[1] > lineCount(parentText) || (fix.fixedLines ?? fix.lines)[1] > lineCount(fixedText)) {
          warnings.push(`${fix.id}: lines beyond the end of the file (parent ${lineCount(parentText)}, fixed ${lineCount(fixedText)} lines)`);
        }
        const parentFile = path.join(fix.id, 'parent', fix.file);
        const fixedFile = path.join(fix.id, 'fix', fix.file);
        // The typed run sees the project's other modules at each commit (see the header).
        if (configsOf(fix.file).includes('recommended-type-checked')) {
          for (const [commit, side] of [[fix.parent, 'parent'], [fix.fix, 'fix']]) {
            if (!extractTree(gitDir, commit, fix.file, path.join(project, fix.id, side))) warnings.push(`${fix.id}: typed run of the ${side} sees the file alone`);
          }
        }
        writeInto(project, parentFile, parentText);
        writeInto(project, fixedFile, fixedText);
        prepared.push({ fix, parentFile, fixedFile, sourceType: sourceTypeOf(parentText) });
      } catch (error) {
        skipped.push(`${fix.id}: ${String(error.stderr || error.message).trim().split('\n')[0]}`);
      }
    }
    const messages = {};
    for (const configName of CONFIGS) {
      for (const sourceType of ['commonjs', 'module']) {
        const group = prepared.filter((p) => p.sourceType === sourceType && configsOf(p.fix.file).includes(configName));
        if (group.length === 0) continue;
        const files = group.flatMap((p) => [p.parentFile, p.fixedFile]);
        const byFile = await lintWith(configName, project, files, sourceType);
        for (const [file, list] of byFile) (messages[configName] ??= new Map()).set(file, list);
      }
    }
    for (const p of prepared) {
      const verdicts = {};
      for (const configName of configsOf(p.fix.file)) {
        const parentMessages = messages[configName]?.get(p.parentFile) ?? [];
        const fixedMessages = messages[configName]?.get(p.fixedFile) ?? [];
        verdicts[configName] = judge(p.fix, parentMessages, fixedMessages);
      }
      results.push({
        fix: p.fix,
        verdicts,
        findings: Object.fromEntries(
          configsOf(p.fix.file).map((c) => [
            c,
            (messages[c]?.get(p.parentFile) ?? [])
              .filter((m) => m.ruleId?.startsWith('socket-errors/') || m.fatal)
              .map((m) => `${m.line}:${m.column} ${m.ruleId ?? 'parse error'} ${m.message}`),
          ]),
        ),
      });
    }
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
  const tables = buildTables(results);
  const projects = new Set(results.map((r) => r.fix.repo));
  const date = new Date().toISOString().slice(0, 10);
  const commit = pluginCommit();
  const out = [
    `Real-bug recall, ${date}, plugin commit ${commit}: ${results.length} fixes from ${projects.size} projects` +
      ` (hit = the manifest's rule reports within the bug's lines ±${MARGIN}).`,
    `Typed runs${typedJs ? " (TypeScript and, with --typed-js, JavaScript)" : ""} see the fix's package at each commit: the file and the project's modules it imports (packages' imports are any).`,
    ...node20Note(results),
    '',
    '### Per config',
    markdownTable(tables.overall),
    '',
    '### Per rule',
    markdownTable(tables.byRule),
    '',
    '### Per category (issue #16 §2)',
    markdownTable(tables.byCategory),
    '',
    '### Per fix (findings of the rule at the bug: parent→fixed file)',
    markdownTable(tables.perFix),
  ];
  if (skipped.length) out.push('', `Skipped ${skipped.length}:`, ...skipped.map((s) => `- ${s}`));
  if (warnings.length) out.push('', 'Manifest warnings:', ...warnings.map((w) => `- ${w}`));
  if (only) {
    for (const r of results) {
      out.push('', `#### ${r.fix.id} (${r.fix.repo} ${r.fix.file} ${r.fix.lines.join('-')})`);
      for (const [c, list] of Object.entries(r.findings)) out.push(`${c}:`, ...(list.length ? list.map((l) => `  ${l}`) : ['  (none)']));
    }
  }
  process.stdout.write(out.join('\n') + '\n');
  if (json) writeFileSync(json, JSON.stringify({ date, commit, margin: MARGIN, results }, null, 2) + '\n');
}

/**
 * The header line that says what the second recall figure is, when the manifest judges any fix on
 * Node 20. @param {Result[]} results @returns {string[]}
 */
function node20Note(results) {
  if (!results.some((r) => r.fix.node20 !== undefined)) return [];
  const gone = results.filter((r) => !bugOnNode20(r.fix)).map((r) => r.fix.id);
  return [
    `Second recall column ("hits, without bugs gone on Node 20"): hits over ${results.length - gone.length} fixes, all but the ${gone.length}` +
      ` whose bug does not happen on Node 20 (manifest node20: "not reproducible: ...", measured in test/live/manifest-facts.live.test.ts)` +
      `${gone.length ? `: ${gone.join(', ')}` : ''}.`,
  ];
}

// ------------------------------------------------------------------ precision mode

/**
 * Source files of a project's pinned commit under its `dirs`, minus tests, examples and builds.
 * @param {string[]} paths @param {string[]} dirs @returns {string[]}
 */
export function precisionFiles(paths, dirs) {
  return paths.filter(
    (p) => SOURCE_EXTENSIONS.test(p) && !SKIPPED_PATHS.test(p) && dirs.some((d) => d === '.' ? !p.includes('/') : p === d || p.startsWith(`${d.replace(/\/$/, '')}/`)),
  );
}

async function precision(root, manifest, outFile) {
  const project = makeProject('socket-errors-precision-');
  const lines = [];
  const counts = {};
  const date = new Date().toISOString().slice(0, 10);
  try {
    for (const entry of manifest.precisionProjects) {
      const gitDir = resolveGitDir(root, entry.repo);
      if (!gitDir) {
        lines.push(`## ${entry.repo}`, '', `not found under ${root}`, '');
        continue;
      }
      const base = entry.repo.replace('/', '+');
      const all = git(gitDir, 'ls-tree', '-r', '--name-only', entry.commit).split('\n').filter(Boolean);
      const files = precisionFiles(all, entry.dirs);
      const byType = { commonjs: [], module: [] };
      for (const file of files) {
        const text = git(gitDir, 'show', `${entry.commit}:${file}`);
        const local = path.join(base, file);
        writeInto(project, local, text);
        byType[isTypeScript(file) ? 'module' : sourceTypeOf(text)].push(local);
      }
      const found = new Map(); // "file:line:col:rule:message" -> configs
      for (const configName of ['recommended', 'strict']) {
        for (const [sourceType, group] of Object.entries(byType)) {
          if (group.length === 0) continue;
          const byFile = await lintWith(configName, project, group, sourceType);
          for (const [file, messages] of byFile) {
            for (const m of messages) {
              if (!m.ruleId?.startsWith('socket-errors/') && !m.fatal) continue;
              const rule = m.ruleId ?? 'parse-error';
              const key = `${path.relative(base, file)}:${m.line}:${m.column}\u0000${rule}\u0000${m.message}`;
              if (!found.has(key)) found.set(key, new Set());
              found.get(key).add(configName);
            }
          }
        }
      }
      lines.push(`## ${entry.repo} @ ${entry.commit.slice(0, 12)} (${entry.dirs.join(', ')}; ${files.length} files)`, '');
      if (found.size === 0) lines.push('no findings', '');
      const sorted = [...found].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
      for (const [key, configs] of sorted) {
        const [where, rule, message] = key.split('\u0000');
        const configList = [...configs].sort().join('+');
        lines.push(`- \`${where}\` **${rule.replace('socket-errors/', '')}** [${configList}]: ${message}`);
        for (const c of configs) {
          const k = `${rule.replace('socket-errors/', '')}\u0000${c}`;
          counts[k] = (counts[k] ?? 0) + 1;
        }
      }
      lines.push('');
    }
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
  const summary = {
    header: ['rule', 'recommended', 'strict'],
    rows: [...RULES, 'parse-error'].map((r) => [r, String(counts[`${r}\u0000recommended`] ?? 0), String(counts[`${r}\u0000strict`] ?? 0)]),
  };
  const text = [
    `# Findings on the HEAD of ${manifest.precisionProjects.length} projects (${date}, plugin commit ${pluginCommit()})`,
    '',
    'Every finding of `recommended` and `strict` (untyped) on the pinned commits of `precisionProjects`',
    'in manifest.json, as file:line:column, rule, [configs], message. Verdicts go to verdicts.md.',
    '',
    markdownTable(summary),
    '',
    ...lines,
  ].join('\n');
  writeFileSync(outFile, text);
  process.stdout.write(`${markdownTable(summary)}\n\nwrote ${path.relative(process.cwd(), outFile)}\n`);
}

// ------------------------------------------------------------------ main

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      manifest: { type: 'string', default: path.join(benchDir, 'manifest.json') },
      only: { type: 'string' },
      json: { type: 'string' },
      precision: { type: 'boolean', default: false },
      out: { type: 'string' },
      merge: { type: 'string' },
      'typed-js': { type: 'boolean', default: false },
    },
  });
  if (values.merge) {
    const manifest = loadManifest(values.manifest);
    const other = JSON.parse(readFileSync(values.merge, 'utf8'));
    const merged = mergeFixes(manifest.fixes, Array.isArray(other) ? other : other.fixes);
    const problems = merged.added.flatMap((f) => checkEntry(f).map((p) => `${f.id ?? '?'}: ${p}`));
    if (problems.length) throw new Error(`${values.merge}:\n  ${problems.join('\n  ')}`);
    writeFileSync(values.manifest, JSON.stringify({ ...manifest, fixes: merged.fixes }, null, 2) + '\n');
    process.stdout.write(
      `added ${merged.added.length} fixes, ${merged.duplicates.length} already there` +
        `${merged.duplicates.length ? ` (${merged.duplicates.map((f) => f.id).join(', ')})` : ''}; ` +
        `${merged.fixes.length} fixes from ${new Set(merged.fixes.map((f) => f.repo)).size} projects\n`,
    );
    return;
  }
  const root = positionals[0];
  if (!root || !existsSync(root)) {
    process.stderr.write('usage: npm run bench:real -- <dir of fetched repos> [--only id,id] [--json file] [--precision [--out file]]\n');
    process.exitCode = 2;
    return;
  }
  const manifest = loadManifest(values.manifest);
  if (values.precision) {
    const out = values.out ?? path.join(benchDir, `findings-${new Date().toISOString().slice(0, 10)}.md`);
    await precision(path.resolve(root), manifest, path.resolve(out));
  } else {
    await recall(path.resolve(root), manifest, { only: values.only?.split(','), json: values.json, typedJs: values['typed-js'] });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exitCode = 1;
  });
}

#!/usr/bin/env node
/**
 * The real corpus: public code bases at the commits `bench/real-corpus.json` lists.
 *
 * `node bench/real.mjs clone <dir>` clones each listed repository into `<dir>/<owner>+<name>` and
 * checks out its commit (an existing checkout at that commit is kept). Only the list is in this
 * repository, never their code.
 * `npm run bench -- --real <dir>` then lints the listed directories of every code base untyped, and
 * those of the TypeScript code bases typed (see `bench/run.mjs` and docs/performance.md).
 *
 * Typed runs use a generated `tsconfig.json` in each listed directory of a TypeScript code base: a
 * code base's own tsconfig needs its dependencies installed (`@types/node`, shared configs it
 * extends), and nothing is installed in the checkouts. The generated one gives every file Node's
 * types from this repository's `@types/node`; imports of the code base's own dependencies resolve to
 * nothing (`any`), as in an editor before `npm install`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { listSourceFiles } from './generate.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..');
export const REAL_CORPUS_FILE = path.join(benchDir, 'real-corpus.json');
const GENERATED_MARK = '// written by eslint-plugin-socket-errors bench/real.mjs for typed runs; safe to delete';

export function readRealCorpus() {
  return JSON.parse(readFileSync(REAL_CORPUS_FILE, 'utf8')).repositories;
}

const checkoutName = (repo) => repo.replace('/', '+');

/** Clones (or reuses) every listed code base at its commit under `dir`. */
export function cloneRealCorpus(dir) {
  mkdirSync(dir, { recursive: true });
  for (const { repo, commit } of readRealCorpus()) {
    const target = path.join(dir, checkoutName(repo));
    const git = (...args) => execFileSync('git', ['-C', target, ...args], { encoding: 'utf8' }).trim();
    if (existsSync(path.join(target, '.git'))) {
      if (git('rev-parse', 'HEAD') === commit) continue;
    } else {
      execFileSync('git', ['clone', '--filter=blob:none', '--no-checkout', `https://github.com/${repo}.git`, target], { stdio: 'inherit' });
    }
    git('checkout', '--quiet', commit);
    process.stderr.write(`${repo} at ${commit.slice(0, 10)}\n`);
  }
}

/** The `tsconfig.json` typed runs use in a listed directory of a TypeScript code base. */
function generatedTsconfig() {
  const config = {
    compilerOptions: {
      target: 'es2022',
      lib: ['es2023', 'dom'],
      module: 'preserve',
      moduleResolution: 'bundler',
      resolveJsonModule: true,
      strict: true,
      experimentalDecorators: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
      typeRoots: [path.join(repoRoot, 'node_modules/@types')],
    },
    include: ['**/*'],
  };
  return `${GENERATED_MARK}\n${JSON.stringify(config, null, 2)}\n`;
}

const TYPED_FILE = /\.(?:[cm]?ts|tsx)$/u;

/**
 * The files to lint, relative to `dir`: every listed directory untyped, the TypeScript files of
 * the TypeScript code bases typed. Writes the generated tsconfig of each typed directory.
 */
export function prepareRealCorpus(dir) {
  const repositories = readRealCorpus();
  const missing = repositories.filter(({ repo }) => !existsSync(path.join(dir, checkoutName(repo))));
  if (missing.length > 0) {
    throw new Error(`${missing.map((r) => r.repo).join(', ')} missing under ${dir}: run "node bench/real.mjs clone ${dir}" first.`);
  }
  const untyped = [];
  const typed = [];
  const byRepo = {};
  for (const { repo, dirs, language } of repositories) {
    for (const sub of dirs) {
      const full = path.join(dir, checkoutName(repo), sub);
      if (!existsSync(full)) throw new Error(`${repo}: ${sub} does not exist in the checkout (wrong commit?).`);
      const files = listSourceFiles(full).map((file) => path.relative(dir, file));
      for (const file of files) byRepo[file] = repo;
      untyped.push(...files);
      if (language === 'ts') {
        const tsconfig = path.join(full, 'tsconfig.json');
        if (existsSync(tsconfig) && !readFileSync(tsconfig, 'utf8').startsWith(GENERATED_MARK)) {
          throw new Error(`${path.relative(dir, tsconfig)} is the code base's own: list a directory without one.`);
        }
        writeFileSync(tsconfig, generatedTsconfig());
        typed.push(...files.filter((file) => TYPED_FILE.test(file)));
      }
    }
  }
  return { repositories, untyped, typed, byRepo };
}

/**
 * Files that bring in none of Node's network modules: where most of a code base's time goes, and
 * where the rules should cost next to nothing. Read from the text, as a reader would.
 */
const NETWORK_MODULE = /(?:from\s*|require\s*\(\s*|import\s*\(\s*)['"](?:node:)?(?:net|tls|http|https|http2)['"]/u;
export function importsNetworkModule(file) {
  return NETWORK_MODULE.test(readFileSync(file, 'utf8'));
}

// ------------------------------------------------------------------ the report's real-corpus part

const OURS = 'socket-errors/';

/** Our rules' time in one file's entry, and the slowest of them. */
function oursInFile(entry) {
  let total = 0;
  let slowest = { rule: '—', ms: 0 };
  for (const [id, ms] of Object.entries(entry.rules)) {
    if (!id.startsWith(OURS)) continue;
    total += ms;
    if (ms > slowest.ms) slowest = { rule: id.slice(OURS.length), ms };
  }
  return { total, slowest };
}

/**
 * Numbers the generated corpus does not have: our rules' share on the files that import no network
 * module, per code base, the ten slowest files, the slowest type questions.
 */
export function deriveReal({ configs, real }) {
  const parserFiles = configs.parser?.files ?? {};
  const untypedFiles = configs.recommended?.files ?? {};
  const sumFiles = (files, pick) => Object.entries(files).filter(([file]) => pick(file)).reduce((a, [, e]) => a + oursInFile(e).total, 0);
  const sumTotals = (files, pick) => Object.entries(files).filter(([file]) => pick(file)).reduce((a, [, e]) => a + e.total, 0);
  const quiet = new Set(real.noNetworkFiles);
  const noNetwork = {
    files: quiet.size,
    oursMs: sumFiles(untypedFiles, (f) => quiet.has(f)),
    parserMs: sumTotals(parserFiles, (f) => quiet.has(f)),
  };
  noNetwork.share = noNetwork.oursMs / noNetwork.parserMs;
  const allFiles = { oursMs: sumFiles(untypedFiles, () => true), parserMs: sumTotals(parserFiles, () => true) };
  allFiles.share = allFiles.oursMs / allFiles.parserMs;
  const repos = [...new Set(Object.values(real.byRepo))].map((repo) => {
    const pick = (f) => real.byRepo[f] === repo;
    const typedFiles = configs['recommended-type-checked']?.files;
    const anchorFiles = configs.anchor?.files;
    return {
      repo,
      files: Object.keys(parserFiles).filter(pick).length,
      parserMs: sumTotals(parserFiles, pick),
      untypedMs: sumFiles(untypedFiles, pick),
      typedMs: typedFiles ? sumFiles(typedFiles, pick) : undefined,
      anchorMs: anchorFiles ? Object.entries(anchorFiles).filter(([f]) => pick(f)).reduce((a, [, e]) => a + Object.values(e.rules).reduce((x, y) => x + y, 0), 0) : undefined,
    };
  });
  const slowest = (files) =>
    Object.entries(files ?? {})
      .map(([file, entry]) => ({ file, ...oursInFile(entry), lintMs: entry.total }))
      .sort((a, b) => b.total - a.total)
      .slice(0, 10);
  const runs = configs['recommended-type-checked']?.typeQuestions ?? [];
  const questions = runs.length
    ? {
        runs: runs.map((r) => ({ count: r.count, totalMs: r.totalMs, over50: r.slow.filter((q) => q.ms > 50).length, maxMs: r.slow[0]?.ms ?? 0 })),
        // The slowest run's slowest questions (every run builds its program afresh).
        slowest: [...runs].sort((a, b) => (b.slow[0]?.ms ?? 0) - (a.slow[0]?.ms ?? 0))[0].slow.slice(0, 10),
      }
    : undefined;
  return { noNetwork, allFiles, repos, slowestUntyped: slowest(untypedFiles), slowestTyped: slowest(configs['recommended-type-checked']?.files), questions };
}

export function formatReal(json, { table, fmtMs, fmtPct }) {
  const r = json.realDerived;
  const dir = json.corpus.dir;
  const short = (file) => file.replace(`${dir}/`, '');
  const out = [
    '',
    `real corpus: ${json.real.repositories} code bases; untyped ${json.real.untypedFiles} files, typed ${json.real.typedFiles} TypeScript files`,
    `our rules, untyped, summed per file: ${fmtMs(r.allFiles.oursMs)} = ${fmtPct(r.allFiles.share)} of the parser-only lint of the same files (${fmtMs(r.allFiles.parserMs)})  [target <= 3%]`,
    `  on the ${r.noNetwork.files} files that import no network module: ${fmtMs(r.noNetwork.oursMs)} = ${fmtPct(r.noNetwork.share)} of their parser-only lint (${fmtMs(r.noNetwork.parserMs)})  [target <= 1%]`,
  ];
  const anchor = json.anchor.ms;
  const typed = json.configs['recommended-type-checked'];
  if (typed && anchor !== undefined) {
    const ours = Object.entries(typed.rulesMs).filter(([id]) => id.startsWith(OURS)).reduce((a, [, ms]) => a + ms, 0);
    out.push(`our six rules typed: ${fmtMs(ours)} = ${(ours / anchor).toFixed(2)}x switch-exhaustiveness-check alone (${fmtMs(anchor)})  [target <= 1x]`);
  }
  out.push(
    '',
    table(
      ['code base', 'files', 'parser only', 'ours untyped', 'share', 'ours typed', 'anchor typed'],
      r.repos.map((x) => [x.repo, x.files, fmtMs(x.parserMs), fmtMs(x.untypedMs), fmtPct(x.untypedMs / x.parserMs), fmtMs(x.typedMs), fmtMs(x.anchorMs)]),
    ),
  );
  for (const [title, rows] of [
    ['ten slowest files, untyped (2)', r.slowestUntyped],
    ['ten slowest files, typed (4)', r.slowestTyped],
  ]) {
    if (rows.length === 0) continue;
    out.push('', table([title, 'our rules', 'slowest rule', 'its time', 'whole lint'], rows.map((x) => [short(x.file), fmtMs(x.total), x.slowest.rule, fmtMs(x.slowest.ms), fmtMs(x.lintMs)])));
  }
  if (r.questions) {
    const q = r.questions;
    out.push(
      '',
      `type questions per typed run: ${q.runs.map((x) => `${x.count} asked, ${fmtMs(x.totalMs)} in all, slowest ${fmtMs(x.maxMs)}, ${x.over50} over 50 ms`).join('; ')}  [target: none over 50 ms]`,
      table(
        ['slowest type questions', 'ms', 'rule', 'asked', 'where'],
        q.slowest.map((x) => [x.text.slice(0, 60), x.ms.toFixed(1), x.rule.replace(OURS, ''), x.ask, `${short(x.file)}:${x.line}`]),
      ),
    );
  }
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, dir] = process.argv.slice(2);
  if (command !== 'clone' || !dir) {
    console.error('usage: node bench/real.mjs clone <dir>');
    process.exitCode = 2;
  } else {
    cloneRealCorpus(path.resolve(dir));
  }
}

#!/usr/bin/env node
/**
 * Two builds of the plugin on the real corpus in ONE process, taken in turns with the reference
 * configuration: `node --expose-gc bench/pair.mjs --real <dir> --before <index.js> [--after <index.js>] [--typed] [--reps N]`.
 *
 * Typed, each repetition lints the TypeScript files of bench/real-corpus.json with
 * `switch-exhaustiveness-check` alone (the anchor), then the `recommended-type-checked` rules of
 * each build; untyped, all listed files with the parser alone, then each build's `recommended`.
 * Every lint has a new ESLint instance and cleared parser caches (a new TypeScript program), and
 * one warm-up round runs first. On a machine shared with other work the absolute times of two runs
 * differ by more than what is measured; the ratios of one repetition (ours / anchor, ours /
 * parser-only, after / before) are what to compare. Prints the ratios per repetition and the
 * median rule times. See docs/performance.md.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { importsNetworkModule, prepareRealCorpus } from './real.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    real: { type: 'string' },
    generated: { type: 'string' },
    before: { type: 'string' },
    after: { type: 'string', default: path.join(repoRoot, 'dist/src/index.js') },
    typed: { type: 'boolean', default: false },
    reps: { type: 'string', default: '3' },
    json: { type: 'string' },
  },
});
if (!(values.real || values.generated) || !values.before) {
  console.error('usage: node --expose-gc bench/pair.mjs (--real <dir> | --generated <dir>) --before <index.js> [--after <index.js>] [--typed] [--reps N] [--json FILE]');
  process.exit(2);
}
const typed = values.typed;
const dir = path.resolve(values.real ?? values.generated);
const files = values.real ? corpusFiles(prepareRealCorpus(dir)) : generatedFiles(dir);

function corpusFiles(real) {
  return (typed ? real.typed : real.untyped).map((file) => path.join(dir, file));
}
function generatedFiles(root) {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}
const quiet = new Set(files.filter((file) => !importsNetworkModule(file)));

const [{ ESLint }, { clearCaches }, { default: tseslint }] = await Promise.all([import('eslint'), import('@typescript-eslint/parser'), import('typescript-eslint')]);
const base = {
  files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
  languageOptions: { parser: tseslint.parser, parserOptions: typed ? { projectService: true, tsconfigRootDir: dir } : {} },
  linterOptions: { reportUnusedDisableDirectives: 'off' },
};
/** A build's config under its own plugin name, so that two builds can be loaded side by side. */
async function buildConfig(file, name) {
  const plugin = (await import(pathToFileURL(path.resolve(file)).href)).default;
  const config = plugin.configs[typed ? 'recommended-type-checked' : 'recommended'];
  const rules = Object.fromEntries(Object.entries(config.rules).map(([id, level]) => [id.replace('socket-errors/', `${name}/`), level]));
  return [{ ...base, plugins: { [name]: plugin }, rules }];
}
const reference = typed ? 'anchor' : 'parser';
const configs = {
  [reference]: typed ? [{ ...base, plugins: { '@typescript-eslint': tseslint.plugin }, rules: { '@typescript-eslint/switch-exhaustiveness-check': 'error' } }] : [base],
  before: await buildConfig(values.before, 'before'),
  after: await buildConfig(values.after, 'after'),
};

const reps = Number(values.reps);
const runs = {};
/** Per build, per file and rule, the fastest of the repetitions (noise on a shared machine only adds time). */
const fastestPerFile = {};
for (let rep = -1; rep < reps; rep++) {
  for (const [key, config] of Object.entries(configs)) {
    clearCaches();
    globalThis.gc?.();
    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config, stats: true, cache: false, warnIgnored: false });
    const results = await eslint.lintFiles(files);
    const run = { rules: 0, quietRules: 0, total: 0, quietTotal: 0, problems: 0, perRule: {} };
    for (const result of results) {
      run.problems += result.messages.length;
      const isQuiet = quiet.has(result.filePath);
      for (const pass of result.stats?.times.passes ?? []) {
        run.total += pass.total ?? 0;
        if (isQuiet) run.quietTotal += pass.total ?? 0;
        for (const [id, time] of Object.entries(pass.rules ?? {})) {
          run.rules += time.total;
          if (isQuiet) run.quietRules += time.total;
          const rule = id.slice(id.indexOf('/') + 1);
          run.perRule[rule] = (run.perRule[rule] ?? 0) + time.total;
          // ESLint's own bookkeeping (a core rule id without a plugin) is no build's time.
          if (rep >= 0 && id.includes('/')) {
            const byRule = ((fastestPerFile[key] ??= new Map()).get(result.filePath) ?? new Map());
            fastestPerFile[key].set(result.filePath, byRule);
            byRule.set(rule, Math.min(byRule.get(rule) ?? Infinity, time.total));
          }
        }
      }
    }
    if (rep < 0) continue; // the warm-up round
    (runs[key] ??= []).push(run);
    process.stderr.write(`rep ${rep} ${key}: rule time ${run.rules.toFixed(0)} ms, ${run.problems} problems\n`);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (x) => `${(100 * x).toFixed(2)}%`;
console.log(`${typed ? 'typed' : 'untyped'}: ${files.length} files (${quiet.size} import no network module), ${reps} repetition(s) after a warm-up`);
for (const key of ['before', 'after']) {
  const ratios = runs[key].map((run, i) => (typed ? `${(run.rules / runs[reference][i].rules).toFixed(2)}x` : pct(run.rules / runs[reference][i].total)));
  const quietRatios = runs[key].map((run, i) => pct(run.quietRules / runs[reference][i].quietTotal));
  console.log(`${key}: ours / ${typed ? 'anchor' : 'parser-only'} per repetition ${ratios.join(' ')}; on files with no network module ${quietRatios.join(' ')}`);
  console.log(`  median rule time ${median(runs[key].map((run) => run.rules)).toFixed(0)} ms; per rule ${JSON.stringify(Object.fromEntries(Object.keys(runs[key][0].perRule).map((rule) => [rule, Math.round(median(runs[key].map((run) => run.perRule[rule] ?? 0)))])))}`);
}
console.log(`after / before per repetition: ${runs.after.map((run, i) => (run.rules / runs.before[i].rules).toFixed(2)).join(' ')}`);
// On a shared machine noise only adds time: the fastest repetition of each build is the steadiest figure.
const fastest = (key) => Math.min(...runs[key].map((run) => run.rules));
console.log(`fastest repetition: before ${fastest('before').toFixed(0)} ms, after ${fastest('after').toFixed(0)} ms (after / before ${(fastest('after') / fastest('before')).toFixed(2)})`);
// Each file's fastest lint, summed: steadier than any one repetition when a run is shared with other work.
const perFile = (key, pick) => {
  const perRule = {};
  for (const [file, byRule] of fastestPerFile[key] ?? []) {
    if (!pick(file)) continue;
    for (const [rule, ms] of byRule) perRule[rule] = (perRule[rule] ?? 0) + ms;
  }
  return perRule;
};
const sum = (perRule) => Object.values(perRule).reduce((a, b) => a + b, 0);
if (reps > 1) {
  for (const [label, pick] of [['all files', () => true], ['files with no network module', (file) => quiet.has(file)]]) {
    const [b, a] = [perFile('before', pick), perFile('after', pick)];
    console.log(`each file's fastest of ${reps}, summed, ${label}: before ${sum(b).toFixed(1)} ms, after ${sum(a).toFixed(1)} ms (after / before ${(sum(a) / sum(b)).toFixed(2)})`);
    if (label === 'all files') console.log(`  per rule, before → after: ${Object.keys(b).sort().map((rule) => `${rule} ${b[rule].toFixed(1)} → ${(a[rule] ?? 0).toFixed(1)}`).join(', ')}`);
  }
}
console.log(`${reference}: median ${typed ? 'rule time' : 'lint time'} ${median(runs[reference].map((run) => (typed ? run.rules : run.total))).toFixed(0)} ms`);
if (values.json) writeFileSync(values.json, JSON.stringify(runs, null, 1) + '\n');

#!/usr/bin/env node
/**
 * `npm run bench [-- <dir>] [--quick] [--lines N] [--reps N] [--seed N] [--no-scale] [--no-single] [--json FILE]`
 * `node bench/run.mjs --single-only [--reps N]` runs the single-function series alone.
 * `npm run bench -- --real <dir>` lints the public code bases of bench/real-corpus.json (cloned into <dir>
 *   by `node bench/real.mjs clone <dir>`): per-file times, the slowest files and type questions too.
 * `node bench/run.mjs --report bench/results.json` prints a saved run again.
 * `--plugin FILE` measures another build of the plugin (default: dist/src/index.js).
 *
 * Lints one set of files with ESLint's Node API in several configurations and reports what our
 * rules cost: wall time (median of several repetitions after a warm-up), each rule's own time
 * (`stats: true`), peak memory, how time per 1k lines grows with the corpus, and how each rule's
 * time per 1k lines grows within one big function (the single-function series). Each
 * configuration runs in a fresh child process, with a fresh ESLint instance and cleared parser
 * caches for every repetition, so no measurement reuses another's program or JIT state beyond
 * its own warm-up. See docs/performance.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { deriveReal, formatReal, importsNetworkModule, prepareRealCorpus } from './real.mjs';
import { GENERATOR_VERSION, SINGLE_FUNCTION_VERSION, generateCorpus, generateSingleFunction, listSourceFiles } from './generate.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..');
let builtPlugin = path.join(repoRoot, 'dist/src/index.js');
const ANCHOR = '@typescript-eslint/switch-exhaustiveness-check';
const TARGETS = { untypedShare: 0.05, typedShare: 0.05, scalingRatio: 1.1, singleFunctionRatio: 1.1 };
/**
 * A rule's time per 1k lines that grows by less than this from the smallest function to the
 * largest is within the noise of one file's timing (a rule of 1 ms per 1k lines moves by 10% when
 * the collector runs once more): it is printed, not counted as superlinear.
 */
const SINGLE_FUNCTION_NOISE_MS = 0.5;
/** Lines of the one big function of the single-function series. */
const SINGLE_FUNCTION_SIZES = [1_000, 4_000, 10_000];

/** The measured configurations, in the order the issue numbers them. */
const CONFIGS = [
  { key: 'parser', label: '(1) parser only, no rules', typed: false },
  // ESLint's own cost once any rule runs: the share our rules can be judged on starts above it.
  { key: 'floor', label: "(1b) parser and one no-op rule (ESLint's floor)", typed: false },
  { key: 'recommended', label: '(2) socket-errors recommended', typed: false },
  { key: 'typed-parser', label: '(3) typed parser (projectService), no rules', typed: true },
  { key: 'recommended-type-checked', label: '(4) socket-errors recommended-type-checked', typed: true },
  { key: 'anchor', label: `(5) ${ANCHOR} alone, typed`, typed: true },
  // Only run when some rule is in no recommended config, so every rule gets a time of its own.
  { key: 'strict', label: '(6) socket-errors strict (all rules), typed', typed: true },
];

// ------------------------------------------------------------------ child: one configuration

/** A rule that does nothing (one `Program` listener): what ESLint costs once any rule runs. */
const FLOOR_PLUGIN = {
  rules: { 'no-op': { meta: { type: 'problem', schema: [] }, create: () => ({ Program() {} }) } },
};

async function loadPlugin(plugin = builtPlugin) {
  const mod = await import(pathToFileURL(plugin).href);
  return mod.default;
}

async function eslintConfigFor(key, dir, typed, plugin) {
  const { default: tseslint } = await import('typescript-eslint');
  const parserOptions = typed ? { projectService: true, tsconfigRootDir: dir } : {};
  const base = {
    files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
    languageOptions: { parser: tseslint.parser, parserOptions },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  };
  if (key === 'parser' || key === 'typed-parser') return [base];
  if (key === 'floor') return [{ ...base, plugins: { floor: FLOOR_PLUGIN }, rules: { 'floor/no-op': 'error' } }];
  if (key === 'anchor') {
    return [{ ...base, plugins: { '@typescript-eslint': tseslint.plugin }, rules: { [ANCHOR]: 'error' } }];
  }
  const config = (await loadPlugin(plugin)).configs[key];
  return [{ ...base, plugins: config.plugins, rules: config.rules }];
}

/** Milliseconds per rule, and parse time, summed over files and passes of one lint run. */
function collectStats(results, perFile) {
  const rules = {};
  let parse = 0;
  let fatal = 0;
  let problems = 0;
  const files = perFile ? {} : undefined;
  for (const result of results) {
    const file = perFile ? (files[result.filePath] = { total: 0, rules: {} }) : undefined;
    for (const pass of result.stats?.times.passes ?? []) {
      parse += pass.parse?.total ?? 0;
      for (const [ruleId, time] of Object.entries(pass.rules ?? {})) {
        rules[ruleId] = (rules[ruleId] ?? 0) + time.total;
        if (file) file.rules[ruleId] = (file.rules[ruleId] ?? 0) + time.total;
      }
      if (file) file.total += pass.total ?? 0;
    }
    fatal += result.fatalErrorCount;
    problems += result.messages.length;
  }
  return { rules, parse, fatal, problems, files };
}

/** What the plugin's timed type questions recorded (SOCKET_ERRORS_TYPE_TIMING), emptied for the next run. */
function takeTypeQuestions() {
  const key = Symbol.for('eslint-plugin-socket-errors/type-questions');
  const log = globalThis[key];
  if (!log) return undefined;
  globalThis[key] = undefined;
  return { count: log.count, totalMs: log.totalMs, slow: log.slow.sort((a, b) => b.ms - a.ms) };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function lintOnce(key, dir, files, typed, plugin, perFile = false) {
  const [{ ESLint }, { clearCaches }] = await Promise.all([import('eslint'), import('@typescript-eslint/parser')]);
  clearCaches(); // the typed parser keeps its program between ESLint instances otherwise
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: await eslintConfigFor(key, dir, typed, plugin),
    stats: true,
    cache: false,
    warnIgnored: false,
  });
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const results = await eslint.lintFiles(files);
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, ...collectStats(results, perFile), typeQuestions: takeTypeQuestions() };
}

/**
 * Warm-up, then `reps` measured runs of each size; prints one JSON line on stdout. Sizes are
 * interleaved (1x, 2x, 4x, 1x, ...) so that drift (JIT, other load on the machine) touches all alike.
 * `warmUpAll` warms up on every size (a small file alone does not warm the JIT up).
 */
async function child(spec) {
  const { key, typed, reps, sizes, warmUpAll, plugin, perFile } = spec;
  // A size lists its own files (the real corpus: the listed directories of each code base) or is a directory.
  const fileLists = sizes.map(({ dir, files }) => files?.map((file) => path.resolve(dir, file)) ?? listSourceFiles(dir));
  for (const [s, { dir }] of (warmUpAll ? sizes : sizes.slice(0, 1)).entries()) await lintOnce(key, dir, fileLists[s], typed, plugin, perFile);
  const runs = sizes.map(() => []);
  const peaks = sizes.map(() => 0);
  for (let i = 0; i < reps; i++) {
    for (const [s, { dir }] of sizes.entries()) {
      // Each run starts from a collected heap (when the child may collect): a big file's garbage
      // left over from the previous run is not charged to the next one.
      globalThis.gc?.();
      runs[s].push(await lintOnce(key, dir, fileLists[s], typed, plugin, perFile));
      // Peak resident memory so far (kilobytes on Linux); sizes ascend, so the first round's
      // reading after each size is the peak that size (or a smaller one) reached.
      if (i === 0) peaks[s] = process.resourceUsage().maxRSS / 1024;
    }
  }
  const out = sizes.map(({ dir }, s) => {
    const sizeRuns = runs[s];
    const ruleIds = Object.keys(sizeRuns[0].rules);
    return {
      dir,
      runsMs: sizeRuns.map((r) => r.ms),
      medianMs: median(sizeRuns.map((r) => r.ms)),
      // CPU time of the process (all its threads): less disturbed than wall time by other load.
      cpuMs: median(sizeRuns.map((r) => r.cpuMs)),
      parseMs: median(sizeRuns.map((r) => r.parse)),
      rulesMs: Object.fromEntries(ruleIds.map((id) => [id, median(sizeRuns.map((r) => r.rules[id] ?? 0))])),
      // The fastest run: the least disturbed by other load and by where the collector happened to run.
      rulesMinMs: Object.fromEntries(ruleIds.map((id) => [id, Math.min(...sizeRuns.map((r) => r.rules[id] ?? 0))])),
      parseMinMs: Math.min(...sizeRuns.map((r) => r.parse)),
      fatal: sizeRuns[0].fatal,
      problems: sizeRuns[0].problems,
      maxRssMb: peaks[s],
      ...(perFile ? { files: medianPerFile(sizeRuns.map((r) => r.files)) } : {}),
      // The type questions of each run (a fresh program each time): the slowest of all runs are reported.
      ...(sizeRuns[0].typeQuestions ? { typeQuestions: sizeRuns.map((r) => r.typeQuestions) } : {}),
    };
  });
  process.stdout.write(JSON.stringify(out) + '\n');
}

/** Per file: the median over runs of its total and of each rule's time. */
function medianPerFile(runs) {
  const out = {};
  for (const file of Object.keys(runs[0])) {
    const ruleIds = Object.keys(runs[0][file].rules);
    out[file] = {
      total: median(runs.map((r) => r[file]?.total ?? 0)),
      rules: Object.fromEntries(ruleIds.map((id) => [id, median(runs.map((r) => r[file]?.rules[id] ?? 0))])),
    };
  }
  return out;
}

// ------------------------------------------------------------------ parent

function runChild(spec) {
  const flags = spec.exposeGc ? ['--expose-gc'] : [];
  const { env, ...childSpec } = spec;
  const result = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), '--child', JSON.stringify(childSpec)], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`benchmark of "${spec.key}" failed (exit ${result.status})`);
  const last = result.stdout.trim().split('\n').at(-1);
  return JSON.parse(last);
}

function countLines(files) {
  let lines = 0;
  for (const file of files) lines += readFileSync(file, 'utf8').split('\n').length;
  return lines;
}

/** A generated corpus of `lines` lines, reused when an identical one is already on disk. */
function corpusDir(lines, seed) {
  const dir = path.join(benchDir, 'corpus', `${lines}-seed${seed}`);
  const manifestFile = path.join(dir, 'corpus.json');
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    if (manifest.generator === GENERATOR_VERSION && manifest.requestedLines === lines) return { dir, manifest };
  }
  process.stderr.write(`generating ${lines}-line corpus in ${path.relative(repoRoot, dir)}\n`);
  return { dir, manifest: generateCorpus({ lines, out: dir, seed }) };
}

/**
 * The single-function file of about `lines` lines, in as many copies as make about the largest
 * size in lines (10 × 1k, 3 × 4k, 1 × 10k); reused when an identical one is on disk.
 */
function singleFunctionDir(lines, seed) {
  const copies = Math.max(1, Math.round(SINGLE_FUNCTION_SIZES.at(-1) / lines));
  const dir = path.join(benchDir, 'corpus', `single-${lines}-seed${seed}`);
  const manifestFile = path.join(dir, 'corpus.json');
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    const same = manifest.generator === SINGLE_FUNCTION_VERSION && manifest.kind === 'single-function' && manifest.requestedLines === lines;
    if (same && manifest.copies === copies) return { dir, manifest };
  }
  return { dir, manifest: generateSingleFunction({ lines, out: dir, seed, copies }) };
}

/**
 * The single-function series: configuration (2) on a file whose connection handler is 1k, 4k and
 * 10k lines long (copies of it, about 10k lines at each size), sizes interleaved after a warm-up on
 * each, the fastest run of each. Each rule's time per 1k lines should not grow with the function: a
 * rule that walks the whole function per node would show here and not in the corpus, whose
 * functions are short.
 */
function singleFunctionSeries(reps, seed, plugin) {
  const sizes = SINGLE_FUNCTION_SIZES.map((lines) => ({ lines, ...singleFunctionDir(lines, seed) }));
  const out = runChild({ key: 'recommended', typed: false, reps, sizes: sizes.map(({ dir }) => ({ dir })), warmUpAll: true, plugin, exposeGc: true });
  return out.map((r, i) => ({
    functionLines: sizes[i].manifest.functionLines,
    lines: sizes[i].manifest.lines,
    // The fastest of the runs: a ratio of two single-file times is otherwise mostly noise.
    rulesMs: r.rulesMinMs,
    parseMs: r.parseMinMs,
    medianMs: r.medianMs,
  }));
}

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const version = (name) => {
    try {
      return JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      return 'unknown';
    }
  };
  return {
    cpu: model,
    nproc: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    eslint: version('eslint'),
    typescriptEslint: version('typescript-eslint'),
    typescript: version('typescript'),
  };
}

const fmtMs = (ms) => (ms === undefined ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const fmtPct = (x) => (x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
const sum = (values) => values.reduce((a, b) => a + b, 0);

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      child: { type: 'string' },
      quick: { type: 'boolean', default: false },
      lines: { type: 'string' },
      reps: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'no-scale': { type: 'boolean', default: false },
      'no-single': { type: 'boolean', default: false },
      'single-only': { type: 'boolean', default: false },
      plugin: { type: 'string' },
      json: { type: 'string', default: path.join(benchDir, 'results.json') },
      report: { type: 'string' },
      real: { type: 'string' },
    },
  });
  if (values.child) return child(JSON.parse(values.child));
  if (values.report) {
    // Print a saved run again (with this version's verdicts), e.g. to compare two runs.
    const saved = JSON.parse(readFileSync(values.report, 'utf8'));
    const again = { ...saved, ...derive(saved) };
    if (again.real) again.realDerived = deriveReal(again);
    console.log(formatReport(again));
    return;
  }

  if (values.plugin) builtPlugin = path.resolve(values.plugin);
  if (!existsSync(builtPlugin)) throw new Error(`${path.relative(repoRoot, builtPlugin)} is missing: run "npm run build" first (npm run bench does).`);
  const plugin = await loadPlugin();
  const ruleNames = Object.keys(plugin.rules);
  const configRules = (name) => Object.keys(plugin.configs[name].rules);

  const quick = values.quick;
  const reps = Number(values.reps ?? (quick ? 1 : 3));
  const seed = Number(values.seed);
  // The series is short (15k lines a round): at least 3 repetitions, so that one slow run does not make a ratio.
  const singleReps = Math.max(3, reps);
  if (values['single-only']) {
    process.stderr.write(`single-function series: (2) on one function of ${SINGLE_FUNCTION_SIZES.join(', ')} lines, ${singleReps} repetition(s) ... `);
    const singleFunction = singleFunctionSeries(singleReps, seed, builtPlugin);
    process.stderr.write('done\n');
    console.log(['', ...formatSingleFunction(singleFunction, ruleNames)].join('\n'));
    return;
  }
  const lines = Number(values.lines ?? (quick ? 10_000 : 100_000));
  const realDir = values.real ? path.resolve(values.real) : undefined;
  const userDir = realDir ?? (positionals[0] ? path.resolve(positionals[0]) : undefined);

  let base;
  let scaleDirs = [];
  if (userDir) {
    if (!existsSync(userDir)) throw new Error(`${userDir} does not exist.`);
    base = { dir: userDir, manifest: undefined };
  } else {
    base = corpusDir(lines, seed);
    if (!values['no-scale']) scaleDirs = (quick ? [2] : [2, 4]).map((f) => ({ factor: f, ...corpusDir(lines * f, seed) }));
  }
  // The real corpus: untyped configurations lint every listed directory, typed ones the TypeScript code bases.
  const real = realDir ? prepareRealCorpus(realDir) : undefined;
  const files = real ? real.untyped.map((file) => path.join(realDir, file)) : listSourceFiles(base.dir);
  if (files.length === 0) throw new Error(`no .js/.ts files under ${base.dir}.`);
  const corpusLines = countLines(files);
  const hasTsconfig = real ? real.typed.length > 0 : existsSync(path.join(base.dir, 'tsconfig.json'));

  const strictOnly = ruleNames.filter((r) => !configRules('recommended-type-checked').includes(`socket-errors/${r}`));
  const configs = CONFIGS.filter((c) => (c.typed ? hasTsconfig : true)).filter((c) => c.key !== 'strict' || strictOnly.length > 0);

  process.stderr.write(
    `corpus: ${path.relative(process.cwd(), base.dir) || '.'} (${files.length} files, ${corpusLines} lines); ` +
      `rules: ${ruleNames.length ? ruleNames.join(', ') : 'none yet'}; ${reps} repetition(s) after a warm-up\n`,
  );
  if (!hasTsconfig) process.stderr.write('no tsconfig.json in the corpus: typed configurations skipped\n');

  const loadBefore = os.loadavg()[0];
  const measured = {};
  for (const config of configs) {
    const started = performance.now();
    process.stderr.write(`${config.label} ... `);
    const size = real ? { dir: realDir, files: config.typed ? real.typed : real.untyped } : { dir: base.dir };
    // On the real corpus: per-file times, and the type questions of our typed config, timed one by one.
    const env = real && config.key === 'recommended-type-checked' ? { SOCKET_ERRORS_TYPE_TIMING: '1' } : undefined;
    const [result] = runChild({ key: config.key, typed: config.typed, reps, sizes: [size], plugin: builtPlugin, perFile: Boolean(real), env });
    if (result.files) result.files = Object.fromEntries(Object.entries(result.files).map(([file, entry]) => [path.relative(realDir, file), entry]));
    measured[config.key] = result;
    process.stderr.write(`${fmtMs(result.medianMs)} (${((performance.now() - started) / 1000).toFixed(0)} s with warm-up)\n`);
  }

  let scaling = [];
  if (scaleDirs.length > 0) {
    process.stderr.write(`scaling series: (2) at 1x, ${scaleDirs.map((s) => `${s.factor}x`).join(', ')} ... `);
    const sizes = [{ dir: base.dir }, ...scaleDirs.map((s) => ({ dir: s.dir }))];
    // One repetition fewer than the main runs keeps the default run under ten minutes on 2 cores.
    const out = runChild({ key: 'recommended', typed: false, reps: Math.max(1, reps - 1), sizes, plugin: builtPlugin });
    const factors = [1, ...scaleDirs.map((s) => s.factor)];
    scaling = out.map((r, i) => {
      const sizeLines = i === 0 ? corpusLines : countLines(listSourceFiles(r.dir));
      const ours = sum(Object.entries(r.rulesMs).filter(([id]) => id.startsWith('socket-errors/')).map(([, ms]) => ms));
      return {
        factor: factors[i],
        lines: sizeLines,
        medianMs: r.medianMs,
        msPer1kLines: r.medianMs / (sizeLines / 1000),
        cpuMsPer1kLines: r.cpuMs / (sizeLines / 1000),
        rulesMsPer1kLines: ours / (sizeLines / 1000),
        maxRssMb: r.maxRssMb,
      };
    });
    process.stderr.write('done\n');
  }

  let singleFunction = [];
  if (!userDir && !values['no-single']) {
    process.stderr.write(`single-function series: (2) on one function of ${SINGLE_FUNCTION_SIZES.join(', ')} lines ... `);
    singleFunction = singleFunctionSeries(singleReps, seed, builtPlugin);
    process.stderr.write('done\n');
  }

  const json = {
    date: new Date().toISOString(),
    machine: machine(),
    corpus: {
      dir: userDir ?? path.relative(repoRoot, base.dir),
      files: files.length,
      lines: corpusLines,
      manifest: base.manifest,
      seed: base.manifest ? seed : undefined,
    },
    repetitions: reps,
    loadAverage: { before: loadBefore, after: os.loadavg()[0] },
    rules: ruleNames,
    configs: Object.fromEntries(configs.map((c) => [c.key, { label: c.label, ...measured[c.key] }])),
    scaling,
    singleFunction,
    ...(real
      ? {
          real: {
            repositories: real.repositories.length,
            commits: Object.fromEntries(real.repositories.map((r) => [r.repo, r.commit])),
            untypedFiles: real.untyped.length,
            typedFiles: real.typed.length,
            byRepo: real.byRepo,
            noNetworkFiles: real.untyped.filter((file) => !importsNetworkModule(path.join(realDir, file))),
          },
        }
      : {}),
  };
  Object.assign(json, derive(json));
  if (real) json.realDerived = deriveReal(json);
  console.log(formatReport(json));
  writeFileSync(values.json, JSON.stringify(json, null, 2) + '\n');
  process.stderr.write(`\nwrote ${path.relative(process.cwd(), values.json)}\n`);
}

// ------------------------------------------------------------------ derived numbers and the report

const oursIn = (result) =>
  result ? sum(Object.entries(result.rulesMs).filter(([id]) => id.startsWith('socket-errors/')).map(([, ms]) => ms)) : undefined;

/** Shares, per-rule comparison and target verdicts, from the raw measurements of a run. */
function derive({ configs: measured, scaling, singleFunction = [], rules: ruleNames }) {
  const share = (withRules, without, key) => (withRules && without ? (withRules[key] - without[key]) / without[key] : undefined);
  const ruleShare = (withRules, without) => (withRules && without ? oursIn(withRules) / without.medianMs : undefined);
  const typed = measured['recommended-type-checked'];
  const shares = {
    untypedRules: ruleShare(measured.recommended, measured.parser),
    untypedWall: share(measured.recommended, measured.parser, 'medianMs'),
    untypedCpu: share(measured.recommended, measured.parser, 'cpuMs'),
    typedRules: ruleShare(typed, measured['typed-parser']),
    typedWall: share(typed, measured['typed-parser'], 'medianMs'),
    typedCpu: share(typed, measured['typed-parser'], 'cpuMs'),
    // ESLint's floor ((1b) - (1)) and what our rules add above it ((2) - (1b)), both over (1).
    floorCpu: share(measured.floor, measured.parser, 'cpuMs'),
    aboveFloorCpu:
      measured.recommended && measured.floor && measured.parser
        ? (measured.recommended.cpuMs - measured.floor.cpuMs) / measured.parser.cpuMs
        : undefined,
  };
  const anchorMs = measured.anchor?.rulesMs[ANCHOR];
  const perRule = ruleNames.map((name) => {
    const id = `socket-errors/${name}`;
    const untypedMs = measured.recommended?.rulesMs[id];
    const typedMs = typed?.rulesMs[id] ?? measured.strict?.rulesMs[id];
    const worst = Math.max(untypedMs ?? 0, typedMs ?? 0);
    return { rule: name, untypedMs, typedMs, anchorMs, belowAnchor: anchorMs === undefined ? undefined : worst < anchorMs };
  });
  // Judged on CPU time: on a shared machine, wall time per line also measures the others' load.
  const scalingRatio = scaling.length > 1 ? { wall: scaling.at(-1).msPer1kLines / scaling[0].msPer1kLines, cpu: scaling.at(-1).cpuMsPer1kLines / scaling[0].cpuMsPer1kLines } : undefined;
  const noRules = ruleNames.length === 0;
  const judge = (value, limit) => (noRules || value === undefined || Number.isNaN(value) ? undefined : value <= limit);
  // The share is judged on the rule time: ESLint's own timing of each rule's `create()` and of
  // every listener call (collector pauses that fall in them included). The CPU and wall
  // differences between configurations are printed beside it, but they hold ESLint's floor (any
  // one rule makes ESLint traverse the tree: (1b) - (1)) and the difference between two processes
  // on a shared machine, which moves by more than the whole target between runs.
  const targets = {
    limits: TARGETS,
    untypedShare: judge(shares.untypedRules, TARGETS.untypedShare),
    typedShare: judge(shares.typedRules, TARGETS.typedShare),
    everyRuleBelowAnchor: perRule.length === 0 || anchorMs === undefined ? undefined : perRule.every((r) => r.belowAnchor),
    scaling: judge(scalingRatio?.cpu, TARGETS.scalingRatio),
    singleFunction:
      singleFunction.length > 1 && !noRules
        ? singleFunctionRatios(singleFunction, ruleNames).every((r) => r.rule === 'all our rules' || !r.superlinear)
        : undefined,
  };
  return { shares, anchor: { rule: ANCHOR, ms: anchorMs }, perRule, scalingRatio, targets };
}

/** Each rule's (and all rules') time per 1k lines at the largest function over the smallest. */
function singleFunctionRatios(series, ruleNames) {
  const perK = (entry, ids) => sum(ids.map((id) => entry.rulesMs[id] ?? 0)) / (entry.lines / 1000);
  const ids = ruleNames.map((name) => `socket-errors/${name}`);
  const rows = [...ruleNames.map((name, i) => ({ rule: name, ids: [ids[i]] })), { rule: 'all our rules', ids }];
  return rows.map(({ rule, ids: rowIds }) => {
    const per1k = series.map((entry) => perK(entry, rowIds));
    const ratio = per1k.at(-1) / per1k[0];
    const superlinear = ratio > TARGETS.singleFunctionRatio && per1k.at(-1) - per1k[0] >= SINGLE_FUNCTION_NOISE_MS;
    return { rule, per1k, ratio, superlinear };
  });
}

function formatSingleFunction(series, ruleNames) {
  const ratios = singleFunctionRatios(series, ruleNames);
  const sizes = series.map((entry) => `${Math.round(entry.functionLines / 1000)}k`);
  const last = sizes.at(-1);
  const superlinear = ratios.filter((r) => r.rule !== 'all our rules' && r.superlinear);
  const noise = (r) => (r.ratio > TARGETS.singleFunctionRatio && !r.superlinear ? ' (noise)' : '');
  // The parser's own time per 1k lines, for scale: what the machine does with a bigger file.
  const parsePer1k = series.every((entry) => entry.parseMs !== undefined) ? series.map((entry) => entry.parseMs / (entry.lines / 1000)) : undefined;
  const parseRow = parsePer1k ? [['(parsing, for scale)', ...parsePer1k.map((ms) => `${ms.toFixed(2)} ms`), (parsePer1k.at(-1) / parsePer1k[0]).toFixed(2)]] : [];
  return [
    table(
      ['single function (2): ms per 1k lines', ...sizes.map((size) => `at ${size}`), `${last} / ${sizes[0]}`],
      [...ratios.map((r) => [r.rule, ...r.per1k.map((ms) => `${ms.toFixed(2)} ms`), `${r.ratio.toFixed(2)}${noise(r)}`]), ...parseRow],
    ),
    `per 1k lines at ${last} / ${sizes[0]} <= ${TARGETS.singleFunctionRatio} for every rule ` +
      `(growth under ${SINGLE_FUNCTION_NOISE_MS} ms per 1k lines counts as noise): ` +
      (superlinear.length === 0 ? 'met' : `MISSED, superlinear: ${superlinear.map((r) => `${r.rule} (${r.ratio.toFixed(2)})`).join(', ')}`),
  ];
}

function formatReport(json) {
  const { machine: m, corpus, configs: measured, shares, perRule, scaling, scalingRatio, targets } = json;
  const report = [
    `\nsocket-errors benchmark — ${json.date.slice(0, 10)}, ${m.cpu}, ${m.nproc} cores, Node ${m.node}`,
    `corpus: ${corpus.dir} — ${corpus.files} files, ${corpus.lines} lines` +
      (corpus.manifest ? ` (${corpus.manifest.socketFiles} network files, seed ${corpus.manifest.seed})` : ''),
    `rules measured: ${json.rules.length ? json.rules.join(', ') : 'none (plugin.rules is empty)'}`,
    `median of ${json.repetitions} run(s) after a warm-up, each configuration in a fresh process; load average ` +
      `${json.loadAverage.before.toFixed(1)} before, ${json.loadAverage.after.toFixed(1)} after (${m.nproc} cores: more means other work shared the CPU)\n`,
    table(
      ['configuration', 'total', 'cpu', 'parse', 'our rules', 'peak RSS', 'problems', 'fatal'],
      Object.entries(measured).map(([key, r]) => [
        r.label,
        fmtMs(r.medianMs),
        fmtMs(r.cpuMs),
        fmtMs(r.parseMs),
        key === 'anchor' ? '—' : fmtMs(oursIn(r)),
        `${r.maxRssMb.toFixed(0)} MB`,
        r.problems,
        r.fatal,
      ]),
    ),
    '',
    `our rules' added time, untyped: ${fmtPct(shares.untypedRules)} of (1) by rule time; ((2)-(1))/(1): ${fmtPct(shares.untypedCpu)} cpu, ${fmtPct(shares.untypedWall)} wall  [target <= 5%, judged on rule time]`,
    `our rules' added time, typed:   ${fmtPct(shares.typedRules)} of (3) by rule time; ((4)-(3))/(3): ${fmtPct(shares.typedCpu)} cpu, ${fmtPct(shares.typedWall)} wall  [target <= 5%, judged on rule time]`,
    ...(shares.floorCpu === undefined
      ? []
      : [
          `ESLint's floor, any one rule: ((1b)-(1))/(1): ${fmtPct(shares.floorCpu)} cpu; our rules above it: ((2)-(1b))/(1): ${fmtPct(shares.aboveFloorCpu)} cpu`,
        ]),
    '',
  ];
  if (perRule.length > 0) {
    report.push(
      table(
        ['rule', 'untyped (2)', 'typed (4/6)', 'anchor (5)', 'below anchor'],
        perRule.map((r) => [r.rule, fmtMs(r.untypedMs), fmtMs(r.typedMs), fmtMs(r.anchorMs), r.belowAnchor === undefined ? '—' : r.belowAnchor ? 'yes' : 'NO']),
      ),
    );
  } else {
    report.push(`no rules to time yet; anchor ${ANCHOR}: ${fmtMs(json.anchor.ms)}`);
  }
  if (scaling.length > 0) {
    report.push(
      '',
      table(
        ['scaling (2)', 'lines', 'total', 'per 1k lines', 'cpu per 1k', 'our rules per 1k', 'peak RSS'],
        scaling.map((s) => [`${s.factor}x`, s.lines, fmtMs(s.medianMs), fmtMs(s.msPer1kLines), fmtMs(s.cpuMsPer1kLines), fmtMs(s.rulesMsPer1kLines), `${s.maxRssMb.toFixed(0)} MB`]),
      ),
      `time per 1k lines at ${scaling.at(-1).factor}x / 1x: ${scalingRatio.cpu.toFixed(3)} cpu, ${scalingRatio.wall.toFixed(3)} wall  [target <= ${TARGETS.scalingRatio}, judged on cpu]`,
    );
  }
  if (json.singleFunction?.length > 0) report.push('', ...formatSingleFunction(json.singleFunction, json.rules));
  if (json.realDerived) report.push(formatReal(json, { table, fmtMs, fmtPct }));
  const verdict = (ok) => (ok === undefined ? 'n/a' : ok ? 'met' : 'MISSED');
  report.push(
    '',
    `targets: untyped share ${verdict(targets.untypedShare)}, typed share ${verdict(targets.typedShare)}, ` +
      `every rule below anchor ${verdict(targets.everyRuleBelowAnchor)}, scaling ${verdict(targets.scaling)}, ` +
      `single function ${verdict(targets.singleFunction)}`,
  );
  return report.join('\n');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

#!/usr/bin/env node
/**
 * `npm run test:peers`: the package as npm ships it, against the ESLint and TypeScript versions
 * it promises to support. The packed tarball is installed into one fresh project per combination
 * below; each lints the example project (`examples/src`, and `test/peers/kick.ts`, which only
 * type information reports) with `recommended` and with `recommended-type-checked`, and the
 * findings (rule, file, line) must equal the stored expectation in `test/peers/expected.json`,
 * the same on every version. Where the installed ESLint ships types (9.10 and later), TypeScript
 * also checks that ESLint's types accept the plugin and its configs.
 *
 *   node scripts/test-peers.mjs            check every combination
 *   node scripts/test-peers.mjs --update   rewrite the expectation from the first combination
 *   node scripts/test-peers.mjs --keep     leave the projects in place (their paths are printed)
 *
 * Installs share npm's cache and run in parallel; lint runs two at a time.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const expectedFile = path.join(repoRoot, 'test/peers/expected.json');
const update = process.argv.includes('--update');
const keep = process.argv.includes('--keep');

/**
 * Every supported ESLint major (its first release and its latest) and TypeScript from the oldest
 * our peer range allows to the newest; typescript-eslint is what the package's own dependency
 * range resolves to (8.x, which supports TypeScript >=4.8.4 <6.1.0).
 */
const COMBINATIONS = [
  { eslint: '9.0.0', typescript: '5.0.4' },
  { eslint: '^9', typescript: '~5.9.0' },
  { eslint: '^10', typescript: '~6.0.0' },
  { eslint: '^10', typescript: '5.0.4' },
];

const CONFIGS = {
  recommended: `import tsParser from '@typescript-eslint/parser';
import socketErrors from 'eslint-plugin-socket-errors';

export default [
  { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
  socketErrors.configs.recommended,
];
`,
  'recommended-type-checked': `import socketErrors from 'eslint-plugin-socket-errors';

export default [socketErrors.configs['recommended-type-checked']];
`,
};

const TSCONFIG = {
  compilerOptions: { target: 'ES2022', lib: ['ES2023'], module: 'NodeNext', strict: true, types: ['node'], noEmit: true, skipLibCheck: true },
  include: ['examples/src', 'typed'],
};

/** ESLint's types accept the plugin and configs, in an ES module and in a CommonJS file. */
const TYPE_CHECKS = {
  'types/esm.ts': `import type { ESLint, Linter } from 'eslint';
import socketErrors from 'eslint-plugin-socket-errors';

export const plugin: ESLint.Plugin = socketErrors;
export const configs: Linter.Config[] = [
  socketErrors.configs.recommended,
  socketErrors.configs['recommended-type-checked'],
  socketErrors.configs.strict,
  { plugins: { 'socket-errors': socketErrors }, rules: { 'socket-errors/no-use-after-dead': 'error' } },
];
`,
  'types/cjs.cts': `import type { Linter } from 'eslint';
import socketErrors = require('eslint-plugin-socket-errors');

export const configs: Linter.Config[] = [socketErrors.configs.recommended];
`,
  'types/tsconfig.json': `${JSON.stringify({ extends: '../tsconfig.json', include: ['.'] }, null, 2)}\n`,
};

const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** At most `limit` of the tasks at a time. */
async function pool(tasks, limit) {
  const results = [];
  let next = 0;
  async function worker() {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'socket-errors-peers-'));
const { stdout: packed } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], { cwd: repoRoot });
const tarball = path.join(scratch, JSON.parse(packed)[0].filename);

async function install(combination, index) {
  const dir = path.join(scratch, `project-${index + 1}`);
  mkdirSync(dir);
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: `peers-${index + 1}`,
        private: true,
        type: 'module',
        devDependencies: {
          '@types/node': '^20.19.0',
          eslint: combination.eslint,
          'eslint-plugin-socket-errors': `file:${tarball}`,
          typescript: combination.typescript,
        },
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  for (const [name, config] of Object.entries(CONFIGS)) writeFileSync(path.join(dir, `${name}.config.js`), config);
  cpSync(path.join(repoRoot, 'examples/src'), path.join(dir, 'examples/src'), { recursive: true });
  mkdirSync(path.join(dir, 'typed'));
  cpSync(path.join(repoRoot, 'test/peers/kick.ts'), path.join(dir, 'typed/kick.ts'));
  const since = Date.now();
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: dir, maxBuffer: 1 << 24 });
  const version = (name) => JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
  const installed = {
    eslint: version('eslint'),
    typescript: version('typescript'),
    'typescript-eslint': version('@typescript-eslint/parser'),
  };
  console.log(`installed ${describe(installed)} in ${seconds(since)}`);
  const hasTypes = Boolean(JSON.parse(readFileSync(path.join(dir, 'node_modules/eslint/package.json'), 'utf8')).types);
  return { dir, installed, hasTypes };
}

function describe(installed) {
  return Object.entries(installed)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
}

/** Our findings on the examples with one config: `rule file:line`, sorted. */
/** TypeScript's errors for TYPE_CHECKS in the project, empty when it accepts them. */
async function typeCheck(dir) {
  for (const [file, content] of Object.entries(TYPE_CHECKS)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  try {
    await run(process.execPath, [path.join(dir, 'node_modules/typescript/bin/tsc'), '-p', 'types'], { cwd: dir });
    return '';
  } catch (error) {
    return `${error.stdout ?? ''}${error.stderr ?? ''}`.trim() || String(error);
  }
}

async function lint(dir, config) {
  const eslint = path.join(dir, 'node_modules/eslint/bin/eslint.js');
  let stdout;
  try {
    ({ stdout } = await run(process.execPath, [eslint, '--config', `${config}.config.js`, '--format', 'json', 'examples/src', 'typed'], { cwd: dir, maxBuffer: 1 << 26 }));
  } catch (error) {
    // Exit code 1: ESLint found problems, which is what the examples are for.
    if (error.code !== 1 || !error.stdout) throw new Error(`ESLint failed (${config}) in ${dir}:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    stdout = error.stdout;
  }
  const findings = [];
  for (const result of JSON.parse(stdout)) {
    const file = path.relative(dir, result.filePath).split(path.sep).join('/');
    for (const message of result.messages) findings.push(`${message.ruleId ?? `fatal: ${message.message}`} ${file}:${message.line}`);
  }
  return findings.sort();
}

let failed = false;
try {
  const projects = await Promise.all(COMBINATIONS.map((combination, index) => install(combination, index)));
  const tasks = projects.flatMap(({ dir, installed }) =>
    Object.keys(CONFIGS).map((config) => async () => {
      const since = Date.now();
      const findings = await lint(dir, config);
      return { installed, config, findings, time: seconds(since) };
    }),
  );
  const typeTasks = projects.map(({ dir, installed, hasTypes }) => async () => {
    const since = Date.now();
    return { installed, hasTypes, errors: hasTypes ? await typeCheck(dir) : '', time: seconds(since) };
  });
  const [outcomes, typeOutcomes] = [await pool(tasks, 2), await pool(typeTasks, 2)];
  for (const { installed, hasTypes, errors, time } of typeOutcomes) {
    if (!hasTypes) {
      console.log(`skip ${describe(installed)}, types: this ESLint ships no types`);
      continue;
    }
    failed ||= errors !== '';
    console.log(`${errors ? 'FAIL' : 'ok  '} ${describe(installed)}, ESLint's types accept the plugin and configs (${time})`);
    if (errors) console.log(errors.replace(/^/gm, '       '));
  }

  if (update) {
    const expected = {};
    for (const outcome of outcomes.slice(0, Object.keys(CONFIGS).length)) expected[outcome.config] = outcome.findings;
    mkdirSync(path.dirname(expectedFile), { recursive: true });
    writeFileSync(expectedFile, `${JSON.stringify(expected, null, 2)}\n`);
    console.log(`wrote ${path.relative(repoRoot, expectedFile)} from ${describe(outcomes[0].installed)}`);
  }
  const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
  for (const { installed, config, findings, time } of outcomes) {
    const want = expected[config];
    const missing = want.filter((finding) => !findings.includes(finding));
    const extra = findings.filter((finding) => !want.includes(finding));
    const ok = missing.length === 0 && extra.length === 0;
    failed ||= !ok;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${describe(installed)}, ${config}: ${findings.length} findings (${time})`);
    for (const finding of missing) console.log(`       missing: ${finding}`);
    for (const finding of extra) console.log(`       unexpected: ${finding}`);
  }
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
} finally {
  if (keep) console.log(`projects kept in ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}
console.log(`test:peers ${failed ? 'failed' : 'passed'} in ${seconds(started)}`);
process.exitCode = failed ? 1 : 0;

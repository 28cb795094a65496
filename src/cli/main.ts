/**
 * `socket-errors`: a zero-configuration audit of a code base with the plugin's recommended rules,
 * through ESLint's Node API. Exit codes: 0 no problems, 1 problems found, 2 usage error or crash.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import type { ESLint, Linter, Rule } from 'eslint';

import type { default as Plugin } from '../index.js';
import { PACKAGE_VERSION, REPOSITORY_URL } from '../package-info.js';
import { firstLine, readEslintIgnores } from './eslint-ignores.js';
import { readGitignorePatterns } from './gitignore.js';
import { MinifiedFiles } from './minified.js';
import { isOutside, toSarif } from './sarif.js';
import { formatSummary, Progress } from './summary.js';
import { findTsconfig, tsconfigProblem, type TsconfigProblem } from './tsconfig.js';

export const SOURCE_FILES = ['**/*.{js,mjs,cjs,ts,mts,cts,jsx,tsx}'];
/** Ignored on top of ESLint's defaults (`**\/node_modules/`, `.git/`) and the project's ignores. */
export const DEFAULT_IGNORES = ['**/node_modules/', '**/dist/'];
const FORMATS = ['stylish', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

const PROGRESS_RULE = 'socket-errors-cli/progress';

export const USAGE = `Usage: socket-errors [paths...] [options]

Audits JavaScript and TypeScript files for socket error handling problems with the
recommended rules of eslint-plugin-socket-errors. No configuration needed: paths default
to the current directory; node_modules, dist, .gitignore'd files and the global ignores
of the project's eslint.config.js are skipped.

Options:
  --fix                 Apply the rules' safe automatic fixes to the files
  -f, --format <name>   Output format: stylish (default), json or sarif
  --type-aware          Use type information (default when a tsconfig.json is found
                        in the scanned directory or a parent)
  --no-type-aware       Lint by syntax only, even when a tsconfig.json is found
  --max-warnings <n>    Exit with 1 when there are more than n warnings
  --include-minified    Also audit files that look minified or bundled (skipped by
                        default: *.min.js, *.bundle.js, lines over 1000 characters)
  -h, --help            Show this help
  -v, --version         Show the version

Exit codes: 0 no problems, 1 problems found, 2 usage error or crash.
Docs: ${REPOSITORY_URL}/blob/main/docs/cli.md
`;

export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  cwd: string;
}

/** A problem with how the command was called: reported in one line, exit code 2. */
export class UsageError extends Error {}

interface CliOptions {
  paths: string[];
  fix: boolean;
  format: Format;
  typeAware: boolean | undefined;
  maxWarnings: number | undefined;
  includeMinified: boolean;
}

/** Runs the command; resolves to the exit code. Never throws. */
export async function main(argv: readonly string[] = process.argv.slice(2), io: CliIo = processIo()): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    const reason = error instanceof UsageError ? error.message : describeCrash(error, path.resolve(io.cwd));
    io.stderr.write(`socket-errors: ${reason}\n`);
    if (!(error instanceof UsageError) && process.env.SOCKET_ERRORS_DEBUG && error instanceof Error) {
      io.stderr.write(`${error.stack}\n`);
    }
    return 2;
  }
}

/**
 * One line for an unexpected error. ESLint appends where a rule crashed ("Occurred while linting
 * <file>:<line>", 'Rule: "<id>"') on lines of their own: those go in parentheses.
 */
function describeCrash(error: unknown, cwd: string): string {
  const lines = (error instanceof Error ? error.message : String(error)).split('\n').map((line) => line.trim());
  const where = lines.find((line) => line.startsWith('Occurred while linting '))?.slice('Occurred while linting '.length);
  const rule = lines.map((line) => /^Rule: "(.+)"$/.exec(line)?.[1]).find((id) => id !== undefined);
  const context = where ? ` (while linting ${displayPath(where, cwd)}${rule ? `, rule ${rule}` : ''})` : '';
  return `crashed: ${firstLine(error)}${context}; set SOCKET_ERRORS_DEBUG=1 to see the stack`;
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (parsed === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (parsed === 'version') {
    io.stdout.write(`${PACKAGE_VERSION}\n`);
    return 0;
  }
  const options = parsed;
  const started = performance.now();
  const cwd = path.resolve(io.cwd);

  for (const given of options.paths) {
    if (isGlob(given)) continue;
    const resolved = path.resolve(cwd, given);
    if (!existsSync(resolved)) throw new UsageError(`no such file or directory: ${given}`);
    // ESLint lints nothing outside its working directory, without a word for directories.
    const relative = path.relative(cwd, resolved);
    if (isOutside(relative)) {
      throw new UsageError(`${given} is outside the current directory: run socket-errors from a directory that contains it`);
    }
  }

  const tsconfig = await chooseTypeInformation(options, cwd);
  // Loaded after the arguments are checked, so usage errors do not wait for the rules and TypeScript.
  const plugin = (await import('../index.js')).default;
  const progress = new Progress(io.stderr);
  const minified = options.includeMinified ? undefined : new MinifiedFiles();
  // The rules warn once per process when a typed program lacks Node's types; the audit says it in
  // its summary instead.
  const { onMissingNodeTypes } = await import('../node-types.js');
  const withoutNodeTypes = new Set<string>();
  const restore = onMissingNodeTypes((missing) => withoutNodeTypes.add(missing.tsconfig ? displayPath(missing.tsconfig, cwd) : 'tsconfig.json'));
  let outcome: LintOutcome;
  try {
    outcome = await lint({ options, cwd, tsconfig, plugin, progress, minified, stderr: io.stderr });
  } finally {
    restore();
  }
  const { results, filesScanned, filesTyped } = outcome;
  progress.done();
  const named = new Set(results.map((r) => r.filePath)); // skipped files named on the command line get their own warning
  const skippedMinified = minified ? [...minified.skipped.keys()].filter((file) => !named.has(file)).sort() : [];
  const notes = [skippedNote(skippedMinified.map((file) => displayPath(file, cwd))), nodeTypesNote([...withoutNodeTypes].sort())].filter(
    (note) => note !== undefined,
  );

  if (options.fix) {
    const { ESLint } = await import('eslint');
    await ESLint.outputFixes(results);
  }

  const errors = results.reduce((sum, r) => sum + r.errorCount, 0);
  const warnings = results.reduce((sum, r) => sum + r.warningCount, 0);

  if (options.format === 'sarif') {
    const log = toSarif(results, {
      root: cwd,
      tool: { name: 'socket-errors', version: PACKAGE_VERSION, informationUri: REPOSITORY_URL },
      rules: enabledRulesMeta(plugin, tsconfig !== undefined),
    });
    io.stdout.write(`${JSON.stringify(log, null, 2)}\n`);
    for (const note of notes) io.stderr.write(`socket-errors: note: ${note}\n`);
  } else if (options.format === 'json') {
    io.stdout.write(`${JSON.stringify(results)}\n`);
    for (const note of notes) io.stderr.write(`socket-errors: note: ${note}\n`);
  } else {
    const { ESLint } = await import('eslint');
    const formatter = await new ESLint({ cwd, overrideConfigFile: true }).loadFormatter('stylish');
    const text = await formatter.format(results, {});
    // ESLint's report, a blank line, then the summary (the report is empty when nothing was found).
    if (text.trim() !== '') io.stdout.write(`${text.replace(/\n*$/, '')}\n\n`);
    io.stdout.write(
      formatSummary({
        results,
        filesScanned,
        elapsedMs: performance.now() - started,
        mode: describeMode(tsconfig && displayPath(tsconfig, cwd), filesScanned, filesTyped),
        fixed: options.fix,
        notes,
      }),
    );
  }

  if (errors > 0) return 1;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr.write(
      `socket-errors: ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}, more than --max-warnings ${options.maxWarnings} allows\n`,
    );
    return 1;
  }
  return 0;
}

export function parseCommandLine(argv: readonly string[]): CliOptions | 'help' | 'version' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        fix: { type: 'boolean' },
        format: { type: 'string', short: 'f' },
        'type-aware': { type: 'boolean' },
        'no-type-aware': { type: 'boolean' },
        'max-warnings': { type: 'string' },
        'include-minified': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.version) return 'version';

  const format = values.format ?? 'stylish';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown format '${format}' (expected stylish, json or sarif)`);
  }
  if (values['type-aware'] && values['no-type-aware']) {
    throw new UsageError('--type-aware and --no-type-aware cannot be used together');
  }
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(values['max-warnings'])) {
      throw new UsageError(`--max-warnings needs a whole number of 0 or more, got '${values['max-warnings']}'`);
    }
    maxWarnings = Number(values['max-warnings']);
  }
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    fix: values.fix ?? false,
    format: format as Format,
    typeAware: values['type-aware'] ? true : values['no-type-aware'] ? false : undefined,
    maxWarnings,
    includeMinified: values['include-minified'] ?? false,
  };
}

/** The summary's line about typed programs without Node's types, or `undefined` when all had them. */
export function nodeTypesNote(tsconfigs: readonly string[]): string | undefined {
  if (tsconfigs.length === 0) return undefined;
  return `No Node.js types in ${tsconfigs.join(', ')} (net.Socket does not resolve), so typed sockets were not recognised: add "types": ["node"] to its compilerOptions (and install @types/node).`;
}

/** The summary's line about skipped minified files, or `undefined` when none was skipped. */
export function skippedNote(files: readonly string[]): string | undefined {
  if (files.length === 0) return undefined;
  const shown = files.slice(0, 3).join(', ');
  const more = files.length > 3 ? ` and ${files.length - 3} more` : '';
  const count = files.length === 1 ? '1 file that looks' : `${files.length} files that look`;
  return `Skipped ${count} minified or bundled (${shown}${more}): pass --include-minified to audit ${files.length === 1 ? 'it' : 'them'}.`;
}

function describeParseError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]*)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option '${option}' (see --help)`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    const long = /(--[\w-]+)/.exec(message)?.[1] ?? option;
    if (/argument missing/.test(message)) return `option '${long}' needs a value (see --help)`;
    if (/ambiguous/.test(message)) return `option '${long}' needs a value; write ${long}=<value> for one that starts with '-'`;
    if (/does not take an argument/.test(message)) return `option '${long}' does not take a value (see --help)`;
  }
  return `${firstLine(error)} (see --help)`;
}

/** The tsconfig that gives type information, or `undefined` to lint by syntax only. */
async function chooseTypeInformation(options: CliOptions, cwd: string): Promise<string | undefined> {
  if (options.typeAware === false) return undefined;
  const starts = options.paths.map((given) => (isGlob(given) ? cwd : path.resolve(cwd, given)));
  const found = [...new Set(starts.map((start) => findTsconfig(start)).filter((f) => f !== undefined))];
  if (found.length === 0) {
    if (options.typeAware) {
      throw new UsageError('--type-aware needs a tsconfig.json in the scanned directory or one of its parents');
    }
    return undefined;
  }
  for (const file of found) {
    let problem: TsconfigProblem | undefined;
    try {
      problem = await tsconfigProblem(file);
    } catch (error) {
      throw new UsageError(`cannot use ${displayPath(file, cwd)} for type information: ${firstLine(error)}`);
    }
    if (problem?.missingPackage) {
      throw new UsageError(
        `${displayPath(file, cwd)} extends ${problem.missingPackage}, which is not installed: run npm install (or your package manager's install) first, or pass --no-type-aware to audit by syntax only`,
      );
    }
    if (problem) throw new UsageError(`broken ${displayPath(file, cwd)}: ${problem.message}`);
  }
  return found[0];
}

interface LintRun {
  options: CliOptions;
  cwd: string;
  tsconfig: string | undefined;
  plugin: typeof Plugin;
  progress: Progress;
  /** Skips minified files, unless `--include-minified`. */
  minified: MinifiedFiles | undefined;
  stderr: CliIo['stderr'];
}

interface LintOutcome {
  results: ESLint.LintResult[];
  filesScanned: number;
  /** Files linted with type information (the others were linted by syntax only). */
  filesTyped: number;
}

async function lint(run: LintRun): Promise<LintOutcome> {
  const { ESLint } = await import('eslint');
  const parser = await loadParser();
  const { options, cwd, progress } = run;

  const eslintIgnores = await readEslintIgnores(cwd);
  if (eslintIgnores.problem && eslintIgnores.file) {
    run.stderr.write(
      `socket-errors: note: cannot read the ignores of ${displayPath(eslintIgnores.file, cwd)} (${eslintIgnores.problem}); auditing without them\n`,
    );
  }
  const ignores = [...DEFAULT_IGNORES, ...readGitignorePatterns(cwd), ...eslintIgnores.patterns];

  // The project service looks for a file's tsconfig.json up to this directory only: a tsconfig
  // above the current directory (auditing one package of a repository) must be within reach.
  const tsconfigDir = run.tsconfig && path.dirname(run.tsconfig);
  const tsconfigRootDir = tsconfigDir && isOutside(path.relative(cwd, tsconfigDir)) ? tsconfigDir : cwd;
  const makeEslint = (typed: boolean, errorOnUnmatchedPattern: boolean) =>
    new ESLint({
      cwd,
      overrideConfigFile: true,
      overrideConfig: auditConfig({ plugin: run.plugin, typed, cwd, tsconfigRootDir, parser, ignores, progress, minified: run.minified }),
      fix: options.fix,
      errorOnUnmatchedPattern,
      warnIgnored: true,
      ruleFilter: ({ ruleId }) => ruleId.startsWith('socket-errors/') || ruleId === PROGRESS_RULE,
    });

  let results: ESLint.LintResult[];
  try {
    results = await makeEslint(run.tsconfig !== undefined, true).lintFiles(options.paths);
  } catch (error) {
    throw unmatchedPatternError(error) ?? error;
  }

  // Files no tsconfig includes cannot get type information: lint those by syntax only.
  const outsideProject = results.filter((r) => r.messages.some(isOutsideProject)).map((r) => r.filePath);
  if (run.tsconfig && outsideProject.length > 0) {
    const untyped = await makeEslint(false, false).lintFiles(outsideProject);
    const byFile = new Map(untyped.map((r) => [r.filePath, r]));
    results = results.map((r) => byFile.get(r.filePath) ?? r);
  }

  let filesScanned = 0;
  results = results.map((result) => {
    const audited = auditMessages(result, run.minified);
    if (!isNotAudited(audited)) filesScanned++;
    return audited;
  });
  return { results, filesScanned, filesTyped: run.tsconfig ? filesScanned - outsideProject.length : 0 };
}

/**
 * How the files were linted, for the summary line. A run is called type-aware only when every file
 * had type information; otherwise it says how many did, so a monorepo linted mostly by syntax
 * does not read as fully typed.
 */
export function describeMode(tsconfig: string | undefined, filesScanned: number, filesTyped: number): string {
  if (!tsconfig || filesTyped === 0) return filesScanned > 0 && tsconfig ? 'syntax only (no tsconfig.json includes these files)' : 'syntax only';
  if (filesTyped >= filesScanned) return `type-aware (${tsconfig})`;
  const untyped = filesScanned - filesTyped;
  return `type-aware for ${filesTyped} of ${filesScanned} files, syntax only for ${untyped} that no tsconfig.json includes`;
}

/**
 * A path or glob that matched no file to audit is a usage error (exit 2), as in ESLint: a mistyped
 * glob in CI must not pass as "no problems".
 */
function unmatchedPatternError(error: unknown): UsageError | undefined {
  const { messageTemplate, messageData } = error as { messageTemplate?: unknown; messageData?: { pattern?: unknown } };
  const pattern = typeof messageData?.pattern === 'string' ? messageData.pattern : undefined;
  if (pattern === undefined) return undefined;
  const where = pattern === '.' ? 'in the current directory' : isGlob(pattern) ? `match '${pattern}'` : `in '${pattern}'`;
  // ESLint tells "no file" from "all ignored" only roughly (a README.md counts as an ignored match).
  if (messageTemplate === 'file-not-found' || messageTemplate === 'all-matched-files-ignored') {
    return new UsageError(
      `no files to audit ${where} (socket-errors lints .js, .mjs, .cjs, .jsx, .ts, .mts, .cts and .tsx files, and skips node_modules, dist, .gitignore'd files, the project's ESLint ignores and minified files)`,
    );
  }
  return undefined;
}

async function loadParser(): Promise<Linter.Parser> {
  try {
    return await import('@typescript-eslint/parser');
  } catch (error) {
    throw new UsageError(
      `cannot load @typescript-eslint/parser (${firstLine(error)}); install it and typescript next to eslint-plugin-socket-errors`,
    );
  }
}

interface ConfigParts {
  plugin: typeof Plugin;
  typed: boolean;
  cwd: string;
  /** Where the project service stops looking for tsconfig files (default: `cwd`). */
  tsconfigRootDir?: string | undefined;
  parser: Linter.Parser;
  ignores: string[];
  progress: Progress;
  minified?: MinifiedFiles | undefined;
}

/** The flat config of an audit: our ignores, the TypeScript parser for every file, our recommended rules. */
export function auditConfig({ plugin, typed, cwd, tsconfigRootDir = cwd, parser, ignores, progress, minified }: ConfigParts): Linter.Config[] {
  const ours = (typed ? plugin.configs['recommended-type-checked'] : plugin.configs.recommended) as Linter.Config;
  const configs: Linter.Config[] = [
    { name: 'socket-errors/cli/ignores', ignores },
    // After the other ignores: ESLint asks a matcher only about files they did not ignore, so only
    // files skipped for looking minified are counted as such. (Functions are valid ignore matchers
    // in flat config; the types list strings only.)
    ...(minified ? [{ name: 'socket-errors/cli/minified', ignores: [minified.matcher as unknown as string] }] : []),
    { ...ours, files: SOURCE_FILES },
    {
      name: 'socket-errors/cli/language',
      files: SOURCE_FILES,
      languageOptions: {
        parser,
        parserOptions: typed ? { projectService: true, tsconfigRootDir } : { projectService: false },
      },
      // The project's disable comments name its own rules, which this audit does not run.
      linterOptions: { reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
    },
  ];
  if (progress.enabled) {
    const counter: Rule.RuleModule = {
      meta: { type: 'problem', schema: [] },
      create(context) {
        progress.tick(displayPath(context.filename, cwd));
        return {};
      },
    };
    configs.push({
      name: 'socket-errors/cli/progress',
      files: SOURCE_FILES,
      plugins: { 'socket-errors-cli': { rules: { progress: counter } } },
      rules: { [PROGRESS_RULE]: 'error' },
    });
  }
  return configs;
}

/** Meta of every rule the audit enables, by rule id (for SARIF's rule list). */
function enabledRulesMeta(plugin: typeof Plugin, typed: boolean): Record<string, Rule.RuleMetaData> {
  const config = typed ? plugin.configs['recommended-type-checked'] : plugin.configs.recommended;
  const meta: Record<string, Rule.RuleMetaData> = {};
  for (const ruleId of Object.keys(config.rules ?? {})) {
    const rule = plugin.rules[ruleId.slice('socket-errors/'.length)];
    if (rule) meta[ruleId] = rule.meta as Rule.RuleMetaData;
  }
  return meta;
}

const isOutsideProject = (message: Linter.LintMessage) =>
  message.fatal === true && message.message.includes('was not found by the project service');

/**
 * ESLint 10's complaint about a `/* eslint-env *\/` comment, which older projects still carry: it
 * comes as a fatal error, yet the file is linted whole. It is about the project's ESLint setup,
 * not a file the audit could not read (ESLint 9 gives it as a warning).
 */
const isEslintEnvComplaint = (message: Linter.LintMessage) => message.ruleId === null && message.message.startsWith('/* eslint-env */ comments');

/**
 * Keeps what the audit reports: our rules' findings, parse errors, and notes about files named on
 * the command line that were not linted (reworded: ESLint's text names flags this command lacks).
 * Dropped: problems from the project's inline comments about rules the audit does not run, and
 * about `/* eslint-env *\/` comments.
 */
function auditMessages(result: ESLint.LintResult, minified?: MinifiedFiles): ESLint.LintResult {
  const minifiedReason = minified?.skipped.get(result.filePath);
  const messages = result.messages
    .filter((m) => (m.fatal === true && !isEslintEnvComplaint(m)) || (m.ruleId === null ? isIgnoredNote(m) : m.ruleId.startsWith('socket-errors/')))
    .map((m) => (m.ruleId === null && !m.fatal && isIgnoredNote(m) ? { ...m, message: rewordIgnoredNote(m.message, minifiedReason) } : m));
  const count = (predicate: (m: Linter.LintMessage) => boolean) => messages.filter(predicate).length;
  return {
    ...result,
    messages,
    errorCount: count((m) => m.severity === 2),
    warningCount: count((m) => m.severity === 1),
    fatalErrorCount: count((m) => m.fatal === true),
    fixableErrorCount: count((m) => m.severity === 2 && m.fix !== undefined),
    fixableWarningCount: count((m) => m.severity === 1 && m.fix !== undefined),
  };
}

const isIgnoredNote = (message: Linter.LintMessage) => message.message.startsWith('File ignored');
/** A result that only says its file was not linted (after `auditMessages`). */
const isNotAudited = (result: ESLint.LintResult) =>
  result.messages.length === 1 && result.messages[0]!.ruleId === null && result.messages[0]!.message.startsWith('File not audited');

function rewordIgnoredNote(message: string, minifiedReason: string | undefined): string {
  if (minifiedReason !== undefined) {
    return `File not audited: it looks minified or bundled (${minifiedReason}); pass --include-minified to audit it.`;
  }
  if (message.includes('outside of base path')) {
    return 'File not audited: it is outside the directory socket-errors runs in; run it from a directory that contains the file.';
  }
  if (message.includes('no matching configuration')) {
    return 'File not audited: socket-errors lints .js, .mjs, .cjs, .jsx, .ts, .mts, .cts and .tsx files.';
  }
  return "File not audited: it is ignored (node_modules, dist, .gitignore or the project's ESLint ignores).";
}

const isGlob = (given: string) => /[*?[\]{}()!]/.test(given);

function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' || isOutside(relative) ? file : relative.split(path.sep).join('/');
}

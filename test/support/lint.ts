/**
 * Linting helpers shared by the generic tests (robustness, autofix safety): which parser and
 * language options a file gets from its extension, rule sets built from `plugin.rules`, and a crash
 * finder that names the rule that threw.
 */
import type { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';

import plugin from '../../src/index.js';

export const pluginObject = plugin as unknown as ESLint.Plugin;
export const ruleNames: readonly string[] = Object.keys(plugin.rules);
export const ruleId = (name: string) => `socket-errors/${name}`;

/** Every extension the tests lint; flat config only lints a file some `files` pattern names. */
export const SOURCE_FILES = ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'];

export type ParserName = 'espree' | 'typescript';

const isTypeScript = (filename: string) => /\.[cm]?tsx?$/.test(filename);

/** JS files are linted with both parsers users meet (ESLint's default and typescript-eslint's). */
export function parsersFor(filename: string): ParserName[] {
  return isTypeScript(filename) ? ['typescript'] : ['espree', 'typescript'];
}

export function languageOptionsFor(filename: string, parser: ParserName): Linter.LanguageOptions {
  const sourceType = /\.c[jt]s$/.test(filename) ? 'commonjs' : 'module';
  const jsx = /\.[jt]sx$/.test(filename);
  return parser === 'espree'
    ? { sourceType, ecmaVersion: 'latest', parserOptions: { ecmaFeatures: { jsx } } }
    : { sourceType, parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx } } };
}

/** The config object that makes a file lintable with a parser, before any rules. */
export function baseConfig(filename: string, parser: ParserName = parsersFor(filename).at(-1)!): Linter.Config {
  return { files: SOURCE_FILES, languageOptions: languageOptionsFor(filename, parser) };
}

export type RuleSet = Record<string, Linter.RuleEntry>;

/** Every rule of the plugin on, with its default options. */
export function rulesWithDefaults(): RuleSet {
  return Object.fromEntries(ruleNames.map((name) => [ruleId(name), 'error' as const]));
}

/** Every rule of the plugin on, with the options the `strict` config gives it. */
export function rulesWithStrictOptions(): RuleSet {
  return { ...(plugin.configs.strict.rules as RuleSet) };
}

export function pluginConfig(rules: RuleSet): Linter.Config {
  return { plugins: { 'socket-errors': pluginObject }, rules };
}

export interface Crash {
  ruleId: string | undefined;
  /** The first line of the error (ESLint appends the file and rule on later lines). */
  message: string;
  filename: string;
  parser: ParserName;
  ruleSet: string;
}

export interface CrashCheck {
  /** The program parsed with at least one parser (so the rules really ran). */
  parsed: boolean;
  crashes: Crash[];
}

function asCrash(error: unknown, filename: string, parser: ParserName, ruleSet: string): Crash {
  const err = error as Error & { ruleId?: string };
  return { ruleId: err.ruleId, message: String(err.message).split('\n')[0]!, filename, parser, ruleSet };
}

/**
 * Lints `code` with every parser its extension allows and every rule set, and returns what threw.
 * When the whole set throws, each rule is run alone so that every failing rule is named.
 */
export function findCrashes(
  linter: Linter,
  code: string,
  filename: string,
  ruleSets: Record<string, RuleSet>,
  plugins: ESLint.Plugin = pluginObject,
  parsers: readonly ParserName[] = parsersFor(filename),
): CrashCheck {
  let parsed = false;
  const crashes: Crash[] = [];
  for (const parser of parsers) {
    for (const [setName, rules] of Object.entries(ruleSets)) {
      const config = (r: RuleSet): Linter.Config[] => [baseConfig(filename, parser), { plugins: { 'socket-errors': plugins }, rules: r }];
      try {
        const messages = linter.verify(code, config(rules), { filename });
        if (!messages.some((m) => m.fatal)) parsed = true;
      } catch {
        parsed = true;
        for (const [id, entry] of Object.entries(rules)) {
          try {
            linter.verify(code, config({ [id]: entry }), { filename });
          } catch (error) {
            crashes.push(asCrash(error, filename, parser, setName));
          }
        }
      }
    }
  }
  return { parsed, crashes };
}

/** Does `code` parse as `filename` with the parser the tests use for it? */
export function parses(linter: Linter, code: string, filename: string, parser: ParserName = parsersFor(filename).at(-1)!): boolean {
  return !linter.verify(code, [baseConfig(filename, parser)], { filename }).some((m) => m.fatal);
}

/**
 * The public types of eslint-plugin-socket-errors: what `import plugin from
 * 'eslint-plugin-socket-errors'` and `require()` of it are typed as (see public-entry.ts).
 *
 * They are written out with no types from eslint or typescript-eslint, so that ESLint's own types
 * (`Linter.Config`, `ESLint.Plugin`, `defineConfig` from `eslint/config`) and typescript-eslint's
 * (`tseslint.config`) accept the plugin and its configs whichever versions a project has: the
 * approach typescript-eslint takes for its own configs. They are type aliases rather than
 * interfaces so that they fit the index signatures of ESLint's types. The configs in index.ts are
 * typed with them; test/readme-configs.test.ts type-checks every config form of the README.
 */

/** The name of a config in `plugin.configs`. */
export type ConfigName = 'recommended' | 'recommended-type-checked' | 'strict';

/** How a config turns a rule on. */
export type RuleEntry = 'error' | ['error', Record<string, unknown>];

/** One of `plugin.configs`: a flat config object. */
export type Config = {
  name: string;
  files: string[];
  plugins: { 'socket-errors': Plugin };
  languageOptions?: {
    /** typescript-eslint's parser; a file outside every tsconfig.json is parsed without types. */
    parser: {
      meta: { name: string; version: string };
      parseForESLint(code: string, options?: object | null): { ast: unknown; scopeManager: unknown };
    };
    parserOptions: { projectService: boolean };
  };
  rules: Record<string, RuleEntry>;
};

/** What a rule's `meta.docs` says; the configs are derived from it. */
export type RuleDocs = {
  description: string;
  url: string;
  /** `'recommended'`: in every config; `'strict'`: only in `strict`. */
  recommended: 'recommended' | 'strict';
  /** The rule needs type information to report at all. */
  requiresTypeChecking?: boolean;
  /** Options the `strict` config sets for this rule. */
  strictOptions?: Record<string, unknown>;
};

/** A rule as ESLint reads it. */
export type Rule = {
  meta: {
    type: 'problem' | 'suggestion' | 'layout';
    docs: RuleDocs;
    messages: Record<string, string>;
    fixable?: 'code' | 'whitespace';
    hasSuggestions?: boolean;
    languages: string[];
  };
  // ESLint's and typescript-eslint's types describe the context and the syntax nodes differently.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  create(context: any): Record<string, ((...args: any[]) => void) | undefined>;
};

/** The plugin: `import plugin from 'eslint-plugin-socket-errors'`, or `require()` of it. */
export type Plugin = {
  meta: { name: string; version: string };
  rules: Record<string, Rule>;
  configs: Record<ConfigName, Config>;
};

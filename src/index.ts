import { rules } from '../rules/index.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from './package-info.js';
import type { Config, ConfigName, Plugin as PublicPlugin, RuleEntry } from './public.js';
import { typedParser } from './typed-parser.js';

export type { ConfigName } from './public.js';

/** The plugin as the rules' authors and tests see it: rules typed with typescript-eslint's types. */
export interface Plugin {
  meta: { name: string; version: string };
  rules: typeof rules;
  configs: Record<ConfigName, Config>;
}

/**
 * The rules a config turns on, from each rule's `meta.docs` (no hand-kept lists):
 * - `recommended`: rules marked `'recommended'` that work without type information;
 * - `recommended-type-checked`: every rule marked `'recommended'`, with type information on;
 * - `strict`: every rule, with the options its `meta.docs.strictOptions` names.
 */
export function rulesForConfig(name: ConfigName): Record<string, RuleEntry> {
  const entries: Record<string, RuleEntry> = {};
  for (const [ruleName, rule] of Object.entries(rules)) {
    const docs = rule.meta.docs;
    if (!docs) continue;
    const inConfig =
      name === 'strict' ||
      (docs.recommended === 'recommended' && (name === 'recommended-type-checked' || !docs.requiresTypeChecking));
    if (!inConfig) continue;
    entries[`socket-errors/${ruleName}`] =
      name === 'strict' && docs.strictOptions ? ['error', docs.strictOptions] : 'error';
  }
  return entries;
}

/** Every JavaScript and TypeScript file, the files each config applies to. */
const SOURCE_FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];

const plugin: Plugin = {
  meta: { name: PACKAGE_NAME, version: PACKAGE_VERSION },
  rules,
  configs: {} as Plugin['configs'],
};
// What a project sees (public-entry.ts): the same object, its rules typed as ESLint reads them.
const registered = plugin as unknown as PublicPlugin;

plugin.configs.recommended = {
  name: 'socket-errors/recommended',
  files: [...SOURCE_FILES],
  plugins: { 'socket-errors': registered },
  rules: rulesForConfig('recommended'),
};
plugin.configs['recommended-type-checked'] = {
  name: 'socket-errors/recommended-type-checked',
  files: [...SOURCE_FILES],
  plugins: { 'socket-errors': registered },
  // Type information makes the rules precise; files outside every tsconfig.json are linted by syntax.
  languageOptions: { parser: typedParser, parserOptions: { projectService: true } },
  rules: rulesForConfig('recommended-type-checked'),
};
plugin.configs.strict = {
  name: 'socket-errors/strict',
  files: [...SOURCE_FILES],
  plugins: { 'socket-errors': registered },
  rules: rulesForConfig('strict'),
};

export default plugin;
export { rules };

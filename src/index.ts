import type { TSESLint } from '@typescript-eslint/utils';

import { rules } from '../rules/index.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from './package-info.js';

type RuleEntry = TSESLint.SharedConfig.RuleEntry;
type FlatConfig = TSESLint.FlatConfig.Config;

export type ConfigName = 'recommended' | 'recommended-type-checked' | 'strict';

export interface Plugin {
  meta: { name: string; version: string };
  rules: typeof rules;
  configs: Record<ConfigName, FlatConfig>;
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

plugin.configs.recommended = {
  name: 'socket-errors/recommended',
  files: [...SOURCE_FILES],
  plugins: { 'socket-errors': plugin },
  rules: rulesForConfig('recommended'),
};
plugin.configs['recommended-type-checked'] = {
  name: 'socket-errors/recommended-type-checked',
  files: [...SOURCE_FILES],
  plugins: { 'socket-errors': plugin },
  // Type information makes the rules precise; they still fall back to syntax on files outside any tsconfig.
  languageOptions: { parserOptions: { projectService: true } },
  rules: rulesForConfig('recommended-type-checked'),
};
plugin.configs.strict = {
  name: 'socket-errors/strict',
  files: [...SOURCE_FILES],
  plugins: { 'socket-errors': plugin },
  rules: rulesForConfig('strict'),
};

export default plugin;
export { rules };

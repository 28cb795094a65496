import type { TSESLint } from '@typescript-eslint/utils';

import type { SocketErrorsRuleDocs } from '../src/create-rule.js';

/** Every rule of the plugin, by name. test/invariants.test.ts checks this matches the files here. */
export const rules: Record<string, TSESLint.RuleModule<string, readonly unknown[], SocketErrorsRuleDocs>> = {};

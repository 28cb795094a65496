import type { TSESLint } from '@typescript-eslint/utils';

import type { SocketErrorsRuleDocs } from '../src/create-rule.js';
import exhaustiveErrorCodes from './exhaustive-error-codes.js';
import noUnknownErrorCode from './no-unknown-error-code.js';

/** Every rule of the plugin, by name. test/invariants.test.ts checks this matches the files here. */
export const rules: Record<string, TSESLint.RuleModule<string, readonly unknown[], SocketErrorsRuleDocs>> = {
  'exhaustive-error-codes': exhaustiveErrorCodes,
  'no-unknown-error-code': noUnknownErrorCode,
};

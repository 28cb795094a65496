import type { TSESLint } from '@typescript-eslint/utils';

import type { SocketErrorsRuleDocs } from '../src/create-rule.js';
import cleanupDeadSocket from './cleanup-dead-socket.js';
import exhaustiveErrorCodes from './exhaustive-error-codes.js';
import noFatalCloseErrors from './no-fatal-close-errors.js';
import noUnknownErrorCode from './no-unknown-error-code.js';
import noUseAfterDead from './no-use-after-dead.js';
import requireErrorListener from './require-error-listener.js';

/** Every rule of the plugin, by name. test/invariants.test.ts checks this matches the files here. */
export const rules: Record<string, TSESLint.RuleModule<string, readonly unknown[], SocketErrorsRuleDocs>> = {
  'cleanup-dead-socket': cleanupDeadSocket,
  'exhaustive-error-codes': exhaustiveErrorCodes,
  'no-fatal-close-errors': noFatalCloseErrors,
  'no-unknown-error-code': noUnknownErrorCode,
  'no-use-after-dead': noUseAfterDead,
  'require-error-listener': requireErrorListener,
};

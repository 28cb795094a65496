import { ESLintUtils } from '@typescript-eslint/utils';

import { REPOSITORY_URL } from './package-info.js';

/** What every rule's `meta.docs` says; the configs and the README table are derived from it. */
export interface SocketErrorsRuleDocs {
  description: string;
  /** `'recommended'`: in every config; `'strict'`: only in `strict`. */
  recommended: 'recommended' | 'strict';
  /** The rule needs type information: it is left out of `recommended` (syntax only). */
  requiresTypeChecking?: boolean;
  /** Options the `strict` config sets for this rule (merged over its defaults by ESLint). */
  strictOptions?: Record<string, unknown>;
}

export const createRule = ESLintUtils.RuleCreator<SocketErrorsRuleDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`,
);

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

const ruleCreator = ESLintUtils.RuleCreator<SocketErrorsRuleDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`,
);

/** Frozen, so that a rule changing its options (shared by every file of a run) throws in the tests. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * typescript-eslint's RuleCreator merges the options over the defaults for every file, with a
 * `structuredClone` of the defaults each time. A rule gets the same options for every file of a
 * run: merge them once per distinct options (the rules never change their options object).
 */
export const createRule: typeof ruleCreator = (definition) => {
  const rule = ruleCreator(definition);
  const defaults = (definition.meta.defaultOptions ?? definition.defaultOptions ?? []) as NonNullable<typeof definition.defaultOptions>;
  const merged = new Map<string, typeof defaults>();
  // ESLint hands every file a new array holding the same options object of the config: that
  // object finds the merged options without writing the options out as JSON for every file.
  const byObject = new WeakMap<object, typeof defaults>();
  /** The options of a rule turned on without any (`'error'`, as the configs do): the defaults. */
  let withoutOptions: typeof defaults | undefined;
  return {
    ...rule,
    // ESLint 10 keeps the rules off files of other languages (JSON, Markdown, CSS...).
    meta: { ...rule.meta, languages: ['js/js'] },
    create(context) {
      // ESLint 9 runs a rule on any language a config gives it: only an ESTree Program has sockets.
      if ((context.sourceCode.ast as { type?: unknown } | undefined)?.type !== 'Program') return {};
      if (context.options.length === 0) {
        withoutOptions ??= merged.get('[]') ?? deepFreeze(ESLintUtils.applyDefault(defaults, context.options));
        return definition.create(context, withoutOptions);
      }
      const [only] = context.options;
      const single = context.options.length === 1 && typeof only === 'object' && only !== null ? only : undefined;
      let options = single && byObject.get(single);
      if (!options) {
        const key = JSON.stringify(context.options);
        options = merged.get(key);
        if (!options) {
          options = deepFreeze(ESLintUtils.applyDefault(defaults, context.options));
          merged.set(key, options);
        }
        if (single) byObject.set(single, options);
      }
      return definition.create(context, options);
    },
  };
};

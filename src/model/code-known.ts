/**
 * Is a string an error code Node (or the user, or a library) raises, and if not, which known code
 * is it a slip of? Known codes are the table's (src/codes.ts), every code Node can raise on I/O
 * (src/known-codes.ts) and the user's `additionalCodes`; the nearest code comes from
 * `fastest-levenshtein`, with two neighbouring letters swapped counted as one slip.
 *
 * Depends on the options only (one `KnownCodes` per rule and file, made in `create`), not on the
 * file: nothing here walks the tree.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { closest, distance } from 'fastest-levenshtein';

import { KNOWN_ERROR_CODES, SOCKET_ERROR_CODES, isKnownErrorCode, isSocketErrorCode } from '../codes.js';
import { skipWrappers } from './ast.js';
import { ERRNO_STYLE, readString, resolveCodeList, type CodeList, type StringValue } from './code-reads.js';

/**
 * How far a string may be from a known code and still be its typo: one edit, two for long codes
 * (two neighbouring letters swapped always count). Short codes two edits apart are other words:
 * npm's `ENOGIT` is not a typo of `ENOENT`.
 */
function typoLimit(value: string): number {
  return value.length <= 8 ? 1 : 2;
}

/**
 * A slip keeps the first letter and, in prefixed codes, the prefix: `ERR_CANCELED` (axios) is not a
 * typo of `EAI_CANCELED`, nor `ER_DUP_ENTRY` (MySQL) of anything of Node's.
 */
function sameNamespace(value: string, nearest: string): boolean {
  if (value[0] !== nearest[0]) return false;
  if (!value.includes('_') || !nearest.includes('_')) return true;
  return value.slice(0, value.indexOf('_')) === nearest.slice(0, nearest.indexOf('_'));
}

/**
 * The shapes of Node's and libuv's own codes (`EPIPE`, `EAI_AGAIN`, `ERR_SOCKET_CLOSED`). An unknown
 * code of that shape looks like Node's but is not; other shapes (`ER_DUP_ENTRY`, `PG_INVALID_DATE`)
 * belong to a library and are never reported as unlisted.
 */
const NODE_NAMESPACE = /^(?:E[A-Z0-9]+|EAI_[A-Z0-9]+|ERR_[A-Z0-9_]+)$/;

/** What an unknown code-like string is: a slip of a known code, or a code nobody lists. */
export interface UnknownCode {
  /** The nearest known code (on a tie, a socket code of the table). */
  nearest: string;
  /** One slip away from `nearest` (same namespace, within the typo limit, or two letters swapped). */
  isTypo: boolean;
  /** Shaped like Node's own codes (`E…`, `EAI_…`, `ERR_…`). */
  nodeShaped: boolean;
}

export interface KnownCodes {
  /** Node raises it, the table has it, or the user listed it. */
  isKnown: (value: string) => boolean;
  /** A socket code of the table, or one of the user's codes. */
  isSocketOrAdditional: (value: string) => boolean;
  /** A code-like string (`E.code` style, two letters or more) that is not known. */
  isUnknownCodeLike: (value: string) => boolean;
  /** For a string `isUnknownCodeLike` accepts: what it is. */
  unknown: (value: string) => UnknownCode;
}

export function knownCodes(additional: ReadonlySet<string>): KnownCodes {
  // Table codes first: on a tie the nearest socket code wins.
  let candidates: string[] | undefined;
  const isKnown = (value: string): boolean => isKnownErrorCode(value) || isSocketErrorCode(value) || additional.has(value);

  /** A known code two neighbouring letters away (`EPIEP` for `EPIPE`): one slip, two edits. */
  function swappedCode(value: string): string | null {
    for (let index = 0; index < value.length - 1; index += 1) {
      const swapped = `${value.slice(0, index)}${value[index + 1]}${value[index]}${value.slice(index + 2)}`;
      if (swapped !== value && isKnown(swapped)) return swapped;
    }
    return null;
  }

  return {
    isKnown,
    isSocketOrAdditional: (value) => isSocketErrorCode(value) || additional.has(value),
    isUnknownCodeLike: (value) => ERRNO_STYLE.test(value) && value.length >= 2 && !isKnown(value),
    unknown: (value) => {
      const swapped = swappedCode(value);
      const nearest = swapped ?? closest(value, (candidates ??= [...new Set([...SOCKET_ERROR_CODES, ...additional, ...KNOWN_ERROR_CODES])]));
      const isTypo = swapped !== null || (sameNamespace(value, nearest) && distance(value, nearest) <= typoLimit(value));
      return { nearest, isTypo, nodeShaped: NODE_NAMESPACE.test(value) };
    },
  };
}

/**
 * Is a list of strings outside any comparison (retry options, exported constants) a list of Node's
 * codes? Every element read, at least two, all `E.code` style, two or more socket codes, and mostly
 * known codes (a library declaring its own codes is not).
 */
export function isListOfNodeCodes(list: CodeList, known: KnownCodes): boolean {
  if (list.open || list.codes.length < 2) return false;
  if (!list.codes.every((code) => ERRNO_STYLE.test(code.value))) return false;
  if (list.codes.filter((code) => isSocketErrorCode(code.value)).length < 2) return false;
  const unknown = list.codes.filter((code) => !known.isKnown(code.value)).length;
  return unknown * 2 <= list.codes.length - unknown;
}

/** Elements whose value is never a string, whatever the scope holds. */
const NEVER_STRING: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.ObjectExpression,
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.ArrowFunctionExpression,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.ClassExpression,
]);

/** A literal element, read without the scope: a code-shaped string is still a candidate. */
function literalCandidate(target: TSESTree.Node): boolean | null {
  if (target.type === AST_NODE_TYPES.Literal) return typeof target.value === 'string' && ERRNO_STYLE.test(target.value);
  if (target.type === AST_NODE_TYPES.TemplateLiteral && target.expressions.length === 0) {
    const cooked = target.quasis[0]?.value.cooked;
    return typeof cooked === 'string' && ERRNO_STYLE.test(cooked);
  }
  return null;
}

/**
 * The codes of an array literal that is a list of Node's codes (`isListOfNodeCodes` of
 * `resolveCodeList`), or null. Most arrays of a file hold numbers, objects or words: an element
 * that cannot be a code string ends the question before the scope is asked for or any name is
 * looked up.
 */
export function nodeCodeList(array: TSESTree.ArrayExpression, scopeOf: () => TSESLint.Scope.Scope, known: KnownCodes): StringValue[] | null {
  let elements = 0;
  let spread = false;
  for (const element of array.elements) {
    if (!element) continue;
    elements += 1;
    if (element.type === AST_NODE_TYPES.SpreadElement) {
      spread = true;
      continue;
    }
    const target = skipWrappers(element);
    if (literalCandidate(target) === false || NEVER_STRING.has(target.type)) return null;
  }
  if (elements < 2 && !spread) return null;
  const scope = scopeOf();
  const codes: StringValue[] = [];
  for (const element of array.elements) {
    if (!element) continue;
    if (element.type === AST_NODE_TYPES.SpreadElement) {
      // As `resolveCodeList` reads a spread: a list that is not fully read leaves this one open.
      const inner = resolveCodeList(element.argument, scope, 1);
      if (!inner || inner.open) return null;
      codes.push(...inner.codes);
      continue;
    }
    const value = readString(element, scope);
    if (!value) return null;
    codes.push(value);
  }
  return isListOfNodeCodes({ codes, open: false, array }, known) ? codes : null;
}

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { closest, distance } from 'fastest-levenshtein';

import {
  ERRNO_STYLE,
  finiteStringMembers,
  mayReadErrorCode,
  mayReadMember,
  quoteLike,
  readCodeComparison,
  readCodeMembership,
  readCodeSwitch,
  readString,
  resolveCodeList,
  typeServices,
  type CodeRead,
  type StringValue,
} from '../src/code-dispatch.js';
import {
  KNOWN_ERROR_CODES,
  SOCKET_ERROR_CODES,
  SOCKET_ERROR_KINDS,
  isKnownErrorCode,
  isSocketErrorCode,
} from '../src/codes.js';
import { createRule } from '../src/create-rule.js';
import { propertyName, skipWrappers } from '../src/model/ast.js';
import { askType } from '../src/type-questions.js';

export interface NoUnknownErrorCodeOptions {
  additionalCodes?: string[] | Record<string, string>;
  checkUnlisted?: boolean;
}

type Options = [NoUnknownErrorCodeOptions];
type MessageIds = 'typo' | 'unlisted' | 'replaceCode' | 'errnoIsNumber' | 'compareCode' | 'messageMatch' | 'useCode';

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

/** Words that look like codes inside a message needle or a regular expression. */
const CODE_WORD = /[A-Z][A-Z0-9_]{2,}/g;

/** Calls whose message checks are assertions in tests, where matching the text is the point. */
const ASSERTION = /^(?:assert|expect|ok|equal|strictEqual|deepEqual|match|throws|rejects)$/;
const ASSERTION_OWNER = /^(?:assert|t|tap|test|expect|chai|should)$/;

const MESSAGE_METHODS = new Set(['includes', 'indexOf', 'lastIndexOf', 'startsWith', 'endsWith', 'match', 'matchAll', 'search']);

export default createRule<Options, MessageIds>({
  name: 'no-unknown-error-code',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow error codes that Node never raises, errno compared with code strings, and codes matched in messages',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      typo: "'{{value}}' is not an error code Node raises: did you mean '{{nearest}}'?",
      unlisted:
        "'{{value}}' is not an error code Node raises, so this never matches unless a library sets it.",
      replaceCode: "Replace with '{{nearest}}'.",
      errnoIsNumber:
        "`{{errno}}` is a number, never the string '{{value}}', so this never matches.",
      compareCode: "Compare `{{code}}` with '{{value}}' instead.",
      messageMatch:
        'Matching {{value}} in `{{message}}` breaks when the message is reworded or the error wrapped.',
      useCode: "Compare `{{code}}` with '{{value}}' instead.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          additionalCodes: {
            description:
              'Codes your code or its libraries raise besides Node\'s (for example `["ESOCKETTIMEDOUT"]`), as a list or as the same `{ "CODE": "kind" }` object `exhaustive-error-codes` takes.',
            oneOf: [
              {
                type: 'array',
                description: 'The codes, as a list.',
                items: { type: 'string' },
                uniqueItems: true,
              },
              {
                type: 'object',
                description: 'The codes, each with its kind.',
                patternProperties: { '^[A-Z][A-Z0-9_]*$': { type: 'string', enum: [...SOCKET_ERROR_KINDS] } },
                additionalProperties: false,
              },
            ],
          },
          checkUnlisted: {
            type: 'boolean',
            description:
              'Also report errno-style codes that are far from every known code (a library\'s own code, or one that does not exist); by default only near-misses of a known code are reported.',
          },
        },
      },
    ],
    defaultOptions: [{ additionalCodes: [], checkUnlisted: false }],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const services = typeServices(sourceCode);
    const additional = new Set(
      Array.isArray(options.additionalCodes) ? options.additionalCodes : Object.keys(options.additionalCodes ?? {}),
    );
    // Table codes first: on a tie the nearest socket code wins.
    let candidates: string[] | undefined;
    const reported = new WeakSet<TSESTree.Node>();

    /** A known code two neighbouring letters away (`EPIEP` for `EPIPE`): one slip, two edits. */
    function swappedCode(value: string): string | null {
      for (let index = 0; index < value.length - 1; index += 1) {
        const swapped = `${value.slice(0, index)}${value[index + 1]}${value[index]}${value.slice(index + 2)}`;
        if (swapped !== value && isKnown(swapped)) return swapped;
      }
      return null;
    }

    function isKnown(value: string): boolean {
      return isKnownErrorCode(value) || isSocketErrorCode(value) || additional.has(value);
    }

    /** Is `value` one of the literals the subject's type allows (a user's own code union)? */
    function allowedByType(subject: TSESTree.Node | null, value: string): boolean {
      if (!services || !subject) return false;
      return askType(context, subject, () => finiteStringMembers(services, subject))?.includes(value) ?? false;
    }

    function checkCode(code: StringValue, subject: TSESTree.Node | null): void {
      const { value } = code;
      if (reported.has(code.node) || !ERRNO_STYLE.test(value) || value.length < 2 || isKnown(value)) return;
      if (allowedByType(subject, value)) return;
      const swapped = swappedCode(value);
      const nearest = swapped ?? closest(value, (candidates ??= [...new Set([...SOCKET_ERROR_CODES, ...additional, ...KNOWN_ERROR_CODES])]));
      const isTypo = swapped !== null || (sameNamespace(value, nearest) && distance(value, nearest) <= typoLimit(value));
      if (!isTypo && !(options.checkUnlisted && NODE_NAMESPACE.test(value))) return;
      reported.add(code.node);
      if (!isTypo) {
        context.report({ node: code.node, messageId: 'unlisted', data: { value } });
        return;
      }
      const data = { value, nearest };
      context.report({
        node: code.node,
        messageId: 'typo',
        data,
        suggest: [
          {
            messageId: 'replaceCode',
            data,
            fix: (fixer) => fixer.replaceText(code.node, quoteLike(nearest, code.literal ? code.node : null, sourceCode)),
          },
        ],
      });
    }

    /** `err.errno` compared with a code string: Node's errno is a number. */
    function checkErrno(read: CodeRead, value: string, node: TSESTree.Node): void {
      if (!ERRNO_STYLE.test(value) || !isKnown(value) || reported.has(node)) return;
      reported.add(node);
      const member = read.member;
      const errno = member ? sourceCode.getText(member) : 'errno';
      const code = member ? `${sourceCode.getText(member.object)}.code` : 'code';
      const data = { errno, code, value };
      const property = member?.property;
      context.report({
        node,
        messageId: 'errnoIsNumber',
        data,
        suggest:
          member && property && !member.computed
            ? [{ messageId: 'compareCode', data, fix: (fixer) => fixer.replaceText(property, 'code') }]
            : [],
      });
    }

    /** A name-only subject (`code`) counts when a socket code sits beside the string. */
    function trusted(read: CodeRead, siblings: readonly StringValue[]): boolean {
      return !read.byNameOnly || siblings.some((code) => isSocketErrorCode(code.value));
    }

    function checkComparison(node: TSESTree.BinaryExpression): void {
      const scope = sourceCode.getScope(node);
      const comparison = readCodeComparison(node, scope);
      if (!comparison || comparison.read.byNameOnly) {
        checkMessageEquality(node);
        return;
      }
      if (comparison.read.property === 'errno') {
        checkErrno(comparison.read, comparison.code.value, node);
        return;
      }
      checkCode(comparison.code, comparison.subject);
    }

    function checkSwitch(node: TSESTree.SwitchStatement): void {
      const dispatch = readCodeSwitch(node, sourceCode.getScope(node));
      if (!dispatch) return;
      const codes = dispatch.cases.flatMap((entry) => (entry.code ? [entry.code] : []));
      if (dispatch.read.property === 'errno') {
        const first = codes.find((code) => ERRNO_STYLE.test(code.value) && isKnown(code.value));
        if (first) checkErrno(dispatch.read, first.value, node.discriminant);
        return;
      }
      if (!trusted(dispatch.read, codes)) return;
      for (const code of codes) checkCode(code, node.discriminant);
    }

    function checkMembership(node: TSESTree.CallExpression): boolean {
      const membership = readCodeMembership(node, sourceCode.getScope(node));
      if (!membership) return false;
      const codes = membership.list.codes;
      if (membership.read.property === 'errno') {
        const first = codes.find((code) => ERRNO_STYLE.test(code.value) && isKnown(code.value));
        if (first) checkErrno(membership.read, first.value, node);
        return true;
      }
      if (trusted(membership.read, codes)) for (const code of codes) checkCode(code, membership.subject);
      return true;
    }

    /** A list of codes outside any comparison (retry options, exported constants): typos only. */
    function checkCodeList(node: TSESTree.ArrayExpression): void {
      const list = resolveCodeList(node, sourceCode.getScope(node));
      if (!list || list.open || list.codes.length < 2) return;
      if (!list.codes.every((code) => ERRNO_STYLE.test(code.value))) return;
      if (list.codes.filter((code) => isSocketErrorCode(code.value)).length < 2) return;
      // Mostly codes of its own (a library declaring its codes): not a list of Node's codes.
      const unknown = list.codes.filter((code) => !isKnown(code.value)).length;
      if (unknown * 2 > list.codes.length - unknown) return;
      for (const code of list.codes) checkCode(code, null);
    }

    // ---- codes matched in messages

    /** `E.message` (or `E?.message`): the object and the member. */
    function messageRead(node: TSESTree.Node): TSESTree.MemberExpression | null {
      const target = skipWrappers(node);
      return target.type === AST_NODE_TYPES.MemberExpression && propertyName(target) === 'message' ? target : null;
    }

    function codesIn(text: string): string[] {
      return [...new Set(text.match(CODE_WORD) ?? [])].filter((word) => isSocketErrorCode(word) || additional.has(word));
    }

    function inAssertion(node: TSESTree.Node): boolean {
      for (let current = node.parent; current; current = current.parent) {
        if (current.type === AST_NODE_TYPES.CallExpression) {
          const callee = skipWrappers(current.callee);
          if (callee.type === AST_NODE_TYPES.Identifier && ASSERTION.test(callee.name)) return true;
          if (callee.type === AST_NODE_TYPES.MemberExpression) {
            const owner = skipWrappers(callee.object);
            if (owner.type === AST_NODE_TYPES.Identifier && ASSERTION_OWNER.test(owner.name)) return true;
            if (owner.type === AST_NODE_TYPES.CallExpression) {
              const inner = skipWrappers(owner.callee);
              if (inner.type === AST_NODE_TYPES.Identifier && ASSERTION.test(inner.name)) return true;
            }
          }
        }
        if (current.type.endsWith('Statement') || current.type.includes('Function')) return false;
      }
      return false;
    }

    function reportMessage(
      node: TSESTree.Node,
      message: TSESTree.MemberExpression,
      words: readonly string[],
      replacement: { node: TSESTree.Node; value: string } | null,
    ): void {
      if (inAssertion(node)) return;
      const objectText = sourceCode.getText(message.object);
      const data = {
        value: words.join(', '),
        message: sourceCode.getText(message),
        code: `${objectText}.code`,
      };
      context.report({
        node,
        messageId: 'messageMatch',
        data,
        suggest: replacement
          ? [
              {
                messageId: 'useCode',
                data: { code: data.code, value: replacement.value },
                fix: (fixer) => replaceWithComparison(fixer, replacement.node, `${objectText}.code === '${replacement.value}'`),
              },
            ]
          : [],
      });
    }

    function replaceWithComparison(fixer: TSESLint.RuleFixer, node: TSESTree.Node, text: string): TSESLint.RuleFix {
      const parent = node.parent;
      const bare =
        !parent ||
        parent.type === AST_NODE_TYPES.IfStatement ||
        parent.type === AST_NODE_TYPES.ExpressionStatement ||
        parent.type === AST_NODE_TYPES.ReturnStatement ||
        parent.type === AST_NODE_TYPES.VariableDeclarator ||
        parent.type === AST_NODE_TYPES.ArrowFunctionExpression ||
        parent.type === AST_NODE_TYPES.LogicalExpression ||
        parent.type === AST_NODE_TYPES.CallExpression ||
        (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test === node);
      return fixer.replaceText(node, bare ? text : `(${text})`);
    }

    /** `err.message.includes('ECONNRESET')`, `.indexOf(...)`, `.match(/EPIPE/)`, `/ECONNRESET/.test(err.message)`. */
    function checkMessageCall(node: TSESTree.CallExpression): void {
      const callee = skipWrappers(node.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
      const method = propertyName(callee);
      const [argument] = node.arguments;
      if (!method || !argument || argument.type === AST_NODE_TYPES.SpreadElement) return;
      const scope = sourceCode.getScope(node);
      // Replace the whole optional chain (`err.message?.includes(...)`), not the call inside it.
      const whole = node.parent.type === AST_NODE_TYPES.ChainExpression ? node.parent : node;

      const onMessage = MESSAGE_METHODS.has(method) ? messageRead(callee.object) : null;
      if (onMessage) {
        const needle = skipWrappers(argument);
        if (needle.type === AST_NODE_TYPES.Literal && 'regex' in needle) {
          const words = codesIn(needle.regex.pattern);
          if (words.length > 0) reportMessage(node, onMessage, words, null);
          return;
        }
        const text = readString(argument, scope)?.value;
        if (text === undefined) return;
        const words = codesIn(text);
        if (words.length === 0) return;
        const exact = method === 'includes' && words.length === 1 && text === words[0];
        reportMessage(node, onMessage, words, exact ? { node: whole, value: text } : null);
        return;
      }
      if (method === 'test' || method === 'exec') {
        const message = messageRead(argument);
        const regex = skipWrappers(callee.object);
        if (!message || regex.type !== AST_NODE_TYPES.Literal || !('regex' in regex)) return;
        const words = codesIn(regex.regex.pattern);
        if (words.length === 0) return;
        const exact = method === 'test' && regex.regex.flags === '' && words.length === 1 && regex.regex.pattern === words[0];
        reportMessage(node, message, words, exact && words[0] ? { node: whole, value: words[0] } : null);
      }
    }

    /** `err.message === 'read ECONNRESET'`. */
    function checkMessageEquality(node: TSESTree.BinaryExpression): void {
      if (!['===', '==', '!==', '!='].includes(node.operator) || node.left.type === AST_NODE_TYPES.PrivateIdentifier) return;
      const scope = sourceCode.getScope(node);
      for (const [side, other] of [
        [node.left, node.right],
        [node.right, node.left],
      ] as const) {
        const message = messageRead(side);
        const text = message ? readString(other, scope)?.value : undefined;
        if (!message || text === undefined) continue;
        const words = codesIn(text);
        if (words.length > 0) reportMessage(node, message, words, null);
        return;
      }
    }

    // Comparisons, switches, `includes` lists and message checks all read an error's code or its
    // `message`, which the tokens tell (most files have neither); lists of codes are read anywhere.
    if (!mayReadErrorCode(sourceCode) && !mayReadMember(sourceCode, 'message')) return { ArrayExpression: checkCodeList };
    return {
      BinaryExpression: checkComparison,
      SwitchStatement: checkSwitch,
      CallExpression(node) {
        if (!checkMembership(node)) checkMessageCall(node);
      },
      ArrayExpression: checkCodeList,
    };
  },
});


import type { TSESTree } from '@typescript-eslint/utils';

import { SOCKET_ERROR_KINDS, isSocketErrorCode } from '../src/codes.js';
import { createRule } from '../src/create-rule.js';
import { replaceWithComparison } from '../src/fixes/no-unknown-error-code.js';
import { knownCodes, nodeCodeList } from '../src/model/code-known.js';
import {
  codeComparedBeside,
  guardsNothing,
  nodeSocketErrorParam,
  readAddresslessEquality,
  readMessageCall,
  readMessageEquality,
  type MessageMatch,
} from '../src/model/code-messages.js';
import {
  ERRNO_STYLE,
  isEquality,
  mayBeCodeMembership,
  mayReadErrorCode,
  mayReadMember,
  quoteLike,
  readCodeComparison,
  readCodeMembership,
  readCodeSwitch,
  type CodeRead,
  type StringValue,
} from '../src/model/code-reads.js';
import { finiteStringMembers, typeServices } from '../src/model/code-types.js';
import { errnoSignComparison } from '../src/model/errno-constants.js';
import { quietForCodeLists, quietForCodeReads } from '../src/model/file-words.js';
import { createSocketDetector, defaultSocketOptions } from '../src/socket.js';
import { askType } from '../src/type-questions.js';

export interface NoUnknownErrorCodeOptions {
  additionalCodes?: string[] | Record<string, string>;
  checkUnlisted?: boolean;
}

type Options = [NoUnknownErrorCodeOptions];
type MessageIds = 'typo' | 'unlisted' | 'replaceCode' | 'errnoIsNumber' | 'errnoSign' | 'compareCode' | 'messageMatch' | 'addresslessMessage' | 'useCode';

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
      errnoSign:
        '`{{errno}}` of a Node error is negative, `{{constant}}` positive, so they are never equal.',
      compareCode: "Compare `{{code}}` with '{{value}}' instead.",
      messageMatch:
        'Matching {{value}} in `{{message}}` breaks when the message is reworded or the error wrapped.',
      addresslessMessage:
        "`{{message}}` is never '{{text}}': Node's message adds the address (`{{text}} 10.0.0.5:80`).",
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
    // No code or `message` read and no code of the table named: nothing to look at (most files).
    const quietReads = quietForCodeReads(sourceCode);
    if (quietReads && quietForCodeLists(sourceCode)) return {};
    const services = typeServices(sourceCode);
    const additional = new Set(
      Array.isArray(options.additionalCodes) ? options.additionalCodes : Object.keys(options.additionalCodes ?? {}),
    );
    const known = knownCodes(additional);
    const reported = new WeakSet<TSESTree.Node>();

    /** Is `value` one of the literals the subject's type allows (a user's own code union)? */
    function allowedByType(subject: TSESTree.Node | null, value: string): boolean {
      if (!services || !subject) return false;
      return askType(context, subject, () => finiteStringMembers(services, subject))?.includes(value) ?? false;
    }

    function checkCode(code: StringValue, subject: TSESTree.Node | null): void {
      const { value } = code;
      if (reported.has(code.node) || !known.isUnknownCodeLike(value)) return;
      if (allowedByType(subject, value)) return;
      const { nearest, isTypo, nodeShaped } = known.unknown(value);
      if (!isTypo && !(options.checkUnlisted && nodeShaped)) return;
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
      if (!ERRNO_STYLE.test(value) || !known.isKnown(value) || reported.has(node)) return;
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

    /** `err.errno === os.constants.errno.ECONNRESET`: the signs differ (src/model/errno-constants.ts). */
    function checkErrnoSign(node: TSESTree.BinaryExpression): boolean {
      const found = errnoSignComparison(node, sourceCode);
      if (!found) return false;
      const { errno, constant, code: value } = found;
      const code = `${sourceCode.getText(errno.object)}.code`;
      const data = { errno: sourceCode.getText(errno), constant: sourceCode.getText(constant), code, value };
      const operator = node.operator.startsWith('!') ? '!==' : '===';
      context.report({
        node,
        messageId: 'errnoSign',
        data,
        suggest: [{ messageId: 'compareCode', data, fix: (fixer) => fixer.replaceText(node, `${code} ${operator} '${value}'`) }],
      });
      return true;
    }

    /** `errno` compared with codes: reported once, at the first known code. */
    function checkErrnoCodes(read: CodeRead, codes: readonly StringValue[], node: TSESTree.Node): void {
      const first = codes.find((code) => ERRNO_STYLE.test(code.value) && known.isKnown(code.value));
      if (first) checkErrno(read, first.value, node);
    }

    /** A name-only subject (`code`) counts when a socket code sits beside the string. */
    function trusted(read: CodeRead, siblings: readonly StringValue[]): boolean {
      return !read.byNameOnly || siblings.some((code) => isSocketErrorCode(code.value));
    }

    function checkComparison(node: TSESTree.BinaryExpression): void {
      // Both readings below are of `===`, `!==`, `==` or `!=` only.
      if (!isEquality(node)) return;
      if (checkErrnoSign(node)) return;
      const comparison = readCodeComparison(node, sourceCode.getScope(node));
      if (!comparison || comparison.read.byNameOnly) {
        if (!checkAddressless(node)) reportMessage(readMessageEquality(node, sourceCode, known.isSocketOrAdditional));
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
      if (dispatch.read.property === 'errno') checkErrnoCodes(dispatch.read, codes, node.discriminant);
      else if (trusted(dispatch.read, codes)) for (const code of codes) checkCode(code, node.discriminant);
    }

    function checkMembership(node: TSESTree.CallExpression): boolean {
      if (!mayBeCodeMembership(node)) return false;
      const membership = readCodeMembership(node, sourceCode.getScope(node));
      if (!membership) return false;
      const codes = membership.list.codes;
      if (membership.read.property === 'errno') checkErrnoCodes(membership.read, codes, node);
      else if (trusted(membership.read, codes)) for (const code of codes) checkCode(code, membership.subject);
      return true;
    }

    /** `err.message === 'connect ECONNREFUSED'` on an error of Node's own socket: never true. */
    function checkAddressless(node: TSESTree.BinaryExpression): boolean {
      const found = readAddresslessEquality(node);
      if (!found || !nodeSocketErrorParam(found.error, sourceCode, createSocketDetector(context, defaultSocketOptions))) return false;
      const code = `${found.error.name}.code`;
      const operator = node.operator.startsWith('!') ? '!==' : '===';
      context.report({
        node,
        messageId: 'addresslessMessage',
        data: { message: sourceCode.getText(found.message), text: found.text },
        suggest: [{ messageId: 'useCode', data: { code, value: found.code }, fix: (fixer) => fixer.replaceText(node, `${code} ${operator} '${found.code}'`) }],
      });
      return true;
    }

    /** A list of codes outside any comparison (retry options, exported constants): typos only. */
    function checkCodeList(node: TSESTree.ArrayExpression): void {
      const codes = nodeCodeList(node, () => sourceCode.getScope(node), known);
      if (codes) for (const code of codes) checkCode(code, null);
    }

    /** A code matched in a message; when the check names one code exactly, suggest comparing the code. */
    function reportMessage(found: MessageMatch | null): void {
      // `/EPIPE/.test(err.message) || err.code === 'EPIPE'`: the message is a fallback beside the code.
      // A check that guards nothing changes nothing when the message is reworded.
      if (!found || codeComparedBeside(found, sourceCode) || guardsNothing(found)) return;
      const { node, error, subject, words, replacement } = found;
      const objectText = sourceCode.getText(error);
      const data = { value: words.join(', '), message: sourceCode.getText(subject), code: `${objectText}.code` };
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

    // Comparisons, switches, `includes` lists and message checks read an error's code or `message`,
    // which the tokens tell; lists of codes, and codes looked for in an error written out whole (`${err}`), anywhere.
    const checkMessage = (node: TSESTree.CallExpression): void => reportMessage(readMessageCall(node, sourceCode, known.isSocketOrAdditional));
    if (quietReads || (!mayReadErrorCode(sourceCode) && !mayReadMember(sourceCode, 'message'))) return { ArrayExpression: checkCodeList, CallExpression: checkMessage };
    return {
      BinaryExpression: checkComparison,
      SwitchStatement: checkSwitch,
      CallExpression: (node) => void (checkMembership(node) || checkMessage(node)),
      ArrayExpression: checkCodeList,
    };
  },
});

import type { TSESTree } from '@typescript-eslint/utils';

import type { SocketErrorKind } from '../src/codes.js';
import { createRule } from '../src/create-rule.js';
import { addCasesFix, addDefaultFix, caseTexts, listCodes, listFix, NAMED_IN_MESSAGE, siblingsFix } from '../src/fixes/exhaustive-error-codes.js';
import { standaloneCodeList } from '../src/model/code-lists.js';
import { recoveredOnClose } from '../src/model/close-recovery.js';
import { forwardedBefore, inBooleanPredicate, type PathOutcome } from '../src/model/code-branches.js';
import { hasStringCase, readIfDispatch, switchCoverage, switchOutcomes } from '../src/model/code-dispatches.js';
import {
  codeFamilies,
  incompleteListFamilies,
  isSocketUnion,
  mayMentionFamilyCode,
  missingSiblings,
  namesSocketCode,
  peerGoneAfterRefused,
  unreachableCodes,
} from '../src/model/code-families.js';
import { mayBeCodeTest, mayReadErrorCode, readCodeSwitch, type NamedCode } from '../src/model/code-reads.js';
import { finiteStringMembers, typeServices, type UnionMember } from '../src/model/code-types.js';
import { endpointFacts } from '../src/model/endpoints.js';
import { quietForCodeDispatches } from '../src/model/file-words.js';
import { DEFAULT_COMMENT_PATTERN, DEFAULT_IGNORED_KINDS, defaultExhaustiveOptions, type ExhaustiveErrorCodesOptions, exhaustiveOptionsSchema } from '../src/model/options.js';
import { compileOptionPattern } from '../src/option-pattern.js';
import { askType } from '../src/type-questions.js';

type Options = [ExhaustiveErrorCodesOptions];
type MessageIds =
  | 'missingSiblings'
  | 'refusedOnly'
  | 'incompleteList'
  | 'addSiblings'
  | 'addToList'
  | 'missingDefault'
  | 'addDefault'
  | 'unionNotExhaustive'
  | 'addMissingCases';

/** Characters of missing codes in the messages whose sentence is long already. */
const SHORT_LIST = 30;

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  return b.size === 0 ? a : a.size === 0 ? b : new Set([...a, ...b]);
}

export default createRule<Options, MessageIds>({
  name: 'exhaustive-error-codes',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a dispatch on socket error codes to handle every code of the kinds it names',
      recommended: 'recommended',
      strictOptions: { ignoreKinds: ['misuse'] },
    },
    hasSuggestions: true,
    messages: {
      missingSiblings:
        'This dispatch ignores {{missing}} ({{kind}}, like {{named}}).',
      refusedOnly: 'This acts on ECONNREFUSED alone and drops {{missing}}, though they mean the peer is gone too.',
      incompleteList: 'This list of {{kind}} codes lacks {{missing}}: whatever tests it misses them.',
      addSiblings: 'Add {{missing}} to the branch of {{named}}.',
      addToList: 'Add {{missing}} to the list.',
      missingDefault:
        'This switch on `{{subject}}` has no `default`, so the codes it does not name are dropped silently.',
      addDefault: 'Add a `default` that marks the other codes as ignored on purpose.',
      unionNotExhaustive: 'This switch does not handle {{missing}}, which its type allows.',
      addMissingCases: 'Add a case for each of {{missing}}.',
    },
    schema: [exhaustiveOptionsSchema],
    defaultOptions: [{ ...defaultExhaustiveOptions }],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    // Checked before any early return, so a bad pattern is reported whatever the file holds.
    const commentPattern =
      options.defaultCaseCommentPattern === undefined || options.defaultCaseCommentPattern === DEFAULT_COMMENT_PATTERN
        ? compileOptionPattern('defaultCaseCommentPattern', DEFAULT_COMMENT_PATTERN, 'iu', DEFAULT_COMMENT_PATTERN)
        : compileOptionPattern('defaultCaseCommentPattern', options.defaultCaseCommentPattern, 'u', DEFAULT_COMMENT_PATTERN);
    // Nothing to check in a file that reads no error code and names none (most files of a code base).
    if (quietForCodeDispatches(sourceCode, options.additionalCodes)) return {};
    const families = codeFamilies(options.additionalCodes ?? {}); // one per distinct additionalCodes
    const ignoredKinds: ReadonlySet<SocketErrorKind> = new Set(options.ignoreKinds ?? DEFAULT_IGNORED_KINDS);
    const services = typeServices(sourceCode);
    // Untyped, every dispatch reads an error's code (most files have none); with types a switch
    // over a union of codes (`switch (kind)`) needs no read, so only the `if` chains go then.
    const readsCode = mayReadErrorCode(sourceCode);
    // A list exported for another module needs no read of a code here, only codes of a family.
    const mentionsFamilies = mayMentionFamilyCode(sourceCode, families, ignoredKinds);
    if (!readsCode && !services && !mentionsFamilies) return {};
    /** `if` statements already read as part of an earlier dispatch (`else if`, consecutive guards). */
    const consumed = new WeakSet<TSESTree.Node>();

    /** The codes a value's type allows, when it is a finite union of string literals. */
    function finiteMembers(node: TSESTree.Node): UnionMember[] | null {
      return services ? askType(context, node, () => finiteStringMembers(services, node)) : null;
    }

    /**
     * For each kind the dispatch handles part of, the siblings it leaves to a silent path; and
     * ECONNREFUSED handled alone while a reset, a timeout or an unreachable host falls there.
     */
    function checkFamilies(
      named: readonly (readonly [NamedCode, PathOutcome])[],
      rest: PathOutcome,
      possible: readonly UnionMember[] | null,
      subject: TSESTree.Node,
    ): void {
      // The emitter's addresses only rule codes out: read them only where something is missing without them.
      const unreachable = unreachableCodes(subject, sourceCode);
      const anyMissing =
        missingSiblings(named, rest, possible, unreachable, families, ignoredKinds).length > 0 ||
        peerGoneAfterRefused(named, rest, possible, unreachable, families, ignoredKinds) !== null;
      if (!anyMissing) return;
      const endpoint = endpointFacts(subject, sourceCode);
      const cannotArrive = union(unreachable, endpoint.cannotArrive);
      for (const { kind, codes, missing } of missingSiblings(named, rest, possible, cannotArrive, families, ignoredKinds)) {
        const first = codes[0]!;
        const data = { named: listCodes([...new Set(codes.map((code) => code.value))], NAMED_IN_MESSAGE), missing: listCodes(missing), kind };
        context.report({
          node: first.site,
          messageId: 'missingSiblings',
          data,
          suggest: [{ messageId: 'addSiblings', data, fix: (fixer) => siblingsFix(fixer, sourceCode, first, missing) }],
        });
      }
      // On a Unix domain socket ECONNREFUSED says the socket file is stale: a decision of its own.
      if (endpoint.unixDomain) return;
      const refused = peerGoneAfterRefused(named, rest, possible, cannotArrive, families, ignoredKinds);
      const first = refused?.codes[0];
      // A 'close' listener that runs the branch's recovery for every loss leaves no code dropped.
      if (!refused || !first || recoveredOnClose(first.site, sourceCode)) return;
      const data = { named: first.value, missing: listCodes(refused.missing, SHORT_LIST) };
      context.report({
        node: first.site,
        messageId: 'refusedOnly',
        data,
        suggest: [{ messageId: 'addSiblings', data, fix: (fixer) => siblingsFix(fixer, sourceCode, first, refused.missing) }],
      });
    }

    /** A list of codes exported for another module to test, which enumerates a kind but leaves some out. */
    function checkList(node: TSESTree.ArrayExpression): void {
      const list = standaloneCodeList(node, sourceCode);
      if (!list) return;
      for (const { kind, missing } of incompleteListFamilies(list.codes, list.errnoObject !== null, families, ignoredKinds)) {
        const data = { missing: listCodes(missing, SHORT_LIST), kind };
        context.report({
          node,
          messageId: 'incompleteList',
          data,
          suggest: [{ messageId: 'addToList', data, fix: (fixer) => listFix(fixer, list, missing, sourceCode) }],
        });
      }
    }

    function hasDefaultComment(node: TSESTree.SwitchStatement): boolean {
      const last = node.cases.at(-1);
      const comment = last ? sourceCode.getCommentsAfter(last).at(-1) : undefined;
      return comment !== undefined && commentPattern.test(comment.value.trim());
    }

    /** A switch over a finite union of socket codes or kinds must name every member. */
    function checkUnion(node: TSESTree.SwitchStatement, members: readonly UnionMember[]): void {
      const coverage = switchCoverage(node, sourceCode.getScope(node), (test) => finiteMembers(test)?.[0]);
      if (!coverage) return; // a case we cannot read: leave the switch alone
      const { covered, defaultCase } = coverage;
      if (options.considerDefaultExhaustive && (defaultCase || hasDefaultComment(node))) return;
      const cannotArrive = unreachableCodes(node.discriminant, sourceCode);
      const missing = [...new Set(members)].filter((member) => !covered.has(member) && !(typeof member === 'string' && cannotArrive.has(member)));
      if (missing.length === 0) return;
      const texts = caseTexts(node, missing, sourceCode);
      const data = { missing: listCodes(missing.map((member) => String(member))) };
      context.report({
        node: node.discriminant,
        messageId: 'unionNotExhaustive',
        data,
        suggest: [{ messageId: 'addMissingCases', data, fix: (fixer) => addCasesFix(fixer, sourceCode, node, defaultCase, texts) }],
      });
    }

    function checkSwitch(node: TSESTree.SwitchStatement): void {
      const scope = sourceCode.getScope(node);
      // Cheap filter first: a code dispatch has a string case (or `case undefined`); an empty
      // switch over a typed union still misses every member.
      const onlyDefault = node.cases.every((switchCase) => switchCase.test === null);
      if (!hasStringCase(node, scope) && !(services && onlyDefault)) return;
      if (services) {
        const members = finiteMembers(node.discriminant);
        if (members) {
          if (isSocketUnion(members, families)) checkUnion(node, members);
          // A finite union that is not ours (`'read' | 'write'`) cannot hold other socket codes.
          return;
        }
      }
      const dispatch = readCodeSwitch(node, scope);
      if (!dispatch || dispatch.read.property !== 'code' || !namesSocketCode(dispatch.codes, families, ignoredKinds) || inBooleanPredicate(node)) return;
      if (forwardedBefore(dispatch.read, node, scope)) return;
      const { named, rest } = switchOutcomes(node, dispatch, context.sourceCode);
      if (!dispatch.open) checkFamilies(named, rest, null, node.discriminant);
      // A switch whose cases only log or ignore is a log-only handler: nothing to add a default for.
      const handlesSome = named.some(([, outcome]) => outcome !== 'silent');
      if (!dispatch.defaultCase && !hasDefaultComment(node) && rest === 'silent' && handlesSome) {
        context.report({
          node: node.discriminant,
          messageId: 'missingDefault',
          data: { subject: sourceCode.getText(node.discriminant) },
          suggest: [{ messageId: 'addDefault', fix: (fixer) => addDefaultFix(fixer, sourceCode, node) }],
        });
      }
    }

    function checkIf(node: TSESTree.IfStatement): void {
      if (consumed.has(node)) return;
      const scope = sourceCode.getScope(node);
      const dispatch = readIfDispatch(node, scope, context.sourceCode);
      if (!dispatch) return;
      for (const statement of dispatch.statements) consumed.add(statement);
      const { first, codes, open } = dispatch;
      if (open || !namesSocketCode(codes, families, ignoredKinds) || inBooleanPredicate(node)) return;
      if (forwardedBefore(first.read, node, scope)) return;
      checkFamilies(dispatch.named, dispatch.rest, finiteMembers(first.subject), first.subject);
    }

    // A dispatch is checked once it names a code of a family the rule checks, which the file then
    // spells; with types a switch over a union of codes names none of them.
    // Checked at the end of the file, in the order met: what a check asks of the model (an 'error'
    // listener's emitter and addresses) is read from the linter's walk (src/model/resource-walk.ts).
    const pending: (() => void)[] = [];
    const visitors: { [key: string]: (node: never) => void } = {};
    if ((readsCode && mentionsFamilies) || services) visitors.SwitchStatement = (node: TSESTree.SwitchStatement) => pending.push(() => checkSwitch(node));
    if (readsCode && mentionsFamilies) {
      visitors.IfStatement = (node: TSESTree.IfStatement) => {
        if (mayBeCodeTest(node.test)) pending.push(() => checkIf(node));
      };
    }
    if (mentionsFamilies) visitors.ArrayExpression = (node: TSESTree.ArrayExpression) => pending.push(() => checkList(node));
    visitors['Program:exit'] = () => pending.forEach((check) => check());
    return visitors;
  },
});

import { ASTUtils, AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import {
  afterStatement,
  branchOutcome,
  caseOutcome,
  finiteStringMembers,
  createForwardingIndex,
  indexInBlock,
  isBooleanPredicate,
  mayReadErrorCode,
  quoteLike,
  readCodeSwitch,
  readCodeTest,
  readString,
  switchRestOutcome,
  typeServices,
  type CodeTest,
  type NamedCode,
  type PathOutcome,
  type UnionMember,
} from '../src/code-dispatch.js';
import {
  SOCKET_ERROR_CODES,
  SOCKET_ERROR_KINDS,
  SOCKET_ERRORS,
  getSocketErrorInfo,
  socketErrorCodesOfKind,
  type SocketErrorKind,
} from '../src/codes.js';
import { createRule } from '../src/create-rule.js';
import { askType } from '../src/type-questions.js';
import { findVariable } from '../src/listeners.js';
import { isHelperCall } from '../src/helper-imports.js';
import { enclosingFunction, skipWrappers } from '../src/model/ast.js';
import { compileOptionPattern } from '../src/option-pattern.js';

export interface ExhaustiveErrorCodesOptions {
  additionalCodes?: Record<string, SocketErrorKind>;
  ignoreKinds?: SocketErrorKind[];
  considerDefaultExhaustive?: boolean;
  defaultCaseCommentPattern?: string;
}

type Options = [ExhaustiveErrorCodesOptions];
type MessageIds =
  | 'missingSiblings'
  | 'addSiblings'
  | 'missingDefault'
  | 'addDefault'
  | 'unionNotExhaustive'
  | 'addMissingCases';

/** Kinds whose codes are separate decisions, not one family (see the docs). */
const DEFAULT_IGNORED_KINDS: SocketErrorKind[] = ['address', 'tls', 'protocol', 'cancelled', 'misuse'];
const DEFAULT_COMMENT_PATTERN = '^no default$';
/** What `ignoreBenignClose(fn)` keeps from `fn`: every code for which `isBenignCloseError` is true. */
const BENIGN_ON_CLOSE: ReadonlySet<string> = new Set(SOCKET_ERROR_CODES.filter((code) => SOCKET_ERRORS[code].benignOnClose));
const NONE: ReadonlySet<string> = new Set();
/** Characters of codes a message names before it counts the rest: messages fit an editor hover. */
const LISTED_IN_MESSAGE = 40;
/** The same for the codes a dispatch names, quoted only to say which family is meant. */
const NAMED_IN_MESSAGE = 30;
const TERMINATORS = new Set<string>([
  AST_NODE_TYPES.BreakStatement,
  AST_NODE_TYPES.ReturnStatement,
  AST_NODE_TYPES.ThrowStatement,
  AST_NODE_TYPES.ContinueStatement,
]);

/** `A, B and 4 more`: long lists stay readable in an editor tooltip (the suggestion adds them all). */
function listCodes(codes: readonly string[], budget = LISTED_IN_MESSAGE): string {
  const all = codes.join(', ');
  let shown = 1;
  while (shown < codes.length && codes.slice(0, shown + 1).join(', ').length <= budget) shown += 1;
  const some = `${codes.slice(0, shown).join(', ')} and ${codes.length - shown} more`;
  return all.length <= Math.max(budget, some.length) ? all : some;
}

function leadingWhitespace(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  return /^\s*/.exec(line)?.[0] ?? '';
}

type Member = UnionMember;

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
      addSiblings: 'Add {{missing}} to the branch of {{named}}.',
      missingDefault:
        'This switch on `{{subject}}` has no `default`, so the codes it does not name are dropped silently.',
      addDefault: 'Add a `default` that marks the other codes as ignored on purpose.',
      unionNotExhaustive: 'This switch does not handle {{missing}}, which its type allows.',
      addMissingCases: 'Add a case for each of {{missing}}.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          additionalCodes: {
            type: 'object',
            description:
              'Codes your own code or libraries raise, with the kind each belongs to (for example `{ "UND_ERR_SOCKET": "connection-lost" }`): they join that kind\'s family.',
            patternProperties: { '^[A-Z][A-Z0-9_]*$': { type: 'string', enum: [...SOCKET_ERROR_KINDS] } },
            additionalProperties: false,
          },
          ignoreKinds: {
            type: 'array',
            description:
              'Kinds whose codes are separate decisions: naming one of them does not require its siblings, nor makes a dispatch a socket dispatch.',
            items: { type: 'string', enum: [...SOCKET_ERROR_KINDS] },
            uniqueItems: true,
          },
          considerDefaultExhaustive: {
            type: 'boolean',
            description:
              'With type information: a `default` (or a comment matching `defaultCaseCommentPattern`) covers the members of a code or kind union that have no case.',
          },
          defaultCaseCommentPattern: {
            type: 'string',
            description:
              'Regular expression for a comment after the last case that says the missing `default` is deliberate (default: `^no default$`, case-insensitive).',
          },
        },
      },
    ],
    defaultOptions: [
      {
        additionalCodes: {},
        ignoreKinds: DEFAULT_IGNORED_KINDS,
        considerDefaultExhaustive: false,
        defaultCaseCommentPattern: DEFAULT_COMMENT_PATTERN,
      },
    ],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    // Checked before any early return, so a bad pattern is reported whatever the file holds.
    const commentPattern =
      options.defaultCaseCommentPattern === undefined || options.defaultCaseCommentPattern === DEFAULT_COMMENT_PATTERN
        ? compileOptionPattern('defaultCaseCommentPattern', DEFAULT_COMMENT_PATTERN, 'iu', DEFAULT_COMMENT_PATTERN)
        : compileOptionPattern('defaultCaseCommentPattern', options.defaultCaseCommentPattern, 'u', DEFAULT_COMMENT_PATTERN);
    const services = typeServices(sourceCode);
    // Untyped, every dispatch reads an error's code (most files have none); with types a switch
    // over a union of codes (`switch (kind)`) needs no read, so only the `if` chains go then.
    const readsCode = mayReadErrorCode(sourceCode);
    if (!readsCode && !services) return {};
    const additionalCodes = options.additionalCodes ?? {};
    const ignoredKinds = new Set(options.ignoreKinds ?? DEFAULT_IGNORED_KINDS);
    /** `if` statements already read as part of an earlier dispatch (`else if`, consecutive guards). */
    const consumed = new WeakSet<TSESTree.Node>();
    const predicateCache = new WeakMap<TSESTree.Node, boolean>();
    /** Is the variable ever assigned? Asked once per variable: a long handler reads its error thousands of times. */
    const writtenCache = new WeakMap<TSESLint.Scope.Variable, boolean>();
    function isWritten(variable: TSESLint.Scope.Variable): boolean {
      let written = writtenCache.get(variable);
      if (written === undefined) {
        written = variable.references.some((reference) => reference.isWrite());
        writtenCache.set(variable, written);
      }
      return written;
    }
    const forwardedBefore = createForwardingIndex();

    function kindOf(code: string): SocketErrorKind | undefined {
      return Object.hasOwn(additionalCodes, code) ? additionalCodes[code] : getSocketErrorInfo(code)?.kind;
    }

    function familyOf(kind: SocketErrorKind): string[] {
      const extra = Object.keys(additionalCodes).filter((code) => additionalCodes[code] === kind);
      return [...new Set<string>([...socketErrorCodesOfKind(kind), ...extra])];
    }

    /**
     * Is every call of `fn` made by `ignoreBenignClose` (imported from our codes module)? Written
     * inline as its argument, or a function declaration or `const` that is only ever passed to it.
     */
    function onlyCalledThroughHelper(fn: TSESTree.FunctionLike): boolean {
      const isHelperArgument = (node: TSESTree.Node): boolean =>
        node.parent?.type === AST_NODE_TYPES.CallExpression &&
        node.parent.arguments[0] === node &&
        isHelperCall(node.parent, 'ignoreBenignClose', sourceCode.getScope(node.parent), sourceCode);
      if (isHelperArgument(fn)) return true;
      const holder =
        fn.type === AST_NODE_TYPES.FunctionDeclaration
          ? fn
          : fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.init === fn && fn.parent.parent.kind === 'const'
            ? fn.parent
            : null;
      const name = holder?.id?.type === AST_NODE_TYPES.Identifier ? holder.id.name : null;
      const variable = holder && name ? sourceCode.getDeclaredVariables(holder).find((candidate) => candidate.name === name) : undefined;
      if (!variable || variable.defs.length !== 1) return false;
      const uses = variable.references.filter((reference) => !reference.init);
      return uses.length > 0 && uses.every((reference) => reference.isReadOnly() && isHelperArgument(reference.identifier));
    }

    /**
     * Codes that cannot reach a dispatch on `subject`: inside `fn` of `ignoreBenignClose(fn)`, when
     * `subject` is `fn`'s error parameter's code (`err.code`, or `code` destructured in the parameter),
     * the codes benign on close never arrive.
     */
    function unreachableCodes(subject: TSESTree.Node): ReadonlySet<string> {
      const target = skipWrappers(subject);
      let identifier: TSESTree.Node | null = null;
      if (target.type === AST_NODE_TYPES.MemberExpression && !target.computed && target.property.type === AST_NODE_TYPES.Identifier && target.property.name === 'code') {
        identifier = skipWrappers(target.object);
      } else if (target.type === AST_NODE_TYPES.Identifier) {
        identifier = target;
      }
      if (identifier?.type !== AST_NODE_TYPES.Identifier) return NONE;
      const variable = findVariable(sourceCode.getScope(identifier), identifier);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (!variable || def?.type !== TSESLint.Scope.DefinitionType.Parameter || isWritten(variable)) {
        return NONE;
      }
      const fn = def.node as TSESTree.FunctionLike;
      const param = fn.params[0];
      const declared = param?.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
      if (!declared) return NONE;
      const isParameter =
        target === identifier
          ? // `({ code }) => ...`: the name is the `code` property of the first parameter.
            declared.type === AST_NODE_TYPES.ObjectPattern &&
            declared.properties.some(
              (property) =>
                property.type === AST_NODE_TYPES.Property &&
                !property.computed &&
                property.key.type === AST_NODE_TYPES.Identifier &&
                property.key.name === 'code' &&
                property.value === def.name,
            )
          : declared === def.name;
      return isParameter && onlyCalledThroughHelper(fn) ? BENIGN_ON_CLOSE : NONE;
    }

    function inPredicate(node: TSESTree.Node): boolean {
      const fn = enclosingFunction(node);
      if (!fn) return false;
      let cached = predicateCache.get(fn);
      if (cached === undefined) {
        cached = isBooleanPredicate(fn);
        predicateCache.set(fn, cached);
      }
      return cached;
    }

    /** The codes a value's type allows, when it is a finite union of string literals. */
    function finiteMembers(node: TSESTree.Node): Member[] | null {
      return services ? askType(context, node, () => finiteStringMembers(services, node)) : null;
    }

    /** A union of socket codes (ours or the user's) or of socket error kinds: ours to check. */
    function isSocketUnion(members: readonly Member[]): boolean {
      const strings = members.filter((member): member is string => typeof member === 'string');
      if (strings.some((member) => kindOf(member) !== undefined)) return true;
      const kinds = new Set<string>(SOCKET_ERROR_KINDS);
      return strings.every((member) => kinds.has(member)) && (strings.includes('connection-lost') || strings.length >= 3);
    }

    function siblingsFix(fixer: TSESLint.RuleFixer, anchorCode: NamedCode, missing: readonly string[]): TSESLint.RuleFix | null {
      const anchor = anchorCode.anchor;
      const quoted = missing.map((code) => quoteLike(code, anchorCode.literal ? anchorCode.node : null, sourceCode));
      switch (anchor.type) {
        case 'comparison': {
          const { comparison, subject, equal } = anchor;
          const joiner = equal ? '||' : '&&';
          // Extend the whole `a === X || a === Y` group the code sits in, not just its comparison.
          let group: TSESTree.Node = comparison;
          while (
            group.parent?.type === AST_NODE_TYPES.LogicalExpression &&
            group.parent.operator === joiner &&
            !ASTUtils.isParenthesized(group, sourceCode)
          ) {
            group = group.parent;
          }
          const subjectText = sourceCode.getText(subject);
          const extra = quoted.map((code) => ` ${joiner} ${subjectText} ${comparison.operator} ${code}`).join('');
          const parent = group.parent;
          const needsParens =
            (parent?.type === AST_NODE_TYPES.LogicalExpression || parent?.type === AST_NODE_TYPES.UnaryExpression) &&
            !ASTUtils.isParenthesized(group, sourceCode);
          const text = `${sourceCode.getText(group)}${extra}`;
          return fixer.replaceText(group, needsParens ? `(${text})` : text);
        }
        case 'list': {
          const last = anchor.list.elements.findLast((element) => element !== null);
          if (!last) return null;
          return fixer.insertTextAfter(last, quoted.map((code) => `, ${code}`).join(''));
        }
        case 'case': {
          // Add the labels right after the case that holds the shared body, so they share it.
          const cases = anchor.switchCase.parent.cases;
          const start = cases.indexOf(anchor.switchCase);
          const holder = cases.slice(start).find((switchCase) => switchCase.consequent.length > 0) ?? anchor.switchCase;
          const colon = holder.test ? sourceCode.getTokenAfter(holder.test, ASTUtils.isColonToken) : null;
          if (!colon) return null;
          const indent = leadingWhitespace(sourceCode, holder);
          return fixer.insertTextAfter(colon, quoted.map((code) => `\n${indent}case ${code}:`).join(''));
        }
      }
    }

    /**
     * The family rule: for each kind the dispatch names, every sibling must be named too, unless the
     * codes it does not name reach a path that handles them.
     */
    /**
     * `named` pairs each named code with what its own branch does. A kind is checked only where some
     * code of it is handled (not just logged or ignored) while the rest falls to a silent path:
     * handling ECONNRESET and dropping EPIPE is the gap; logging both differently is not.
     */
    function checkFamilies(
      named: readonly (readonly [NamedCode, PathOutcome])[],
      rest: PathOutcome,
      possible: readonly Member[] | null,
      cannotArrive: ReadonlySet<string>,
    ): void {
      if (rest !== 'silent') return;
      const handledKinds = new Set<SocketErrorKind | undefined>(
        named.filter(([, outcome]) => outcome !== 'silent').map(([code]) => kindOf(code.value)),
      );
      const namedCodes = named.map(([code]) => code);
      const namedValues = new Set(namedCodes.map((code) => code.value));
      const byKind = new Map<SocketErrorKind, NamedCode[]>();
      for (const code of namedCodes) {
        const kind = kindOf(code.value);
        if (!kind || ignoredKinds.has(kind) || !handledKinds.has(kind)) continue;
        const list = byKind.get(kind) ?? [];
        list.push(code);
        byKind.set(kind, list);
      }
      for (const [kind, codes] of byKind) {
        let missing = familyOf(kind).filter((code) => !namedValues.has(code));
        if (possible) missing = missing.filter((code) => possible.includes(code));
        missing = missing.filter((code) => !cannotArrive.has(code));
        const first = codes[0];
        if (missing.length === 0 || !first) continue;
        const data = {
          named: listCodes([...new Set(codes.map((code) => code.value))], NAMED_IN_MESSAGE),
          missing: listCodes(missing),
          kind,
        };
        context.report({
          node: first.site,
          messageId: 'missingSiblings',
          data,
          suggest: [{ messageId: 'addSiblings', data, fix: (fixer) => siblingsFix(fixer, first, missing) }],
        });
      }
    }

    function namesSocketCode(named: readonly NamedCode[]): boolean {
      return named.some((code) => {
        const kind = kindOf(code.value);
        return kind !== undefined && !ignoredKinds.has(kind);
      });
    }

    function hasDefaultComment(node: TSESTree.SwitchStatement): boolean {
      const last = node.cases.at(-1);
      const comment = last ? sourceCode.getCommentsAfter(last).at(-1) : undefined;
      return comment !== undefined && commentPattern.test(comment.value.trim());
    }

    function checkUnion(node: TSESTree.SwitchStatement, members: readonly Member[]): void {
      const scope = sourceCode.getScope(node);
      const covered = new Set<Member>();
      let defaultCase: TSESTree.SwitchCase | null = null;
      for (const switchCase of node.cases) {
        if (!switchCase.test) {
          defaultCase = switchCase;
          continue;
        }
        const test = switchCase.test;
        if (test.type === AST_NODE_TYPES.Identifier && test.name === 'undefined') covered.add(undefined);
        else if (test.type === AST_NODE_TYPES.Literal && test.value === null) covered.add(null);
        else {
          const value = readString(test, scope)?.value ?? finiteMembers(test)?.[0];
          if (typeof value !== 'string') return; // a case we cannot read: leave the switch alone
          covered.add(value);
        }
      }
      if (options.considerDefaultExhaustive && (defaultCase || hasDefaultComment(node))) return;
      const cannotArrive = unreachableCodes(node.discriminant);
      const missing = [...new Set(members)].filter((member) => !covered.has(member) && !(typeof member === 'string' && cannotArrive.has(member)));
      if (missing.length === 0) return;
      const firstLiteral = node.cases.find((switchCase) => switchCase.test?.type === AST_NODE_TYPES.Literal)?.test ?? null;
      const texts = missing.map((member) =>
        member === undefined ? 'undefined' : member === null ? 'null' : quoteLike(member, firstLiteral, sourceCode),
      );
      const data = {
        missing: listCodes(missing.map((member) => String(member))),
      };
      context.report({
        node: node.discriminant,
        messageId: 'unionNotExhaustive',
        data,
        suggest: [{ messageId: 'addMissingCases', data, fix: (fixer) => addCasesFix(fixer, node, defaultCase, texts) }],
      });
    }

    function addCasesFix(
      fixer: TSESLint.RuleFixer,
      node: TSESTree.SwitchStatement,
      defaultCase: TSESTree.SwitchCase | null,
      texts: readonly string[],
    ): TSESLint.RuleFix {
      if (defaultCase) {
        // The new cases fall into the default's body: what they did before, now said out loud.
        const indent = leadingWhitespace(sourceCode, defaultCase);
        return fixer.insertTextBefore(defaultCase, texts.map((text) => `case ${text}:\n${indent}`).join(''));
      }
      return insertClauses(
        fixer,
        node,
        texts.map((text) => `case ${text}:`),
        ['break;'],
      );
    }

    /** Inserts case labels and their body after the last case, or inside an empty switch. */
    function insertClauses(
      fixer: TSESLint.RuleFixer,
      node: TSESTree.SwitchStatement,
      labels: readonly string[],
      body: readonly string[],
    ): TSESLint.RuleFix {
      const last = node.cases.at(-1);
      const switchIndent = leadingWhitespace(sourceCode, node);
      const indent = last ? leadingWhitespace(sourceCode, last) : `${switchIndent}  `;
      const text = [...labels.map((label) => `${indent}${label}`), ...body.map((line) => `${indent}  ${line}`)]
        .map((line) => `\n${line}`)
        .join('');
      if (last) {
        // The last case ran off the end of the switch; a `break` keeps it from falling into the new ones.
        const lastStatement = last.consequent.at(-1);
        const runsOff = lastStatement !== undefined && !TERMINATORS.has(lastStatement.type);
        return fixer.insertTextAfter(last, `${runsOff ? `\n${indent}  break;` : ''}${text}`);
      }
      const opening = sourceCode.getTokenAfter(node.discriminant, (token) => token.value === '{');
      const closing = sourceCode.getLastToken(node);
      if (!opening || !closing) return fixer.insertTextAfter(node, '');
      return fixer.replaceTextRange([opening.range[1], closing.range[0]], `${text}\n${switchIndent}`);
    }

    function checkSwitch(node: TSESTree.SwitchStatement): void {
      // Cheap filter first: a code dispatch has a string case (or `case undefined`).
      const scope = sourceCode.getScope(node);
      const hasStringCase = node.cases.some(
        (switchCase) =>
          switchCase.test !== null &&
          (readString(switchCase.test, scope) !== null ||
            (switchCase.test.type === AST_NODE_TYPES.Identifier && switchCase.test.name === 'undefined')),
      );
      // An empty switch over a typed union still misses every member.
      const onlyDefault = node.cases.every((switchCase) => switchCase.test === null);
      if (!hasStringCase && !(services && onlyDefault)) return;
      if (services) {
        const members = finiteMembers(node.discriminant);
        if (members) {
          if (isSocketUnion(members)) checkUnion(node, members);
          // A finite union that is not ours (`'read' | 'write'`) cannot hold other socket codes.
          return;
        }
      }
      const dispatch = readCodeSwitch(node, scope);
      if (!dispatch || dispatch.read.property !== 'code' || !namesSocketCode(dispatch.codes) || inPredicate(node)) return;
      if (forwardedBefore(dispatch.read, node, scope)) return;
      const rest = switchRestOutcome(node, dispatch.defaultCase);
      const named = dispatch.codes.map((code) => {
        const switchCase = code.anchor.type === 'case' ? code.anchor.switchCase : null;
        return [code, switchCase ? caseOutcome(node, switchCase) : 'unknown'] as const;
      });
      if (!dispatch.open) checkFamilies(named, rest, null, unreachableCodes(node.discriminant));
      // A switch whose cases only log or ignore is a log-only handler: nothing to add a default for.
      const handlesSome = named.some(([, outcome]) => outcome !== 'silent');
      if (!dispatch.defaultCase && !hasDefaultComment(node) && rest === 'silent' && handlesSome) {
        const subject = sourceCode.getText(node.discriminant);
        context.report({
          node: node.discriminant,
          messageId: 'missingDefault',
          data: { subject },
          suggest: [
            {
              messageId: 'addDefault',
              fix: (fixer) => insertClauses(fixer, node, ['default:'], ['// Other codes are ignored on purpose.', 'break;']),
            },
          ],
        });
      }
    }

    /** The statement after `statement` in its block, if any. */
    function nextStatement(statement: TSESTree.Node): TSESTree.Node | null {
      const parent = statement.parent;
      if (parent?.type !== AST_NODE_TYPES.BlockStatement && parent?.type !== AST_NODE_TYPES.Program) return null;
      return parent.body[indexInBlock(parent, statement) + 1] ?? null;
    }

    function checkIf(node: TSESTree.IfStatement): void {
      if (consumed.has(node)) return;
      const scope = sourceCode.getScope(node);
      const first = readCodeTest(node.test, scope);
      if (!first || first.read.property !== 'code') return;
      const named: (readonly [NamedCode, PathOutcome])[] = [];
      let open = false;
      let head: TSESTree.IfStatement = node;
      let current: TSESTree.IfStatement = node;
      let test: CodeTest = first;
      let rest: PathOutcome;
      for (;;) {
        consumed.add(current);
        open ||= test.open;
        if (!test.matches) {
          // `if (code !== 'X') ...`: the consequent takes every code it does not name.
          const namedPath = current.alternate ? branchOutcome(current.alternate, head) : afterStatement(head);
          named.push(...test.codes.map((code) => [code, namedPath] as const));
          rest = branchOutcome(current.consequent, head);
          break;
        }
        const namedPath = branchOutcome(current.consequent, head);
        named.push(...test.codes.map((code) => [code, namedPath] as const));
        const alternate = current.alternate;
        if (alternate) {
          const next = alternate.type === AST_NODE_TYPES.IfStatement ? readCodeTest(alternate.test, scope) : null;
          if (alternate.type === AST_NODE_TYPES.IfStatement && next?.key === test.key) {
            current = alternate;
            test = next;
            continue;
          }
          rest = branchOutcome(alternate, head);
          break;
        }
        // No `else`: consecutive guards on the same code (`if (A) return; if (B) return;`) are one dispatch.
        const following = nextStatement(head);
        const next = following?.type === AST_NODE_TYPES.IfStatement ? readCodeTest(following.test, scope) : null;
        if (following?.type === AST_NODE_TYPES.IfStatement && next?.key === test.key) {
          head = following;
          current = following;
          test = next;
          continue;
        }
        rest = afterStatement(head);
        break;
      }
      if (open || !namesSocketCode(named.map(([code]) => code)) || inPredicate(node)) return;
      if (forwardedBefore(first.read, node, scope)) return;
      checkFamilies(named, rest, finiteMembers(first.subject), unreachableCodes(first.subject));
    }

    return readsCode ? { SwitchStatement: checkSwitch, IfStatement: checkIf } : { SwitchStatement: checkSwitch };
  },
});

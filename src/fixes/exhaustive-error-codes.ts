/**
 * Text of `exhaustive-error-codes`' messages and suggestions: short code lists, the siblings added
 * next to the code they join, cases added to a switch.
 */
import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import type { StandaloneCodeList } from '../model/code-lists.js';
import { quoteLike, type NamedCode } from '../model/code-reads.js';
import type { UnionMember } from '../model/code-types.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Characters of codes a message names before it counts the rest: messages fit an editor hover. */
const LISTED_IN_MESSAGE = 40;
/** The same for the codes a dispatch names, quoted only to say which family is meant. */
export const NAMED_IN_MESSAGE = 30;
const TERMINATORS = new Set<string>([
  AST_NODE_TYPES.BreakStatement,
  AST_NODE_TYPES.ReturnStatement,
  AST_NODE_TYPES.ThrowStatement,
  AST_NODE_TYPES.ContinueStatement,
]);

/** `A, B and 4 more`: long lists stay readable in an editor tooltip (the suggestion adds them all). */
export function listCodes(codes: readonly string[], budget = LISTED_IN_MESSAGE): string {
  const all = codes.join(', ');
  let shown = 1;
  while (shown < codes.length && codes.slice(0, shown + 1).join(', ').length <= budget) shown += 1;
  const some = `${codes.slice(0, shown).join(', ')} and ${codes.length - shown} more`;
  return all.length <= Math.max(budget, some.length) ? all : some;
}

function leadingWhitespace(sourceCode: SourceCode, node: TSESTree.Node): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  return /^\s*/.exec(line)?.[0] ?? '';
}

/** Adds `missing` beside the code they join: to its `||` group, its list, or as labels of its case. */
export function siblingsFix(
  fixer: TSESLint.RuleFixer,
  sourceCode: SourceCode,
  anchorCode: NamedCode,
  missing: readonly string[],
): TSESLint.RuleFix | null {
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

/** The members as case tests: `undefined`, `null`, or strings quoted like the switch's first literal case. */
export function caseTexts(node: TSESTree.SwitchStatement, missing: readonly UnionMember[], sourceCode: SourceCode): string[] {
  const firstLiteral = node.cases.find((switchCase) => switchCase.test?.type === AST_NODE_TYPES.Literal)?.test ?? null;
  return missing.map((member) =>
    member === undefined ? 'undefined' : member === null ? 'null' : quoteLike(member, firstLiteral, sourceCode),
  );
}

/** Adds a case for each text: into the `default`'s body when there is one, else at the end. */
export function addCasesFix(
  fixer: TSESLint.RuleFixer,
  sourceCode: SourceCode,
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
    sourceCode,
    node,
    texts.map((text) => `case ${text}:`),
    ['break;'],
  );
}

/** A `default` that says the other codes are ignored on purpose. */
export function addDefaultFix(fixer: TSESLint.RuleFixer, sourceCode: SourceCode, node: TSESTree.SwitchStatement): TSESLint.RuleFix {
  return insertClauses(fixer, sourceCode, node, ['default:'], ['// Other codes are ignored on purpose.', 'break;']);
}

/** Inserts case labels and their body after the last case, or inside an empty switch. */
function insertClauses(
  fixer: TSESLint.RuleFixer,
  sourceCode: SourceCode,
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

/** Adds `missing` at the end of a list of codes, spelled as its elements are (`'X'` or `os.constants.errno.X`). */
export function listFix(fixer: TSESLint.RuleFixer, list: StandaloneCodeList, missing: readonly string[], sourceCode: SourceCode): TSESLint.RuleFix | null {
  const last = list.array.elements.findLast((element) => element !== null);
  const first = list.codes[0];
  if (!last || !first) return null;
  const spelled = missing.map((code) => (list.errnoObject === null ? quoteLike(code, first.literal ? first.node : null, sourceCode) : `${list.errnoObject}.${code}`));
  return fixer.insertTextAfter(last, spelled.map((code) => `, ${code}`).join(''));
}

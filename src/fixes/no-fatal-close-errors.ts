/**
 * The fix of no-fatal-close-errors: `if (<err has one of the codes>) return;` right before the
 * sink, braced where the sink is not in a statement list, with a parameter added to a listener that
 * takes none. Applied unattended only where the handler is written right there and nothing else
 * calls it; otherwise offered as a suggestion.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, type FunctionNode } from '../model/ast.js';
import type { ErrorHandler } from '../model/error-handlers.js';
import type { ErrorType } from '../model/handler-error-type.js';
import type { Sink } from '../model/handler-sinks.js';
import { findVariable } from '../listeners.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** Characters of codes a message names before it counts the rest: messages fit an editor hover. */
const LISTED_IN_MESSAGE = 30;

/** `A, B and C`, or `A, B, C and 10 more` past a few codes. */
export function listCodes(codes: readonly string[]): string {
  const all = codes.length > 1 ? `${codes.slice(0, -1).join(', ')} and ${codes.at(-1)}` : (codes[0] ?? '');
  let shown = 1;
  while (shown < codes.length && codes.slice(0, shown + 1).join(', ').length <= LISTED_IN_MESSAGE) shown += 1;
  const some = `${codes.slice(0, shown).join(', ')} and ${codes.length - shown} more`;
  return all.length <= Math.max(LISTED_IN_MESSAGE, some.length) ? all : some;
}

function leadingWhitespace(sourceCode: SourceCode, node: Node): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  return /^\s*/u.exec(line)?.[0] ?? '';
}

function guardText(subject: string, codes: readonly string[], object: boolean, destructured: boolean, indent: string): string {
  const comparisons = codes.map((code) => `${subject} === '${code}'`);
  let tests: string;
  if (comparisons.length <= 3) {
    tests = comparisons.join(' || ');
  } else {
    const lines: string[] = [];
    for (let i = 0; i < comparisons.length; i += 3) lines.push(comparisons.slice(i, i + 3).join(' || '));
    tests = lines.join(` ||\n${indent}    `);
  }
  if (destructured) return `if (${tests}) return;`;
  const err = subject.slice(0, -'.code'.length);
  const grouped = comparisons.length > 1 ? `(${tests})` : tests;
  const prefix = object ? `'code' in ${err}` : `typeof ${err} === 'object' && ${err} !== null && 'code' in ${err}`;
  return `if (${prefix} && ${grouped}) return;`;
}

function returnsNothing(fn: FunctionNode | undefined): boolean {
  const annotation = fn?.returnType?.typeAnnotation;
  return (
    !annotation ||
    annotation.type === AST_NODE_TYPES.TSVoidKeyword ||
    annotation.type === AST_NODE_TYPES.TSUndefinedKeyword ||
    annotation.type === AST_NODE_TYPES.TSAnyKeyword ||
    annotation.type === AST_NODE_TYPES.TSUnknownKeyword
  );
}

export interface GuardEdit {
  fix: TSESLint.ReportFixFunction;
  /** Safe unattended; otherwise offered as a suggestion. */
  safe: boolean;
}

/** How the guard names the code: `err.code`, a destructured `code`, or a parameter it adds. */
interface Subject {
  text: string;
  destructured: boolean;
  addParam?: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix;
}

function guardSubject(sourceCode: SourceCode, handler: ErrorHandler, sink: Sink): Subject | undefined {
  const scopeOf = (node: Node) => sourceCode.getScope(node);
  if (handler.errName) {
    const variable = findVariable(scopeOf(handler.errName), handler.errName.name);
    const visible = findVariable(scopeOf(sink.node), handler.errName.name);
    if (!variable || visible !== variable) return undefined;
    return { text: `${handler.errName.name}.code`, destructured: false };
  }
  if (handler.errParam?.type === AST_NODE_TYPES.ObjectPattern) {
    const property = handler.errParam.properties.find(
      (p): p is TSESTree.Property =>
        p.type === AST_NODE_TYPES.Property && !p.computed && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === 'code' && p.value.type === AST_NODE_TYPES.Identifier,
    );
    return property && { text: (property.value as TSESTree.Identifier).name, destructured: true };
  }
  if (!handler.errParam && handler.fn && handler.kind === 'listener') {
    const bodyText = sourceCode.getText(handler.fn.body);
    const name = ['err', 'error', 'socketError'].find(
      (candidate) => !findVariable(scopeOf(sink.node), candidate) && !new RegExp(`\\b${candidate}\\b`, 'u').test(bodyText),
    );
    const open = name && sourceCode.getFirstToken(handler.fn, (token) => token.value === '(');
    if (!name || !open) return undefined;
    return { text: `${name}.code`, destructured: false, addParam: (fixer) => fixer.insertTextAfter(open, name) };
  }
  return undefined;
}

/** `if (<err has one of codes>) return;` right before the sink's statement, braced where needed. */
export function guardEdit(sourceCode: SourceCode, handler: ErrorHandler, sink: Sink, codes: readonly string[], type: ErrorType): GuardEdit | undefined {
  const statement =
    sink.node.type === AST_NODE_TYPES.ThrowStatement
      ? sink.node
      : sink.node.parent.type === AST_NODE_TYPES.ExpressionStatement
        ? sink.node.parent
        : sink.node.parent.type === AST_NODE_TYPES.AwaitExpression && sink.node.parent.parent.type === AST_NODE_TYPES.ExpressionStatement
          ? sink.node.parent.parent
          : undefined;
  // `(err) => assert.ifError(err)`: the body becomes a block (a suggestion: the arrow's value changes).
  const arrow = sink.node.parent.type === AST_NODE_TYPES.ArrowFunctionExpression && sink.node.parent.body === sink.node ? sink.node.parent : undefined;
  const position = statement ?? arrow;
  if (!position) return undefined;
  // The function the sink returns from (the handler, or a timer callback inside it).
  const owner = enclosingFunction(sink.node);
  if (handler.kind === 'catch' && !owner) return undefined; // `return` is not allowed at the top level
  if (!returnsNothing(owner)) return undefined;
  const subject = guardSubject(sourceCode, handler, sink);
  if (!subject) return undefined;
  const { destructured, addParam } = subject;

  const indent = leadingWhitespace(sourceCode, position);
  const guard = guardText(subject.text, codes, type.object, destructured, indent);
  if (!statement) {
    const body = sink.node;
    const edit: TSESLint.ReportFixFunction = (fixer) => {
      const fixes = [fixer.replaceText(body, `{ ${guard} ${sourceCode.getText(body)}; }`)];
      if (addParam) fixes.push(addParam(fixer));
      return fixes;
    };
    return { fix: edit, safe: false };
  }
  const container = statement.parent;
  const inList =
    container?.type === AST_NODE_TYPES.BlockStatement ||
    container?.type === AST_NODE_TYPES.SwitchCase ||
    container?.type === AST_NODE_TYPES.Program;
  const ownLine = inList && sourceCode.lines[statement.loc.start.line - 1]?.slice(0, statement.loc.start.column).trim() === '';
  const edit: TSESLint.ReportFixFunction = (fixer) => {
    const fixes = [
      ownLine
        ? fixer.insertTextBefore(statement, `${guard}\n${indent}`)
        : inList
          ? fixer.insertTextBefore(statement, `${guard} `)
          : fixer.insertTextBefore(statement, `{ ${guard} `),
    ];
    if (!inList) fixes.push(fixer.insertTextAfter(statement, ' }'));
    if (addParam) fixes.push(addParam(fixer));
    return fixes;
  };
  const safe = handler.inline && handler.kind !== 'catch' && !destructured && !addParam;
  return { fix: edit, safe };
}

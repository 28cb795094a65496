/**
 * Fixes of `no-unknown-error-code`'s suggestions: a code check written with the message turned into
 * a comparison of the code.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

/** Replaces `node` by `text` (a comparison), in parentheses where its place needs them. */
export function replaceWithComparison(fixer: TSESLint.RuleFixer, node: TSESTree.Node, text: string): TSESLint.RuleFix {
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

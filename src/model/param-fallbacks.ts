/**
 * A parameter that the function fills itself when the caller gave nothing: `if (!socket) socket =
 * new Socket();`, `socket = socket || net.connect(…)`, `socket ??= …`. After the fallback the
 * parameter holds the caller's object or the one made here; the detector reads it as what the
 * fallback makes (the caller's value, when given, is of the same kind in every use of such helpers).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { isNullish, skipWrappers } from './ast.js';

type Variable = TSESLint.Scope.Variable;

/**
 * The value a parameter's only fallback gives it, when every other write is nullish (or a default):
 * `if (!p) p = X`, `if (p == null) p = X`, `p = p || X`, `p = p ?? X`, `p ||= X`, `p ??= X`.
 */
export function fallbackValue(variable: Variable): TSESTree.Node | undefined {
  let value: TSESTree.Node | undefined;
  for (const ref of variable.references) {
    if (!ref.isWrite() || ref.init) continue;
    const write = ref.identifier.parent;
    if (write?.type === AST_NODE_TYPES.AssignmentPattern && write.left === ref.identifier) continue;
    if (write?.type !== AST_NODE_TYPES.AssignmentExpression || write.left !== ref.identifier) return undefined;
    if (write.operator === '=' && isNullish(write.right)) continue;
    const given = fallbackOf(write, variable.name);
    if (!given || value) return undefined;
    value = given;
  }
  return value;
}

function fallbackOf(write: TSESTree.AssignmentExpression, name: string): TSESTree.Node | undefined {
  if (write.operator === '||=' || write.operator === '??=') return write.right;
  if (write.operator !== '=') return undefined;
  const right = skipWrappers(write.right);
  // `p = p || X`, `p = p ?? X`
  if (right.type === AST_NODE_TYPES.LogicalExpression && right.operator !== '&&' && isName(right.left, name)) return right.right;
  // `if (!p) p = X`, `if (p == null) p = X` (or `=== undefined`), as the whole consequent
  const statement = write.parent;
  const block = statement?.parent;
  const branch = block?.type === AST_NODE_TYPES.BlockStatement && block.body.length === 1 ? block.parent : block;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || branch?.type !== AST_NODE_TYPES.IfStatement || branch.alternate) return undefined;
  const test = skipWrappers(branch.test);
  const tested =
    (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!' && isName(test.argument, name)) ||
    (test.type === AST_NODE_TYPES.BinaryExpression && (test.operator === '==' || test.operator === '===') && isName(test.left, name) && isNullish(test.right));
  return tested ? write.right : undefined;
}

function isName(node: TSESTree.Node, name: string): boolean {
  const target = skipWrappers(node);
  return target.type === AST_NODE_TYPES.Identifier && target.name === name;
}

/**
 * How a function writes its own parameter. A parameter given another value is no longer what the
 * caller passed (defaults and nullish writes aside): `isReassigned`. One exception keeps it known:
 * a parameter the function fills itself when the caller gave nothing, `if (!socket) socket = new
 * Socket();`, `socket = socket || net.connect(…)`, `socket ??= …`. After that fallback it holds the
 * caller's object or the one made here; the detector reads it as what the fallback makes (the
 * caller's value, when given, is of the same kind in every use of such helpers). Both answers are
 * asked once per parameter, not once per read: a long function reads its parameters thousands of
 * times.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { isNullish, skipWrappers } from './ast.js';

type Variable = TSESLint.Scope.Variable;

const reassignedCache = new WeakMap<Variable, boolean>();
const fallbackCache = new WeakMap<Variable, TSESTree.Node | null>();

/** A write that leaves the parameter what the caller passed: its default, or `p = null`. */
function keepsCallerValue(ref: TSESLint.Scope.Reference): boolean {
  const parent = ref.identifier.parent;
  if (parent?.type === AST_NODE_TYPES.AssignmentPattern && parent.left === ref.identifier) return true;
  return parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.operator === '=' && isNullish(parent.right);
}

/** Is the parameter given another value than the caller's somewhere (defaults and nullish writes aside)? */
export function isReassigned(variable: Variable): boolean {
  let reassigned = reassignedCache.get(variable);
  if (reassigned === undefined) {
    reassigned = variable.references.some((ref) => ref.isWrite() && !keepsCallerValue(ref));
    reassignedCache.set(variable, reassigned);
  }
  return reassigned;
}

/**
 * The value a parameter's only fallback gives it, when every other write keeps the caller's value:
 * `if (!p) p = X`, `if (p == null) p = X`, `p = p || X`, `p = p ?? X`, `p ||= X`, `p ??= X`.
 */
export function fallbackValue(variable: Variable): TSESTree.Node | undefined {
  let value = fallbackCache.get(variable);
  if (value === undefined) {
    value = readFallback(variable) ?? null;
    fallbackCache.set(variable, value);
  }
  return value ?? undefined;
}

function readFallback(variable: Variable): TSESTree.Node | undefined {
  let value: TSESTree.Node | undefined;
  for (const ref of variable.references) {
    if (!ref.isWrite() || ref.init || keepsCallerValue(ref)) continue;
    const write = ref.identifier.parent;
    if (write?.type !== AST_NODE_TYPES.AssignmentExpression || write.left !== ref.identifier) return undefined;
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

/**
 * Syntax questions every part of the socket model and every rule asks, each answered once: two
 * helpers that answer the same question differently give different findings for the same code
 * (``s[`write`]('x')`` was a write to one rule and not to another).
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';

/** Wrappers that do not change the value they hold: `x!`, `x as T`, `<T>x`, `x satisfies T`, `f<T>`, `a?.b`. */
export type ExpressionWrapper =
  | TSESTree.ChainExpression
  | TSESTree.TSAsExpression
  | TSESTree.TSNonNullExpression
  | TSESTree.TSSatisfiesExpression
  | TSESTree.TSTypeAssertion
  | TSESTree.TSInstantiationExpression;

export function isWrapper(node: TSESTree.Node): node is ExpressionWrapper {
  switch (node.type) {
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
    case AST_NODE_TYPES.TSInstantiationExpression:
      return true;
    default:
      return false;
  }
}

/** The value inside every wrapper (parentheses leave no node). */
export function skipWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (isWrapper(current)) current = current.expression;
  return current;
}

/** The node's value as seen by its parent, climbing over the wrappers around it. */
export function outermost(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && isWrapper(current.parent) && current.parent.expression === current) current = current.parent;
  return current;
}

/**
 * The name of a member's property when the code spells it out: `a.b`, `a['b']`, ``a[`b`]``, and
 * `a.#b` as `'#b'` (no public method is called that). Undefined for computed keys.
 */
export function propertyName(member: TSESTree.MemberExpression): string | undefined {
  if (member.property.type === AST_NODE_TYPES.PrivateIdentifier) return `#${member.property.name}`;
  return ASTUtils.getPropertyName(member) ?? undefined;
}

/** `object.name(…)`, `object?.name(…)`, `object['name'](…)` with the receiver's wrappers dropped. */
export function calleeMember(call: TSESTree.CallExpression): { object: TSESTree.Expression; name: string } | undefined {
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = propertyName(callee);
  return name === undefined ? undefined : { object: callee.object, name };
}

export type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

export function isFunction(node: TSESTree.Node | undefined | null): node is FunctionNode {
  return (
    node?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionDeclaration
  );
}

/** The function that contains `node` (not `node` itself), or undefined at module level. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunction(current)) return current;
  return undefined;
}

/** `null`, `undefined`, `void x`: values that hold nothing. */
export function isNullish(node: TSESTree.Node): boolean {
  return (
    (node.type === AST_NODE_TYPES.Literal && node.value === null && !('regex' in node)) ||
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') ||
    (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'void')
  );
}

/** Functions, declared ones and TypeScript's body-less signatures included. */
export function isFunctionLike(node: TSESTree.Node): node is TSESTree.FunctionLike {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.TSDeclareFunction ||
    node.type === AST_NODE_TYPES.TSEmptyBodyFunctionExpression
  );
}

/** The runtime parameters of a function (TypeScript's `this` parameter is not one). */
export function runtimeParams(fn: TSESTree.FunctionLike): TSESTree.Parameter[] {
  return fn.params.filter((param) => !(param.type === AST_NODE_TYPES.Identifier && param.name === 'this'));
}

/** The identifier a parameter binds, unless it is destructured or a rest parameter. */
export function paramIdentifier(param: TSESTree.Parameter): TSESTree.Identifier | undefined {
  const inner = param.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param;
  if (inner.type === AST_NODE_TYPES.Identifier) return inner;
  if (inner.type === AST_NODE_TYPES.AssignmentPattern && inner.left.type === AST_NODE_TYPES.Identifier) return inner.left;
  return undefined;
}

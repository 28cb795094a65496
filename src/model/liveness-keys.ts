/**
 * Which references the liveness model can follow inside a function: a socket is known by its
 * reference key (`socket`, `this.upstream`, see `referenceKey`), and what a path learns of a key
 * holds only while nothing else can replace the value behind it.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { referenceKey } from '../listeners.js';
import { type FunctionNode, runtimeParams, skipWrappers } from './ast.js';
import { contains, variableOf } from './dead-socket.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;

/** `socket` of `socket.a.b`, `this` of `this.socket`: the name a reference starts from. */
export function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | TSESTree.ThisExpression | undefined {
  let current = skipWrappers(node);
  while (current.type === AST_NODE_TYPES.MemberExpression) current = skipWrappers(current.object);
  return current.type === AST_NODE_TYPES.Identifier || current.type === AST_NODE_TYPES.ThisExpression ? current : undefined;
}

/** Writes of a variable other than its declaration's initialiser, found once per variable. */
const writesCache = new WeakMap<Variable, TSESLint.Scope.Reference[]>();

/**
 * Can the model follow what this reference holds inside `fn`? A variable written by other
 * functions may be replaced by any call (a reconnect), so it is not followed; `this.x` is.
 */
export function isTrackable(node: TSESTree.Node, fn: TSESTree.Node | undefined, sourceCode: SourceCode): boolean {
  const root = rootIdentifier(node);
  if (!root) return false;
  if (root.type === AST_NODE_TYPES.ThisExpression) return true;
  const variable = variableOf(root, sourceCode);
  if (!variable) return false;
  let writes = writesCache.get(variable);
  if (!writes) {
    writes = variable.references.filter((reference) => reference.isWrite() && reference.init !== true);
    writesCache.set(variable, writes);
  }
  return writes.every((reference) => fn !== undefined && reference.from.variableScope.block === fn);
}

/** Does the reference name something declared outside `fn` (`this.x` always is)? */
export function isOuter(node: TSESTree.Node, fn: FunctionNode, sourceCode: SourceCode): boolean {
  const root = rootIdentifier(node);
  if (!root) return false;
  if (root.type === AST_NODE_TYPES.ThisExpression) return true;
  const declared = variableOf(root, sourceCode)?.defs[0]?.name;
  return declared !== undefined && !contains(fn, declared);
}

/**
 * A variable or member path (`socket`, `this.upstream`): the rule's socket match answers it once
 * per key, so every use of the key gets the same answer as this node.
 */
export function isKeyedObject(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const target = skipWrappers(node);
  return (target.type === AST_NODE_TYPES.Identifier || target.type === AST_NODE_TYPES.MemberExpression) && referenceKey(target, sourceCode) !== undefined;
}

/** The variable of `fn`'s parameter at `index`, when it is a plain name. */
export function paramVariable(fn: FunctionNode, index: number, sourceCode: SourceCode): Variable | undefined {
  const param = runtimeParams(fn)[index];
  if (param?.type !== AST_NODE_TYPES.Identifier) return undefined;
  return sourceCode.getDeclaredVariables(fn).find((variable) => variable.defs.some((def) => def.name === param));
}

/** The reference key of `fn`'s parameter at `index`, when it is a plain name. */
export function paramKey(fn: FunctionNode, index: number, sourceCode: SourceCode): string | undefined {
  const param = runtimeParams(fn)[index];
  return param?.type === AST_NODE_TYPES.Identifier ? referenceKey(param, sourceCode) : undefined;
}

/**
 * Which assignments of a socket's death listener record the death as a state of the instance
 * (src/model/field-liveness.ts reads them as flags a later write may test): a constant set on the
 * instance (`this.connected = false`, `self.state = States.CLOSED`, `that.readyState = this.CLOSED`),
 * not a property of the listener's own values (`err.fatal = true` marks the error, not the link).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { type FunctionNode, isNullish, propertyName, skipWrappers } from './ast.js';
import { variableOf } from './dead-socket.js';

type Node = TSESTree.Node;

/** A name written as a constant: `CLOSED`, `STATE_CLOSED`. */
const CONSTANT_NAME = /^[A-Z][A-Z\d_]*$/u;

/**
 * `false`, `'closed'`, `0`, `null`, `undefined`, `!x`, `States.CLOSED`, and `this.CLOSED` (a
 * constant the class's prototype holds, as WebSocket classes keep `OPEN` and `CLOSED`): a state,
 * not a value.
 */
function isConstant(node: Node): boolean {
  if (node.type === AST_NODE_TYPES.Literal || isNullish(node) || node.type === AST_NODE_TYPES.UnaryExpression) return true;
  if (node.type !== AST_NODE_TYPES.MemberExpression || node.computed) return false;
  const object = skipWrappers(node.object).type;
  return object === AST_NODE_TYPES.Identifier || (object === AST_NODE_TYPES.ThisExpression && CONSTANT_NAME.test(propertyName(node) ?? ''));
}

/** Is the object `target` is a member of a parameter or a local of `fn` (the error it was given, a value it made)? */
function onOwnValue(target: Node, fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let object = skipWrappers(target);
  while (object.type === AST_NODE_TYPES.MemberExpression) object = skipWrappers(object.object);
  if (object.type !== AST_NODE_TYPES.Identifier) return false;
  const declared = variableOf(object, sourceCode)?.defs[0]?.name;
  return declared !== undefined && fn.range[0] <= declared.range[0] && declared.range[1] <= fn.range[1];
}

/** `target = value` in the death listener (or a function it calls) `fn` records the death as a state. */
export function isStateFlag(target: Node, value: Node, fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return isConstant(value) && !onOwnValue(target, fn, sourceCode);
}

/**
 * Tests of how many 'error' listeners an emitter has, around a sink of an 'error' handler
 * (src/model/handler-sinks.ts). A re-emit that runs only while the emitter has a listener cannot go
 * unhandled; a `throw` that runs only while nobody else listens does what Node does for an emitter
 * with no listener, so it adds no crash of its own (got's `if (request.listenerCount('error') === 0)
 * throw error;` in a `once('error')` listener).
 *
 * The count is asked as `x.listenerCount('error')`, `x.listeners('error').length`, Node's static
 * `EventEmitter.listenerCount(x, 'error')`, or a helper named for it
 * (`utils.eventEmitterListenerCount(x, 'error')`).
 *
 * The same holds, with no test, of an emitter the file gives an 'error' listener for good
 * (`keepsErrorListener`): `res.on('error', stop)` before `upstream.on('error', (err) =>
 * res.emit('error', err))`, or in the only function that calls the one re-emitting on its parameter.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { readString } from '../code-dispatch.js';
import { calleeName, type ListenerCall, listenerCallOf, resolveVariable } from '../listeners.js';
import { calleeMember, enclosingFunction, isFunction, propertyName, runtimeParams, skipWrappers } from './ast.js';
import { classBodyOf, holdsThis, thisAliased } from './classes.js';
import { fileErrorListeners, fileNodes } from './file-nodes.js';
import { namingReferences } from './functions.js';
import { DETACHING_METHODS, ONCE_METHODS } from './node-api.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** `'some'`: runs only while the emitter has an 'error' listener; `'none'`: only while it has none. */
export type ListenerCountGuard = 'some' | 'none';

/**
 * The guard around `node` in its own function: an `if` or `?:` whose consequent holds it, or the
 * left side of an `&&` it is the right of. `emitter` is the emitter's source text; any emitter's
 * count is taken when it is undefined.
 */
export function listenerCountGuard(node: Node, sourceCode: SourceCode, emitter?: string): ListenerCountGuard | undefined {
  let child: Node = node;
  for (let parent: Node | undefined = node.parent; parent && !isFunction(parent); child = parent, parent = parent.parent) {
    let test: Node | undefined;
    if ((parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) && parent.consequent === child) test = parent.test;
    else if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator === '&&' && parent.right === child) test = parent.left;
    const guard = test && polarity(test, sourceCode, emitter);
    if (guard) return guard;
  }
  return undefined;
}

function polarity(test: Node, sourceCode: SourceCode, emitter: string | undefined): ListenerCountGuard | undefined {
  const node = skipWrappers(test);
  if (isCount(node, sourceCode, emitter)) return 'some';
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!') {
    const inner = polarity(node.argument, sourceCode, emitter);
    return inner === 'some' ? 'none' : inner === 'none' ? 'some' : undefined;
  }
  if (node.type === AST_NODE_TYPES.LogicalExpression && node.operator === '&&') {
    return polarity(node.left, sourceCode, emitter) ?? polarity(node.right, sourceCode, emitter);
  }
  if (node.type !== AST_NODE_TYPES.BinaryExpression) return undefined;
  // `count > 0`, `count === 0`, and the same with the count on the right (`0 < count`).
  const countLeft = isCount(skipWrappers(node.left), sourceCode, emitter);
  const countRight = !countLeft && isCount(skipWrappers(node.right), sourceCode, emitter);
  const other = skipWrappers(countLeft ? node.right : node.left);
  if ((!countLeft && !countRight) || other.type !== AST_NODE_TYPES.Literal || typeof other.value !== 'number') return undefined;
  const operator = countLeft ? node.operator : MIRRORED[node.operator] ?? node.operator;
  const limit = other.value;
  if (limit === 0 && (operator === '>' || operator === '!==' || operator === '!=')) return 'some';
  if (limit === 1 && operator === '>=') return 'some';
  if (limit === 0 && (operator === '===' || operator === '==' || operator === '<=')) return 'none';
  if (limit === 1 && operator === '<') return 'none';
  return undefined;
}

const MIRRORED: Readonly<Record<string, string>> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

/** `x.listenerCount('error')`, `x.listeners('error').length`, `EventEmitter.listenerCount(x, 'error')`, of `emitter` when given. */
function isCount(node: Node, sourceCode: SourceCode, emitter: string | undefined): boolean {
  if (node.type === AST_NODE_TYPES.MemberExpression && propertyName(node) === 'length') {
    const inner = skipWrappers(node.object);
    return inner.type === AST_NODE_TYPES.CallExpression && calleeName(inner) === 'listeners' && countOf(inner, sourceCode, emitter);
  }
  return node.type === AST_NODE_TYPES.CallExpression && calleeName(node) !== 'listeners' && countOf(node, sourceCode, emitter);
}

function countOf(call: TSESTree.CallExpression, sourceCode: SourceCode, emitter: string | undefined): boolean {
  const name = calleeName(call) ?? '';
  const [first, second] = call.arguments;
  const isError = (argument: Node | undefined): boolean => argument !== undefined && readString(argument, sourceCode.getScope(call))?.value === 'error';
  const same = (object: Node): boolean => emitter === undefined || sourceCode.getText(skipWrappers(object)) === emitter;
  const callee = skipWrappers(call.callee);
  if ((name === 'listenerCount' || name === 'listeners') && callee.type === AST_NODE_TYPES.MemberExpression && isError(first) && same(callee.object)) return true;
  return /listenerCount$/iu.test(name) && first !== undefined && isError(second) && same(first);
}

/**
 * Does the variable `emitter` names keep an 'error' listener of this file for as long as it lives:
 * one added with `on`, `addListener` or `prependListener` (a `once` listener is gone after the
 * first error) to the same variable, which nothing in the file removes listeners from? A parameter
 * counts when its function is only ever called, in this file, and every call passes a variable
 * that does.
 */
export function keepsErrorListener(emitter: Node, sourceCode: SourceCode, depth = 0): boolean {
  const node = skipWrappers(emitter);
  if (holdsThis(node, sourceCode)) return listensToItself(node, sourceCode);
  if (node.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveVariable(node, sourceCode.getScope(node));
  if (!variable) return false;
  const named = (target: Node): boolean => {
    const inner = skipWrappers(target);
    return inner.type === AST_NODE_TYPES.Identifier && resolveVariable(inner, sourceCode.getScope(inner)) === variable;
  };
  const kept = fileErrorListeners(sourceCode).filter((listener) => !ONCE_METHODS.has(listener.method) && named(listener.target));
  const removed = fileNodes(sourceCode).calls.some((call) => {
    const callee = skipWrappers(call.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && named(callee.object) && mayDetach(call, kept, sourceCode);
  });
  if (removed) return false;
  if (kept.length > 0) return true;
  return depth === 0 && passedHeard(variable, sourceCode);
}

/** A parameter whose function is only called, and every call passes an emitter that keeps its listener. */
function passedHeard(variable: TSESLint.Scope.Variable, sourceCode: SourceCode): boolean {
  const def = variable.defs[0];
  if (variable.defs.length !== 1 || def?.type !== TSESLint.Scope.DefinitionType.Parameter || !isFunction(def.node)) return false;
  const fn = def.node;
  const index = runtimeParams(fn).findIndex((param) => param === def.name);
  const uses = index < 0 ? undefined : namingReferences(fn, sourceCode);
  return uses !== undefined && uses.length > 0 && uses.every(({ identifier }) => {
    const call = identifier.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== identifier) return false;
    const argument = call.arguments[index];
    return argument !== undefined && listenerCallOf(call, sourceCode) === undefined && keepsErrorListener(argument, sourceCode, 1);
  });
}

/**
 * `this` of a class whose constructor gives the instance a lasting 'error' listener of its own
 * (`constructor() { super(); this.on('error', () => {}); }`), which nothing in the class takes
 * off: an `emit('error', err)` on it always has a listener.
 */
function listensToItself(instance: Node, sourceCode: SourceCode): boolean {
  const self = instance.type === AST_NODE_TYPES.Identifier ? thisAliased(instance, sourceCode) : instance;
  const body = self && classBodyOf(self);
  const constructor = body?.body.find((member) => member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor');
  if (!body || constructor?.type !== AST_NODE_TYPES.MethodDefinition) return false;
  const ownThis = (target: Node): boolean => {
    const node = skipWrappers(target);
    const held = node.type === AST_NODE_TYPES.Identifier ? thisAliased(node, sourceCode) : node;
    return held?.type === AST_NODE_TYPES.ThisExpression && classBodyOf(held) === body;
  };
  const kept = fileErrorListeners(sourceCode).filter((listener) => !ONCE_METHODS.has(listener.method) && enclosingFunction(listener.call) === constructor.value && ownThis(listener.target));
  const detached = fileNodes(sourceCode).calls.some((call) => {
    const callee = skipWrappers(call.callee);
    return body.range[0] <= call.range[0] && call.range[1] <= body.range[1] && callee.type === AST_NODE_TYPES.MemberExpression && ownThis(callee.object) && mayDetach(call, kept, sourceCode);
  });
  return !detached && kept.length > 0;
}

/**
 * Can the call take one of the `kept` 'error' listeners off its emitter? `removeAllListeners()` and
 * `removeAllListeners('error')` can; one for another event (`removeAllListeners('close')`) cannot.
 * `removeListener`/`off` can only for 'error' (or an event the code computes), and only with a
 * function that may be a kept one: a listener written inline (`this.on('error', () => {})`) is a
 * function no other code holds, so no removal names it.
 */
function mayDetach(call: TSESTree.CallExpression, kept: readonly ListenerCall[], sourceCode: SourceCode): boolean {
  const method = calleeMember(call)?.name;
  if (method === undefined || !DETACHING_METHODS.has(method)) return false;
  const [event, handler] = call.arguments;
  if (method === 'removeAllListeners' && event === undefined) return true;
  const named = event && event.type !== AST_NODE_TYPES.SpreadElement ? readString(event, sourceCode.getScope(call)) : null;
  if (named && named.value !== 'error') return false;
  if (method === 'removeAllListeners') return true;
  return handler === undefined || kept.length === 0 || kept.some((listener) => !listener.listener || !isFunction(skipWrappers(listener.listener)));
}

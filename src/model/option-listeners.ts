/**
 * Listeners handed as options to the call that makes an emitter: `this.socket = createSocket({
 * host, port, onConnect, onData, onEnd, onError })`, where the factory (often in another module)
 * registers each `onX` as the made socket's listener for `x`. Read as `socket.on('connect',
 * onConnect)` and so on, for the questions of connect timeouts only (src/model/connect-timers.ts,
 * src/model/close-reach.ts `listenerReach`): which listener clears the timer, and whether one that
 * a failing socket runs does too.
 *
 * Precision first: the call's value must be stored (a variable or a member), the options an object
 * literal with at least two such properties, every one of them a function of the file and named
 * after a socket event (`onConnect`, `onSecureConnect`, `onReady`, `onData`, `onEnd`, `onError`,
 * `onClose`, `onTimeout`); any other `onX` property makes the object something else (a client's
 * callbacks), and nothing is read.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import type { ListenerCall } from '../listeners.js';
import { type FunctionNode, isFunction, skipWrappers } from './ast.js';
import { resolveFunction } from './functions.js';
import { resourceNodes } from './resource-walk.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** `onConnect` → 'connect': the events a socket emits that a factory's options name. */
const OPTION_EVENTS: ReadonlyMap<string, string> = new Map([
  ['onConnect', 'connect'],
  ['onSecureConnect', 'secureConnect'],
  ['onReady', 'ready'],
  ['onData', 'data'],
  ['onEnd', 'end'],
  ['onError', 'error'],
  ['onClose', 'close'],
  ['onTimeout', 'timeout'],
]);

export interface OptionListeners {
  /** The listener each function given as an option stands for (the first one, if given twice). */
  byFunction: ReadonlyMap<FunctionNode, ListenerCall>;
}

const cache = new WeakMap<TSESTree.Program, OptionListeners>();

export function optionListeners(sourceCode: SourceCode): OptionListeners {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const byFunction = new Map<FunctionNode, ListenerCall>();
  for (const node of resourceNodes(sourceCode).callsAndCatches) {
    if (node.type !== AST_NODE_TYPES.CallExpression) continue;
    for (const listener of listenersGivenTo(node, sourceCode)) {
      const fn = resolveFunction(listener.listener!, sourceCode);
      if (fn && !byFunction.has(fn)) byFunction.set(fn, listener);
    }
  }
  const facts = { byFunction };
  cache.set(sourceCode.ast, facts);
  return facts;
}

/** The listeners `call` is given in an options object, with the place its value is stored as their target. */
function listenersGivenTo(call: TSESTree.CallExpression, sourceCode: SourceCode): ListenerCall[] {
  if (call.arguments.length !== 1) return [];
  const options = skipWrappers(call.arguments[0]!);
  if (options.type !== AST_NODE_TYPES.ObjectExpression) return [];
  const target = storedIn(call);
  if (!target) return [];
  const found: ListenerCall[] = [];
  for (const property of options.properties) {
    if (property.type !== AST_NODE_TYPES.Property) return []; // a spread may bring any callback
    if (property.computed || property.key.type !== AST_NODE_TYPES.Identifier || !/^on[A-Z]/u.test(property.key.name)) continue;
    const event = OPTION_EVENTS.get(property.key.name);
    const value = property.value as TSESTree.Expression;
    if (event === undefined || !resolveFunction(value, sourceCode)) return [];
    found.push({ call, target, method: 'on', event, listener: value });
  }
  return found.length >= 2 ? found : [];
}

/** `x` in `const x = call` / `this.x = call` (also `x = await call`), else undefined. */
function storedIn(call: TSESTree.CallExpression): TSESTree.Expression | undefined {
  let current: TSESTree.Node = call;
  while (current.parent && (current.parent.type === AST_NODE_TYPES.AwaitExpression || current.parent.type === AST_NODE_TYPES.TSAsExpression || current.parent.type === AST_NODE_TYPES.TSNonNullExpression)) current = current.parent;
  const parent = current.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === current && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.operator === '=' && parent.right === current) return parent.left;
  return undefined;
}

/** The innermost function around `node` that is given as an option listener. */
export function optionListenerAround(node: TSESTree.Node, sourceCode: SourceCode): FunctionNode | undefined {
  const { byFunction } = optionListeners(sourceCode);
  if (byFunction.size === 0) return undefined;
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current) && byFunction.has(current)) return current;
  }
  return undefined;
}

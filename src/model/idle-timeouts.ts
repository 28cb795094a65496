/**
 * A socket's idle 'timeout' listener that leaves it open. Node only reports the idle time: the
 * connection stays open on both ends until the code ends or destroys the socket (measured:
 * test/live/idle-timeouts.live.test.ts), and a socket still connecting keeps connecting. A
 * listener that only reports the timeout (`done(err)`, `reject(new Error('timeout'))`, a log)
 * leaks the connection, and the socket's later 'error' or 'close' reaches the same callbacks again.
 *
 * Only where nothing else can close the socket: a variable of the file given no other value, used
 * only through its own methods (never handed on, stored or returned), whose every 'timeout'
 * listener (`on('timeout', f)`, `setTimeout(ms, f)`) never names it, calls no function that can
 * see it and does not rethrow.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { mayMention } from '../tokens.js';
import { type FunctionNode, isFunction, skipWrappers } from './ast.js';
import { visitChildren } from './classes.js';
import { listenerFacts } from './close-reach.js';
import { readMethodCall, variableOf } from './dead-socket.js';
import { resolveFunction } from './functions.js';
import { resourceNodes } from './resource-walk.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;

export interface OpenAfterTimeout {
  /** The registration (`socket.on('timeout', f)`, `socket.setTimeout(ms, f)`). */
  call: TSESTree.CallExpression;
  /** The socket, as the registration names it. */
  socket: TSESTree.Identifier;
  /** The listener. */
  fn: FunctionNode;
}

const cache = new WeakMap<TSESTree.Program, readonly OpenAfterTimeout[]>();

/** The 'timeout' listeners of the file's sockets that leave them open, `isSocket` deciding what is one. */
export function openAfterTimeout(sourceCode: SourceCode, isSocket: (node: TSESTree.Identifier) => boolean): readonly OpenAfterTimeout[] {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const found: OpenAfterTimeout[] = [];
  cache.set(sourceCode.ast, found);
  if (!mayMention(sourceCode, ['timeout', 'setTimeout'])) return found;
  const byVariable = new Map<Variable, OpenAfterTimeout[]>();
  const add = (call: TSESTree.CallExpression, target: TSESTree.Node, listener: TSESTree.Node | undefined): void => {
    const socket = skipWrappers(target);
    const fn = listener && resolveFunction(listener, sourceCode);
    const variable = socket.type === AST_NODE_TYPES.Identifier ? variableOf(socket, sourceCode) : undefined;
    if (!fn || !variable || socket.type !== AST_NODE_TYPES.Identifier) return;
    const list = byVariable.get(variable) ?? [];
    list.push({ call, socket, fn });
    byVariable.set(variable, list);
  };
  for (const [fn, listener] of listenerFacts(sourceCode).registered) if (listener.event === 'timeout') add(listener.call, listener.target, fn);
  for (const node of resourceNodes(sourceCode).nodes) {
    const method = node.type === AST_NODE_TYPES.CallExpression ? readMethodCall(node) : undefined;
    const last = method?.call.arguments[1];
    if (method?.name === 'setTimeout' && method.call.arguments.length === 2 && last && last.type !== AST_NODE_TYPES.SpreadElement) add(method.call, method.object, last);
  }
  for (const [variable, listeners] of byVariable) {
    if (!keptToItself(variable) || listeners.some(({ fn }) => mayClose(fn, variable, sourceCode))) continue;
    for (const entry of listeners) if (isSocket(entry.socket)) found.push(entry);
  }
  return found;
}

/** Given one value, and every other use a call of one of its own methods (`socket.write(…)`). */
function keptToItself(variable: Variable): boolean {
  const writes = variable.references.filter((ref) => ref.isWrite());
  if (writes.length !== 1 || !writes[0]!.init) return false;
  return variable.references.every((ref) => {
    if (ref.init) return true;
    const member = ref.identifier.parent;
    return member?.type === AST_NODE_TYPES.MemberExpression && member.object === ref.identifier && member.parent.type === AST_NODE_TYPES.CallExpression && member.parent.callee === member;
  });
}

/**
 * Can the listener end the socket: it names it, throws, or calls what may hold a closure that can
 * see it (a function, variable or object declared where the socket's name is in scope, or a member
 * of `this` when that scope stores a function on `this`)? Calls of parameters (`done`, `reject`), imports and globals (`console.warn`) cannot
 * reach a socket that is never handed on.
 */
function mayClose(fn: FunctionNode, variable: Variable, sourceCode: SourceCode): boolean {
  const [start, end] = variable.scope.block.range;
  const inScope = (node: TSESTree.Node): boolean => node.range[0] >= start && node.range[1] <= end;
  let closes = false;
  let storesClosureOnThis: boolean | undefined;
  const visit = (node: TSESTree.Node): void => {
    if (closes) return;
    if (node.type === AST_NODE_TYPES.Identifier && variable.references.some((ref) => ref.identifier === node)) closes = true;
    else if (node.type === AST_NODE_TYPES.ThrowStatement) closes = true;
    else if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) closes = mayReach(node.callee);
    if (!closes) visitChildren(node, visit, sourceCode);
  };
  const mayReach = (callee: TSESTree.Node): boolean => {
    let root = skipWrappers(callee);
    while (root.type === AST_NODE_TYPES.MemberExpression) root = skipWrappers(root.object);
    if (root.type === AST_NODE_TYPES.ThisExpression) return (storesClosureOnThis ??= closureOnThis(variable.scope.block, sourceCode));
    if (root.type !== AST_NODE_TYPES.Identifier) return true;
    // A parameter (`done`, `reject`) comes from a caller, which cannot see the socket.
    const definition = variableOf(root, sourceCode)?.defs[0];
    return definition !== undefined && definition.type !== TSESLint.Scope.DefinitionType.Parameter && inScope(definition.name);
  };
  visit(fn.body);
  return closes;
}

/** Does `block` store a function on the instance (`this.cleanup = () => socket.destroy()`)? */
function closureOnThis(block: TSESTree.Node, sourceCode: SourceCode): boolean {
  let found = false;
  const visit = (node: TSESTree.Node): void => {
    if (found) return;
    if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.MemberExpression && isFunction(skipWrappers(node.right))) {
      let root: TSESTree.Node = node.left;
      while (root.type === AST_NODE_TYPES.MemberExpression) root = skipWrappers(root.object);
      if (root.type === AST_NODE_TYPES.ThisExpression) found = true;
    }
    if (!found) visitChildren(node, visit, sourceCode);
  };
  visit(block);
  return found;
}

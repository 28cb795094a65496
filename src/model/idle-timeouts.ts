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
 *
 * Also a listener that only ends a socket which may still be connecting when it times out: `end()`
 * queues a FIN for after the connect and does not stop it, so a host that drops SYNs keeps the
 * socket connecting until the system gives up, and its 'error' and 'close' come then; `destroy()`
 * aborts the connect (measured: test/live/idle-timeouts.live.test.ts).
 */
import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getListenerCall, stripListenerChain } from '../listeners.js';
import { mayMention } from '../tokens.js';
import { enclosingFunction, type FunctionNode, isFunction, keyName, memberRoot, propertyName, skipWrappers } from './ast.js';
import { visitChildren } from './classes.js';
import { listenerFacts } from './close-reach.js';
import { methodCalledOn, readMethodCall, variableOf } from './dead-socket.js';
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
  for (const [variable, listeners] of timeoutListeners(sourceCode)) {
    if (!keptToItself(variable) || listeners.some(({ fn }) => mayClose(fn, variable, sourceCode))) continue;
    for (const entry of listeners) if (isSocket(entry.socket)) found.push(entry);
  }
  return found;
}

const listenersCache = new WeakMap<TSESTree.Program, ReadonlyMap<Variable, readonly OpenAfterTimeout[]>>();

/** The 'timeout' listeners of the file, by the variable they are registered on (`on('timeout', f)`, `setTimeout(ms, f)`). */
function timeoutListeners(sourceCode: SourceCode): ReadonlyMap<Variable, readonly OpenAfterTimeout[]> {
  const cached = listenersCache.get(sourceCode.ast);
  if (cached) return cached;
  const byVariable = new Map<Variable, OpenAfterTimeout[]>();
  listenersCache.set(sourceCode.ast, byVariable);
  const add = (call: TSESTree.CallExpression, target: TSESTree.Node, listener: TSESTree.Node | undefined): void => {
    const socket = declaredThroughChain(skipWrappers(target));
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
  return byVariable;
}

/** `const conn = net.connect(…).on('timeout', f)`: a listener on the chain is one on `conn`. */
function declaredThroughChain(target: TSESTree.Node): TSESTree.Node {
  let current = target;
  while (current.parent?.type === AST_NODE_TYPES.MemberExpression && current.parent.object === current && current.parent.parent.type === AST_NODE_TYPES.CallExpression && getListenerCall(current.parent.parent)) current = current.parent.parent;
  return current !== target && current.parent?.type === AST_NODE_TYPES.VariableDeclarator && current.parent.init === current ? current.parent.id : target;
}

/**
 * Given one value, and every other use a call of one of its own methods (`socket.write(…)`). A value
 * also stored on its way in (`const conn = this.conn = net.connect()`) is reached through the other name too.
 */
function keptToItself(variable: Variable): boolean {
  const writes = variable.references.filter((ref) => ref.isWrite());
  if (writes.length !== 1 || !writes[0]!.init) return false;
  const value = writes[0]!.writeExpr && skipWrappers(writes[0]!.writeExpr);
  if (value?.type === AST_NODE_TYPES.AssignmentExpression) return false;
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
  // `const socket = this.socket`: the object the socket came from holds it too, so its methods can end it.
  const holder = heldOn(variable);
  const mayReach = (callee: TSESTree.Node): boolean => {
    const root = memberRoot(callee);
    if (root.type === AST_NODE_TYPES.ThisExpression) return holder?.type === AST_NODE_TYPES.ThisExpression || (storesClosureOnThis ??= closureOnThis(variable.scope.block, sourceCode));
    if (holder?.type === AST_NODE_TYPES.Identifier && root.type === AST_NODE_TYPES.Identifier && root.name === holder.name) return true;
    if (root.type !== AST_NODE_TYPES.Identifier) return true;
    // A parameter (`done`, `reject`) comes from a caller, which cannot see the socket.
    const definition = variableOf(root, sourceCode)?.defs[0];
    return definition !== undefined && definition.type !== TSESLint.Scope.DefinitionType.Parameter && inScope(definition.name);
  };
  visit(fn.body);
  return closes;
}

/** The object a variable's one value is read from (`this` of `const socket = this.socket as net.Socket`), if it is one's member. */
function heldOn(variable: Variable): TSESTree.Node | undefined {
  const value = variable.references.find((ref) => ref.init)?.writeExpr;
  return value && skipWrappers(value).type === AST_NODE_TYPES.MemberExpression ? memberRoot(value) : undefined;
}

/** Does `block` store a function on the instance (`this.cleanup = () => socket.destroy()`)? */
function closureOnThis(block: TSESTree.Node, sourceCode: SourceCode): boolean {
  let found = false;
  const visit = (node: TSESTree.Node): void => {
    if (found) return;
    if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.MemberExpression && isFunction(skipWrappers(node.right))) {
      if (memberRoot(node.left).type === AST_NODE_TYPES.ThisExpression) found = true;
    }
    if (!found) visitChildren(node, visit, sourceCode);
  };
  visit(block);
  return found;
}

export interface EndedWhileConnecting {
  /** The `end()` in the 'timeout' listener. */
  end: TSESTree.CallExpression;
  /** The socket, as that call names it. */
  socket: TSESTree.Identifier;
}

/**
 * Linux gives up a connect to a host that drops SYNs after about two minutes (six SYN retries,
 * 127 s): an idle timeout longer than this cannot fire while the socket connects.
 */
const CONNECT_GIVES_UP_MS = 120_000;
/** Calls that abort a connect under way. */
const ABORTS = new Set(['destroy', 'resetAndDestroy']);
/** What a listener reads to know whether the socket is still connecting. */
const CONNECT_STATE = new Set(['connecting', 'pending', 'readyState']);

const connectingCache = new WeakMap<TSESTree.Program, readonly EndedWhileConnecting[]>();

/**
 * The `end()` calls of 'timeout' listeners that may run while their socket is still connecting:
 * a variable given one value, a socket the same function starts connecting (`net.connect(…)`,
 * `tls.connect(…)`, `new net.Socket()` and its `connect(…)`; `isSocketMade` says which calls make
 * one), whose idle timeout that function arms (`setTimeout(ms)`, the `timeout` option) along with
 * the listener, which neither destroys the socket (itself or through a function of the file that
 * destroys anything) nor reads whether it is still connecting. A timeout known to be longer than a
 * connect can take is not counted.
 */
export function endedWhileConnecting(sourceCode: SourceCode, isSocketMade: (node: TSESTree.CallExpression | TSESTree.NewExpression) => boolean): readonly EndedWhileConnecting[] {
  const cached = connectingCache.get(sourceCode.ast);
  if (cached) return cached;
  const found: EndedWhileConnecting[] = [];
  connectingCache.set(sourceCode.ast, found);
  if (!mayMention(sourceCode, ['timeout', 'setTimeout'])) return found;
  for (const [variable, listeners] of timeoutListeners(sourceCode)) {
    const creation = connectingValue(variable, sourceCode, isSocketMade);
    if (!creation) continue;
    const where = enclosingFunction(creation);
    const armed = listeners.filter(({ call }) => enclosingFunction(call) === where);
    if (armed.length === 0 || !armedBeforeConnect(variable, creation, where)) continue;
    const ends = listeners.map(({ fn }) => endsOnly(fn, variable, sourceCode));
    if (ends.some((list) => list === undefined)) continue;
    for (const [index, entry] of listeners.entries()) if (armed.includes(entry)) for (const end of ends[index]!) found.push(end);
  }
  return found;
}

/** The call that starts the connect when the variable's one value does: undefined otherwise. */
function connectingValue(variable: Variable, sourceCode: SourceCode, isSocketMade: (node: TSESTree.CallExpression | TSESTree.NewExpression) => boolean): TSESTree.CallExpression | TSESTree.NewExpression | undefined {
  const writes = variable.references.filter((ref) => ref.isWrite());
  const value = writes.length === 1 && writes[0]!.init && writes[0]!.writeExpr ? stripListenerChain(writes[0]!.writeExpr) : undefined;
  if (value?.type === AST_NODE_TYPES.NewExpression) {
    // `new net.Socket()`: connecting once the same function calls its `connect(…)`.
    const where = enclosingFunction(value);
    const connects = variable.references.some((ref) => methodCalledOn(ref.identifier)?.name === 'connect' && enclosingFunction(ref.identifier) === where);
    return connects && isSocketMade(value) ? value : undefined;
  }
  if (value?.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const chained = readMethodCall(value);
  const made = chained?.name === 'connect' && chained.object.type === AST_NODE_TYPES.NewExpression ? chained.object : value;
  if (!isSocketMade(made)) return undefined;
  // `tls.connect({ socket })` upgrades a connection that is already up.
  const options = value.arguments.find((arg) => arg.type === AST_NODE_TYPES.ObjectExpression);
  if (options?.type === AST_NODE_TYPES.ObjectExpression && optionValue(options, 'socket')) return undefined;
  return value;
}

/** Does the function that starts the connect also arm the idle timeout, for less than a connect can take? */
function armedBeforeConnect(variable: Variable, creation: TSESTree.CallExpression | TSESTree.NewExpression, where: FunctionNode | undefined): boolean {
  const mayFire = (ms: TSESTree.Node | undefined): boolean => {
    if (!ms || ms.type === AST_NODE_TYPES.SpreadElement) return false;
    const known = ASTUtils.getStaticValue(ms);
    return !known || (typeof known.value === 'number' && known.value > 0 && known.value < CONNECT_GIVES_UP_MS);
  };
  const options = creation.arguments.find((arg) => arg.type === AST_NODE_TYPES.ObjectExpression);
  if (options?.type === AST_NODE_TYPES.ObjectExpression && mayFire(optionValue(options, 'timeout'))) return true;
  return variable.references.some((ref) => {
    const called = methodCalledOn(ref.identifier);
    return called?.name === 'setTimeout' && enclosingFunction(called.call) === where && mayFire(called.call.arguments[0]);
  });
}

/** The value of a plain `key: value` (or shorthand) property of an object literal. */
function optionValue(options: TSESTree.ObjectExpression, key: string): TSESTree.Node | undefined {
  for (const property of options.properties) {
    if (property.type === AST_NODE_TYPES.Property && !property.computed && keyName(property.key) === key) return property.value;
  }
  return undefined;
}

/**
 * The listener's `end()` calls on the socket, when it neither aborts the connect nor asks whether
 * it is still connecting (then undefined), and calls no function of the file that destroys anything.
 */
function endsOnly(fn: FunctionNode, variable: Variable, sourceCode: SourceCode): EndedWhileConnecting[] | undefined {
  const ends: EndedWhileConnecting[] = [];
  let aborts = false;
  const names = (node: TSESTree.Node): node is TSESTree.Identifier => node.type === AST_NODE_TYPES.Identifier && variable.references.some((ref) => ref.identifier === node);
  const visit = (node: TSESTree.Node): void => {
    if (aborts) return;
    if (node.type === AST_NODE_TYPES.MemberExpression && names(node.object)) {
      const name = propertyName(node);
      if (name !== undefined && (ABORTS.has(name) || CONNECT_STATE.has(name))) aborts = true;
      else if (name === 'end' && node.parent.type === AST_NODE_TYPES.CallExpression && node.parent.callee === node) ends.push({ end: node.parent, socket: node.object });
    } else if (node.type === AST_NODE_TYPES.CallExpression) {
      const callee = resolveFunction(node.callee, sourceCode);
      if (callee && callee !== fn && /\b(?:destroy|resetAndDestroy)\b/u.test(sourceCode.getText(callee))) aborts = true;
    }
    if (!aborts) visitChildren(node, visit, sourceCode);
  };
  visit(fn.body);
  return aborts ? undefined : ends;
}

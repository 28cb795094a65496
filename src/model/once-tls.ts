/**
 * A TLS client socket (`tls.connect(…)`) whose every 'error' listener in the file is a `once`
 * (`new tls.TLSSocket(…)` keeps Node's own listener: `keepsNodesErrorListener`).
 *
 * A plain net socket emits one 'error' and is destroyed with it, so `once` is enough there. A TLS
 * socket that receives a record it cannot decrypt emits 'error' and stays open: a reset or a write
 * after it brings a second 'error', which then has no listener and ends the process (measured:
 * test/live/manifest-facts.live.test.ts, "once('error') on the TLS connection"). A TLS server's
 * connections are not asked about: Node keeps its own 'error' listener on them.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { ASTUtils, AST_NODE_TYPES, TSESLint } from '@typescript-eslint/utils';

import { findVariable, getListenerCall, referenceKey } from '../listeners.js';
import { mayMention } from '../tokens.js';
import { calleeMember, enclosingFunction, outermost, propertyName, skipWrappers } from './ast.js';
import { importsFrom, traceModuleCalls, type TraceMap } from './file-facts.js';
import { contains } from './dead-socket.js';
import { callsOf, fileErrorListeners, fileListeners, fileNodes } from './file-nodes.js';
import { resolveFunction } from './functions.js';
import { keyAliases } from './key-aliases.js';
import { ONCE_METHODS } from './node-api.js';
import { resourceNodes } from './resource-walk.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface OnceOnTls {
  /** The `once('error', …)` call. */
  once: TSESTree.CallExpression;
  /** The TLS socket it listens on. */
  socket: TSESTree.Expression;
}

const { CALL, CONSTRUCT, ESM } = ASTUtils.ReferenceTracker;
const TLS_MEMBERS = { connect: { [CALL]: true }, TLSSocket: { [CONSTRUCT]: true } };
const TLS_MODULE = { [ESM]: true, ...TLS_MEMBERS, default: TLS_MEMBERS };
const TLS_TRACE_MAP = { tls: TLS_MODULE, 'node:tls': TLS_MODULE } as unknown as TraceMap;

/**
 * Does `creation`, one of Node's TLS sockets, keep Node's own 'error' listener? The `TLSSocket`
 * constructor listens for the socket's 'error' itself (a bound `_tlsError`, which passes it on as
 * '_tlsError') until `_releaseControl()`, which `tls.connect()` calls at once and a file that
 * constructs the socket would have to call itself. Measured on Node 20
 * (test/live/manifest-facts.live.test.ts, "mysql eed516a"): with no listener of the file, a failed
 * handshake, a bad record and a reset after the handshake end nothing, where the same socket from
 * `tls.connect()` crashes the process. (The failure then goes unheard: a hang, not a crash.)
 */
export function keepsNodesErrorListener(creation: TSESTree.Node, sourceCode: SourceCode): boolean {
  const made = skipWrappers(creation);
  if (made.type !== AST_NODE_TYPES.NewExpression) return false;
  const callee = skipWrappers(made.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
  return name === 'TLSSocket' && !mayMention(sourceCode, ['_releaseControl']);
}

/**
 * Is `socket` a variable every value of which is a `new tls.TLSSocket(…)` that keeps Node's own
 * 'error' listener (`keepsNodesErrorListener`)? Taking the file's listeners away leaves that one.
 */
export function holdsOnlyOwnListenerTls(socket: TSESTree.Node, sourceCode: SourceCode): boolean {
  const target = skipWrappers(socket);
  if (target.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = findVariable(sourceCode.getScope(target), target);
  if (!variable) return false;
  const values = variable.references.filter((ref) => ref.isWrite()).map((ref) => ref.writeExpr);
  return values.length > 0 && values.every((value) => value !== null && value !== undefined && keepsNodesErrorListener(value, sourceCode));
}

/** Calls that close the socket for good: no second 'error' follows. */
const CLOSING = new Set(['destroy', 'resetAndDestroy']);

const cache = new WeakMap<TSESTree.Program, OnceOnTls[]>();

/**
 * The `once('error', f)` / `prependOnceListener('error', f)` calls of the file on a TLS socket the
 * file creates, when the file gives that socket no lasting 'error' listener (`on`, `addListener`,
 * `prependListener`), `f` does not destroy it, and the file does not hand the socket on to its
 * caller (returned, or passed to a callback parameter or `resolve`, also in an object literal), who
 * may well listen.
 */
export function onceOnTls(sourceCode: SourceCode): OnceOnTls[] {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const found = findOnceOnTls(sourceCode);
  cache.set(sourceCode.ast, found);
  return found;
}

function findOnceOnTls(sourceCode: SourceCode): OnceOnTls[] {
  if (!importsFrom(sourceCode, TLS_TRACE_MAP)) return [];
  // Cheap first: without a `once('error')` of the file there is nothing to report (the file's
  // listeners are read for every rule; the module's calls would be traced for this question alone).
  const listeners = fileErrorListeners(sourceCode);
  if (!listeners.some(({ method }) => ONCE_METHODS.has(method))) return [];
  const creations = new Set<TSESTree.Node>();
  traceModuleCalls<boolean>(sourceCode, TLS_TRACE_MAP, (node) => {
    if (!keepsNodesErrorListener(node, sourceCode)) creations.add(node);
  });
  if (creations.size === 0) return [];
  const aliases = keyAliases(sourceCode);
  const tlsKeys = [...creations].flatMap((creation) => {
    const key = heldBy(creation, sourceCode);
    return key === undefined ? [] : [key];
  });
  const isTls = (key: string | undefined, target: TSESTree.Expression): boolean =>
    creations.has(skipWrappers(target)) || (key !== undefined && tlsKeys.some((tls) => aliases.same(tls, key)));

  const calls = fileNodes(sourceCode).calls;
  const onces: { key: string | undefined; call: TSESTree.CallExpression; socket: TSESTree.Expression; listener: TSESTree.Node | undefined }[] = [];
  const lasting: string[] = [];
  for (const listener of listeners) {
    const key = referenceKey(listener.target, sourceCode) ?? heldBy(listener.target, sourceCode);
    if (ONCE_METHODS.has(listener.method)) {
      if (isTls(key, listener.target)) onces.push({ key, call: listener.call, socket: listener.target, listener: listener.listener });
    } else if (key !== undefined && !listensOnNewValue(listener.call, key, sourceCode)) {
      lasting.push(key);
    }
  }
  return onces
    .filter(({ key }) => key === undefined || !lasting.some((other) => aliases.same(other, key)))
    .filter(({ listener }) => !listener || !closes(listener, calls, sourceCode))
    .filter(({ key, listener }) => key === undefined || !removedOnConnect(listener, calls, sourceCode, (other) => aliases.same(other, key)))
    .filter(({ key }) => key === undefined || !handedOn(key, calls, sourceCode, (other) => aliases.same(other, key)))
    .filter(({ key }) => key !== undefined && written(calls, sourceCode, (other) => aliases.same(other, key)))
    .map(({ call, socket }) => ({ once: call, socket }));
}

/**
 * Is the listener call on a field its own function gave a new value just before (`self._sock =
 * tls.connect(…); self._sock.on('error', …)` when upgrading to TLS)? It listens on that value, not
 * on the socket the field held before.
 */
function listensOnNewValue(call: TSESTree.CallExpression, key: string, sourceCode: SourceCode): boolean {
  const fn = enclosingFunction(call);
  for (const node of resourceNodes(sourceCode).nodes) {
    if (node.range[0] >= call.range[0]) break;
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.operator !== '=' || enclosingFunction(node) !== fn) continue;
    const left = skipWrappers(node.left);
    if (left.type === AST_NODE_TYPES.MemberExpression && referenceKey(left, sourceCode) === key) return true;
  }
  return false;
}

/**
 * The key of the variable or member a creation is stored in (`const s = tls.connect()`,
 * `this.sock = …`), also through a chain of listener calls (`const s = tls.connect().once(…)`).
 */
function heldBy(creation: TSESTree.Node, sourceCode: SourceCode): string | undefined {
  let node = outermost(creation);
  for (;;) {
    const member = node.parent;
    const call = member?.type === AST_NODE_TYPES.MemberExpression && member.object === node ? member.parent : undefined;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member || getListenerCall(call)?.target !== node) break;
    node = outermost(call);
  }
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node) return referenceKey(parent.id, sourceCode);
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.operator === '=' && parent.right === node) return referenceKey(parent.left, sourceCode);
  return undefined;
}

/**
 * Does the listener (or a function of the file it calls) call `destroy()` / `resetAndDestroy()`?
 * Any receiver counts: a wrapper's own `destroy()` usually destroys its socket, and missing a
 * report is better than a false one.
 */
function closes(listener: TSESTree.Node, calls: readonly TSESTree.CallExpression[], sourceCode: SourceCode, depth = 0): boolean {
  const fn = resolveFunction(listener, sourceCode);
  if (!fn) return false;
  return calls.some((call) => {
    if (call.range[0] < fn.range[0] || call.range[1] > fn.range[1]) return false;
    const member = calleeMember(call);
    if (member && CLOSING.has(member.name)) return true;
    return depth < 1 && resolveFunction(call.callee, sourceCode) !== fn && closes(call.callee, calls, sourceCode, depth + 1);
  });
}

/** Events of the TCP connect, which come before any TLS record can. */
const CONNECTED = new Set(['connect', 'ready']);
const REMOVERS = new Set(['removeListener', 'off']);

/**
 * Is the once listener (a named function) taken off again by a listener of the socket's TCP
 * connect (`'connect'`, `'ready'`), directly or through a function of the file it calls
 * (`const onReady = () => { cleanup(); resolve(); }`)? It then covers the connect only, where an
 * error destroys the socket, and never meets a TLS record.
 */
function removedOnConnect(
  listener: TSESTree.Node | undefined,
  calls: readonly TSESTree.CallExpression[],
  sourceCode: SourceCode,
  same: (other: string) => boolean,
): boolean {
  if (listener?.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = findVariable(sourceCode.getScope(listener), listener.name);
  if (!variable) return false;
  const onConnect = fileListeners(sourceCode).flatMap((other) => {
    const key = referenceKey(other.target, sourceCode);
    const fn = CONNECTED.has(other.event) && key !== undefined && same(key) && other.listener ? resolveFunction(other.listener, sourceCode) : undefined;
    return fn ? [fn] : [];
  });
  const runsOnConnect = (node: TSESTree.Node): boolean => {
    const fn = enclosingFunction(node);
    return fn !== undefined && (onConnect.includes(fn) || callsOf(fn, sourceCode).some((call) => onConnect.some((connect) => contains(connect, call))));
  };
  return calls.some((call) => {
    const member = calleeMember(call);
    const [event, removed] = call.arguments;
    if (!member || !REMOVERS.has(member.name) || !event || event.type === AST_NODE_TYPES.SpreadElement || removed?.type !== AST_NODE_TYPES.Identifier) return false;
    if (ASTUtils.getStringIfConstant(event) !== 'error' || !variable.references.some((ref) => ref.identifier === removed)) return false;
    const key = referenceKey(member.object, sourceCode);
    return key !== undefined && same(key) && runsOnConnect(call);
  });
}

/**
 * Does the file write to the socket itself? Then it keeps using it after a first error (a write
 * after a bad record is the second error). A socket the file only hands on (`new Connection(sock)`)
 * is its receiver's to listen on.
 */
function written(calls: readonly TSESTree.CallExpression[], sourceCode: SourceCode, same: (other: string) => boolean): boolean {
  return calls.some((call) => {
    const member = calleeMember(call);
    if (member?.name !== 'write') return false;
    const key = referenceKey(member.object, sourceCode);
    return key !== undefined && same(key);
  });
}

/** Is the socket returned, or passed to `resolve` or to a callback parameter (its caller's to listen on)? */
function handedOn(key: string, calls: readonly TSESTree.CallExpression[], sourceCode: SourceCode, same: (other: string) => boolean): boolean {
  const isSocket = (node: TSESTree.Node | null | undefined): boolean => {
    if (!node) return false;
    const other = referenceKey(skipWrappers(node), sourceCode);
    return other !== undefined && same(other);
  };
  // `resolve({ socket, secure: true })`: an object literal that carries the socket.
  const holds = (node: TSESTree.Node): boolean =>
    node.type === AST_NODE_TYPES.ObjectExpression &&
    node.properties.some((property) => property.type === AST_NODE_TYPES.Property && isSocket(property.value));
  for (const call of calls) {
    const callee = skipWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.Identifier || !call.arguments.some((argument) => isSocket(argument) || holds(argument))) continue;
    if (callee.name === 'resolve') return true;
    const variable = findVariable(sourceCode.getScope(callee), callee.name);
    if (variable?.defs[0]?.type === TSESLint.Scope.DefinitionType.Parameter) return true;
  }
  return returns(sourceCode, isSocket);
}

/** Does some `return` statement or arrow body of the file give a value `isSocket` accepts? */
function returns(sourceCode: SourceCode, isSocket: (node: TSESTree.Node | null | undefined) => boolean): boolean {
  const stack: TSESTree.Node[] = [sourceCode.ast];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === AST_NODE_TYPES.ReturnStatement && isSocket(node.argument)) return true;
    if (node.type === AST_NODE_TYPES.ArrowFunctionExpression && node.expression && isSocket(node.body)) return true;
    for (const key of sourceCode.visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, TSESTree.Node | (TSESTree.Node | null)[] | null | undefined>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (item) stack.push(item);
      } else if (child) {
        stack.push(child);
      }
    }
  }
  return false;
}

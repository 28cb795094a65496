/**
 * What a function knows of sockets when it starts to run, from what it is: the listener of a
 * socket's 'close' or 'error' (the socket is dead there), a listener or callback that runs at a
 * moment when another socket may have closed (a connect callback, an upstream's 'error', a
 * server's 'clientError'), and whose error its first parameter holds (an 'error' listener, a
 * write/end callback, `finished(socket, cb)`), so that a test of `err.code` says something of
 * that socket.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { calleeName, type ListenerCall, referenceKey } from '../listeners.js';
import { type FunctionNode, isFunction, propertyName, runtimeParams, skipWrappers } from './ast.js';
import { displayName, emitterKey, listenerCallOf, readMethodCall, variableOf } from './dead-socket.js';
import { isKeyedObject, isTrackable, paramKey, paramVariable } from './liveness-keys.js';
import type { SocketKind } from './node-api.js';
import type { SocketMatch } from './options.js';
import { reopenerOf } from './reopened-sockets.js';
import type { SocketDetector } from './sockets.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;

/** Why a socket is known dead at a point. */
export interface Death {
  /** `ended`: only the writable side is gone (`end()`, `endGracefully()`); see ENDED_IO. */
  reason: 'destroyed' | 'ended' | 'close' | 'error' | 'dead-code';
  /** The event, the code, or the call that killed it. */
  detail: string;
}

/** "May be dead" sources: the whole function runs at a moment when an outer socket may be gone. */
export type MayBeDead =
  | { reason: 'client-error'; event: string; socketKey: string }
  | { reason: 'connecting' | 'peer-error'; fn: FunctionNode; peerKey: string | undefined; peerName: string };

export interface FunctionSeeds {
  /** Sockets dead when the function starts (inside their own 'close'/'error' listener). */
  seeds: [string, Death][];
  /**
   * Why an outer socket may be dead while the function runs. Resolved on the first question
   * (`mayBeDead`), since finding the source may cost a question to the type checker.
   */
  mayBeDead: MayBeDead | (() => MayBeDead | undefined) | undefined;
  /** The first parameter and the key of the socket whose error it holds. */
  errorParam?: [Variable, string];
  /** Seeded keys of variables a function of the file refills, with that function (src/model/reopened-sockets.ts). */
  reopened?: [string, FunctionNode][];
}

export interface LivenessSeeds {
  /** What `fn` knows at entry, found once per function. */
  of(fn: FunctionNode): FunctionSeeds;
  /** The "may be dead" source of `fn`, resolved once. */
  mayBeDead(fn: FunctionNode): MayBeDead | undefined;
  /** The socket key whose error the variable `error` (in `error.code`, `isDeadSocketError(error)`) holds. */
  errorKeyOf(error: TSESTree.Node): string | undefined;
}

/** Sockets whose 'error' means the other side of a proxy may be gone with them. */
const PEER_KINDS = new Set<SocketKind>(['socket', 'client-request', 'http2-session', 'http2-stream']);

const cache = new WeakMap<SocketDetector, LivenessSeeds>();

/**
 * The seeds of the file's functions, for one detector (its options decide what is a socket).
 * `matchSocket` answers once per reference key (`matchOncePerObject`): the seeds and the rule's
 * uses must share it, so that a key gets one answer.
 */
export function livenessSeeds(sourceCode: SourceCode, sockets: SocketDetector, matchSocket: (node: TSESTree.Node) => SocketMatch | undefined): LivenessSeeds {
  const cached = cache.get(sockets);
  if (cached) return cached;
  const byFunction = new WeakMap<FunctionNode, FunctionSeeds>();
  const resolved = new WeakMap<FunctionNode, MayBeDead | null>();
  const seeds: LivenessSeeds = {
    of(fn) {
      let found = byFunction.get(fn);
      if (!found) {
        found = seedFunction(fn, sourceCode, sockets, matchSocket);
        byFunction.set(fn, found);
      }
      return found;
    },
    mayBeDead(fn) {
      const known = resolved.get(fn);
      if (known !== undefined) return known ?? undefined;
      const source = seeds.of(fn).mayBeDead;
      const value = typeof source === 'function' ? source() : source;
      resolved.set(fn, value ?? null);
      return value;
    },
    errorKeyOf(error) {
      const target = skipWrappers(error);
      if (target.type !== AST_NODE_TYPES.Identifier) return undefined;
      const variable = variableOf(target, sourceCode);
      const def = variable?.defs[0];
      if (def?.type !== TSESLint.Scope.DefinitionType.Parameter || !isFunction(def.node)) return undefined;
      const errorParam = seeds.of(def.node).errorParam;
      return errorParam && errorParam[0] === variable ? errorParam[1] : undefined;
    },
  };
  cache.set(sockets, seeds);
  return seeds;
}

/** The listener registration `fn` is the listener of (inline, or a function used once by name). */
export function registrationOf(fn: FunctionNode, sourceCode: SourceCode): ListenerCall | undefined {
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
    const listener = listenerCallOf(parent, sourceCode);
    return listener?.listener === fn ? listener : undefined;
  }
  let variable: Variable | undefined;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) {
    variable = sourceCode.getDeclaredVariables(fn)[0];
  } else if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn && parent.id.type === AST_NODE_TYPES.Identifier) {
    variable = sourceCode.getDeclaredVariables(parent)[0];
  }
  if (!variable) return undefined;
  const uses = variable.references.filter((reference) => !reference.init);
  if (uses.length !== 1) return undefined;
  const use = uses[0]!.identifier;
  if (use.parent?.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const listener = listenerCallOf(use.parent, sourceCode);
  return listener?.listener === use ? listener : undefined;
}

function seedFunction(
  fn: FunctionNode,
  sourceCode: SourceCode,
  sockets: SocketDetector,
  matchSocket: (node: TSESTree.Node) => SocketMatch | undefined,
): FunctionSeeds {
  const seeds: [string, Death][] = [];
  let mayBeDead: MayBeDead | undefined;
  let errorParam: [Variable, string] | undefined;
  const ownsError = (key: string): void => {
    const variable = paramVariable(fn, 0, sourceCode);
    if (variable) errorParam = [variable, key];
  };
  let reopened: [string, FunctionNode][] | undefined;
  /** The seed of the listener's own socket, when the model can follow its variable in `fn`. */
  const seedTarget = (target: TSESTree.Node, key: string, death: Death, call: TSESTree.CallExpression): void => {
    if (isTrackable(target, fn, sourceCode)) {
      seeds.push([key, death]);
      return;
    }
    const reopener = reopenerOf(target, call, sourceCode);
    if (reopener && reopener !== fn) {
      seeds.push([key, death]);
      (reopened ??= []).push([key, reopener]);
    }
  };
  const registration = registrationOf(fn, sourceCode);
  if (registration) {
    const { event, target } = registration;
    const targetKey = emitterKey(target, sourceCode);
    const deathEvent = targetKey !== undefined && (event === 'close' || event === 'error');
    if (deathEvent && isKeyedObject(target, sourceCode)) {
      // Seeded without asking whether the target is a socket: what the seed and the error
      // parameter change is known of this key only, and a use of the key is reported only
      // when `matchSocket` says yes for it, the same answer (asked once per key) as for the target.
      seedTarget(target, targetKey, { reason: event, detail: event }, registration.call);
      if (event === 'error') {
        ownsError(targetKey);
        const peerError = (): MayBeDead | undefined => {
          const socket = matchSocket(target);
          return socket && PEER_KINDS.has(socket.kind)
            ? { reason: 'peer-error', fn, peerKey: targetKey, peerName: displayName(target, sourceCode) }
            : undefined;
        };
        return { seeds, mayBeDead: peerError, errorParam, reopened };
      }
      return { seeds, mayBeDead, errorParam, reopened };
    }
    // A 'connect' listener asks when a use could be reported; other listeners never ask.
    const socket = deathEvent ? matchSocket(target) : undefined;
    if (deathEvent && socket) {
      seedTarget(target, targetKey, { reason: event, detail: event }, registration.call);
      if (event === 'error') {
        ownsError(targetKey);
        if (PEER_KINDS.has(socket.kind)) {
          mayBeDead = { reason: 'peer-error', fn, peerKey: targetKey, peerName: displayName(target, sourceCode) };
        }
      }
    } else if (event === 'clientError' || event === 'tlsClientError') {
      const socketParam = [...sockets.socketParams(fn).keys()].find((param) => param === runtimeParams(fn)[1]);
      const socketKey = socketParam ? paramKey(fn, 1, sourceCode) : undefined;
      if (socketKey !== undefined) {
        mayBeDead = { reason: 'client-error', event, socketKey };
        ownsError(socketKey);
      }
    } else if (event === 'connect' || event === 'secureConnect') {
      const connecting = (): MayBeDead | undefined =>
        matchSocket(target)?.kind === 'socket' ? { reason: 'connecting', fn, peerKey: targetKey, peerName: displayName(target, sourceCode) } : undefined;
      return { seeds, mayBeDead: connecting, errorParam };
    }
    return { seeds, mayBeDead, errorParam, reopened };
  }
  const call = fn.parent;
  if (mayBeConnectCallback(fn)) {
    if (!isFinishedCall(call)) {
      // Whether the call connects a socket is asked only when a use in the callback could be reported.
      return { seeds, mayBeDead: () => connectingSource(fn, sourceCode, matchSocket) };
    }
    const connecting = connectingSource(fn, sourceCode, matchSocket);
    if (connecting) return { seeds, mayBeDead: connecting };
  }
  // The error of a write/end callback, or of `finished(socket, cb)`, is an error of that socket.
  if (call.type === AST_NODE_TYPES.CallExpression && call.arguments.at(-1) === fn) {
    const method = readMethodCall(call);
    const variable = paramVariable(fn, 0, sourceCode);
    let owner: TSESTree.Node | undefined;
    if (method && (method.name === 'write' || method.name === 'end')) owner = method.object;
    if (calleeName(call) === 'finished' && call.arguments[0] && call.arguments[0].type !== AST_NODE_TYPES.SpreadElement) owner = call.arguments[0];
    const ownerKey = variable && owner ? referenceKey(owner, sourceCode) : undefined;
    // A keyed owner is not asked about: as for a listener's target (see above), only uses of
    // the same key, asked about themselves, can be reported because of it.
    if (variable && owner && ownerKey !== undefined && (isKeyedObject(owner, sourceCode) || matchSocket(owner))) errorParam = [variable, ownerKey];
  }
  return { seeds, mayBeDead, errorParam };
}

/** `net.connect(…, fn)`, `tls.connect(…, fn)`, `socket.connect(…, fn)`: the socket connecting. */
function connectingSocket(
  fn: FunctionNode,
  sourceCode: SourceCode,
  matchSocket: (node: TSESTree.Node) => SocketMatch | undefined,
): { key: string | undefined; node: TSESTree.Node } | undefined {
  const call = fn.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.at(-1) !== fn) return undefined;
  const callee = skipWrappers(call.callee);
  const method = readMethodCall(call);
  if (method?.name === 'connect' && matchSocket(method.object)?.kind === 'socket') {
    return { key: referenceKey(method.object, sourceCode), node: method.object };
  }
  const creates =
    callee.type === AST_NODE_TYPES.Identifier ||
    (callee.type === AST_NODE_TYPES.MemberExpression && ['connect', 'createConnection'].includes(propertyName(callee) ?? ''));
  if (creates && matchSocket(call)?.kind === 'socket') return { key: emitterKey(call, sourceCode), node: call };
  return undefined;
}

/** Can `fn` be the callback of `connectingSocket`? From syntax alone: its checks ask the type checker. */
function mayBeConnectCallback(fn: FunctionNode): boolean {
  const call = fn.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.at(-1) !== fn) return false;
  const callee = skipWrappers(call.callee);
  return (
    readMethodCall(call)?.name === 'connect' ||
    callee.type === AST_NODE_TYPES.Identifier ||
    (callee.type === AST_NODE_TYPES.MemberExpression && ['connect', 'createConnection'].includes(propertyName(callee) ?? ''))
  );
}

/** `finished(socket, cb)`: its callback's error belongs to the socket, unless the call connects one. */
function isFinishedCall(call: TSESTree.Node): boolean {
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.Identifier && callee.name === 'finished';
}

function connectingSource(fn: FunctionNode, sourceCode: SourceCode, matchSocket: (node: TSESTree.Node) => SocketMatch | undefined): MayBeDead | undefined {
  const connecting = connectingSocket(fn, sourceCode, matchSocket);
  if (!connecting) return undefined;
  const name = connecting.key === undefined ? 'the new connection' : displayName(connectingName(connecting.node), sourceCode);
  return { reason: 'connecting', fn, peerKey: connecting.key, peerName: name };
}

/** `const upstream = net.connect(…)`: name the socket by its variable. */
function connectingName(node: TSESTree.Node): TSESTree.Node {
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node) return parent.id;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node) return parent.left;
  return node;
}

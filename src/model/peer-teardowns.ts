/**
 * A connection relayed to another one (a tunnel's local and remote sockets, a proxy's client and
 * upstream) whose teardown of the other runs on one way of closing only: `local.on('end', () =>
 * remote.end())` never runs when `local` is reset (a reset emits 'error' and 'close', never
 * 'end'), and `service.on('error', () => relay.end())` never runs when `service` closes cleanly
 * (a FIN brings 'end' and 'close', never 'error'; measured: test/live/cleanup-dead-socket-entries.live.test.ts).
 * Either way the other socket stays open, dead to its user, for ever.
 *
 * Found where a socket's 'end' or 'error' listener calls `end()` or `destroy()` on another socket
 * (`close()` or `terminate()` on a WebSocket) that it relays traffic with (a pipe either way, a
 * `pipeline()`, or a 'data' or 'message' listener writing or sending to it),
 * none of the first socket's listeners for 'close' or for the other of the two events (three calls
 * deep) touches that socket, and the file does not pipe the first into it (`a.pipe(b)` ends `b`
 * when `a` ends) nor give both to `pipeline()`, nor wrap the other in the first
 * (`tls.connect({ socket: raw })`: the TLS socket destroys the one it wraps when it closes).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { emitterKey, readMethodCall, referenceKey } from '../dead-socket.js';
import type { ListenerCall } from '../listeners.js';
import { calleeMember, type FunctionNode, propertyName } from './ast.js';
import { listenerFacts, listenerReach } from './close-reach.js';
import { visitChildren, visitOutsideFunctions } from './classes.js';
import { fileNodes } from './file-nodes.js';
import { keyAliases } from './key-aliases.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface OneWayTeardown {
  /** The `end()` / `destroy()` of the other socket. */
  call: TSESTree.CallExpression;
  /** The socket whose listener runs it. */
  socket: TSESTree.Expression;
  /** The other socket. */
  peer: TSESTree.Expression;
  /** The event the listener is for: 'end' or 'error'. */
  event: 'end' | 'error';
  /** The listener and its registration. */
  fn: FunctionNode;
  listener: ListenerCall;
  socketKey: string;
}

/** What ends the other side: a socket's `end()` / `destroy()`, a WebSocket's `close()` / `terminate()`. */
const TEARDOWNS = new Set(['end', 'destroy', 'close', 'terminate']);
/** How traffic arrives: a socket's 'data', a WebSocket's 'message'. */
const DATA: ReadonlySet<string> = new Set(['data', 'message']);
/** How it is passed on: a socket's `write()`, a WebSocket's `send()`. */
const WRITES: ReadonlySet<string> = new Set(['write', 'send']);
/** For a teardown on each event, the events that would run it on the other ways of closing. */
const OTHER_WAYS: Record<'end' | 'error', ReadonlySet<string>> = { end: new Set(['close', 'error']), error: new Set(['close', 'end']) };

const cache = new WeakMap<TSESTree.Program, readonly OneWayTeardown[]>();

/** Teardowns of another socket that run only when this one ends cleanly, or only when it fails. */
export function oneWayTeardowns(sourceCode: SourceCode, isSocket: (node: TSESTree.Expression) => boolean): readonly OneWayTeardown[] {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const found: OneWayTeardown[] = [];
  for (const [fn, listener] of listenerFacts(sourceCode).registered) {
    if (listener.event !== 'end' && listener.event !== 'error') continue;
    // The syntax first: most listeners end nothing, and asking what an object is may ask the types.
    const key = emitterKey(listener.target, sourceCode);
    const teardowns = key === undefined ? [] : teardownsIn(fn, sourceCode).filter(({ peerKey }) => peerKey !== key);
    if (key === undefined || teardowns.length === 0 || !isSocket(listener.target)) continue;
    for (const { call, peer, peerKey } of teardowns) {
      if (!isSocket(peer) || !relayed(key, peerKey, sourceCode)) continue;
      if (tied(key, peerKey, listener.event, sourceCode) || wrapped(peerKey, sourceCode)) continue;
      const others = listenerReach(sourceCode, key, OTHER_WAYS[listener.event]);
      if ([...others].some((other) => touches(other, peerKey, sourceCode))) continue;
      found.push({ call, socket: listener.target, peer, event: listener.event, fn, listener, socketKey: key });
    }
  }
  cache.set(sourceCode.ast, found);
  return found;
}

/** `x.end(…)` / `x.destroy(…)` written in `fn` itself (not in a callback of it). */
function teardownsIn(fn: FunctionNode, sourceCode: SourceCode): { call: TSESTree.CallExpression; peer: TSESTree.Expression; peerKey: string }[] {
  const found: { call: TSESTree.CallExpression; peer: TSESTree.Expression; peerKey: string }[] = [];
  visitOutsideFunctions(fn.body, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return;
    const method = readMethodCall(node);
    if (!method || !TEARDOWNS.has(method.name)) return;
    const peerKey = referenceKey(method.object, sourceCode);
    if (peerKey !== undefined) found.push({ call: node, peer: method.object, peerKey });
  }, sourceCode);
  return found;
}

/** Does `fn` (a listener of another way of closing, or what it calls) name the peer at all? */
function touches(fn: FunctionNode, peerKey: string, sourceCode: SourceCode): boolean {
  const aliases = keyAliases(sourceCode);
  let named = false;
  visitOutsideFunctions(fn.body, (node) => {
    if (named || (node.type !== AST_NODE_TYPES.MemberExpression && node.type !== AST_NODE_TYPES.Identifier)) return;
    const key = referenceKey(node, sourceCode);
    if (key !== undefined && aliases.same(key, peerKey)) named = true;
  }, sourceCode);
  return named;
}

/** A pipe (`from.pipe(to)`) or a `pipeline(…)` of the file, by the keys of the streams it joins. */
type Tie = { pipe: true; from: string | undefined; to: string | undefined } | { pipe: false; streams: (string | undefined)[] };

const tiesCache = new WeakMap<TSESTree.Program, readonly Tie[]>();

/** The file's pipes and pipelines; `pipe()` returns its destination: in `x.pipe(a).pipe(b)`, `a` is piped into `b`. */
function tiesOf(sourceCode: SourceCode): readonly Tie[] {
  const cached = tiesCache.get(sourceCode.ast);
  if (cached) return cached;
  const ties: Tie[] = [];
  for (const call of fileNodes(sourceCode).calls) {
    const member = calleeMember(call);
    if (member?.name === 'pipe') {
      const from = member.object.type === AST_NODE_TYPES.CallExpression && calleeMember(member.object)?.name === 'pipe' ? member.object.arguments[0] : member.object;
      const to = call.arguments[0];
      ties.push({ pipe: true, from: from && referenceKey(from, sourceCode), to: to && referenceKey(to, sourceCode) });
    } else if ((call.callee.type === AST_NODE_TYPES.Identifier ? call.callee.name : member?.name) === 'pipeline') {
      ties.push({ pipe: false, streams: call.arguments.map((argument) => referenceKey(argument, sourceCode)) });
    }
  }
  tiesCache.set(sourceCode.ast, ties);
  return ties;
}

/**
 * Are the two streams in one `pipeline()`, or, as `pipes` says, is `from` piped into `to` ('into'),
 * or either into the other ('either')?
 */
function joined(from: string, to: string, pipes: 'into' | 'either' | 'none', sourceCode: SourceCode): boolean {
  const aliases = keyAliases(sourceCode);
  const is = (found: string | undefined, wanted: string): boolean => found !== undefined && aliases.same(found, wanted);
  const ties = tiesOf(sourceCode);
  if (ties.some((tie) => !tie.pipe && tie.streams.some((key) => is(key, from)) && tie.streams.some((key) => is(key, to)))) return true;
  return pipes !== 'none' && (pipedInto(from, to, ties, is) || (pipes === 'either' && pipedInto(to, from, ties, is)));
}

/** How many streams a pipe may pass through between two sockets (`a.pipe(gauge).pipe(b)`). */
const PIPE_HOPS = 3;

/**
 * Is `from` piped into `to`, directly or through streams piped on (`a.pipe(counter).pipe(b)`: a
 * Transform ends its output once its input ended, so `b` still ends when `a` does; measured)?
 */
function pipedInto(from: string, to: string, ties: readonly Tie[], is: (found: string | undefined, wanted: string) => boolean): boolean {
  let current = [from];
  for (let hop = 0; hop <= PIPE_HOPS && current.length > 0; hop++) {
    const next: string[] = [];
    for (const tie of ties) {
      if (!tie.pipe || tie.to === undefined || !current.some((key) => is(tie.from, key))) continue;
      if (is(tie.to, to)) return true;
      next.push(tie.to);
    }
    current = next;
  }
  return false;
}

/** Do the two sockets carry each other's traffic: joined by a pipe either way or a `pipeline()`, or a 'data' listener of one writing to the other? */
function relayed(key: string, peerKey: string, sourceCode: SourceCode): boolean {
  if (joined(key, peerKey, 'either', sourceCode)) return true;
  const aliases = keyAliases(sourceCode);
  const writes = (fn: FunctionNode, target: string): boolean => {
    let found = false;
    visitOutsideFunctions(fn.body, (node) => {
      const method = !found && node.type === AST_NODE_TYPES.CallExpression ? readMethodCall(node) : undefined;
      const written = method && WRITES.has(method.name) ? referenceKey(method.object, sourceCode) : undefined;
      if (written !== undefined && aliases.same(written, target)) found = true;
    }, sourceCode);
    return found;
  };
  return [...listenerReach(sourceCode, key, DATA)].some((fn) => writes(fn, peerKey)) || [...listenerReach(sourceCode, peerKey, DATA)].some((fn) => writes(fn, key));
}

/**
 * Does the file end the other socket on every way the first one closes: both in one `pipeline()`
 * (it destroys every stream when one fails or closes early), or, for a teardown on 'error', the
 * first piped into the other (the pipe ends it on 'end'; a reset gives no 'end', so a pipe does
 * nothing for a teardown on 'end')?
 */
function tied(key: string, peerKey: string, event: 'end' | 'error', sourceCode: SourceCode): boolean {
  return joined(key, peerKey, event === 'error' ? 'into' : 'none', sourceCode);
}

/**
 * Is the socket `peerKey` handed to a TLS socket to wrap: `new TLSSocket(raw)`, or an options
 * object whose `socket` is it (`tls.connect({ socket: raw })`, `{ ...ssl, socket }`,
 * `options.socket = raw`)? Walked only when a teardown asks.
 */
function wrapped(peerKey: string, sourceCode: SourceCode): boolean {
  const aliases = keyAliases(sourceCode);
  return wrappedKeys(sourceCode).some((key) => aliases.same(key, peerKey));
}

const wrappedCache = new WeakMap<TSESTree.Program, readonly string[]>();

/** The keys of every value the file hands to a TLS socket to wrap, read in one walk on the first question. */
function wrappedKeys(sourceCode: SourceCode): readonly string[] {
  const cached = wrappedCache.get(sourceCode.ast);
  if (cached) return cached;
  const keys: string[] = [];
  const add = (node: TSESTree.Node | undefined): void => {
    const key = node && referenceKey(node, sourceCode);
    if (key !== undefined) keys.push(key);
  };
  const walk = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.NewExpression) {
      const callee = node.callee.type === AST_NODE_TYPES.MemberExpression ? node.callee.property : node.callee;
      if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'TLSSocket') add(node.arguments[0]);
    } else if (node.type === AST_NODE_TYPES.Property) {
      if (!node.computed && node.key.type === AST_NODE_TYPES.Identifier && node.key.name === 'socket') add(node.value);
    } else if (node.type === AST_NODE_TYPES.AssignmentExpression) {
      if (node.left.type === AST_NODE_TYPES.MemberExpression && propertyName(node.left) === 'socket') add(node.right);
    }
    visitChildren(node, walk, sourceCode);
  };
  walk(sourceCode.ast);
  wrappedCache.set(sourceCode.ast, keys);
  return keys;
}

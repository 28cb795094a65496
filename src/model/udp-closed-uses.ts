/**
 * A UDP socket (`dgram.createSocket()`) that its own 'error' listener closes, and that a timer set
 * in the file closes or sends from again, unguarded. A closed UDP socket throws
 * ERR_SOCKET_DGRAM_NOT_RUNNING synchronously from `close()`, `send()` (with a callback too),
 * `address()`, `addMembership()`, ... (measured on Node 20: test/live/udp-closed-uses.live.test.ts):
 * in a timer's callback nothing catches it, and the process ends. The common form is a discovery
 * that closes after a while (`setTimeout(() => sock.close(), 3000)`) and on 'error' (a port
 * taken): a failed bind closes the socket first, and the timer's `close()` throws.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { libraryObjectOf, libraryObjects } from '../libraries.js';
import type { ListenerCall } from '../listeners.js';
import { calleeMember, enclosingFunction, type FunctionNode, isFunction, storedInto, underCondition } from './ast.js';
import { emitterKey, referenceKey } from './dead-socket.js';
import { fileListeners, fileNodes } from './file-nodes.js';
import { resolveFunction } from './functions.js';
import { keyAliases } from './key-aliases.js';
import { releasesOf } from './releases.js';
import { isGlobalCall } from './timers.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Methods of a UDP socket that throw once it is closed (measured). */
const THROWING_WHEN_CLOSED: ReadonlySet<string> = new Set([
  'close',
  'send',
  'address',
  'remoteAddress',
  'addMembership',
  'dropMembership',
  'setBroadcast',
  'setTTL',
  'setMulticastTTL',
  'setMulticastLoopback',
]);

export interface UdpClosedUse {
  /** The call in the timer's callback that throws on the closed socket. */
  call: TSESTree.CallExpression;
  /** The socket the call is made on, and the method. */
  object: TSESTree.Expression;
  method: string;
  /** The `close()` in the socket's 'error' listener. */
  close: TSESTree.CallExpression;
  listener: ListenerCall;
}

const cache = new WeakMap<TSESTree.Program, readonly UdpClosedUse[]>();

export function udpClosedUses(sourceCode: SourceCode): readonly UdpClosedUse[] {
  let found = cache.get(sourceCode.ast);
  if (!found) {
    found = findUses(sourceCode);
    cache.set(sourceCode.ast, found);
  }
  return found;
}

function findUses(sourceCode: SourceCode): UdpClosedUse[] {
  if (![...libraryObjects(sourceCode).values()].some((object) => object.id === 'dgram.createSocket')) return [];
  const closers = closingErrorListeners(sourceCode);
  if (closers.length === 0) return [];
  const calls = fileNodes(sourceCode).calls;
  // The calls that throw on a closed socket, by the function they are written in: read once.
  const throwing = new Map<FunctionNode, TSESTree.CallExpression[]>();
  for (const call of calls) {
    const fn = THROWING_WHEN_CLOSED.has(calleeMember(call)?.name ?? '') ? enclosingFunction(call) : undefined;
    if (fn) throwing.set(fn, [...(throwing.get(fn) ?? []), call]);
  }
  const aliases = keyAliases(sourceCode);
  const found: UdpClosedUse[] = [];
  for (const timer of calls) {
    const callback = isGlobalCall(timer, ['setTimeout', 'setInterval'], sourceCode) ? timerCallback(timer, sourceCode) : undefined;
    if (!callback || !throwing.has(callback) || clearedSomewhere(timer, sourceCode)) continue;
    for (const call of throwing.get(callback)!) {
      const member = calleeMember(call)!;
      if (guarded(call, callback)) continue;
      const key = referenceKey(member.object, sourceCode);
      const closer = key === undefined ? undefined : closers.find((entry) => aliases.same(entry.key, key));
      if (!closer) continue;
      found.push({ call, object: member.object, method: member.name, close: closer.close, listener: closer.listener });
      break;
    }
  }
  return found;
}

/** The 'error' listeners of UDP sockets that close their socket on every run, with its key. */
function closingErrorListeners(sourceCode: SourceCode): { key: string; close: TSESTree.CallExpression; listener: ListenerCall }[] {
  const found: { key: string; close: TSESTree.CallExpression; listener: ListenerCall }[] = [];
  const aliases = keyAliases(sourceCode);
  for (const listener of fileListeners(sourceCode)) {
    if (listener.event !== 'error' || !listener.listener || libraryObjectOf(listener.target, sourceCode)?.id !== 'dgram.createSocket') continue;
    const key = emitterKey(listener.target, sourceCode);
    const fn = key === undefined ? undefined : resolveFunction(listener.listener, sourceCode);
    if (!fn) continue;
    const close = fileNodes(sourceCode).calls.find((call) => {
      const member = calleeMember(call);
      if (member?.name !== 'close' || enclosingFunction(call) !== fn || guarded(call, fn)) return false;
      const closed = referenceKey(member.object, sourceCode);
      return closed !== undefined && aliases.same(closed, key!);
    });
    if (close) found.push({ key: key!, close, listener });
  }
  return found;
}

/** The function a `setTimeout`/`setInterval` runs, written inline or given by name. */
function timerCallback(timer: TSESTree.CallExpression, sourceCode: SourceCode): FunctionNode | undefined {
  const [first] = timer.arguments;
  if (!first || first.type === AST_NODE_TYPES.SpreadElement) return undefined;
  return isFunction(first) ? first : resolveFunction(first, sourceCode);
}

/** Is the timer's handle kept and cleared anywhere in the file (`clearTimeout(timer)` on 'error' or 'close')? */
function clearedSomewhere(timer: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const holder = storedInto(timer);
  const key = holder && referenceKey(holder, sourceCode);
  return key !== undefined && releasesOf(sourceCode, key).some((release) => release.timer);
}

/** Does the call run only under a condition of `fn`, inside a `try`, or through `?.`? */
function guarded(call: TSESTree.Node, fn: FunctionNode): boolean {
  if (underCondition(call, fn)) return true;
  for (let child: TSESTree.Node = call, current = call.parent; current && current !== fn; child = current, current = current.parent) {
    if ((current.type === AST_NODE_TYPES.TryStatement && current.block === child) || current.type === AST_NODE_TYPES.ChainExpression) return true;
  }
  return false;
}

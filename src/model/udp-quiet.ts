/**
 * A UDP socket of `dgram.createSocket()` that cannot emit 'error': one kept in a variable and only
 * bound and sent from with a callback, never connected, never handed on.
 *
 * A UDP socket emits 'error' for a bind without a callback that fails (EADDRINUSE), a send without
 * a callback that fails (a failed lookup, EMSGSIZE), and a failed receive. With a callback, bind
 * and send failures go to it (bind's own 'error' listener drops them); an unconnected socket is
 * never told of a peer's ICMP "port unreachable", so nothing fails on receive. Measured on Node 20
 * (test/live/require-error-listener.live.test.ts): sends with callbacks to a closed loopback port,
 * to a name that does not resolve, of 70 kB, and one pending when `close()` runs, emit nothing;
 * the same socket after `connect()` emits `ECONNREFUSED` (recvmsg) and crashes without a listener.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { isFunction, propertyName } from './ast.js';
import { declaredVariable } from './dead-socket.js';
import { LISTEN_METHODS } from './node-api.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Calls whose failure goes to their last argument when it is a function. */
const WITH_CALLBACK = new Set(['bind', 'send']);
/** Calls that never emit 'error' (they throw, or only read or set options). */
const HARMLESS = new Set([
  ...LISTEN_METHODS,
  'off',
  'removeListener',
  'removeAllListeners',
  'close',
  'address',
  'ref',
  'unref',
  'setBroadcast',
  'setTTL',
  'setMulticastTTL',
  'setMulticastLoopback',
  'setMulticastInterface',
  'addMembership',
  'dropMembership',
  'addSourceSpecificMembership',
  'dropSourceSpecificMembership',
  'setRecvBufferSize',
  'setSendBufferSize',
  'getRecvBufferSize',
  'getSendBufferSize',
]);

/** Is the UDP socket `creation` makes one that no 'error' can come from (see above)? */
export function quietUdpSocket(creation: TSESTree.Node, sourceCode: SourceCode): boolean {
  const variable = declaredVariable(creation, sourceCode);
  if (!variable) return false;
  let used = false;
  for (const ref of variable.references) {
    if (ref.init) continue;
    if (ref.isWrite()) return false;
    const member = ref.identifier.parent;
    const call = member?.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== ref.identifier || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return false;
    const method = propertyName(member) ?? '';
    if (WITH_CALLBACK.has(method)) {
      if (!isFunction(call.arguments.at(-1))) return false;
      used = true;
    } else if (!HARMLESS.has(method)) return false;
  }
  return used;
}

/**
 * A UDP socket of `dgram.createSocket()` that cannot emit 'error': one kept in a variable and only
 * bound and sent from with a callback, never connected, never handed on. The variable may be one
 * the socket is a fallback for (`if (!sock) sock = dgram.createSocket('udp4')`): it is then only
 * tested for holding anything besides.
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
import { declaredVariable, variableOf } from './dead-socket.js';
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
  const assignment = creation.parent?.type === AST_NODE_TYPES.AssignmentExpression && creation.parent.operator === '=' && creation.parent.right === creation ? creation.parent : undefined;
  const variable = assignment?.left.type === AST_NODE_TYPES.Identifier ? variableOf(assignment.left, sourceCode) : declaredVariable(creation, sourceCode);
  if (!variable) return false;
  let used = false;
  for (const ref of variable.references) {
    if (ref.init || (assignment && ref.identifier === assignment.left)) continue;
    if (ref.isWrite()) return false;
    if (assignment && ref.identifier.type === AST_NODE_TYPES.Identifier && isPresenceTest(ref.identifier)) continue;
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

/** `!sock`, `sock == null`, `if (sock)`: a read of whether the variable holds anything. */
function isPresenceTest(identifier: TSESTree.Identifier): boolean {
  const parent = identifier.parent;
  if (parent.type === AST_NODE_TYPES.UnaryExpression) return parent.operator === '!';
  if (parent.type === AST_NODE_TYPES.IfStatement) return parent.test === identifier;
  if (parent.type !== AST_NODE_TYPES.BinaryExpression || !['==', '===', '!=', '!=='].includes(parent.operator)) return false;
  const other = parent.left === identifier ? parent.right : parent.left;
  return (other.type === AST_NODE_TYPES.Literal && other.value === null) || (other.type === AST_NODE_TYPES.Identifier && other.name === 'undefined');
}

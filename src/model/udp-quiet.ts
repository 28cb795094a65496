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
 * A send without a callback to an IP address the code spells (a multicast group, a device's
 * address) is as quiet: there is no lookup to fail, and Node drops the failure of a send that has
 * no callback (EMSGSIZE, and ENETUNREACH with no route; measured too).
 */
import { isIP } from 'node:net';

import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { libraryObjects } from '../libraries.js';
import { findVariable, referenceKey } from '../listeners.js';
import { calleeMember, isFunction, keyName, propertyName, skipWrappers } from './ast.js';
import { classBodyOf, type ClassMember, classMembers } from './classes.js';
import { contains, declaredVariable, variableOf } from './dead-socket.js';
import { LISTEN_METHODS } from './node-api.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Calls whose failure goes to their last argument when it is a function. */
const WITH_CALLBACK = new Set(['bind', 'send']);
/** Calls that return the socket. */
const CHAINED = new Set(['ref', 'unref']);
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
  // `dgram.createSocket('udp4').unref()` returns the socket.
  let made = creation;
  while (made.parent?.type === AST_NODE_TYPES.MemberExpression && made.parent.object === made && made.parent.parent.type === AST_NODE_TYPES.CallExpression && CHAINED.has(propertyName(made.parent) ?? '')) {
    made = made.parent.parent;
  }
  const field = classField(made, sourceCode);
  if (field) return !field.opaque && field.values.every((value) => value === made) && quietUses(field.reads, isPresenceTest, sourceCode);
  const assignment = creation.parent?.type === AST_NODE_TYPES.AssignmentExpression && creation.parent.operator === '=' && creation.parent.right === creation ? creation.parent : undefined;
  const variable = assignment?.left.type === AST_NODE_TYPES.Identifier ? variableOf(assignment.left, sourceCode) : declaredVariable(creation, sourceCode);
  if (!variable) return false;
  // `if (tcp) { client = new net.Socket(); … } else { client = dgram.createSocket('udp4'); … }`:
  // one variable for two sockets, each used only in its own branch.
  const ifBranch = assignment && ownBranch(assignment);
  const branch = ifBranch && variable.references.some((ref) => ref.isWrite() && !ref.init && contains(ifBranch.statement, ref.identifier) && !contains(ifBranch.block, ref.identifier)) ? ifBranch : undefined;
  const reads: TSESTree.Node[] = [];
  for (const ref of variable.references) {
    if (ref.init || (assignment && ref.identifier === assignment.left)) continue;
    if (branch && !contains(branch.block, ref.identifier)) {
      if (contains(branch.statement, ref.identifier)) continue;
      return false;
    }
    if (ref.isWrite()) return false;
    reads.push(ref.identifier);
  }
  return quietUses(reads, (read) => assignment !== undefined && read.type === AST_NODE_TYPES.Identifier && isPresenceTest(read), sourceCode);
}

/**
 * The branch of an `if` the assignment is a statement of, when the variable is written in another
 * branch too: then only the reads of its own branch see the UDP socket, and a read after the `if`
 * (which may see either) makes `quietUdpSocket` answer no.
 */
function ownBranch(assignment: TSESTree.AssignmentExpression): { block: TSESTree.Node; statement: TSESTree.IfStatement } | undefined {
  const statement = assignment.parent.type === AST_NODE_TYPES.ExpressionStatement ? assignment.parent : undefined;
  const block = statement?.parent.type === AST_NODE_TYPES.BlockStatement ? statement.parent : statement;
  const ifStatement = block?.parent;
  if (ifStatement?.type !== AST_NODE_TYPES.IfStatement || (ifStatement.consequent !== block && ifStatement.alternate !== block)) return undefined;
  return { block, statement: ifStatement };
}

/**
 * The field of a class the creation is kept on (`this.socket = dgram.createSocket(…)` in a method,
 * or a field's initialiser), with every read of it in the class.
 */
function classField(creation: TSESTree.Node, sourceCode: SourceCode): ClassMember | undefined {
  const parent = creation.parent;
  let name: string | undefined;
  if (parent?.type === AST_NODE_TYPES.PropertyDefinition && parent.value === creation && !parent.static && !parent.computed) {
    name = keyName(parent.key);
  } else if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === creation && parent.left.type === AST_NODE_TYPES.MemberExpression && parent.left.object.type === AST_NODE_TYPES.ThisExpression) {
    name = propertyName(parent.left);
  }
  if (name === undefined) return undefined;
  const body = classBodyOf(creation);
  return body ? classMembers(body, sourceCode).get(name) : undefined;
}

/** Is every read a call of a harmless method, or of `bind()` / `send()` with a callback (`skip` reads aside)? */
/**
 * Is the read of a UDP socket (in a branch that keeps it unheard) a use no 'error' can come from:
 * a `send()` or `bind()` whose failure goes to its callback, `close()`, or the like?
 */
export function quietUdpRead(read: TSESTree.Node, sourceCode: SourceCode): boolean {
  return quietUses([read], () => false, sourceCode) || (read.parent?.type === AST_NODE_TYPES.MemberExpression && HARMLESS.has(propertyName(read.parent) ?? ''));
}

function quietUses(reads: readonly TSESTree.Node[], skip: (read: TSESTree.Node) => boolean, sourceCode: SourceCode): boolean {
  let used = false;
  for (const read of reads) {
    if (skip(read)) continue;
    const member = read.parent;
    const call = member?.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== read) return false;
    // A property read (`this.socket._handle`) emits nothing.
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) {
      if (call?.type === AST_NODE_TYPES.AssignmentExpression && call.left === member) return false;
      continue;
    }
    const method = propertyName(member) ?? '';
    if (WITH_CALLBACK.has(method)) {
      if (lastCallback(call) !== 'callback' && !(method === 'send' && toIpAddress(call, sourceCode))) return false;
      used = true;
    } else if (!HARMLESS.has(method)) return false;
  }
  return used;
}

/**
 * `send(msg, 0, msg.length, port, '239.255.255.250')` with no callback, to an IP address the code
 * spells (or a constant, or a field of the class set only to one): no lookup to fail, a failed send with no callback is dropped,
 * and an unconnected socket hears nothing of a closed port (measured).
 */
function toIpAddress(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const last = call.arguments.at(-1);
  if (!last || last.type === AST_NODE_TYPES.SpreadElement) return false;
  let value = ASTUtils.getStaticValue(last, sourceCode.getScope(last))?.value;
  if (value === undefined && last.type === AST_NODE_TYPES.MemberExpression && last.object.type === AST_NODE_TYPES.ThisExpression) {
    // `this.addr = '239.255.255.250'`, the field's only value in the class.
    const body = classBodyOf(last);
    const name = propertyName(last);
    const member = body && name !== undefined ? classMembers(body, sourceCode).get(name) : undefined;
    const [only] = member && !member.opaque && member.values.length === 1 ? member.values : [];
    value = only?.type === AST_NODE_TYPES.Literal ? only.value : undefined;
  }
  if (value === undefined && last.type === AST_NODE_TYPES.Identifier) {
    // `var HOST; … HOST = '127.0.0.1';` (compiled CoffeeScript): a variable written once, with a string.
    const writes = findVariable(sourceCode.getScope(last), last)?.references.filter((ref) => ref.isWrite()) ?? [];
    const written = writes.length === 1 ? writes[0]!.writeExpr : undefined;
    value = written?.type === AST_NODE_TYPES.Literal ? written.value : undefined;
  }
  return typeof value === 'string' && isIP(value) !== 0;
}

/** `!sock`, `sock == null`, `if (sock)`: a read of whether the variable (or field) holds anything. */
function isPresenceTest(identifier: TSESTree.Node): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.UnaryExpression) return parent.operator === '!';
  if (parent.type === AST_NODE_TYPES.IfStatement) return parent.test === identifier;
  if (parent.type !== AST_NODE_TYPES.BinaryExpression || !['==', '===', '!=', '!=='].includes(parent.operator)) return false;
  const other = parent.left === identifier ? parent.right : parent.left;
  return (other.type === AST_NODE_TYPES.Literal && other.value === null) || (other.type === AST_NODE_TYPES.Identifier && other.name === 'undefined');
}

const DESTINATION = /(?:host|addr|address|ip|port|target|dest|destination|server|remote)(?:e?s)?$/iu;

/**
 * The last argument of a `bind()` / `send()`: surely a callback (a function written there), surely
 * none (a literal, arithmetic, `buf.length`, or a name that reads as the destination: `this.host`,
 * `self.addresses[i]`, `port`), or either (`cb`, `callback`, `done.bind(this)`). A quiet socket
 * needs the first; a socket that emits its failures is one with the second.
 */
export function lastCallback(call: TSESTree.CallExpression): 'callback' | 'none' | 'unknown' {
  const last = call.arguments.at(-1);
  if (!last) return 'none';
  if (isFunction(last)) return 'callback';
  const value = skipWrappers(last);
  if (value.type === AST_NODE_TYPES.Literal || value.type === AST_NODE_TYPES.TemplateLiteral || value.type === AST_NODE_TYPES.BinaryExpression) return 'none';
  const named = value.type === AST_NODE_TYPES.MemberExpression && value.computed ? skipWrappers(value.object) : value;
  const name = named.type === AST_NODE_TYPES.Identifier ? named.name : named.type === AST_NODE_TYPES.MemberExpression ? propertyName(named) : undefined;
  if (name === undefined) return value.type === AST_NODE_TYPES.MemberExpression && propertyName(value) === 'length' ? 'none' : 'unknown';
  return DESTINATION.test(name) ? 'none' : 'unknown';
}

/** A UDP socket: `close()` leaves a pending send's failed lookup to be emitted as 'error' (measured). */
const DGRAM_USES: ReadonlySet<string> = new Set(['close', 'send', 'connect', 'bind']);
const UNSENT_DGRAM_USES: ReadonlySet<string> = new Set(['send', 'connect', 'bind']);

/**
 * When `node` is a variable that only ever holds a UDP socket of `dgram.createSocket()` (or
 * nothing), the calls that keep it in use with its listeners gone: `close()` too when the file
 * sends on it (`socket.send(…)` on one of `keys`) without a callback to a name that needs a lookup:
 * a pending send's failed lookup goes to its callback when it has one, also after `close()`, and
 * is emitted as 'error' when it has none (measured: test/live/stripped-listeners.live.test.ts).
 * Undefined for anything else.
 */
export function udpUses(node: TSESTree.Expression, calls: readonly TSESTree.CallExpression[], keys: { has(key: string | undefined): boolean }, sourceCode: SourceCode): ReadonlySet<string> | undefined {
  const target = skipWrappers(node);
  if (target.type !== AST_NODE_TYPES.Identifier) return undefined;
  const objects = libraryObjects(sourceCode);
  if (objects.size === 0) return undefined;
  const variable = findVariable(sourceCode.getScope(target), target.name);
  const values = (variable?.references ?? []).filter((ref) => ref.isWrite()).map((ref) => ref.writeExpr && skipWrappers(ref.writeExpr));
  const udp = values.filter((value) => value && objects.get(value)?.id === 'dgram.createSocket');
  if (udp.length === 0 || !values.every((value) => value && (udp.includes(value) || (value.type === AST_NODE_TYPES.Literal && value.value === null)))) return undefined;
  // A send with a callback, or to an IP address, leaves no failure to emit after `close()` (measured).
  const sends = calls.some((call) => {
    const member = calleeMember(call);
    return member?.name === 'send' && keys.has(referenceKey(member.object, sourceCode)) && lastCallback(call) !== 'callback' && !toIpAddress(call, sourceCode);
  });
  return sends ? DGRAM_USES : UNSENT_DGRAM_USES;
}

/**
 * What the addresses of the file say about the errors an emitter can have: the `listen()` calls of
 * a server and the `connect()` / `net.connect()` calls of a socket, read for the one that an
 * `'error'` listener is registered on. Measured on Node 20 (test/live/endpoints.live.test.ts):
 *
 * - a `listen()` with no host (`listen(port)`, `listen({ port })`, or the wildcard `'0.0.0.0'` /
 *   `'::'`) or on a path binds no particular address, so it never fails with EADDRNOTAVAIL (only a
 *   host that is not local gives it); a port in use still gives EADDRINUSE;
 * - a socket connected by path (`{ path }`, or a string that is not a port) is a Unix domain socket:
 *   no DNS lookup, no route and no TCP timer, so no code of the `dns` and `unreachable` kinds, no
 *   ETIMEDOUT and no EADDRNOTAVAIL (a full backlog gives EAGAIN; a file nobody listens on
 *   ECONNREFUSED; a missing file ENOENT). There ECONNREFUSED says the socket file is stale, not
 *   that a peer went away, so acting on it alone is a decision of its own.
 *
 * Only for an emitter made in the file (a call or `new` stored in it), and every call on it must say
 * so: one `listen(port, host)` with a host of unknown value keeps every code, and so does an
 * emitter with no such call in the file.
 *
 * And the process's standard streams (`process.stdout`, `process.stderr`, `process.stdin`): a pipe,
 * a terminal, a file or the socketpair a parent Node gives, whose reader going away fails the next
 * write with EPIPE and nothing else of our codes (measured: test/live/std-streams.live.test.ts).
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { SOCKET_ERROR_CODES, socketErrorCodesOfKind } from '../codes.js';
import { findVariable, type ListenerCall, stripListenerChain } from '../listeners.js';
import { type FunctionNode, isFunction, literalKey, propertyName, runtimeParams, skipWrappers } from './ast.js';
import { emitterKey, listenerCallOf, readMethodCall } from './dead-socket.js';
import { namingReferences } from './functions.js';
import { fileNodes } from './file-nodes.js';
import { keyedCopies } from './key-aliases.js';
import { sameObjects } from './same-objects.js';
import { possibleValues } from './socket-evidence.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface EndpointFacts {
  /** Codes the emitter's addresses rule out. */
  cannotArrive: ReadonlySet<string>;
  /** Every connect of the emitter is by path: a Unix domain socket. */
  unixDomain: boolean;
}

const NOTHING: EndpointFacts = { cannotArrive: new Set(), unixDomain: false };
const HOSTLESS: EndpointFacts = { cannotArrive: new Set(['EADDRNOTAVAIL']), unixDomain: false };
const UNIX_DOMAIN: EndpointFacts = {
  cannotArrive: new Set(['ETIMEDOUT', 'EADDRNOTAVAIL', ...socketErrorCodesOfKind('unreachable'), ...socketErrorCodesOfKind('dns')]),
  unixDomain: true,
};

const STD_STREAM: EndpointFacts = { cannotArrive: new Set(SOCKET_ERROR_CODES.filter((code) => code !== 'EPIPE')), unixDomain: false };
const STD_STREAMS = new Set(['stdout', 'stderr', 'stdin']);

/**
 * Hosts that bind every local address, and the IPv4 loopback address, which every machine has
 * (`localhost` may resolve to `::1`, which a host without IPv6 does not have).
 */
const LOCAL_HOSTS = new Set(['', '0.0.0.0', '::', '127.0.0.1']);
const CONNECTS = new Set(['connect', 'createConnection']);

/** How one call gives the address. */
type Address = 'unix' | 'hostless' | 'unknown';

const cache = new WeakMap<FunctionNode, EndpointFacts>();

/**
 * The facts for the error that `subject` (`err.code`, or `code` of `({ code }) => …`) reads, when
 * `err` is the first parameter of a function registered inline as an `'error'` listener.
 */
export function endpointFacts(subject: TSESTree.Node, sourceCode: SourceCode): EndpointFacts {
  const listener = errorListenerOf(subject, sourceCode);
  if (!listener) return NOTHING;
  let facts = cache.get(listener);
  if (!facts) {
    facts = readFacts(listener, sourceCode);
    cache.set(listener, facts);
  }
  return facts;
}

function errorListenerOf(subject: TSESTree.Node, sourceCode: SourceCode): FunctionNode | undefined {
  const target = skipWrappers(subject);
  // `err.code`, `err['code']`.
  const read = target.type === AST_NODE_TYPES.MemberExpression && propertyName(target) !== undefined ? skipWrappers(target.object) : target;
  if (read.type !== AST_NODE_TYPES.Identifier) return undefined;
  const def = findVariable(sourceCode.getScope(read), read)?.defs[0];
  if (def?.type !== TSESLint.Scope.DefinitionType.Parameter || !isFunction(def.node)) return undefined;
  const fn = def.node;
  const first = runtimeParams(fn)[0];
  if (!first || !(first.range[0] <= def.name.range[0] && def.name.range[1] <= first.range[1])) return undefined;
  const registrations = errorRegistrations(fn, sourceCode);
  return registrations.length > 0 ? fn : undefined;
}

/**
 * Where `fn` is registered as an 'error' listener: inline (`s.on('error', (err) => …)`), or by
 * name when every use of the name is such a registration. Empty when it is not a listener.
 */
function errorRegistrations(fn: FunctionNode, sourceCode: SourceCode): ListenerCall[] {
  const call = fn.parent;
  if (call.type === AST_NODE_TYPES.CallExpression) {
    const registration = listenerCallOf(call, sourceCode);
    return registration?.event === 'error' && registration.listener === fn ? [registration] : [];
  }
  const references = namingReferences(fn, sourceCode) ?? [];
  const registrations = references.map((ref) => {
    const parent = ref.identifier.parent;
    const registration = parent?.type === AST_NODE_TYPES.CallExpression ? listenerCallOf(parent, sourceCode) : undefined;
    return registration?.event === 'error' && registration.listener === ref.identifier ? registration : undefined;
  });
  return registrations.every((registration) => registration !== undefined) ? registrations : [];
}

/** `process.stdout`, `process.stderr`, `process.stdin` of the global `process`. */
function isStdStream(target: TSESTree.Node, sourceCode: SourceCode): boolean {
  const node = skipWrappers(target);
  if (node.type !== AST_NODE_TYPES.MemberExpression || node.computed || node.property.type !== AST_NODE_TYPES.Identifier || !STD_STREAMS.has(node.property.name)) return false;
  const object = skipWrappers(node.object);
  return object.type === AST_NODE_TYPES.Identifier && object.name === 'process' && !findVariable(sourceCode.getScope(object), object)?.defs.length;
}

function readFacts(listener: FunctionNode, sourceCode: SourceCode): EndpointFacts {
  const registrations = errorRegistrations(listener, sourceCode);
  if (registrations.every(({ target }) => isStdStream(target, sourceCode))) return STD_STREAM;
  if (registrations.length !== 1) return NOTHING;
  const registration = registrations[0]!;
  const key = emitterKey(listenedServer(registration.target), sourceCode);
  if (key === undefined) return NOTHING;
  const { canonical } = sameObjects(sourceCode);
  const wanted = canonical(key);
  // An emitter that comes from elsewhere may have been given its address there.
  if (!createdHere(wanted, sourceCode)) return NOTHING;
  const listens: Address[] = [];
  const connects: Address[] = [];
  for (const call of fileNodes(sourceCode).calls) {
    const method = readMethodCall(call);
    if (!method || (method.name !== 'listen' && !CONNECTS.has(method.name))) continue;
    const onEmitter = (method.name === 'listen' || method.name === 'connect') && namesEmitter(method.object, wanted, sourceCode);
    // `const s = net.connect(…)`: the creation names the emitter by where it is stored.
    const creates = !onEmitter && CONNECTS.has(method.name) && namesEmitter(call, wanted, sourceCode);
    if (!onEmitter && !creates) continue;
    if (method.name === 'listen') listens.push(listenAddress(call, sourceCode));
    else connects.push(connectAddress(call));
  }
  if (connects.length > 0) return listens.length === 0 && connects.every((address) => address === 'unix') ? UNIX_DOMAIN : NOTHING;
  return listens.length > 0 && listens.every((address) => address !== 'unknown') ? HOSTLESS : NOTHING;
}

/** `server.listen(port).on('error', …)`: `listen()` returns its server, the emitter listened on. */
function listenedServer(target: TSESTree.Node): TSESTree.Node {
  const base = stripListenerChain(target);
  const method = base.type === AST_NODE_TYPES.CallExpression ? readMethodCall(base) : undefined;
  return method?.name === 'listen' ? method.object : target;
}

/** Is a call or `new` of this file stored in the emitter (`const server = http.createServer(…)`, `this.sock = new net.Socket()`)? */
function createdHere(wanted: string, sourceCode: SourceCode): boolean {
  const { canonical } = sameObjects(sourceCode);
  return keyedCopies(sourceCode).some(({ copy, target }) => {
    const value = skipWrappers(copy.value);
    return (value.type === AST_NODE_TYPES.CallExpression || value.type === AST_NODE_TYPES.NewExpression) && canonical(target) === wanted;
  });
}

/** Does `node` name the emitter: a reference to it, or a creation stored in it (`const s = net.connect(…)`)? */
function namesEmitter(node: TSESTree.Node, wanted: string, sourceCode: SourceCode): boolean {
  const key = emitterKey(node, sourceCode);
  return key !== undefined && sameObjects(sourceCode).canonical(key) === wanted;
}

/** `listen(port | path[, host][, backlog][, callback])` or `listen(options[, callback])`. */
function listenAddress(call: TSESTree.CallExpression, sourceCode: SourceCode): Address {
  const isLocal = (host: TSESTree.Node): boolean => isLocalHost(host, sourceCode);
  const [first, second] = call.arguments;
  if (!first) return 'hostless'; // a random port on every address
  const options = skipWrappers(first);
  if (options.type === AST_NODE_TYPES.ObjectExpression) {
    const keys = objectKeys(options);
    if (!keys) return 'unknown';
    if (keys.has('path')) return 'unix';
    const host = keys.get('host');
    return host === undefined || isLocal(host) ? 'hostless' : 'unknown';
  }
  if (!isPortOrPath(options)) return 'unknown';
  return second === undefined || isNotHost(second) || isLocal(second) ? 'hostless' : 'unknown';
}

/** `connect(options[, cb])`, `connect(path[, cb])`, `connect(port[, host][, cb])`. */
function connectAddress(call: TSESTree.CallExpression): Address {
  const first = call.arguments[0] && skipWrappers(call.arguments[0]);
  if (!first) return 'unknown';
  if (first.type === AST_NODE_TYPES.ObjectExpression) return objectKeys(first)?.has('path') ? 'unix' : 'unknown';
  // A string that is not a number is a path (Node reads a numeric string as a port).
  return first.type === AST_NODE_TYPES.Literal && typeof first.value === 'string' && !/^\d+$/.test(first.value) ? 'unix' : 'unknown';
}

/** The keys an object literal spells out with their values; undefined when a spread or computed key may add others. */
function objectKeys(object: TSESTree.ObjectExpression): Map<string, TSESTree.Node> | undefined {
  const keys = new Map<string, TSESTree.Node>();
  for (const property of object.properties) {
    if (property.type !== AST_NODE_TYPES.Property) return undefined;
    const key = literalKey(property);
    if (key === undefined) return undefined;
    keys.set(key, property.value);
  }
  return keys;
}

/**
 * A first argument that is a port or a path, not an options object held in a variable: a literal,
 * a template, a number conversion, an environment variable, or a name that says port or path.
 */
function isPortOrPath(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      return typeof node.value === 'number' || typeof node.value === 'string';
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.BinaryExpression:
      return true;
    case AST_NODE_TYPES.Identifier:
      return /port|path|sock/i.test(node.name);
    case AST_NODE_TYPES.MemberExpression: {
      const object = skipWrappers(node.object);
      const inEnv = object.type === AST_NODE_TYPES.MemberExpression && !object.computed && object.property.type === AST_NODE_TYPES.Identifier && object.property.name === 'env';
      const name = !node.computed && node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : '';
      return inEnv || /port|path|sock/i.test(name);
    }
    case AST_NODE_TYPES.CallExpression:
      return node.callee.type === AST_NODE_TYPES.Identifier && ['Number', 'parseInt'].includes(node.callee.name);
    case AST_NODE_TYPES.LogicalExpression:
      return isPortOrPath(skipWrappers(node.left)) && isPortOrPath(skipWrappers(node.right));
    default:
      return false;
  }
}

/** A second argument that cannot be a host: a callback, a number (the backlog), a `console` call (undefined). */
function isNotHost(node: TSESTree.Node): boolean {
  const value = skipWrappers(node);
  if (isFunction(value)) return true;
  if (value.type === AST_NODE_TYPES.Literal) return typeof value.value === 'number';
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipWrappers(value.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && skipWrappers(callee.object).type === AST_NODE_TYPES.Identifier && (skipWrappers(callee.object) as TSESTree.Identifier).name === 'console';
}

/**
 * A host that is every address or the loopback one: a literal, `null` (no host), or a constant
 * holding only such values (`const host = localOnly ? '127.0.0.1' : null`).
 */
function isLocalHost(node: TSESTree.Node, sourceCode: SourceCode, depth = 0): boolean {
  const value = skipWrappers(node);
  if (value.type === AST_NODE_TYPES.Literal) return value.value === null || (typeof value.value === 'string' && LOCAL_HOSTS.has(value.value));
  if (value.type !== AST_NODE_TYPES.Identifier || depth > 0) return false;
  const variable = findVariable(sourceCode.getScope(value), value);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  const declarator = def?.node.type === AST_NODE_TYPES.VariableDeclarator ? def.node : undefined;
  if (!declarator?.init || declarator.parent.kind !== 'const' || declarator.id !== def!.name) return false;
  return possibleValues(declarator.init).every((possible) => isLocalHost(possible, sourceCode, depth + 1));
}

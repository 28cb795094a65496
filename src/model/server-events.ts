/**
 * The listeners a file registers for the events that hand it a server's sockets, and two facts
 * about them that say a socket needs nothing more from the listener that receives it:
 *
 * - a 'connection' / 'secureConnection' listener of the same server that gives every socket an
 *   'error' listener right away covers the sockets the server later hands to its 'upgrade' and
 *   'connect' listeners (the listener stays until removed);
 * - an 'upgrade' listener on a CONNECT request never runs: Node emits 'connect' for it, never
 *   'upgrade', even on a 101 answer (measured: test/live/require-error-listener.live.test.ts).
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { calleeName, findVariable, listenerCallOf, referenceKey } from '../listeners.js';
import { type FunctionNode, literalKey, outermost, paramIdentifier, propertyName, runtimeParams, skipWrappers } from './ast.js';
import { callsOf, fileNodes } from './file-nodes.js';
import { namingReferences } from './functions.js';
import { resourceNodes } from './resource-walk.js';
import type { SocketDetector } from './sockets.js';
import { listensRightAway, parameterSummary } from './summaries.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Node's 'upgrade'/'connect' sockets have lost the HTTP server's own 'error' listener. */
export const HANDED_OVER_EVENTS: ReadonlySet<string> = new Set(['upgrade', 'connect']);
/** Every socket of a server passes through these first (the TLS socket for 'secureConnection'). */
export const CONNECTION_EVENTS: ReadonlySet<string> = new Set(['connection', 'secureConnection']);

/** A listener that receives sockets, or the callback of `createServer()` / `new Server()`. */
export interface Registration {
  fn: TSESTree.FunctionLike;
  /** 'connection', 'upgrade', 'connect', or 'createServer' for the callback of `createServer()`/`new Server()`. */
  event: string;
  /** The server or request the listener is registered on (undefined for `createServer` callbacks). */
  receiver: TSESTree.Expression | undefined;
  /** The call that registers it. */
  call: TSESTree.CallExpression | TSESTree.NewExpression;
}

/**
 * Does a 'connection' / 'secureConnection' listener of the same server attach an 'error'
 * listener to every socket right away? Then the sockets it later hands to 'connect' and
 * 'upgrade' listeners already have one.
 */
export function coveredByConnectionListener(receiver: TSESTree.Expression | undefined, registrations: readonly Registration[], sourceCode: SourceCode): boolean {
  const key = receiver && referenceKey(receiver, sourceCode);
  if (key === undefined) return false;
  return registrations.some((other) => {
    if (!CONNECTION_EVENTS.has(other.event) || !other.receiver || referenceKey(other.receiver, sourceCode) !== key) return false;
    const param = runtimeParams(other.fn)[0];
    const identifier = param && paramIdentifier(param);
    return identifier !== undefined && listensRightAway(other.fn, identifier, sourceCode);
  });
}

/**
 * Does another 'connection' listener of the same server, or the callback given to
 * `createServer()`, take the socket in hand (listens for its 'error', destroys it, or hands it on,
 * now or later)? Every listener receives each connection; one that only reads it (logs its
 * address) leaves it to that one, which is the one to report if it listens too late.
 */
export function ownedByAnotherConnectionListener(registration: Registration, registrations: readonly Registration[], sourceCode: SourceCode): boolean {
  const key = serverKey(registration, sourceCode);
  // One name given two servers (`this._server = tls ? https.createServer(…) : net.createServer(start)`):
  // which listener belongs to which cannot be told.
  if (key === undefined || serverCreations(key, sourceCode).length !== 1) return false;
  return registrations.some(
    (other) =>
      other !== registration &&
      other.fn !== registration.fn &&
      (CONNECTION_EVENTS.has(other.event) || other.event === 'createServer') &&
      serverKey(other, sourceCode) === key &&
      (parameterSummary(other.fn, 0, sourceCode) ?? 'none') !== 'none',
  );
}

/**
 * Was the server of a connection listener made with `pauseOnConnect: true`? Its sockets read and
 * write nothing until the application resumes or writes to them, so no error reaches them before
 * (measured: test/live/require-error-listener.live.test.ts); a listener added later, before
 * that, is in time.
 */
export function pausedOnConnect(registration: Registration, sourceCode: SourceCode): boolean {
  let creation: TSESTree.Node | undefined = registration.event === 'createServer' ? registration.call : undefined;
  const key = creation ? undefined : serverKey(registration, sourceCode);
  if (key !== undefined) {
    const made = serverCreations(key, sourceCode);
    if (made.length === 1) creation = made[0];
  }
  if (creation?.type !== AST_NODE_TYPES.CallExpression && creation?.type !== AST_NODE_TYPES.NewExpression) return false;
  const [options] = creation.arguments;
  return (
    options?.type === AST_NODE_TYPES.ObjectExpression &&
    options.properties.some(
      (property) => property.type === AST_NODE_TYPES.Property && literalKey(property) === 'pauseOnConnect' && property.value.type === AST_NODE_TYPES.Literal && property.value.value === true,
    )
  );
}

/** The calls (`net.createServer(…)`, `new Server(…)`) the file stores under `key`. */
function serverCreations(key: string, sourceCode: SourceCode): TSESTree.Node[] {
  const made: TSESTree.Node[] = [];
  for (const node of resourceNodes(sourceCode).nodes) {
    const target = node.type === AST_NODE_TYPES.VariableDeclarator ? node.id : node.type === AST_NODE_TYPES.AssignmentExpression ? node.left : undefined;
    const value = node.type === AST_NODE_TYPES.VariableDeclarator ? node.init : node.type === AST_NODE_TYPES.AssignmentExpression ? node.right : undefined;
    const created = value && skipWrappers(value);
    if (target && (created?.type === AST_NODE_TYPES.CallExpression || created?.type === AST_NODE_TYPES.NewExpression) && referenceKey(target, sourceCode) === key) made.push(created);
  }
  return made;
}

/**
 * Is this 'upgrade' / 'connect' listener the only one of its server, a server the file makes in one
 * place and keeps in a variable it hands to no call (a WebSocket library given `{ server }` adds a
 * listener of its own)? Then no other listener takes the sockets this one leaves: a path that
 * returns without touching the socket keeps it open and unheard (measured: a client's reset after an
 * upgrade the listener ignores crashes the process). A server from elsewhere may be shared by
 * listeners that each take their own upgrades.
 */
export function soleHandoverListener(registration: Registration, registrations: readonly Registration[], sourceCode: SourceCode): boolean {
  const receiver = registration.receiver && skipWrappers(registration.receiver);
  if (!HANDED_OVER_EVENTS.has(registration.event) || receiver?.type !== AST_NODE_TYPES.Identifier) return false;
  const key = serverKey(registration, sourceCode);
  if (key === undefined || serverCreations(key, sourceCode).length !== 1) return false;
  if (registrations.some((other) => other !== registration && other.event === registration.event && serverKey(other, sourceCode) === key)) return false;
  const variable = findVariable(sourceCode.getScope(receiver), receiver);
  return (variable?.references ?? []).every(({ identifier }) => {
    const holder = identifier.parent.type === AST_NODE_TYPES.Property && identifier.parent.value === identifier ? identifier.parent.parent.parent : identifier.parent;
    return !((holder?.type === AST_NODE_TYPES.CallExpression || holder?.type === AST_NODE_TYPES.NewExpression) && holder.callee !== identifier);
  });
}

/** The key of the server a connection listener is on: its receiver, or what the `createServer()` call is stored in. */
function serverKey(registration: Registration, sourceCode: SourceCode): string | undefined {
  if (registration.receiver) return referenceKey(registration.receiver, sourceCode);
  if (registration.event !== 'createServer') return undefined;
  const holder = outermost(registration.call).parent;
  if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.init === outermost(registration.call)) return referenceKey(holder.id, sourceCode);
  if (holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.operator === '=') return referenceKey(holder.left, sourceCode);
  return undefined;
}

/**
 * Is `receiver` a client request (so the detector says, or the file listens for its 'response')
 * the file also listens to for 'connect'? That makes it a CONNECT request: an 'upgrade' listener
 * there never runs.
 */
export function connectRequest(
  receiver: TSESTree.Expression | undefined,
  registrations: readonly Registration[],
  sockets: SocketDetector,
  sourceCode: SourceCode,
): boolean {
  const key = receiver && referenceKey(receiver, sourceCode);
  const sameKey = (node: TSESTree.Node | undefined): boolean => node !== undefined && referenceKey(node, sourceCode) === key;
  if (key === undefined || !registrations.some((other) => other.event === 'connect' && sameKey(other.receiver))) return false;
  if (sockets.match(receiver!)?.kind === 'client-request') return true;
  return fileNodes(sourceCode).calls.some((call) => {
    const listener = listenerCallOf(call, sourceCode);
    return listener?.event === 'response' && sameKey(listener.target);
  });
}

/** The name an HTTP handler gives its request. */
const REQUEST_NAME = /^req(?:uest)?$/iu;

/** A function another module calls with an upgrade's request and socket. */
export interface ForeignHandler {
  fn: FunctionNode;
  /** The socket parameter. */
  param: TSESTree.Identifier;
  /** Where the function takes the socket from the request instead (`req.socket`), when it never reads `param`. */
  read?: TSESTree.MemberExpression;
}

/** The one read of the request's socket (`req.socket`, `req.connection`) that keeps it (`this.stream = req.socket`). */
function requestSocketRead(request: TSESTree.Identifier, sourceCode: SourceCode): TSESTree.MemberExpression | undefined {
  const reads = (findVariable(sourceCode.getScope(request), request)?.references ?? []).flatMap(({ identifier }) => {
    const member = identifier.parent;
    return member.type === AST_NODE_TYPES.MemberExpression && member.object === identifier && ['socket', 'connection'].includes(propertyName(member) ?? '') ? [member] : [];
  });
  const [read] = reads;
  if (reads.length !== 1 || !read) return undefined;
  const store = read.parent;
  return (store.type === AST_NODE_TYPES.AssignmentExpression && store.right === read) || (store.type === AST_NODE_TYPES.VariableDeclarator && store.init === read) ? read : undefined;
}

/**
 * Functions of the file with the signature of an 'upgrade' / 'connect' handler, `(req, socket…)`
 * (the second parameter named as a socket by `namePattern`), that the file neither calls nor passes
 * anywhere: another module hands them a request and its socket, which Node hands over without its
 * 'error' listener. Only the functions that make calls are looked at (one that does nothing with
 * the socket leaves it to its caller).
 */
export function foreignUpgradeHandlers(sourceCode: SourceCode, namePattern: RegExp): ForeignHandler[] {
  const found: ForeignHandler[] = [];
  for (const fn of resourceNodes(sourceCode).callsIn.keys()) {
    const [first, second] = fn.params;
    if (first?.type !== AST_NODE_TYPES.Identifier || second?.type !== AST_NODE_TYPES.Identifier) continue;
    if (!REQUEST_NAME.test(first.name) || !namePattern.test(second.name)) continue;
    // A callback (`x.on('upgrade', (req, socket) => …)`, `then((req, socket) => …)`) is the caller's business.
    if (fn.parent.type === AST_NODE_TYPES.CallExpression || fn.parent.type === AST_NODE_TYPES.NewExpression) continue;
    if (callsOf(fn, sourceCode).length > 0 || passedOn(fn, sourceCode)) continue;
    if (keeps(second, sourceCode)) {
      found.push({ fn, param: second });
      continue;
    }
    // The socket read off the request (`this.stream = req.socket`): Node's request holds the same socket.
    const read = requestSocketRead(first, sourceCode);
    if (read) found.push({ fn, param: second, read });
  }
  return found;
}

/**
 * Does the function do anything with the socket but destroy it? One that only destroys it, or never
 * reads it (a step of a chain of handlers that declines), leaves it to its caller.
 */
function keeps(param: TSESTree.Identifier, sourceCode: SourceCode): boolean {
  const variable = findVariable(sourceCode.getScope(param), param);
  return (variable?.references ?? []).some(({ identifier }) => {
    const member = identifier.parent;
    return !(member.type === AST_NODE_TYPES.MemberExpression && member.object === identifier && propertyName(member) === 'destroy' && member.parent.type === AST_NODE_TYPES.CallExpression);
  });
}

/** Is `fn` named by the file elsewhere: a method by `.name`, a function read but not called (handed on, stored)? */
function passedOn(fn: FunctionNode, sourceCode: SourceCode): boolean {
  const holder = fn.parent;
  if ((holder.type === AST_NODE_TYPES.MethodDefinition || holder.type === AST_NODE_TYPES.Property) && holder.value === fn) {
    // A method the file names at all (`gateway.onUpgrade(req, socket)`, `this.onUpgrade.bind(this)`):
    // the file's own flow follows the socket there.
    const key = holder.key.type === AST_NODE_TYPES.Identifier && !holder.computed ? holder.key.name : undefined;
    return key === undefined || new RegExp(`\\.${key.replaceAll('$', '\\$')}(?![\\w$])`, 'u').test(sourceCode.text);
  }
  if (holder.type === AST_NODE_TYPES.AssignmentExpression && holder.right === fn && holder.left.type === AST_NODE_TYPES.MemberExpression) {
    // `Gateway.prototype.onUpgrade = function (req, socket) {…}`: named once where it is defined.
    const key = holder.left.property.type === AST_NODE_TYPES.Identifier && !holder.left.computed ? holder.left.property.name : undefined;
    return key === undefined || (sourceCode.text.match(new RegExp(`\\.${key.replaceAll('$', '\\$')}(?![\\w$])`, 'gu'))?.length ?? 0) > 1;
  }
  // `function (req, socket) {…}.bind(this)`: the bound copy is the file's value (given as a
  // listener, stored), and its calls are the file's own.
  if (holder.type === AST_NODE_TYPES.MemberExpression && holder.object === fn && propertyName(holder) === 'bind' && holder.parent.type === AST_NODE_TYPES.CallExpression) return true;
  // Read as a value, not called (handed to another function, stored); given to other modules
  // (`module.exports = WebSocket`) or made a class (`util.inherits(WebSocket, Stream)`,
  // `WebSocket.prototype.send = …`) is no hand-off within the file.
  return (namingReferences(fn, sourceCode) ?? []).some(({ identifier }) => !(identifier.parent.type === AST_NODE_TYPES.CallExpression && identifier.parent.callee === identifier) && !exportedOrExtended(identifier as TSESTree.Identifier));
}

/** `module.exports = X`, `exports.X = X`, `X.X = X`, `export default X`, `X.prototype…`, `util.inherits(X, Base)`. */
function exportedOrExtended(identifier: TSESTree.Identifier): boolean {
  const parent = identifier.parent;
  switch (parent.type) {
    case AST_NODE_TYPES.MemberExpression:
      return parent.object === identifier;
    case AST_NODE_TYPES.ExportDefaultDeclaration:
    case AST_NODE_TYPES.ExportSpecifier:
      return true;
    case AST_NODE_TYPES.CallExpression:
      return parent.arguments[0] === identifier && calleeName(parent) === 'inherits';
    case AST_NODE_TYPES.AssignmentExpression: {
      if (parent.right !== identifier || parent.left.type !== AST_NODE_TYPES.MemberExpression) return false;
      const target = parent.left.object;
      if (target.type !== AST_NODE_TYPES.Identifier) return target.type === AST_NODE_TYPES.MemberExpression && target.object.type === AST_NODE_TYPES.Identifier && target.object.name === 'module' && propertyName(target) === 'exports';
      return target.name === identifier.name || target.name === 'exports' || (target.name === 'module' && propertyName(parent.left) === 'exports');
    }
    default:
      return false;
  }
}

/**
 * Is `receiver` an HTTP/2 session: the detector says so (`http2.connect()`), or it is the first
 * parameter of a 'session' listener (`server.on('session', (session) => …)`)? Its 'connect' event
 * passes `(session, socket)`, and that socket keeps Node's own 'error' listener (measured: one
 * listener, and a destroy with ECONNRESET crashes nothing), unlike an HTTP server's `(req, socket, head)`.
 */
export function isHttp2Session(receiver: TSESTree.Expression | undefined, sockets: SocketDetector, sourceCode: SourceCode): boolean {
  if (!receiver) return false;
  if (sockets.match(receiver)?.kind === 'http2-session') return true;
  if (receiver.type !== AST_NODE_TYPES.Identifier) return false;
  const declared = findVariable(sourceCode.getScope(receiver), receiver)?.defs[0];
  const fn = declared?.type === TSESLint.Scope.DefinitionType.Parameter ? (declared.node as FunctionNode) : undefined;
  if (!fn || runtimeParams(fn)[0] !== declared?.name) return false;
  const listener = fn.parent.type === AST_NODE_TYPES.CallExpression ? listenerCallOf(fn.parent, sourceCode) : undefined;
  return listener?.event === 'session' && listener.listener === fn;
}

/**
 * What the code does with a socket from where it obtains it: the 'error' listeners it attaches,
 * where the socket leaves the function's hands (returned, stored outside, passed to a call, given
 * to `pipeline`), and where it is destroyed, following the local variables that hold it and the
 * methods that return it (`socket.setTimeout(…).on(…)`).
 *
 * A hand-off to a function of the same file is followed into it by `summaryOf` (given by
 * src/model/summaries.ts, which builds flows with it, so that neither module imports the other
 * back): the socket is handled there only if that function listens or hands it on, and only as
 * early as it does; with type information, so is a hand-off to a function or constructor another
 * module of the project declares (src/model/imported-functions.ts). A hand-off to anything else
 * counts as handled (the callee may attach a listener). Calls
 * that keep no listener (logging, `source.pipe(socket)`, our own `onSocketClose`/`endGracefully`)
 * are no hand-off.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';

import { isLoggingCall } from '../code-dispatch.js';
import { helperOf } from '../helper-imports.js';
import { LIBRARY_CHAIN_METHODS, type LibraryObject } from '../libraries.js';
import { LISTEN_METHODS, listenerCallOf, referenceKey } from '../listeners.js';
import { dottedName, enclosingFunction, isFunction, keyName, propertyName, skipWrappers } from './ast.js';
import { holdsThis } from './classes.js';
import { proxiedWithoutListener } from './http-proxies.js';
import { collectionLookup, keptInCollection, keptInRecord, startedEntry } from './collection-stores.js';
import { variableOf } from './dead-socket.js';
import { localFieldHolder } from './field-holders.js';
import { callsOf, fileNodes } from './file-nodes.js';
import { namingReferences } from './functions.js';
import { bindsOwnMethod, instanceFieldHandled, instanceFieldName, storedAndWired } from './instance-fields.js';
import { onlyKeeps, onlyKeepsUndeclared } from './kept-variables.js';
import { type Origin, type Owner, ownerOf, type SocketFlow, type SummaryOf, type Use } from './socket-flow.js';

export type { Effect, SocketFlow, Use } from './socket-flow.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;

/** Methods that return the socket they are called on. */
const CHAIN_METHODS = new Set([
  ...LISTEN_METHODS,
  'off',
  'removeListener',
  'removeAllListeners',
  'setMaxListeners',
  'setTimeout',
  'setNoDelay',
  'setKeepAlive',
  'setEncoding',
  'ref',
  'unref',
  'pause',
  'resume',
  'cork',
  'uncork',
  'connect',
]);
const DESTROY_METHODS = new Set(['destroy', 'resetAndDestroy']);

/**
 * What the function a call or `new` runs does with the socket given at `argument` (src/model/summaries.ts);
 * undefined when it is not followed.
 */
export type CallSummaryOf = (call: TSESTree.CallExpression | TSESTree.NewExpression, argument: Node) => ReturnType<SummaryOf>;

/** A hand-off to a function of the file is not followed: it counts as handled. */
const NO_SUMMARY: CallSummaryOf = () => undefined;

/** What the code does with the socket `creation` makes (a call, a `new`, an awaited library call). */
export function traceCreation(creation: Node, sourceCode: SourceCode, summaryOf: CallSummaryOf = NO_SUMMARY, library?: LibraryObject): SocketFlow {
  const origin: Origin = { owner: ownerOf(creation, sourceCode), node: creation, from: creation.range[1] };
  const flow = newFlow(origin, library);
  follow(creation, { flow, seen: new Set(), sourceCode, summaryOf });
  return flow;
}

/** What `fn` does with the socket its parameter `identifier` receives, from the start of its body. */
export function traceParameter(
  fn: TSESTree.FunctionLike,
  identifier: TSESTree.Identifier,
  sourceCode: SourceCode,
  summaryOf: CallSummaryOf = NO_SUMMARY,
  library?: LibraryObject,
): SocketFlow {
  const origin: Origin = { owner: fn, node: identifier, from: fn.body ? fn.body.range[0] : fn.range[0] };
  const flow = newFlow(origin, library);
  const variable = variableOf(identifier, sourceCode);
  const trace: Trace = { flow, seen: new Set(variable ? [variable] : []), sourceCode, summaryOf };
  for (const ref of variable?.references ?? []) if (ref.isRead()) follow(ref.identifier, trace);
  return flow;
}

/**
 * What `fn` does with the socket an options object brings in its parameter `identifier` under
 * `key` (`constructor(opts) { this.socket = opts.socket; }` given `new Session({ socket })`): every
 * read of `opts.socket` is followed as the socket. Undefined when the parameter is used any other
 * way than by reading its properties (passed on whole, written, spread), or never reads `key`.
 */
export function traceOptionsMember(fn: TSESTree.FunctionLike, identifier: TSESTree.Identifier, key: string, sourceCode: SourceCode, summaryOf: CallSummaryOf): SocketFlow | undefined {
  const variable = variableOf(identifier, sourceCode);
  const reads: TSESTree.MemberExpression[] = [];
  for (const ref of variable?.references ?? []) {
    if (ref.init) continue;
    const member = ref.identifier.parent;
    if (!ref.isReadOnly() || member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== ref.identifier || member.computed) return undefined;
    const holder = member.parent;
    if ((holder.type === AST_NODE_TYPES.AssignmentExpression && holder.left === member) || holder.type === AST_NODE_TYPES.UpdateExpression) return undefined;
    if (propertyName(member) === key) reads.push(member);
  }
  if (reads.length === 0) return undefined;
  const flow = newFlow({ owner: fn, node: identifier, from: fn.body ? fn.body.range[0] : fn.range[0] }, undefined);
  const trace: Trace = { flow, seen: new Set(variable ? [variable] : []), sourceCode, summaryOf };
  for (const read of reads) follow(read, trace);
  return flow;
}

/** One socket being followed: its flow, the variables already followed, and how calls of the file are summarised. */
interface Trace {
  flow: SocketFlow;
  seen: Set<Variable>;
  sourceCode: SourceCode;
  summaryOf: CallSummaryOf;
}

function newFlow(origin: Origin, library: LibraryObject | undefined): SocketFlow {
  return library ? { origin, uses: [], names: [], reads: [], library } : { origin, uses: [], names: [], reads: [] };
}

/** Is the call's value stored: `const x = call`, `x = call`? */
function kept(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  return (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === call) || (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === call);
}

/** Follows the socket's value from `start` (a creation or a read of its variable) and records what is done with it. */
function follow(start: Node, trace: Trace): void {
  const { flow, sourceCode } = trace;
  const use = (effect: Use['effect'], at: Node, when?: Use['when'] | { handOff: Exclude<Use['when'], 'now' | undefined> }): void => {
    if (typeof when === 'object') flow.uses.push({ effect, at, from: start, when: when.handOff, handedOn: true });
    else flow.uses.push(when === undefined ? { effect, at, from: start } : { effect, at, from: start, when });
  };
  if (start.type === AST_NODE_TYPES.Identifier) flow.reads.push(start);
  let node = start;
  for (;;) {
    const parent = node.parent;
    if (!parent) return;
    switch (parent.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.ChainExpression:
      case AST_NODE_TYPES.SequenceExpression:
        if (parent.type === AST_NODE_TYPES.SequenceExpression && parent.expressions.at(-1) !== node) return;
        node = parent;
        continue;
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test === node) return;
        node = parent;
        continue;
      case AST_NODE_TYPES.LogicalExpression:
        if (parent.operator === '&&' && parent.left === node) return;
        node = parent;
        continue;
      case AST_NODE_TYPES.MemberExpression: {
        if (parent.object !== node) return use('escape', parent);
        if (flow.library && libraryListensAt(parent, flow.library)) return use('listener', parent);
        const call = parent.parent;
        if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return;
        const method = propertyName(parent) ?? '';
        if (LISTEN_METHODS.has(method)) {
          const listener = listenerCallOf(call, sourceCode);
          // A listener for an event that is not a constant may well be the 'error' one.
          if (!listener || listener.event === 'error') {
            use('listener', call);
            return;
          }
        }
        if (DESTROY_METHODS.has(method) || flow.library?.releasedBy?.includes(method)) {
          use('destroy', call);
          return;
        }
        // `end()` returns the socket or request too (measured), followed where its value is kept:
        // `const req = http.request(opts).end()` (not `() => socket.end()`, which returns nothing anyone reads).
        if (!(flow.library ? LIBRARY_CHAIN_METHODS : CHAIN_METHODS).has(method) && !(method === 'end' && !flow.library && kept(call))) return;
        node = call;
        continue;
      }
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression: {
        if (parent.callee === node) return;
        const callee = skipWrappers(parent.callee);
        // `source.pipe(socket)` adds no listener that keeps errors from crashing, and returns the socket.
        if (callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'pipe') {
          node = parent;
          continue;
        }
        if (isLoggingCall(parent)) return;
        // `socket.write.bind(socket)`: the bound function only calls the socket's own method.
        if (bindsOwnMethod(parent, node, sourceCode)) return;
        // A socket put in a Set or array, or looked up there, gets no listener (src/model/collection-stores.ts).
        if (keptInCollection(parent, node, sourceCode, trace.summaryOf) || collectionLookup(parent, node, sourceCode)) return;
        if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === node && keepsNoErrorListener(parent, sourceCode)) return;
        // http-proxy's `proxy.ws(req, socket, head)` listens only once the target answers (src/model/http-proxies.ts).
        if (parent.type === AST_NODE_TYPES.CallExpression && proxiedWithoutListener(parent, node, sourceCode)) return;
        if (parent.type === AST_NODE_TYPES.CallExpression && announcesConnection(parent, sourceCode) && carriesTraffic(node, sourceCode)) return;
        if (parent.type === AST_NODE_TYPES.CallExpression && emitsOnItself(parent, node, sourceCode)) return;
        const helper = trace.summaryOf(parent, node);
        // A function of this file (or, typed, of another module) is followed: it handles the socket only if it listens or hands it on.
        if (helper === 'none') return;
        // Passed to another module with each chunk or message it reads: the socket goes along as
        // the one to answer, as it does with every request, not into anyone's keeping.
        if (helper === undefined && inOwnReadListener(parent, start, sourceCode)) return;
        use('escape', parent, helper === undefined || helper === 'now' ? undefined : helper);
        return;
      }
      case AST_NODE_TYPES.VariableDeclarator:
        if (parent.init !== node) return;
        if (parent.id.type === AST_NODE_TYPES.Identifier) track(parent.id, parent.id, start, trace);
        else if (parent.id.type !== AST_NODE_TYPES.ObjectPattern) use('escape', parent);
        return;
      case AST_NODE_TYPES.AssignmentExpression:
        if (parent.right !== node) return;
        if (parent.left.type === AST_NODE_TYPES.Identifier) track(parent.left, parent, start, trace);
        else if (!storedUnheard(instanceFieldName(parent.left, sourceCode), node, flow, sourceCode, fieldOwner(parent.left, sourceCode)) && !keptInCollection(parent, node, sourceCode, trace.summaryOf) && !followField(parent, start, trace)) {
          use('escape', parent);
        }
        node = parent;
        continue;
      case AST_NODE_TYPES.ExpressionStatement:
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
      case AST_NODE_TYPES.ForStatement:
      case AST_NODE_TYPES.UnaryExpression:
      case AST_NODE_TYPES.BinaryExpression:
      case AST_NODE_TYPES.TemplateLiteral:
      case AST_NODE_TYPES.SwitchStatement:
      case AST_NODE_TYPES.SwitchCase:
        return;
      case AST_NODE_TYPES.Property: {
        // `clients[id] = { ws, rooms: [] }`: a record kept in a collection of the file (src/model/collection-stores.ts).
        if (parent.value === node && keptInRecord(parent, sourceCode, flow.library !== undefined)) return;
        // `join({ a, b: socket })`: a function of the file that destructures `b` is followed like a parameter.
        const call = parent.value === node && parent.parent.type === AST_NODE_TYPES.ObjectExpression ? parent.parent.parent : undefined;
        const helper = (call?.type === AST_NODE_TYPES.CallExpression || call?.type === AST_NODE_TYPES.NewExpression) && call.callee !== parent.parent ? trace.summaryOf(call, parent) : undefined;
        if (helper === 'none') return;
        use('escape', helper === undefined ? parent : call!, helper === 'now' ? undefined : helper);
        return;
      }
      case AST_NODE_TYPES.PropertyDefinition: {
        // `private socket = dgram.createSocket('udp4')`: stored on the instance, like `this.socket = …`.
        const name = parent.value === node && !parent.static && !parent.computed ? keyName(parent.key) : undefined;
        if (!storedUnheard(name, node, flow, sourceCode, `this@${parent.parent.parent.range[0]}`)) use('escape', parent);
        return;
      }
      case AST_NODE_TYPES.ArrayExpression:
        // `lists[topic] = [ws]`: a list of the file's collection, like `lists[topic].push(ws)`.
        if (!startedEntry(parent, node, sourceCode)) use('escape', parent);
        return;
      case AST_NODE_TYPES.ArrowFunctionExpression:
        // What a listener returns is dropped; what any other arrow returns is handed on.
        if (parent.body !== node || isListenerArgument(parent)) return;
        // The arrow that makes it hands it on when it runs (at the value, inside it); one that
        // returns a socket made outside (`accept(() => socket)`) hands it on where the arrow goes.
        use('escape', flow.origin.owner === parent ? node : parent);
        return;
      case AST_NODE_TYPES.ReturnStatement: {
        // `return socket.on('close', …)` (compiled CoffeeScript returns its last expression): dropped
        // by the emitter that runs the listener, or by every call of the file that runs the function.
        const fn = enclosingFunction(parent);
        if (fn && returnDropped(fn, sourceCode)) return;
        use('escape', parent);
        return;
      }
      default:
        // Returned, yielded, thrown, exported, put in an object or array, spread...: handed on.
        use('escape', parent);
        return;
    }
  }
}

/**
 * The event a stream socket emits for each chunk it reads. (A WebSocket's 'message' is left out: a
 * command in one, `rooms.join(name, conn)`, often does put the connection into keeping.)
 */
const READ_EVENTS: ReadonlySet<string> = new Set(['data']);
/** Events after which the socket is closed (or closing): handed on there, nobody keeps it alive. */
const ENDED_EVENTS: ReadonlySet<string> = new Set(['close', 'end']);

/**
 * Is `call` in a listener the socket `read` holds registers on itself for every chunk
 * (`socket.on('data', (chunk) => broker.dispatch(chunk, socket))`), or for its end ('close',
 * 'end': `broker.emit('left', socket)`)? A one-time listener for its first bytes (`once('data', …)`,
 * sniffing them to pick a server) may well hand it over.
 */
function inOwnReadListener(call: Node, read: Node, sourceCode: SourceCode): boolean {
  if (read.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = variableOf(read, sourceCode);
  for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
    const registration = fn.parent.type === AST_NODE_TYPES.CallExpression ? listenerCallOf(fn.parent, sourceCode) : undefined;
    if (!registration || registration.listener !== fn) continue;
    const target = skipWrappers(registration.target);
    const passedAlong = (registration.method === 'on' && READ_EVENTS.has(registration.event)) || ENDED_EVENTS.has(registration.event);
    return passedAlong && target.type === AST_NODE_TYPES.Identifier && variable !== undefined && variableOf(target, sourceCode) === variable;
  }
  return false;
}

/**
 * Our `onSocketClose(socket, …)` and `endGracefully(socket, …)` (imported from
 * `eslint-plugin-socket-errors/codes`) take no ownership of the socket: the first only waits for
 * 'close', the second listens to 'error' only while it ends the socket. The project's own
 * function of either name may attach a listener, so it still counts as a hand-off.
 */
function keepsNoErrorListener(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const helper = helperOf(call.callee, sourceCode.getScope(call), sourceCode);
  return helper === 'onSocketClose' || helper === 'endGracefully';
}

/**
 * `client.emit('connection', client, req)`: the socket given to its own `emit` reaches only its own
 * listeners, which the file adds; no one else is handed anything.
 */
function emitsOnItself(call: TSESTree.CallExpression, value: Node, sourceCode: SourceCode): boolean {
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(callee) !== 'emit' || value.type !== AST_NODE_TYPES.Identifier) return false;
  const emitter = skipWrappers(callee.object);
  return emitter.type === AST_NODE_TYPES.Identifier && emitter.name === value.name && variableOf(emitter, sourceCode) === variableOf(value, sourceCode);
}

/** Events that tell of a connection: Node's HTTP servers emit them with sockets they listen to themselves. */
const ANNOUNCING_EVENTS: ReadonlySet<unknown> = new Set(['connection', 'secureConnection']);

/**
 * `this.emit('connection', socket)` in a class of the file. With `carriesTraffic`, it tells its
 * users of a connection the class serves itself, as Node's HTTP servers tell theirs of one they
 * already listen to, and hands on no duty to listen. Not in a class that extends a server (`class
 * Proxy extends net.Server`), whose own 'connection' listener may be Node's, nor on any other
 * emitter (`httpServer.emit('connection', socket)` gives the socket to Node's HTTP server, which listens).
 */
function announcesConnection(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const callee = skipWrappers(call.callee);
  const event = call.arguments[0];
  if (callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(callee) !== 'emit') return false;
  if (event?.type !== AST_NODE_TYPES.Literal || !ANNOUNCING_EVENTS.has(event.value) || !holdsThis(callee.object, sourceCode)) return false;
  for (let current: Node | undefined = call.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassDeclaration || current.type === AST_NODE_TYPES.ClassExpression) {
      return !current.superClass || !/Server$/u.test(dottedName(current.superClass) ?? 'Server');
    }
  }
  return true;
}

/**
 * Does the function pipe the socket held by `value` (`endpoint.pipe(socket)`, `socket.pipe(parser)`)
 * or write to it: it carries the connection's traffic itself. A socket it only passes on
 * (`this.emit('connection', socket)` in a transport that wraps nothing) is the listener's to keep,
 * as a `net.Server`'s or a WebSocket server's 'connection' socket is.
 */
function carriesTraffic(value: Node, sourceCode: SourceCode): boolean {
  const variable = value.type === AST_NODE_TYPES.Identifier ? variableOf(value, sourceCode) : undefined;
  return (variable?.references ?? []).some(({ identifier }) => {
    const parent = identifier.parent;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
      const method = propertyName(parent);
      return (method === 'pipe' || method === 'write') && parent.parent.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent;
    }
    return parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(identifier as TSESTree.Identifier) && parent.callee.type === AST_NODE_TYPES.MemberExpression && propertyName(parent.callee) === 'pipe';
  });
}

/** Calls that run a function given to them and drop what it returns: timers, `forEach`. */
const DROP_RETURNS: ReadonlySet<string> = new Set(['setTimeout', 'setInterval', 'setImmediate', 'nextTick', 'queueMicrotask', 'forEach']);

/** Is `fn` given to `x.on(event, fn)`, `createServer(fn)`, `new Promise(fn)`, a timer or `forEach`, whose return value nobody reads? */
function isListenerArgument(fn: Node): boolean {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression && call?.type !== AST_NODE_TYPES.NewExpression) return false;
  if (!call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
  const callee = skipWrappers(call.callee);
  // A promise's executor: what it returns is dropped (`new Promise((resolve) => https.get(url, resolve))`).
  if (call.type === AST_NODE_TYPES.NewExpression && callee.type === AST_NODE_TYPES.Identifier && callee.name === 'Promise' && call.arguments[0] === fn) return true;
  const name =
    callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : callee.type === AST_NODE_TYPES.Identifier ? callee.name : undefined;
  return name !== undefined && (LISTEN_METHODS.has(name) || DROP_RETURNS.has(name) || name === 'createServer' || name === 'Server');
}

/**
 * Is what `fn` returns dropped: it is a listener, or the file calls it (by name, `this.m()`,
 * `Conn.prototype.m`) only where the value goes nowhere (a statement of its own, or what a
 * listener returns), and reads it nowhere else?
 */
function returnDropped(fn: Node, sourceCode: SourceCode, depth = 0): boolean {
  if (isListenerArgument(fn)) return true;
  if (depth > 1 || !isFunction(fn)) return false;
  const calls = callsOf(fn, sourceCode);
  if (calls.length === 0 || (namingReferences(fn, sourceCode) ?? []).length > calls.length) return false;
  return calls.every((call) => {
    const holder = call.parent;
    if (holder.type === AST_NODE_TYPES.ExpressionStatement) return true;
    const caller = holder.type === AST_NODE_TYPES.ReturnStatement ? enclosingFunction(holder) : holder.type === AST_NODE_TYPES.ArrowFunctionExpression && holder.body === call ? holder : undefined;
    return caller !== undefined && returnDropped(caller, sourceCode, depth + 1);
  });
}

/** The root of a field's reference key (`this@<class>` of `this.socket`), when it has one. */
function fieldOwner(target: TSESTree.Expression, sourceCode: SourceCode): string | undefined {
  const key = referenceKey(target, sourceCode);
  const dot = key?.lastIndexOf('.') ?? -1;
  return dot > 0 ? key!.slice(0, dot) : undefined;
}

/** Is the library object a UDP socket, which its own class uses by sending (src/model/instance-fields.ts)? */
function fieldKind(flow: SocketFlow): 'udp' | undefined {
  return flow.library?.id === 'dgram.createSocket' ? 'udp' : undefined;
}

/**
 * Stored on the instance field `name` (`this.conn = net.connect()`, or a class field's
 * initialiser), and the file never listens for 'error' on that field nor hands it on
 * (src/model/instance-fields.ts): still without a listener. The same for the library objects
 * (a WebSocket the class listens to with `this.ws.onmessage = …` and never for 'error').
 */
function storedUnheard(name: string | undefined, value: Node, flow: SocketFlow, sourceCode: SourceCode, owner?: string): boolean {
  if (name === undefined) return false;
  const stored = value.type === AST_NODE_TYPES.Identifier ? variableOf(value, sourceCode) : undefined;
  return stored ? storedAndWired(name, stored, fileNodes(sourceCode).calls, sourceCode) : !instanceFieldHandled(name, fileNodes(sourceCode).calls, sourceCode, owner, fieldKind(flow));
}

/**
 * Stored on a field of a local object (`endpoint.socket = net.connect()`, src/model/field-holders.ts):
 * the field's reads are followed, and the holder's hand-offs are the socket's. Node's sockets only.
 */
function followField(store: TSESTree.AssignmentExpression, from: Node, trace: Trace): boolean {
  const { flow, sourceCode } = trace;
  const held = flow.library ? undefined : localFieldHolder(store, sourceCode);
  if (!held) return false;
  for (const at of held.escapes) flow.uses.push({ effect: 'escape', at, from });
  for (const read of held.reads) follow(read, trace);
  return true;
}

/** Is `variable` declared inside `owner` (so its other uses are still `owner`'s business)? */
function isLocalTo(variable: Variable, owner: Owner): boolean {
  const declared = variable.defs[0]?.name;
  if (!declared || declared.range[0] < owner.range[0] || declared.range[1] > owner.range[1]) return false;
  // `export const socket = ...` hands it to every importer.
  const declaration = variable.defs[0]?.parent;
  return declaration?.parent?.type !== AST_NODE_TYPES.ExportNamedDeclaration;
}

/** The socket was stored in `identifier`: a local variable is followed, anything else is handed on. */
function track(identifier: TSESTree.Identifier, at: Node, from: Node, trace: Trace): void {
  const { flow, seen, sourceCode } = trace;
  const variable = variableOf(identifier, sourceCode);
  if (!variable || !isLocalTo(variable, flow.origin.owner)) {
    // `current = socket` in a variable of the file that only ever uses what it holds: no hand-off.
    const kept = variable ? onlyKeeps(variable) : onlyKeepsUndeclared(identifier, sourceCode);
    if (!kept) flow.uses.push({ effect: 'escape', at, from });
    // The name the file knows a socket it makes by, when it has no other.
    else if (flow.names.length === 0 && flow.origin.node.type !== AST_NODE_TYPES.Identifier) flow.names.push(identifier);
    return;
  }
  if (seen.has(variable)) return;
  seen.add(variable);
  flow.names.push(identifier);
  for (const ref of variable.references) {
    if (ref.isRead()) follow(ref.identifier, trace);
  }
}

/** ws's WebSocket, made by the client or received by a server's 'connection' listener: one class. */
const WS_SOCKETS: ReadonlySet<string> = new Set(['ws.WebSocket', 'ws.WebSocketServer#connection']);

/**
 * Listener shapes a library object has beyond EventEmitter's: `ws.onerror = fn` and
 * `ws.addEventListener('error', fn)` (ws's WebSocket implements the browser's API on top of `on`).
 * `member` is `object.property` with the library object as `object`.
 */
function libraryListensAt(member: TSESTree.MemberExpression, library: LibraryObject): boolean {
  if (!WS_SOCKETS.has(library.id) || member.computed || member.property.type !== AST_NODE_TYPES.Identifier) return false;
  const parent = member.parent;
  if (member.property.name === 'onerror') {
    return parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === member && parent.operator === '=';
  }
  if (member.property.name !== 'addEventListener' || parent.type !== AST_NODE_TYPES.CallExpression || parent.callee !== member) return false;
  const [event] = parent.arguments;
  const name = event && event.type !== AST_NODE_TYPES.SpreadElement ? ASTUtils.getStringIfConstant(event) : null;
  return name === null || name === 'error'; // a computed event may well be 'error'
}

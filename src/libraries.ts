/**
 * The sockets applications really hold: objects of database, cache, queue and WebSocket client
 * libraries (and `node:dgram`) that re-emit their connection's errors as an `'error'` event on an
 * object the application owns. With no `'error'` listener on it, the first routine network error
 * ends the process with "Unhandled 'error' event", exactly as a bare `net.Socket` does.
 *
 * One entry per library object, beside the error-code table (src/codes.ts). Every entry's facts
 * were measured on Node 20, 127.0.0.1, against the library version in package.json's
 * devDependencies: `test/live/libraries.live.test.ts` provokes the failure for each object in a
 * child process and shows the crash without a listener and the survival with one. Objects whose
 * crash could not be shown are not in the table: they are in `NOT_CRASHING`, with what happens.
 *
 * The objects are recognised by their import, in every import style, with the tracker that
 * recognises Node's own modules (`traceModuleCalls` in src/socket.ts).
 */
import { ASTUtils, AST_NODE_TYPES, type ParserServicesWithTypeInformation, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

import type { SocketErrorCode } from './codes.js';
import { findVariable, referenceKey } from './listeners.js';
import { calleeMember, isNullish, outermost, propertyName, runtimeParams, skipWrappers } from './model/ast.js';
import { copiedValue } from './model/key-aliases.js';
import { importsFrom } from './model/file-facts.js';
import { instanceOwner, prototypeFields } from './model/prototypes.js';
import { resourceNodes } from './model/resource-walk.js';
import { traceModuleCalls, type TraceMap } from './socket.js';
import { declaredResultType, loadTypeTools } from './type-questions.js';
import { fileNodes } from './model/file-nodes.js';
import { resolveFunction } from './model/functions.js';
import { LISTEN_METHODS } from './model/node-api.js';

export interface LibraryObject {
  /** `package.Export`, unique: `'pg.Pool'`. */
  readonly id: string;
  /** The npm package (or Node module) that provides it. */
  readonly package: string;
  /** The module specifiers it is imported from (none: it comes from another object of the table). */
  readonly modules: readonly string[];
  /** The export that creates it. */
  readonly export: string;
  /**
   * How an application gets the object: `new` of the export, a call of it, or the awaited result of
   * a call (amqplib's `connect()` resolves to the connection), or the parameter of a listener of
   * another object of the table (ws's server-side WebSocket). An un-awaited promise is not the object.
   */
  readonly create: 'new' | 'call' | 'await' | 'listener';
  /** The creation as applications write it, for docs. */
  readonly example: string;
  /** What messages call it. */
  readonly noun: string;
  /** The events it emits that matter for its life. */
  readonly emits: readonly string[];
  /** Measured: with no `'error'` listener, its first error ends the process. */
  readonly crashesWithoutErrorListener: boolean;
  /** How the crash was provoked in the live test, in a few words. */
  readonly provokedBy: string;
  /** Measured: the events after which it is unusable (empty: it lives on, e.g. a pool). */
  readonly deadEvents: readonly string[];
  /** Methods after which the application no longer holds it (like a socket's `destroy()`). */
  readonly releasedBy?: readonly string[];
  /** Measured: it can emit `'error'` more than once, so `once('error')` still crashes on the next one. */
  readonly errorsMoreThanOnce: boolean;
  /**
   * Socket error codes its `'error'` listener received in the live tests: what a server restart or a
   * network blip brings routinely. (A refused first connection of pg, amqplib or a Redis client
   * with no listener yet rejects the `connect()` promise instead.)
   */
  readonly routineErrorCodes: readonly SocketErrorCode[];
  /**
   * Measured: it emits nothing before its `connect()`, and until that call settles every error goes
   * to its callback or rejects its promise, none to `'error'`.
   */
  readonly connectSettlesErrors?: boolean;
}

/** The library objects whose missing `'error'` listener crashes the process (measured). */
export const LIBRARY_OBJECTS: readonly LibraryObject[] = [
  {
    id: 'pg.Pool',
    package: 'pg',
    modules: ['pg'],
    export: 'Pool',
    create: 'new',
    example: 'new Pool(config)',
    noun: 'pool',
    emits: ['connect', 'acquire', 'release', 'remove', 'error'],
    crashesWithoutErrorListener: true,
    provokedBy: 'an idle client whose server resets the connection',
    deadEvents: [],
    errorsMoreThanOnce: true,
    routineErrorCodes: ['ECONNRESET'],
  },
  {
    id: 'pg.PoolClient',
    package: 'pg',
    modules: [],
    export: 'Pool#connect',
    create: 'await',
    example: 'await pool.connect()',
    noun: 'pooled client',
    emits: ['error', 'end'],
    crashesWithoutErrorListener: true,
    provokedBy: 'a client checked out of a pool that has its own listener, whose server resets it',
    deadEvents: ['end'],
    releasedBy: ['release'],
    errorsMoreThanOnce: true,
    routineErrorCodes: ['ECONNRESET'],
  },
  {
    id: 'pg.Client',
    package: 'pg',
    modules: ['pg'],
    export: 'Client',
    create: 'new',
    example: 'new Client(config)',
    noun: 'client',
    emits: ['connect', 'notice', 'notification', 'error', 'end'],
    crashesWithoutErrorListener: true,
    provokedBy: 'a connected client whose server resets the connection',
    deadEvents: ['end'],
    errorsMoreThanOnce: true, // a reset brings ECONNRESET, then "Connection terminated unexpectedly"
    routineErrorCodes: ['ECONNRESET'],
    connectSettlesErrors: true,
  },
  {
    id: 'redis.createClient',
    package: 'redis',
    modules: ['redis', '@redis/client'],
    export: 'createClient',
    create: 'call',
    example: 'createClient(options)',
    noun: 'client',
    emits: ['connect', 'ready', 'reconnecting', 'error', 'end'],
    crashesWithoutErrorListener: true,
    provokedBy: 'a connected client whose server resets the connection',
    deadEvents: ['end'],
    errorsMoreThanOnce: true, // one per failed reconnection attempt
    routineErrorCodes: ['ECONNRESET', 'ECONNREFUSED'],
  },
  {
    id: 'ws.WebSocket',
    package: 'ws',
    // isomorphic-ws is ws in Node: its Node entry is `module.exports = require('ws')`.
    modules: ['ws', 'isomorphic-ws'],
    export: 'WebSocket',
    create: 'new',
    example: 'new WebSocket(url)',
    noun: 'WebSocket',
    emits: ['open', 'message', 'ping', 'pong', 'error', 'close'],
    crashesWithoutErrorListener: true,
    provokedBy: 'a connection to a port nobody listens on',
    deadEvents: ['close'],
    errorsMoreThanOnce: false,
    routineErrorCodes: ['ECONNREFUSED'],
  },
  {
    id: 'ws.WebSocketServer',
    package: 'ws',
    modules: ['ws', 'isomorphic-ws'],
    export: 'WebSocketServer',
    create: 'new',
    example: 'new WebSocketServer({ port })',
    noun: 'WebSocket server',
    emits: ['listening', 'connection', 'headers', 'error', 'close'],
    crashesWithoutErrorListener: true,
    provokedBy: 'listening on a port already taken',
    deadEvents: ['close'],
    errorsMoreThanOnce: false,
    routineErrorCodes: ['EADDRINUSE'],
  },
  {
    id: 'ws.WebSocketServer#connection',
    package: 'ws',
    modules: [],
    export: "WebSocketServer#on('connection')",
    create: 'listener',
    example: "wss.on('connection', (ws) => …)",
    noun: 'WebSocket',
    emits: ['message', 'ping', 'pong', 'error', 'close'],
    crashesWithoutErrorListener: true,
    provokedBy: 'a client that sends an invalid frame',
    deadEvents: ['close'],
    errorsMoreThanOnce: false,
    routineErrorCodes: [],
  },
  {
    id: 'mysql2.createConnection',
    package: 'mysql2',
    modules: ['mysql2'],
    export: 'createConnection',
    create: 'call',
    example: 'mysql.createConnection(config)',
    noun: 'connection',
    emits: ['connect', 'error', 'end'],
    crashesWithoutErrorListener: true,
    provokedBy: 'an idle connection whose server resets it',
    deadEvents: ['error'], // a fatal error (`err.fatal`) is the last event: no 'end' follows a reset
    errorsMoreThanOnce: false,
    routineErrorCodes: ['ECONNRESET', 'ECONNREFUSED'],
  },
  {
    id: 'amqplib.connect',
    package: 'amqplib',
    modules: ['amqplib'],
    export: 'connect',
    create: 'await',
    example: 'await amqp.connect(url)',
    noun: 'AMQP connection',
    emits: ['error', 'close', 'blocked', 'unblocked'],
    crashesWithoutErrorListener: true,
    provokedBy: 'an open connection whose broker resets it',
    deadEvents: ['close'],
    errorsMoreThanOnce: false,
    routineErrorCodes: ['ECONNRESET'],
  },
  {
    id: 'dgram.createSocket',
    package: 'node:dgram',
    modules: ['dgram', 'node:dgram'],
    export: 'createSocket',
    create: 'call',
    example: "dgram.createSocket('udp4')",
    noun: 'UDP socket',
    emits: ['listening', 'message', 'connect', 'error', 'close'],
    crashesWithoutErrorListener: true,
    provokedBy: 'binding to a port already taken, with no callback given to bind()',
    deadEvents: ['close'],
    errorsMoreThanOnce: true, // each failed bind or send
    routineErrorCodes: ['EADDRINUSE'],
  },
];

/**
 * Streams that carry a connection's errors once the application feeds them the connection's data
 * (src/model/fed-streams.ts finds them): node:zlib's decompression streams. A body cut short or
 * corrupted by the server makes the stream emit 'error' (`Z_BUF_ERROR`, `Z_DATA_ERROR`), and the
 * 'error' listener `pipe()` puts on its destination re-emits it when it is the only one, so with
 * none of the application's own the process crashes (test/live/library-connections.live.test.ts).
 * Fed from a file or a buffer the application made, the same stream is not counted.
 */
export const DECOMPRESSION_STREAM: LibraryObject = {
  id: 'zlib.decompression',
  package: 'node:zlib',
  modules: ['zlib', 'node:zlib'],
  export: 'createGunzip',
  create: 'call',
  example: 'res.pipe(zlib.createGunzip())',
  noun: 'decompression stream',
  emits: ['data', 'end', 'error', 'close'],
  crashesWithoutErrorListener: true,
  provokedBy: 'a gzip response body the server cuts short',
  deadEvents: ['close'],
  errorsMoreThanOnce: false,
  routineErrorCodes: [],
};

/** node:zlib's exports that make a decompression stream (a call, or `new` of the class). */
export const DECOMPRESSION_EXPORTS: readonly string[] = [
  'createGunzip', 'createInflate', 'createInflateRaw', 'createUnzip', 'createBrotliDecompress',
  'Gunzip', 'Inflate', 'InflateRaw', 'Unzip', 'BrotliDecompress',
];

/** Library objects that do not crash without a listener (measured too): not in the table, and why. */
export const NOT_CRASHING: readonly { readonly what: string; readonly measured: string }[] = [
  {
    what: '`ioredis` (`new Redis()`)',
    measured: 'prints "[ioredis] Unhandled error event" on stderr and reconnects; the process lives.',
  },
  {
    what: '`mqtt` (`mqtt.connect()`)',
    measured: 'a refused connection and a refused CONNACK are handled inside the client; the process lives.',
  },
  {
    what: "`mysql2`'s pools (`createPool()`) and its promise API (`mysql2/promise`)",
    measured: 'a reset of an idle connection is handled inside; the process lives.',
  },
  {
    what: "`amqplib`'s channels (`connection.createChannel()`)",
    measured:
      "a channel error with no channel listener becomes an 'error' of the connection, which closes with all its channels; the process crashes only if the connection has no listener either.",
  },
];

// ---------------------------------------------------------------------------------------------
// Recognition

let traceMap: TraceMap | undefined;

/** The tracker's map: each module's exports (also under `default`), and for `ws` the module itself. */
function getTraceMap(): TraceMap {
  if (traceMap) return traceMap;
  const { CALL, CONSTRUCT, ESM } = ASTUtils.ReferenceTracker;
  const byModule: Record<string, Record<string | symbol, unknown>> = {};
  for (const entry of LIBRARY_OBJECTS) {
    const member = entry.create === 'new' ? { [CONSTRUCT]: entry } : { [CALL]: entry };
    for (const moduleName of entry.modules) {
      const exports = (byModule[moduleName] ??= {});
      exports[entry.export] = member;
      // ws's module is its WebSocket class, which also carries the server class (and its old name).
      if (entry.id === 'ws.WebSocket') Object.assign(exports, member);
      if (entry.id === 'ws.WebSocketServer') exports.Server = member;
    }
  }
  const map: Record<string, unknown> = {};
  for (const [moduleName, exports] of Object.entries(byModule)) {
    map[moduleName] = { [ESM]: true, ...exports, default: exports };
  }
  traceMap = map as TraceMap;
  return traceMap;
}

/**
 * Text every import or `require` of a library module has: a file without it (most files) is
 * answered without running the tracker. Module names spelt with escapes or computed are not followed.
 */
const LIBRARY_TEXT = /\bpg\b|redis|\bws\b|mysql2|amqplib|dgram/u;

const objectsByProgram = new WeakMap<TSESTree.Program, ReadonlyMap<TSESTree.Node, LibraryObject>>();

/**
 * The library objects a file creates: the `new Pool(…)`, `createClient(…)`, `await amqp.connect(…)`
 * expressions whose value is the object, and which object each is. Built once per file.
 */
export function libraryObjects(sourceCode: Readonly<TSESLint.SourceCode>): ReadonlyMap<TSESTree.Node, LibraryObject> {
  const cached = objectsByProgram.get(sourceCode.ast);
  if (cached) return cached;
  const objects = new Map<TSESTree.Node, LibraryObject>();
  objectsByProgram.set(sourceCode.ast, objects);
  // The imports and `require` calls first: the text names `redis` in every file of a Redis client.
  const traceMap = getTraceMap();
  if (!importsFrom(sourceCode, traceMap) || !LIBRARY_TEXT.test(sourceCode.text)) return objects;
  traceModuleCalls<LibraryObject>(sourceCode, traceMap, (node, entry) => {
    if (entry.create !== 'await') {
      objects.set(node, entry);
      return;
    }
    let value: TSESTree.Node = node;
    while (value.parent && (value.parent.type === AST_NODE_TYPES.TSAsExpression || value.parent.type === AST_NODE_TYPES.TSNonNullExpression)) {
      value = value.parent;
    }
    if (value.parent?.type === AST_NODE_TYPES.AwaitExpression) objects.set(value.parent, entry);
  });
  const pooledClient = LIBRARY_OBJECTS.find((entry) => entry.id === 'pg.PoolClient')!;
  const serverSide = LIBRARY_OBJECTS.find((entry) => entry.id === 'ws.WebSocketServer#connection')!;
  for (const [node, entry] of [...objects]) {
    // Through a cast (`new WebSocketServer(…) as AppServer`).
    const sameObject = (other: TSESTree.Node): boolean => objects.get(skipWrappers(other))?.id === entry.id;
    if (entry.id === 'pg.Pool') {
      // `pool.on('connect', (client) => client.on('error', …))` gives every client a listener.
      if (listenerParams(sourceCode, node, 'connect', sameObject).length > 0) continue;
      for (const checkout of awaitedMethodCalls(sourceCode, node, 'connect', sameObject)) objects.set(checkout, pooledClient);
    } else if (entry.id === 'ws.WebSocketServer') {
      // ws's `handleUpgrade` callback receives the same connection its 'connection' listeners do.
      for (const param of listenerParams(sourceCode, node, 'connection', sameObject, 'handleUpgrade')) objects.set(param, serverSide);
    }
  }
  // `options.wss.handleUpgrade(req, socket, head, (ws) => …)` on a server the file was handed (a
  // field of a parameter, its type only imported): ws's own four-argument signature.
  if (importsFrom(sourceCode, { ws: {} })) {
    for (const call of fileNodes(sourceCode).calls) {
      const callback = call.arguments.length === 4 && calleeMember(call)?.name === 'handleUpgrade' ? call.arguments[3] : undefined;
      const fn = callback && callback.type !== AST_NODE_TYPES.SpreadElement ? resolveFunction(callback, sourceCode) : undefined;
      const [param] = fn ? runtimeParams(fn) : [];
      if (param?.type === AST_NODE_TYPES.Identifier && !objects.has(param)) objects.set(param, serverSide);
    }
  }
  return objects;
}

/**
 * The expressions that read the object `creation` makes, where the file keeps it in one place:
 * a `const`/`let` it initialises, a `let` every assignment of which makes the same kind of object
 * (`let wss; if (port) wss = new WebSocketServer({ port }); else wss = new WebSocketServer(opts)`),
 * or a field (`this.wss = new WebSocketServer()`, `node.server = new ws.Server()` with
 * `node = this`) assigned nothing else in the file (but `null`), read where a method is called on it.
 * `sameObject` says whether another creation makes the same kind of object.
 */
function readsOfHolder(
  sourceCode: Readonly<TSESLint.SourceCode>,
  creation: TSESTree.Node,
  sameObject: (node: TSESTree.Node) => boolean,
): TSESTree.Expression[] {
  // `new WebSocketServer({ server }) as AppServer`: a cast keeps the object.
  const held = outermost(creation);
  const parent = held.parent;
  let target: TSESTree.Node | undefined;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === held) target = parent.id;
  else if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.operator === '=' && parent.right === held) target = parent.left;
  if (target?.type === AST_NODE_TYPES.Identifier) {
    const variable = findVariable(sourceCode.getScope(target), target);
    if (!variable || variable.references.some((ref) => ref.isWrite() && (!ref.writeExpr || !sameObject(ref.writeExpr)))) return [];
    return variable.references.filter((ref) => ref.isRead()).map((ref) => ref.identifier as TSESTree.Identifier);
  }
  if (target?.type !== AST_NODE_TYPES.MemberExpression) return [];
  return prototypeFieldReads(sourceCode, target, sameObject) ?? fieldReads(sourceCode, target, sameObject);
}

/**
 * The reads of a field of a pre-ES2015 class's instance (`this._wss = new Ws.Server()` in a
 * constructor `internals.Listener = function () {}`, read as `this._wss` or `self._wss` in its
 * methods: src/model/prototypes.ts), when the class assigns it nothing else (but `null`).
 * Undefined when `target` is no such field.
 */
function prototypeFieldReads(
  sourceCode: Readonly<TSESLint.SourceCode>,
  target: TSESTree.MemberExpression,
  sameObject: (node: TSESTree.Node) => boolean,
): TSESTree.Expression[] | undefined {
  if (target.computed) return undefined;
  const owner = instanceOwner(target.object, sourceCode);
  const name = owner === undefined ? undefined : propertyName(target);
  const member = name === undefined ? undefined : prototypeFields(owner!, sourceCode).get(name);
  if (!member) return undefined;
  if (member.opaque || !member.values.every(sameObject)) return [];
  return member.reads;
}

/** The receivers of method calls on the field `target` names, when the file assigns it only such objects. */
function fieldReads(
  sourceCode: Readonly<TSESLint.SourceCode>,
  target: TSESTree.MemberExpression,
  sameObject: (node: TSESTree.Node) => boolean,
): TSESTree.Expression[] {
  const key = referenceKey(target, sourceCode);
  if (key === undefined) return [];
  for (const node of resourceNodes(sourceCode).nodes) {
    const copy = copiedValue(node);
    // `this.wss = null` once it is closed is no other object.
    if (copy && copy.target.type === AST_NODE_TYPES.MemberExpression && referenceKey(copy.target, sourceCode) === key && !sameObject(copy.value) && !isNullish(copy.value)) {
      return [];
    }
  }
  const reads: TSESTree.Expression[] = [];
  for (const call of fileNodes(sourceCode).calls) {
    const callee = call.callee;
    if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.MemberExpression) continue;
    if (referenceKey(callee.object, sourceCode) === key) reads.push(callee.object);
  }
  return reads;
}

/**
 * The first parameter of every function written inline as a listener of `event` on the object
 * `creation` makes (`wss.on('connection', (ws) => …)`), or as the callback of its `method`
 * (`wss.handleUpgrade(req, socket, head, (ws) => …)`), when it is a plain identifier.
 */
function listenerParams(
  sourceCode: Readonly<TSESLint.SourceCode>,
  creation: TSESTree.Node,
  event: string,
  sameObject: (node: TSESTree.Node) => boolean,
  method?: string,
): TSESTree.Identifier[] {
  const params: TSESTree.Identifier[] = [];
  for (const read of readsOfHolder(sourceCode, creation, sameObject)) {
    const member = read.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== read || member.computed) continue;
    if (member.property.type !== AST_NODE_TYPES.Identifier) continue;
    const call = member.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) continue;
    let listener: TSESTree.CallExpressionArgument | undefined;
    if (LISTEN_METHODS.has(member.property.name)) {
      const [name, fn] = call.arguments;
      if (name?.type !== AST_NODE_TYPES.Literal || name.value !== event) continue;
      listener = fn;
    } else if (member.property.name === method) {
      listener = call.arguments.at(-1);
    }
    // Inline, or a function of the file given by name (`wss.on('connection', init)`).
    const fn = listener && listener.type !== AST_NODE_TYPES.SpreadElement ? resolveFunction(listener, sourceCode) : undefined;
    const [param] = fn ? runtimeParams(fn) : [];
    if (param?.type === AST_NODE_TYPES.Identifier && !params.includes(param)) params.push(param);
  }
  return params;
}

/**
 * `await pool.connect()` for the object `creation` makes, when it is kept in a variable assigned
 * nothing else (`const pool = new Pool()`): the awaited calls of `method` with no callback argument.
 * A pg pool removes its own 'error' listener from a client it hands out.
 */
function awaitedMethodCalls(
  sourceCode: Readonly<TSESLint.SourceCode>,
  creation: TSESTree.Node,
  method: string,
  sameObject: (node: TSESTree.Node) => boolean,
): TSESTree.AwaitExpression[] {
  const calls: TSESTree.AwaitExpression[] = [];
  for (const read of readsOfHolder(sourceCode, creation, sameObject)) {
    const member = read.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== read || member.computed) continue;
    if (member.property.type !== AST_NODE_TYPES.Identifier || member.property.name !== method) continue;
    const call = member.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== member || call.arguments.length > 0) continue;
    if (call.parent.type === AST_NODE_TYPES.AwaitExpression) calls.push(call.parent);
  }
  return calls;
}

/**
 * Methods of the library objects that return the object itself (EventEmitter's, and dgram's
 * `bind`/`ref`/`unref`). Not `connect()`: pg's and redis's return a promise.
 */
export const LIBRARY_CHAIN_METHODS: ReadonlySet<string> = new Set([
  'on', 'once', 'addListener', 'prependListener', 'prependOnceListener',
  'off', 'removeListener', 'removeAllListeners', 'setMaxListeners',
  'bind', 'ref', 'unref',
]);

/**
 * The listener the rule suggests for a library object held in `name` (chained onto the creation
 * when there is no name). It logs: the library has already torn the connection down or will
 * reconnect by itself, and a pool lives on; there is nothing to destroy.
 */
export function libraryListener(name: string | undefined): string {
  return `${name ?? ''}.on('error', (err) => console.error(err))`;
}

/**
 * The library object `node` holds: the creation itself, or a variable initialised with one and
 * assigned nothing else.
 */
export function libraryObjectOf(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): LibraryObject | undefined {
  const creation = libraryCreationOf(node, sourceCode);
  return creation && libraryObjects(sourceCode).get(creation);
}

/** The creation (`new Client()`, `createClient(…)`) of the library object `node` holds: itself, or a `const`'s only value. */
export function libraryCreationOf(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node | undefined {
  const objects = libraryObjects(sourceCode);
  if (objects.size === 0) return undefined;
  if (objects.has(node)) return node;
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = findVariable(sourceCode.getScope(node), node);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  // A listener's parameter that is one (`wss.on('connection', (ws) => …)`), never given another value.
  if (def?.type === TSESLint.Scope.DefinitionType.Parameter && objects.has(def.name) && !variable!.references.some((ref) => ref.isWrite())) return def.name;
  if (def?.node.type !== AST_NODE_TYPES.VariableDeclarator || def.node.id !== def.name || !def.node.init) return undefined;
  const written = def.node.init;
  if (variable!.references.some((ref) => ref.isWrite() && ref.writeExpr !== written)) return undefined;
  // `new WebSocketServer({ server }) as AppServer`: a cast keeps the object.
  return objects.has(skipWrappers(written)) ? skipWrappers(written) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Types

/** The names of the classes of the table (and ws's old name for its server). */
const CONSTRUCTED_NAMES: ReadonlySet<string> = new Set([
  ...LIBRARY_OBJECTS.filter((entry) => entry.create === 'new').map((entry) => entry.export),
  'Server',
]);

/**
 * With type information: the table's object a `new` expression constructs when its class is
 * declared by the library's package (a re-export of `Pool` from the project's own module, a
 * JavaScript file checked with JSDoc). Only `new`: a value returned by a factory may have its
 * listener already. Undefined without types.
 */
export function libraryObjectByType(
  node: TSESTree.NewExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
): LibraryObject | undefined {
  const services = sourceCode.parserServices;
  const program = services?.program;
  if (!program || !services.esTreeNodeToTSNodeMap) return undefined;
  // Cheap first: the class is called by its export's name (`new Map()` and the like are not asked about).
  const callee = node.callee;
  const name =
    callee.type === AST_NODE_TYPES.Identifier
      ? callee.name
      : callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier
        ? callee.property.name
        : undefined;
  if (name === undefined || !CONSTRUCTED_NAMES.has(name)) return undefined;
  const { ts: tsApi, typeMatchesSpecifier } = loadTypeTools();
  let type: ts.Type | undefined;
  try {
    // The class's declared instance type first: resolving the constructor's overloads can be slow.
    type = declaredResultType(tsApi, services as ParserServicesWithTypeInformation, node);
    type ??= program.getTypeChecker().getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));
  } catch {
    return undefined;
  }
  return LIBRARY_OBJECTS.find(
    (entry) =>
      entry.create === 'new' &&
      entry.modules.length > 0 &&
      typeMatchesSpecifier(type, { from: 'package', package: entry.package, name: entry.export }, program),
  );
}

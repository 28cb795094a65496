/**
 * What Node's networking modules give: the kinds of socket, what each module's functions and
 * classes return, what the listeners of each event receive, which methods return their receiver,
 * and which @types/node classes are sockets or servers. Data only, from Node's docs; the socket
 * model (src/socket.ts, src/model/) reads it.
 */

/** What a recognised value is. Every kind emits `'error'` and can die with ECONNRESET. */
export type SocketKind =
  | 'socket' // net.Socket, tls.TLSSocket (and the Duplex Node hands to 'upgrade'/'connect')
  | 'client-request' // http.ClientRequest
  | 'incoming-message' // http.IncomingMessage
  | 'server-response' // http.ServerResponse
  | 'http2-session' // http2.Http2Session and its client/server subtypes
  | 'http2-stream'; // http2.Http2Stream and its client/server subtypes

export type ServerFamily = 'net' | 'tls' | 'http' | 'https' | 'http2';
export type Roles = readonly (SocketKind | undefined)[];

/** What a call or `new` of a module member gives: a socket, a server, and what its callback receives. */
export interface Origin {
  socket?: SocketKind;
  server?: ServerFamily;
  /** Parameter kinds of the callback, when it is the last argument at an index up to `callbackMaxIndex`. */
  callbackParams?: Roles;
  callbackMaxIndex?: number;
}

export interface ModuleMember {
  call?: Origin;
  construct?: Origin;
}

const REQ_RES: Roles = ['incoming-message', 'server-response'];
const REQ_SOCKET: Roles = ['incoming-message', 'socket'];
const SOCKET_ARG: Roles = ['socket'];
export const SECOND_SOCKET_ARG: Roles = [undefined, 'socket'];

function serverMember(family: ServerFamily, callbackParams?: Roles): ModuleMember {
  const origin: Origin = callbackParams ? { server: family, callbackParams, callbackMaxIndex: 1 } : { server: family };
  return { call: origin, construct: origin };
}

const connectMember: ModuleMember = { call: { socket: 'socket' } };
const requestMember: ModuleMember = {
  call: { socket: 'client-request', callbackParams: ['incoming-message'], callbackMaxIndex: 2 },
};

export const NODE_MODULES: Record<string, Record<string, ModuleMember>> = {
  net: {
    connect: connectMember,
    createConnection: connectMember,
    // `net.Socket()` and `net.Server()` make one without `new` too; `tls.TLSSocket()` throws (measured).
    Socket: { call: { socket: 'socket' }, construct: { socket: 'socket' } },
    createServer: { call: { server: 'net', callbackParams: SOCKET_ARG, callbackMaxIndex: 1 } },
    Server: serverMember('net', SOCKET_ARG),
  },
  tls: {
    connect: connectMember,
    TLSSocket: { construct: { socket: 'socket' } },
    createServer: { call: { server: 'tls', callbackParams: SOCKET_ARG, callbackMaxIndex: 1 } },
    Server: serverMember('tls', SOCKET_ARG),
  },
  http: { request: requestMember, get: requestMember, createServer: serverMember('http', REQ_RES), Server: serverMember('http', REQ_RES) },
  https: { request: requestMember, get: requestMember, createServer: serverMember('https', REQ_RES), Server: serverMember('https', REQ_RES) },
  http2: {
    // The callback is a one-time 'connect' listener: (session, socket).
    connect: { call: { socket: 'http2-session', callbackParams: ['http2-session', 'socket'], callbackMaxIndex: 2 } },
    // Request callbacks get the compatibility API's objects, which are none of our kinds.
    createServer: serverMember('http2'),
    createSecureServer: serverMember('http2'),
  },
};

/** Listener parameters by event, on servers of each family (Node's documented event signatures). */
export const SERVER_EVENTS: Record<ServerFamily, Record<string, Roles>> = {
  net: { connection: SOCKET_ARG },
  tls: { connection: SOCKET_ARG, secureConnection: SOCKET_ARG, tlsClientError: SECOND_SOCKET_ARG },
  http: {
    connection: SOCKET_ARG,
    request: REQ_RES,
    checkContinue: REQ_RES,
    checkExpectation: REQ_RES,
    upgrade: REQ_SOCKET,
    connect: REQ_SOCKET,
    clientError: SECOND_SOCKET_ARG,
  },
  https: {
    connection: SOCKET_ARG,
    secureConnection: SOCKET_ARG,
    request: REQ_RES,
    checkContinue: REQ_RES,
    checkExpectation: REQ_RES,
    upgrade: REQ_SOCKET,
    connect: REQ_SOCKET,
    clientError: SECOND_SOCKET_ARG,
    tlsClientError: SECOND_SOCKET_ARG,
  },
  http2: {
    connection: SOCKET_ARG,
    secureConnection: SOCKET_ARG,
    tlsClientError: SECOND_SOCKET_ARG,
    session: ['http2-session'],
    stream: ['http2-stream'],
  },
};

/** Listener parameters by event, on the other kinds. */
export const KIND_EVENTS: Partial<Record<SocketKind, Record<string, Roles>>> = {
  'client-request': { response: ['incoming-message'], socket: SOCKET_ARG, upgrade: REQ_SOCKET, connect: REQ_SOCKET },
  'http2-session': { stream: ['http2-stream'] },
};

/**
 * Listener parameters on a receiver nothing in the file identifies: only event names and shapes no
 * other popular emitter uses ('connection' is not one of them: ws's WebSocketServer emits it with a
 * WebSocket). 'upgrade' with a second parameter: Node's servers and requests pass (req, socket,
 * head), while ws and engine.io emit it with one argument. 'connect' needs all three: a socket's
 * own 'connect' has none, and clients of other protocols pass one or two.
 */
export function unknownReceiverRoles(event: string, paramCount: number): Roles | undefined {
  if ((event === 'clientError' || event === 'tlsClientError') && paramCount >= 2) return SECOND_SOCKET_ARG;
  if ((event === 'upgrade' && paramCount >= 2) || (event === 'connect' && paramCount >= 3)) return SECOND_SOCKET_ARG;
  return undefined;
}

/**
 * EventEmitter methods that register a listener; and `addEventListener`, which ws's WebSocket
 * (an EventEmitter) also has, and turns into `on()` of the same event (measured:
 * test/live/library-connections.live.test.ts).
 */
export const LISTEN_METHODS: ReadonlySet<string> = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);
/** The methods that take listeners away. */
export const DETACHING_METHODS: ReadonlySet<string> = new Set(['removeListener', 'removeAllListeners', 'off']);
/** The listener methods whose listener is gone after its first event. */
export const ONCE_METHODS: ReadonlySet<string> = new Set(['once', 'prependOnceListener']);

/** Methods that return their receiver, for every kind (EventEmitter). */
export const EMITTER_CHAIN = new Set([...LISTEN_METHODS, 'off', 'removeListener', 'removeAllListeners', 'setMaxListeners']);
/** More methods returning `this`, per kind (Node's docs). */
export const KIND_CHAIN: Record<SocketKind, ReadonlySet<string>> = {
  socket: new Set(['setTimeout', 'setNoDelay', 'setKeepAlive', 'setEncoding', 'ref', 'unref', 'pause', 'resume']),
  'client-request': new Set(['setTimeout']),
  'incoming-message': new Set(['setTimeout', 'setEncoding', 'pause', 'resume']),
  'server-response': new Set(['setTimeout']),
  'http2-session': new Set(),
  'http2-stream': new Set(['setEncoding', 'pause', 'resume']),
};
export const SERVER_CHAIN = new Set([...EMITTER_CHAIN, 'listen', 'setTimeout', 'ref', 'unref']);
/** Every method name after which the call's receiver is worth classifying. */
export const SOCKET_RESULT_METHODS = new Set([...EMITTER_CHAIN, ...Object.values(KIND_CHAIN).flatMap((names) => [...names]), 'request']);

export interface NodeTypeHit {
  module: string;
  socket?: SocketKind;
  server?: ServerFamily;
}

/** @types/node declarations that count, by type name: module (without `node:`) and what it is. */
export const NODE_TYPES: Readonly<Record<string, readonly NodeTypeHit[]>> = {
  Socket: [{ module: 'net', socket: 'socket' }],
  TLSSocket: [{ module: 'tls', socket: 'socket' }],
  ClientRequest: [{ module: 'http', socket: 'client-request' }],
  IncomingMessage: [{ module: 'http', socket: 'incoming-message' }],
  ServerResponse: [{ module: 'http', socket: 'server-response' }],
  Http2Session: [{ module: 'http2', socket: 'http2-session' }],
  ClientHttp2Session: [{ module: 'http2', socket: 'http2-session' }],
  ServerHttp2Session: [{ module: 'http2', socket: 'http2-session' }],
  Http2Stream: [{ module: 'http2', socket: 'http2-stream' }],
  ClientHttp2Stream: [{ module: 'http2', socket: 'http2-stream' }],
  ServerHttp2Stream: [{ module: 'http2', socket: 'http2-stream' }],
  Server: [
    { module: 'net', server: 'net' },
    { module: 'tls', server: 'tls' },
    { module: 'http', server: 'http' },
    { module: 'https', server: 'https' },
  ],
  Http2Server: [{ module: 'http2', server: 'http2' }],
  Http2SecureServer: [{ module: 'http2', server: 'http2' }],
};

/**
 * Constructors of the language's and the runtime's own classes (`new Map()`, `new Promise(…)`):
 * their instances are no socket or server of Node's, so the type checker is not asked about them.
 */
export const BUILTIN_CLASSES = new Set([
  'AbortController', 'AggregateError', 'Array', 'ArrayBuffer', 'BigInt64Array', 'BigUint64Array', 'Boolean', 'DataView',
  'Date', 'Error', 'EvalError', 'FinalizationRegistry', 'Float32Array', 'Float64Array', 'Function', 'Int16Array',
  'Int32Array', 'Int8Array', 'Map', 'Number', 'Object', 'Promise', 'Proxy', 'RangeError', 'ReferenceError', 'RegExp',
  'Set', 'SharedArrayBuffer', 'String', 'SyntaxError', 'TextDecoder', 'TextEncoder', 'TypeError', 'URIError', 'URL',
  'URLSearchParams', 'Uint16Array', 'Uint32Array', 'Uint8Array', 'Uint8ClampedArray', 'WeakMap', 'WeakRef', 'WeakSet',
]);

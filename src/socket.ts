/**
 * What counts as a socket: the one answer every rule shares (DESIGN.md §4; user docs: docs/sockets.md).
 *
 * A value is a socket when, in this order (the first answer wins, so a wrong type never hides syntax):
 * 1. Syntax says so. Values of `net.connect`/`createConnection`, `tls.connect`, `new net.Socket()`,
 *    `new tls.TLSSocket()` ('socket'), `http(s).request`/`get` ('client-request'), `http2.connect`
 *    ('http2-session'), however the module was imported (`net` or `node:net`; default, namespace,
 *    named, renamed, `require`, destructured `require`, `import net = require('net')`). The
 *    parameters of listeners whose arguments Node documents: `net.createServer(cb)`, `http.createServer
 *    ((req, res) => …)`, `server.on('connection' | 'upgrade' | 'connect' | 'clientError' | …, cb)`, given
 *    inline or by reference to a function, const or class method of the same module. Data flow stays
 *    simple: a variable (or `this.x` of the same class) is a socket when every value ever assigned to
 *    it is one (`null`/`undefined` aside), and `.on()`/`.setTimeout()`/… chains return the same socket.
 * 2. Types say so (type-aware linting only): the type is, extends or has in its union a class of
 *    @types/node's `net`, `tls`, `http` or `http2` modules, or a type named in `socketTypes`.
 *    A bare `stream.Duplex` is not a socket by type (every stream is one); it counts only where
 *    syntax already said so (Node types the `'upgrade'` socket as `Duplex`).
 * 3. The name says so (only when `socketNamePattern` is set, as `strict` does), unless types prove
 *    the value cannot hold a `net.Socket` or it is plainly a string, number, object literal or function.
 *
 * Precision first: anything the detector cannot follow is not a socket. `'connection'` listeners
 * count only on servers known to come from node's own modules, because `ws`'s `WebSocketServer`
 * emits `'connection'` with a WebSocket. Nothing is followed across modules or through calls to
 * helpers: only types and the name pattern reach `function abort(socket) {}`.
 *
 * Cost: create one detector per file in a rule's `create`. It scans the imports once per file, on
 * first use, caches every answer per node, and shares what does not depend on the options with the
 * other rules' detectors for the same file (the type checker is asked at most once per node for all
 * of them); it keeps nothing between files. `mayHaveSockets()` tells, without walking the tree, that
 * nothing in a file can be a socket (also as a function, `mayHaveSockets(context, options)`, to ask
 * before making a detector). TypeScript is loaded only when the file has type information
 * (it is an optional peer dependency).
 */
import { createRequire } from 'node:module';

import type * as typeUtils from '@typescript-eslint/type-utils';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, AST_TOKEN_TYPES, ASTUtils, ESLintUtils, TSESLint } from '@typescript-eslint/utils';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import type * as ts from 'typescript';

import { tokenNames, tokenValue, visitSpellings } from './tokens.js';
import { askType, declaredResultType, isPlainlyDeclaredMember } from './type-questions.js';

export type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';

/** What a recognised value is. Every kind emits `'error'` and can die with ECONNRESET. */
export type SocketKind =
  | 'socket' // net.Socket, tls.TLSSocket (and the Duplex Node hands to 'upgrade'/'connect')
  | 'client-request' // http.ClientRequest
  | 'incoming-message' // http.IncomingMessage
  | 'server-response' // http.ServerResponse
  | 'http2-session' // http2.Http2Session and its client/server subtypes
  | 'http2-stream'; // http2.Http2Stream and its client/server subtypes

/** How the detector knows: from syntax (imports, listeners, data flow), from types, or from the name alone. */
export type SocketEvidence = 'syntax' | 'type' | 'name';

export interface SocketMatch {
  readonly kind: SocketKind;
  readonly via: SocketEvidence;
}

/** The options every rule that looks at sockets accepts (spread `socketOptionsSchema` into its schema). */
export interface SocketOptions {
  /** More types that count as sockets in type-aware mode, in typescript-eslint's `TypeOrValueSpecifier` shape. */
  socketTypes?: TypeOrValueSpecifier[];
  /** A regular expression; identifiers and property names it matches count as sockets. Off when empty or null. */
  socketNamePattern?: string | null;
}

/**
 * The names `strict` treats as sockets. Whole names only (`sockets`, `socketPath`, `webSocket` stay
 * out), the names Node's docs and proxies use for raw connections. `conn`/`connection` are left out
 * on purpose: database and AMQP drivers use them for objects that are not sockets.
 */
export const DEFAULT_STRICT_SOCKET_NAME_PATTERN =
  '^(?:socket|sock|(?:client|server|proxy|upstream|downstream|target|remote|peer|backend|tunnel|raw|tcp|tls)Socket|upstream|downstream)$';

/** The default values of the socket options (nothing extra by type, no name pattern). */
export const defaultSocketOptions: Readonly<Required<SocketOptions>> = { socketTypes: [], socketNamePattern: null };

const specifierName: JSONSchema4 = {
  description: 'Type name, or names.',
  oneOf: [
    { type: 'string' },
    { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true },
  ],
};

/**
 * The JSON schema of the socket options, to spread into a rule's options object schema:
 * `properties: { ...socketOptionsSchema, myOption: {...} }`. `socketTypes` is typescript-eslint's
 * `typeOrValueSpecifiersSchema` with descriptions, written out because importing type-utils loads
 * TypeScript, an optional peer dependency (test/socket.test.ts checks the two agree).
 */
export const socketOptionsSchema: Readonly<Record<keyof SocketOptions, JSONSchema4>> = {
  socketTypes: {
    description:
      "Types that also count as sockets when type information is available, e.g. { from: 'package', package: 'ws', name: 'WebSocket' }.",
    type: 'array',
    items: {
      oneOf: [
        { type: 'string', description: 'A type name, declared anywhere.' },
        {
          type: 'object',
          description: 'A type declared in a file of this project.',
          additionalProperties: false,
          properties: {
            from: { type: 'string', enum: ['file'], description: 'Declared in a local file.' },
            name: specifierName,
            path: { type: 'string', description: 'The file, relative to the project root.' },
          },
          required: ['from', 'name'],
        },
        {
          type: 'object',
          description: "A type from TypeScript's built-in lib.",
          additionalProperties: false,
          properties: {
            from: { type: 'string', enum: ['lib'], description: 'Declared in the TypeScript lib.' },
            name: specifierName,
          },
          required: ['from', 'name'],
        },
        {
          type: 'object',
          description: 'A type declared in a package.',
          additionalProperties: false,
          properties: {
            from: { type: 'string', enum: ['package'], description: 'Declared in a package.' },
            name: specifierName,
            package: { type: 'string', description: 'The package name.' },
          },
          required: ['from', 'name', 'package'],
        },
      ],
    },
  },
  socketNamePattern: {
    description:
      'Regular expression (JavaScript syntax, `u` flag) of variable and property names that count as sockets; null or empty turns it off.',
    type: ['string', 'null'],
  },
};

export interface SocketDetector {
  /**
   * Classify an expression (identifier, `this.socket`, call, `new`, …) or a parameter's identifier.
   * Undefined means "not known to be a socket": callers must not report it as one.
   */
  match(node: TSESTree.Node): SocketMatch | undefined;
  /** True when the parser services have a TypeScript program (type-aware mode). */
  readonly hasTypes: boolean;
  /**
   * False when `match` answers undefined for every node of the file, known cheaply: no type
   * information, no `net`/`tls`/`http`/`https`/`http2` module used, no name the name pattern
   * matches, no listener for an event whose arguments are sockets on any receiver
   * (`'clientError'`, `'tlsClientError'`, `'upgrade'`, `'connect'`). A rule that reports only
   * about sockets returns no listeners for such a file (most files of a code base), before it
   * makes a detector: `if (!mayHaveSockets(context, options)) return {};` in `create`.
   */
  mayHaveSockets(): boolean;
  /**
   * The kind of socket a call or `new` of Node's own modules makes (`net.connect(…)`,
   * `new tls.TLSSocket(…)`, `http.request(…)`), from syntax alone: the type checker is not asked.
   */
  createdBy(node: TSESTree.CallExpression | TSESTree.NewExpression): SocketKind | undefined;
  /**
   * The parameters of `fn` that `match` classifies: listener and callback parameters first (the
   * socket of `net.createServer(cb)`, of `server.on('upgrade', (req, socket, head) => …)`, also for
   * listeners given by reference), then typed parameters, then the name pattern.
   * Destructured and rest parameters are never included.
   */
  socketParams(fn: TSESTree.FunctionLike): Map<TSESTree.Parameter, SocketMatch>;
}

// ---------------------------------------------------------------------------------------------
// Node's modules: what their functions return and what their callbacks receive.

type ServerFamily = 'net' | 'tls' | 'http' | 'https' | 'http2';
type Roles = readonly (SocketKind | undefined)[];

/** What a call or `new` of a module member gives: a socket, a server, and what its callback receives. */
interface Origin {
  socket?: SocketKind;
  server?: ServerFamily;
  /** Parameter kinds of the callback, when it is the last argument at an index up to `callbackMaxIndex`. */
  callbackParams?: Roles;
  callbackMaxIndex?: number;
}

interface ModuleMember {
  call?: Origin;
  construct?: Origin;
}

const REQ_RES: Roles = ['incoming-message', 'server-response'];
const REQ_SOCKET: Roles = ['incoming-message', 'socket'];
const SOCKET_ARG: Roles = ['socket'];
const SECOND_SOCKET_ARG: Roles = [undefined, 'socket'];

function serverMember(family: ServerFamily, callbackParams?: Roles): ModuleMember {
  const origin: Origin = callbackParams ? { server: family, callbackParams, callbackMaxIndex: 1 } : { server: family };
  return { call: origin, construct: origin };
}

const connectMember: ModuleMember = { call: { socket: 'socket' } };
const requestMember: ModuleMember = {
  call: { socket: 'client-request', callbackParams: ['incoming-message'], callbackMaxIndex: 2 },
};

const NODE_MODULES: Record<string, Record<string, ModuleMember>> = {
  net: {
    connect: connectMember,
    createConnection: connectMember,
    Socket: { construct: { socket: 'socket' } },
    createServer: { call: { server: 'net', callbackParams: SOCKET_ARG, callbackMaxIndex: 1 } },
    Server: { construct: { server: 'net', callbackParams: SOCKET_ARG, callbackMaxIndex: 1 } },
  },
  tls: {
    connect: connectMember,
    TLSSocket: { construct: { socket: 'socket' } },
    createServer: { call: { server: 'tls', callbackParams: SOCKET_ARG, callbackMaxIndex: 1 } },
    Server: { construct: { server: 'tls', callbackParams: SOCKET_ARG, callbackMaxIndex: 1 } },
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
const SERVER_EVENTS: Record<ServerFamily, Record<string, Roles>> = {
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
const KIND_EVENTS: Partial<Record<SocketKind, Record<string, Roles>>> = {
  'client-request': { response: ['incoming-message'], socket: SOCKET_ARG, upgrade: REQ_SOCKET, connect: REQ_SOCKET },
  'http2-session': { stream: ['http2-stream'] },
};

const LISTEN_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/** Methods that return their receiver, for every kind (EventEmitter). */
const EMITTER_CHAIN = new Set([...LISTEN_METHODS, 'off', 'removeListener', 'removeAllListeners', 'setMaxListeners']);
/** More methods returning `this`, per kind (Node's docs). */
const KIND_CHAIN: Record<SocketKind, ReadonlySet<string>> = {
  socket: new Set(['setTimeout', 'setNoDelay', 'setKeepAlive', 'setEncoding', 'ref', 'unref', 'pause', 'resume']),
  'client-request': new Set(['setTimeout']),
  'incoming-message': new Set(['setTimeout', 'setEncoding', 'pause', 'resume']),
  'server-response': new Set(['setTimeout']),
  'http2-session': new Set(),
  'http2-stream': new Set(['setEncoding', 'pause', 'resume']),
};
const SERVER_CHAIN = new Set([...EMITTER_CHAIN, 'listen', 'setTimeout', 'ref', 'unref']);
/** Every method name after which the call's receiver is worth classifying. */
const SOCKET_RESULT_METHODS = new Set([...EMITTER_CHAIN, ...Object.values(KIND_CHAIN).flatMap((names) => [...names]), 'request']);

interface NodeTypeHit {
  module: string;
  socket?: SocketKind;
  server?: ServerFamily;
}

/** @types/node declarations that count, by type name: module (without `node:`) and what it is. */
const NODE_TYPES: Readonly<Record<string, readonly NodeTypeHit[]>> = {
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

// ---------------------------------------------------------------------------------------------
// TypeScript is an optional peer dependency: load it (and type-utils, which needs it) only when
// the file really has type information.

interface TypeTools {
  ts: typeof ts;
  typeMatchesSpecifier: typeof typeUtils.typeMatchesSpecifier;
}
let typeTools: TypeTools | undefined;
function loadTypeTools(): TypeTools {
  if (!typeTools) {
    const require = createRequire(import.meta.url);
    typeTools = {
      ts: require('typescript') as typeof ts,
      typeMatchesSpecifier: (require('@typescript-eslint/type-utils') as typeof typeUtils).typeMatchesSpecifier,
    };
  }
  return typeTools;
}

type TraceMap = Parameters<InstanceType<typeof ASTUtils.ReferenceTracker>['iterateEsmReferences']>[0];
type TraceMapElement = TraceMap[string];
interface FoundReference {
  info: Origin | undefined;
  node: TSESTree.Node;
  type: symbol;
}

/** The ReferenceTracker method eslint-utils ≥ 4.5 has and @typescript-eslint/utils does not declare yet. */
interface PropertyTracker {
  iteratePropertyReferences(node: TSESTree.Node, traceMap: TraceMapElement): IterableIterator<FoundReference>;
}

const { CALL, CONSTRUCT, ESM } = ASTUtils.ReferenceTracker;

let traceMap: TraceMap | undefined;
/** The ReferenceTracker's map of NODE_MODULES, built once (it is only read). */
function getTraceMap(): TraceMap {
  traceMap ??= buildTraceMap();
  return traceMap;
}

function buildTraceMap(): TraceMap {
  const traceMap: Record<string, unknown> = {};
  for (const [moduleName, members] of Object.entries(NODE_MODULES)) {
    const memberMap: Record<string | symbol, unknown> = {};
    for (const [name, member] of Object.entries(members)) {
      memberMap[name] = { [CALL]: member.call, [CONSTRUCT]: member.construct };
    }
    // `default` covers `import net from 'net'`; ESM makes named imports resolve to the members.
    const moduleMap = { [ESM]: true, ...memberMap, default: memberMap };
    traceMap[moduleName] = moduleMap;
    traceMap[`node:${moduleName}`] = moduleMap;
  }
  return traceMap as TraceMap;
}

// ---------------------------------------------------------------------------------------------

const compiledNamePatterns = new Map<string, RegExp>();

function compileNamePattern(pattern: string | null | undefined): RegExp | undefined {
  if (pattern == null || pattern === '') return undefined;
  try {
    let compiled = compiledNamePatterns.get(pattern);
    if (!compiled) {
      compiled = new RegExp(pattern, 'u');
      compiledNamePatterns.set(pattern, compiled);
    }
    return compiled;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `The socketNamePattern option ${JSON.stringify(pattern)} is not a valid regular expression (${reason}); give a JavaScript regular expression such as "^(?:socket|sock)$", or null to turn it off.`,
    );
  }
}

type ExpressionWrapper =
  | TSESTree.ChainExpression
  | TSESTree.TSAsExpression
  | TSESTree.TSNonNullExpression
  | TSESTree.TSSatisfiesExpression
  | TSESTree.TSTypeAssertion
  | TSESTree.TSInstantiationExpression;

function isWrapper(node: TSESTree.Node): node is ExpressionWrapper {
  switch (node.type) {
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
    case AST_NODE_TYPES.TSInstantiationExpression:
      return true;
    default:
      return false;
  }
}

/** The node's value as seen by its parent, climbing over `x!`, `x as T`, `a?.b` wrappers. */
function outermost(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && isWrapper(current.parent) && current.parent.expression === current) current = current.parent;
  return current;
}

function staticPropertyName(member: TSESTree.MemberExpression): string | undefined {
  if (!member.computed) return member.property.type === AST_NODE_TYPES.Identifier ? member.property.name : `#${member.property.name}`;
  return member.property.type === AST_NODE_TYPES.Literal && typeof member.property.value === 'string'
    ? member.property.value
    : undefined;
}

function calleeMethod(call: TSESTree.CallExpression): { object: TSESTree.Expression; name: string } | undefined {
  const callee = call.callee.type === AST_NODE_TYPES.ChainExpression ? call.callee.expression : call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = staticPropertyName(callee);
  return name === undefined ? undefined : { object: callee.object, name };
}

function isNullish(node: TSESTree.Node): boolean {
  return (
    (node.type === AST_NODE_TYPES.Literal && node.value === null && !('regex' in node)) ||
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') ||
    (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'void')
  );
}

/** Values that plainly hold no socket: the name pattern does not apply to variables holding only these. */
function isPlainlyNotSocket(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.ClassExpression:
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.UpdateExpression:
      return true;
    default:
      return false;
  }
}

/** Expression types whose value can be an object: the only ones worth a question to the type checker. */
const TYPED_NODE_TYPES = new Set<string>([
  AST_NODE_TYPES.Identifier,
  AST_NODE_TYPES.MemberExpression,
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.AwaitExpression,
  AST_NODE_TYPES.ThisExpression,
  AST_NODE_TYPES.ConditionalExpression,
  AST_NODE_TYPES.LogicalExpression,
  AST_NODE_TYPES.AssignmentExpression,
  AST_NODE_TYPES.SequenceExpression,
  AST_NODE_TYPES.YieldExpression,
  AST_NODE_TYPES.ChainExpression,
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
  AST_NODE_TYPES.TSTypeAssertion,
]);

const EVIDENCE_STRENGTH: Record<SocketEvidence, number> = { syntax: 0, type: 1, name: 2 };
function weakest(a: SocketEvidence, b: SocketEvidence): SocketEvidence {
  return EVIDENCE_STRENGTH[a] >= EVIDENCE_STRENGTH[b] ? a : b;
}

/** The runtime parameters of a function (TypeScript's `this` parameter is not one). */
function runtimeParams(fn: TSESTree.FunctionLike): TSESTree.Parameter[] {
  return fn.params.filter((param) => !(param.type === AST_NODE_TYPES.Identifier && param.name === 'this'));
}

/** The identifier a parameter binds, unless it is destructured or a rest parameter. */
function paramIdentifier(param: TSESTree.Parameter): TSESTree.Identifier | undefined {
  const inner = param.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param;
  if (inner.type === AST_NODE_TYPES.Identifier) return inner;
  if (inner.type === AST_NODE_TYPES.AssignmentPattern && inner.left.type === AST_NODE_TYPES.Identifier) return inner.left;
  return undefined;
}

type Variable = TSESLint.Scope.Variable;

/** Values written to a variable or member: undefined when a write is not a plain `=`/initialiser. */
type Writes = { values: TSESTree.Node[] } | undefined;

interface ClassMember {
  /** `this.name` reads, in methods and fields of the class itself. */
  reads: TSESTree.MemberExpression[];
  /** Non-nullish values assigned with `this.name = v` or a field initialiser. */
  values: TSESTree.Node[];
  /** Written in a way the detector does not follow (`+=`, destructuring, `++`). */
  opaque: boolean;
}

type ServerMatch = { family: ServerFamily; via: SocketEvidence };

/**
 * `compute()` for `node`, asked once per node and file. A node met again while its own answer is
 * being computed (a value defined through itself) is answered `undefined`: it is not followed.
 */
function memoized<T>(
  cache: WeakMap<TSESTree.Node, T | null>,
  inProgress: Set<TSESTree.Node>,
  node: TSESTree.Node,
  compute: () => T | undefined,
): T | undefined {
  const cached = cache.get(node);
  if (cached !== undefined) return cached ?? undefined;
  if (inProgress.has(node)) return undefined;
  inProgress.add(node);
  let result: T | undefined;
  try {
    result = compute();
  } finally {
    inProgress.delete(node);
  }
  cache.set(node, result ?? null);
  return result;
}

/**
 * What depends on the file alone and not on a rule's options, shared by the detectors of every
 * rule that lints the same file: the module references, variables, the values written to them,
 * class members, and what the type checker says of a node. Keyed by the file's own nodes,
 * variables and types, so nothing outlives the file's AST and no two files share an entry. The
 * answers of `match` stay per detector: they depend on the options.
 */
const originsByProgram = new WeakMap<TSESTree.Program, Map<TSESTree.Node, Origin>>();
const variableCache = new WeakMap<TSESTree.Identifier, Variable | null>();
const writesCache = new WeakMap<Variable, Writes | null>();
const reassignedCache = new WeakMap<Variable, boolean>();
/** Per variable: its reads that could narrow it, or `null` when it is not declared with a plain type. */
const plainDeclarationCache = new WeakMap<Variable, TSESTree.Identifier[] | null>();
const declaredOnceCache = new WeakMap<TSESTree.Node, boolean>();
/** Per variable a type name resolves to: is the type plainly no socket? (One program per parse.) */
const plainTypeByVariable = new WeakMap<Variable, boolean>();
/**
 * Per program (a new one after each edit) and symbol: is the type it names plainly no socket (see
 * `isPlainTypeNode`)? The answer follows other files' declarations, so it is kept per program.
 */
const plainSymbolCache = new WeakMap<ts.Program, WeakMap<ts.Symbol, boolean>>();
const classCache = new WeakMap<TSESTree.ClassBody, Map<string, ClassMember>>();
const typeCache = new WeakMap<TSESTree.Node, ts.Type | null>();
const nodeTypeCache = new WeakMap<ts.Type, NodeTypeHit | null>();
const netSocketTypeCache = new WeakMap<ts.TypeChecker, ts.Type | null>();
const listenerEventsByProgram = new WeakMap<TSESTree.Program, boolean>();
const namesByProgram = new WeakMap<TSESTree.Program, Map<string, boolean>>();

/** The events a listener on any receiver gets a socket from (see `rolesAtSite`). */
const UNKNOWN_RECEIVER_EVENTS = new Set(['clientError', 'tlsClientError', 'upgrade', 'connect']);
/** A listener method called (`.on(`, `.once?.(`, `.on<T>(`, `['on'](`): text that every listener call has. */
const LISTEN_CALL_TEXT = /\b(?:on|once|addListener|prependListener|prependOnceListener)\s*(?:\?\.\s*)?[(<]|\[\s*['"](?:on|once|addListener|prependListener|prependOnceListener)['"]\s*\]/u;
/**
 * Where a listener method's name may be spelled: the whole word (a token spelled \`on\` is bounded
 * by characters that are no part of a name). Searching for the text \`on\` alone finds it in
 * most words of a file.
 */
const LISTEN_METHOD_WORDS = /\b(?:on|once|addListener|prependListener|prependOnceListener)\b/gu;
/** Text that an import or `require` of a module of NODE_MODULES has (`require` may compute the name). */
const MODULE_TEXT = /net|tls|http|require/u;

/**
 * Can a listener of this file be registered for one of the events that make a socket on any
 * receiver? Only when some `on(…)`-style call's event is one of those names written as a string,
 * or is not a plain string literal (it could be computed: `'up' + 'grade'`, a constant). Read from
 * the tokens, without walking the tree. (The words alone are everywhere in network code that has
 * no socket: `connection`, `reconnect`, `'connect'` emitted by a client of its own.)
 */
function mayListenForSocketEvents(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const program = sourceCode.ast;
  let found = listenerEventsByProgram.get(program);
  if (found !== undefined) return found;
  found = false;
  const tokens = program.tokens;
  // No listener call at all: nothing to read in the tokens. With one, or with an escape
  // (`s.\u006fn(…)`), only the tokens that may name a listener method are read (src/tokens.ts).
  if (!tokens) found = true;
  else if (sourceCode.text.includes('\\') || LISTEN_CALL_TEXT.test(sourceCode.text)) {
    found = visitSpellings(sourceCode, LISTEN_METHOD_WORDS, (method, kind, _token, index) => {
      if (method !== null && !LISTEN_METHODS.has(method)) return false;
      // Only a method called on a receiver counts (`emitter.on(…)`); a method declared `on<K>(…)`
      // in a class or interface is none.
      const before = tokens[index - 1]?.value;
      if (kind === 'name' && before !== '.' && before !== '?.') return false;
      let next = index + 1;
      // `socket['on'](…)`
      if (kind === 'string' && tokens[next++]?.value !== ']') return false;
      if (tokens[next]?.value === '?.') next++;
      if (tokens[next]?.value === '<') return true; // type arguments: not followed further
      if (tokens[next]?.value !== '(') return false;
      const event = tokens[next + 1];
      const after = tokens[next + 2]?.value;
      // A plain string literal names one of those events only if its value (escapes read) is one.
      const name = event?.type === AST_TOKEN_TYPES.String ? tokenValue(event) : null;
      return !(name !== null && !UNKNOWN_RECEIVER_EVENTS.has(name) && (after === ',' || after === ')'));
    });
  }
  listenerEventsByProgram.set(program, found);
  return found;
}

/** `import net from 'n\u0065t'`: a module name the text does not spell out. */
function hasEscapedImport(program: TSESTree.Program): boolean {
  return program.body.some(
    (statement) =>
      (statement.type === AST_NODE_TYPES.ImportDeclaration && statement.source.raw.includes('\\')) ||
      (statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration &&
        statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference &&
        statement.moduleReference.expression.raw.includes('\\')),
  );
}

/** Does some identifier, private name or string of the file match the name pattern? */
function mayHaveSocketNames(sourceCode: Readonly<TSESLint.SourceCode>, pattern: RegExp): boolean {
  let byPattern = namesByProgram.get(sourceCode.ast);
  if (!byPattern) {
    byPattern = new Map();
    namesByProgram.set(sourceCode.ast, byPattern);
  }
  let found = byPattern.get(pattern.source);
  if (found === undefined) {
    const tokens = tokenNames(sourceCode);
    const matches = (names: ReadonlySet<string>): boolean => [...names].some((name) => pattern.test(name));
    found = !tokens || tokens.unread || matches(tokens.names) || matches(tokens.privateNames) || matches(tokens.strings);
    byPattern.set(pattern.source, found);
  }
  return found;
}

/**
 * Constructors of the language's and the runtime's own classes (`new Map()`, `new Promise(…)`):
 * their instances are no socket or server of Node's, so the type checker is not asked about them.
 */
const BUILTIN_CLASSES = new Set([
  'AbortController', 'AggregateError', 'Array', 'ArrayBuffer', 'BigInt64Array', 'BigUint64Array', 'Boolean', 'DataView',
  'Date', 'Error', 'EvalError', 'FinalizationRegistry', 'Float32Array', 'Float64Array', 'Function', 'Int16Array',
  'Int32Array', 'Int8Array', 'Map', 'Number', 'Object', 'Promise', 'Proxy', 'RangeError', 'ReferenceError', 'RegExp',
  'Set', 'SharedArrayBuffer', 'String', 'SyntaxError', 'TextDecoder', 'TextEncoder', 'TypeError', 'URIError', 'URL',
  'URLSearchParams', 'Uint16Array', 'Uint32Array', 'Uint8Array', 'Uint8ClampedArray', 'WeakMap', 'WeakRef', 'WeakSet',
]);

/** The calls and constructions of Node's networking modules in the file and what each makes (once per file). */
function moduleOrigins(sourceCode: Readonly<TSESLint.SourceCode>): Map<TSESTree.Node, Origin> {
  let origins = originsByProgram.get(sourceCode.ast);
  if (origins) return origins;
  origins = new Map();
  originsByProgram.set(sourceCode.ast, origins);
  const globalScope = sourceCode.scopeManager?.globalScope;
  // Every import of a module names it, and every `require` is written out: a file with neither
  // uses no module of Node's.
  if (!globalScope || (!MODULE_TEXT.test(sourceCode.text) && !hasEscapedImport(sourceCode.ast))) return origins;
  const traceMap = getTraceMap();
  const tracker = new ASTUtils.ReferenceTracker(globalScope);
  const propertyTracker = tracker as unknown as PropertyTracker;
  const record = (found: FoundReference): void => {
    if (found.info && (found.type === CALL || found.type === CONSTRUCT)) origins.set(found.node, found.info);
  };
  for (const found of tracker.iterateEsmReferences<Origin | undefined>(traceMap)) record(found);

  // `require` is often not a declared global (TypeScript files, ESM configs): follow every
  // `require('net')` whose `require` is not a local binding, then the tracker does the rest.
  const requireRefs: TSESTree.Identifier[] = globalScope.through
    .filter((ref) => ref.identifier.name === 'require')
    .map((ref) => ref.identifier as TSESTree.Identifier);
  const requireGlobal = globalScope.set.get('require');
  if (requireGlobal && requireGlobal.defs.length === 0) {
    requireRefs.push(...requireGlobal.references.map((ref) => ref.identifier as TSESTree.Identifier));
  }
  for (const identifier of requireRefs) {
    const call = identifier.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== identifier) continue;
    const [argument] = call.arguments;
    const moduleName = argument && argument.type !== AST_NODE_TYPES.SpreadElement ? ASTUtils.getStringIfConstant(argument) : null;
    const moduleMap = moduleName != null && Object.hasOwn(traceMap, moduleName) ? traceMap[moduleName] : undefined;
    if (!moduleMap) continue;
    for (const found of propertyTracker.iteratePropertyReferences(call, moduleMap)) record(found);
  }

  // TypeScript's `import net = require('net')`.
  for (const statement of sourceCode.ast.body) {
    if (
      statement.type !== AST_NODE_TYPES.TSImportEqualsDeclaration ||
      statement.importKind === 'type' ||
      statement.moduleReference.type !== AST_NODE_TYPES.TSExternalModuleReference
    ) {
      continue;
    }
    const moduleName = statement.moduleReference.expression.value;
    const moduleMap = Object.hasOwn(traceMap, moduleName) ? traceMap[moduleName] : undefined;
    if (!moduleMap) continue;
    for (const variable of sourceCode.scopeManager?.getDeclaredVariables(statement) ?? []) {
      for (const ref of variable.references) {
        if (!ref.isRead()) continue;
        for (const found of propertyTracker.iteratePropertyReferences(ref.identifier, moduleMap)) {
          record(found);
        }
      }
    }
  }
  return origins;
}

/**
 * Can anything in the file be a socket for a detector made with `options`? The answer of
 * `createSocketDetector(context, options).mayHaveSockets()`, without making the detector: a rule
 * asks it first in `create` and returns `{}` for most files (each part is read once per file).
 */
export function mayHaveSockets(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, options: SocketOptions): boolean {
  const sourceCode = context.sourceCode;
  if (sourceCode.parserServices?.program) return true; // the type checker can make anything a socket
  if (moduleOrigins(sourceCode).size > 0) return true;
  const namePattern = compileNamePattern(options.socketNamePattern);
  if (namePattern && mayHaveSocketNames(sourceCode, namePattern)) return true;
  return mayListenForSocketEvents(sourceCode);
}

/**
 * Create the socket detector for one file: call it in a rule's `create` (it keeps nothing between
 * files). Throws an Error with a readable one-line message when `socketNamePattern` is not a
 * regular expression (ESLint shows it with the rule's name).
 *
 * ```ts
 * schema: [{ type: 'object', properties: { ...socketOptionsSchema, codes: {...} }, additionalProperties: false }],
 * docs: { ..., strictOptions: { socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN } },
 * defaultOptions: [{ ...defaultSocketOptions, codes: [] }],
 * create(context, [options]) {
 *   const sockets = createSocketDetector(context, options);
 *   return { CallExpression(node) { if (isMethodCall(node, 'end') && sockets.match(node.callee.object)) ... } };
 * }
 * ```
 *
 * `typeShortcuts: false` asks the type checker about every value, also those answered without it
 * (`new Map()`, `const next: Rec`): the tests compare both ways to show the shortcuts change nothing.
 */
export function createSocketDetector(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  options: SocketOptions,
  { typeShortcuts = true }: { typeShortcuts?: boolean } = {},
): SocketDetector {
  const namePattern = compileNamePattern(options.socketNamePattern);
  const socketTypes = options.socketTypes ?? [];
  const sourceCode = context.sourceCode;
  const services: ParserServicesWithTypeInformation | undefined = sourceCode.parserServices?.program
    ? (ESLintUtils.getParserServices(context, true) as ParserServicesWithTypeInformation)
    : undefined;

  const matchCache = new WeakMap<TSESTree.Node, SocketMatch | null>();
  const serverCache = new WeakMap<TSESTree.Node, ServerMatch | null>();
  const rolesCache = new WeakMap<TSESTree.FunctionLike, readonly (SocketMatch | undefined)[]>();
  const matching = new Set<TSESTree.Node>();
  const matchingServers = new Set<TSESTree.Node>();
  let origins: Map<TSESTree.Node, Origin> | undefined;

  // --- Module references -------------------------------------------------------------------

  function getOrigins(): Map<TSESTree.Node, Origin> {
    return (origins ??= moduleOrigins(sourceCode));
  }

  // --- Variables and class members -----------------------------------------------------------

  function variableOf(identifier: TSESTree.Identifier): Variable | null {
    let variable = variableCache.get(identifier);
    if (variable === undefined) {
      // By name from the innermost scope: passing the node would rescan sibling scopes by range.
      variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier.name);
      variableCache.set(identifier, variable);
    }
    return variable;
  }

  /** Every value a variable holds, when each write is an initialiser or a plain `=` (read only: shared). */
  function variableWrites(variable: Variable): Writes {
    const cached = writesCache.get(variable);
    if (cached !== undefined) return cached ?? undefined;
    const writes = scanWrites(variable);
    writesCache.set(variable, writes ?? null);
    return writes;
  }

  function scanWrites(variable: Variable): Writes {
    const values: TSESTree.Node[] = [];
    for (const ref of variable.references) {
      if (!ref.isWrite()) continue;
      const identifier = ref.identifier;
      const parent = identifier.parent;
      const plain =
        (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id === identifier && parent.init != null) ||
        (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.operator === '=' && parent.left === identifier);
      if (!plain || !ref.writeExpr) return undefined;
      if (!isNullish(ref.writeExpr)) values.push(ref.writeExpr);
    }
    return { values };
  }

  function classBodyOf(node: TSESTree.Node): TSESTree.ClassBody | undefined {
    // `this` belongs to the nearest non-arrow function; it is the instance when that function is a
    // method or field initialiser of a class.
    let current: TSESTree.Node | undefined = node.parent;
    while (current) {
      if (current.type === AST_NODE_TYPES.PropertyDefinition || current.type === AST_NODE_TYPES.AccessorProperty) {
        return current.static || current.parent.type !== AST_NODE_TYPES.ClassBody ? undefined : current.parent;
      }
      if (current.type === AST_NODE_TYPES.StaticBlock) return undefined;
      if (current.type === AST_NODE_TYPES.FunctionExpression || current.type === AST_NODE_TYPES.FunctionDeclaration) {
        const owner = current.parent;
        return owner?.type === AST_NODE_TYPES.MethodDefinition && !owner.static && owner.value === current
          ? owner.parent
          : undefined;
      }
      if (
        current.type === AST_NODE_TYPES.ClassBody ||
        current.type === AST_NODE_TYPES.Program ||
        current.type === AST_NODE_TYPES.TSModuleBlock
      ) {
        return undefined;
      }
      current = current.parent;
    }
    return undefined;
  }

  function classMembers(body: TSESTree.ClassBody): Map<string, ClassMember> {
    const cached = classCache.get(body);
    if (cached) return cached;
    const members = new Map<string, ClassMember>();
    classCache.set(body, members);
    const memberNamed = (name: string): ClassMember => {
      let member = members.get(name);
      if (!member) {
        member = { reads: [], values: [], opaque: false };
        members.set(name, member);
      }
      return member;
    };
    const visit = (node: TSESTree.Node): void => {
      if (
        node.type === AST_NODE_TYPES.FunctionExpression ||
        node.type === AST_NODE_TYPES.FunctionDeclaration ||
        node.type === AST_NODE_TYPES.ClassDeclaration ||
        node.type === AST_NODE_TYPES.ClassExpression
      ) {
        return; // `this` means something else in there
      }
      if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression) {
        const name = staticPropertyName(node);
        if (name !== undefined) {
          const member = memberNamed(name);
          const parent = node.parent;
          if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === node) {
            if (parent.operator !== '=') member.opaque = true;
            else if (!isNullish(parent.right)) member.values.push(parent.right);
          } else if (
            (parent.type === AST_NODE_TYPES.UpdateExpression && parent.argument === node) ||
            parent.type === AST_NODE_TYPES.ArrayPattern ||
            (parent.type === AST_NODE_TYPES.Property && parent.parent.type === AST_NODE_TYPES.ObjectPattern) ||
            parent.type === AST_NODE_TYPES.RestElement ||
            (parent.type === AST_NODE_TYPES.AssignmentPattern && (parent.left as TSESTree.Node) === node) ||
            (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'delete') ||
            parent.type === AST_NODE_TYPES.ForInStatement ||
            parent.type === AST_NODE_TYPES.ForOfStatement
          ) {
            member.opaque = true;
          } else {
            member.reads.push(node);
          }
        }
      }
      visitChildren(node, visit);
    };
    for (const element of body.body) {
      if (element.type === AST_NODE_TYPES.MethodDefinition) {
        if (element.static) continue;
        const fn = element.value;
        for (const param of fn.params) visit(param);
        if (fn.body) visit(fn.body);
      } else if (element.type === AST_NODE_TYPES.PropertyDefinition || element.type === AST_NODE_TYPES.AccessorProperty) {
        if (element.static || !element.value) continue;
        const name = element.computed ? undefined : element.key.type === AST_NODE_TYPES.Identifier ? element.key.name : element.key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${element.key.name}` : undefined;
        if (name !== undefined && !isNullish(element.value)) memberNamed(name).values.push(element.value);
        visit(element.value);
      }
    }
    return members;
  }

  function visitChildren(node: TSESTree.Node, visit: (child: TSESTree.Node) => void): void {
    // A node type the parser did not describe is searched whole: a missed write would make a guess.
    const keys = sourceCode.visitorKeys[node.type] ?? Object.keys(node).filter((key) => key !== 'parent');
    for (const key of keys) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const child of value) if (isNode(child)) visit(child);
      } else if (isNode(value)) {
        visit(value);
      }
    }
  }

  /** The values `node` (an identifier or `this.x`) can hold, when the detector can list them all. */
  function writesOf(node: TSESTree.Node): Writes {
    if (node.type === AST_NODE_TYPES.Identifier) {
      const variable = variableOf(node);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (!variable || def?.type !== TSESLint.Scope.DefinitionType.Variable) return undefined;
      if (def.node.id !== def.name) return undefined; // destructured
      const declaration = def.node.parent;
      if (
        declaration.parent.type === AST_NODE_TYPES.ForInStatement ||
        declaration.parent.type === AST_NODE_TYPES.ForOfStatement
      ) {
        return undefined;
      }
      return variableWrites(variable);
    }
    if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression) {
      const name = staticPropertyName(node);
      const body = classBodyOf(node);
      const member = name !== undefined && body ? classMembers(body).get(name) : undefined;
      return member && !member.opaque ? { values: member.values } : undefined;
    }
    return undefined;
  }

  /** `check` on every value of `writes`: the weakest answer when all agree, else undefined. */
  function allValues<T extends { via: SocketEvidence }>(
    writes: Writes,
    check: (value: TSESTree.Node) => T | undefined,
  ): T | undefined {
    if (!writes || writes.values.length === 0) return undefined;
    let result: T | undefined;
    for (const value of writes.values) {
      const found = check(value);
      if (!found) return undefined;
      result = result ? { ...result, via: weakest(result.via, found.via) } : found;
    }
    return result;
  }

  // --- Listener parameters -------------------------------------------------------------------

  /** Where a function value is passed as an argument: directly, by name, as `this.method`, `.bind()`-ed. */
  function argumentSites(fn: TSESTree.FunctionLike): { call: TSESTree.CallExpression | TSESTree.NewExpression; index: number }[] {
    const positions: TSESTree.Node[] = [];
    if (fn.type === AST_NODE_TYPES.FunctionExpression || fn.type === AST_NODE_TYPES.ArrowFunctionExpression) {
      positions.push(fn);
      const holder = outermost(fn).parent;
      if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier) {
        const variable = variableOf(holder.id);
        if (variable && variableWrites(variable)?.values.length === 1) positions.push(...readsOf(variable));
      } else if (
        (holder?.type === AST_NODE_TYPES.MethodDefinition && holder.kind === 'method') ||
        holder?.type === AST_NODE_TYPES.PropertyDefinition
      ) {
        const name =
          holder.static || holder.computed
            ? undefined
            : holder.key.type === AST_NODE_TYPES.Identifier
              ? holder.key.name
              : holder.key.type === AST_NODE_TYPES.PrivateIdentifier
                ? `#${holder.key.name}`
                : undefined;
        const member = name !== undefined && holder.parent.type === AST_NODE_TYPES.ClassBody ? classMembers(holder.parent).get(name) : undefined;
        if (member && !member.opaque) positions.push(...member.reads);
      }
    } else if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) {
      const variable = variableOf(fn.id);
      if (variable && variable.references.every((ref) => !ref.isWrite())) positions.push(...readsOf(variable));
    }

    const sites: { call: TSESTree.CallExpression | TSESTree.NewExpression; index: number }[] = [];
    for (const position of positions) {
      let value = outermost(position);
      // `handler.bind(this)` is the handler with the same parameters.
      const parent = value.parent;
      if (
        parent?.type === AST_NODE_TYPES.MemberExpression &&
        parent.object === value &&
        staticPropertyName(parent) === 'bind' &&
        parent.parent.type === AST_NODE_TYPES.CallExpression &&
        parent.parent.callee === parent &&
        parent.parent.arguments.length <= 1
      ) {
        value = outermost(parent.parent);
      }
      const call = value.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression && call?.type !== AST_NODE_TYPES.NewExpression) continue;
      const index = call.arguments.indexOf(value as TSESTree.CallExpressionArgument);
      if (index >= 0) sites.push({ call, index });
    }
    return sites;
  }

  function readsOf(variable: Variable): TSESTree.Node[] {
    return variable.references.filter((ref) => ref.isRead()).map((ref) => ref.identifier);
  }

  /** What each parameter of a listener/callback is, from every place it is registered. */
  function listenerRoles(fn: TSESTree.FunctionLike): readonly (SocketMatch | undefined)[] {
    const cached = rolesCache.get(fn);
    if (cached) return cached;
    const roles: (SocketMatch | undefined)[] = [];
    rolesCache.set(fn, roles); // a listener registered inside itself sees no roles yet
    const paramCount = runtimeParams(fn).length;
    for (const { call, index } of argumentSites(fn)) {
      const found = rolesAtSite(call, index, paramCount);
      if (!found) continue;
      found.roles.forEach((kind, position) => {
        if (kind && !roles[position]) roles[position] = { kind, via: found.via };
      });
    }
    return roles;
  }

  function rolesAtSite(
    call: TSESTree.CallExpression | TSESTree.NewExpression,
    index: number,
    paramCount: number,
  ): { roles: Roles; via: SocketEvidence } | undefined {
    const origin = getOrigins().get(call);
    if (origin) {
      const { callbackParams, callbackMaxIndex = 0 } = origin;
      return callbackParams && index === call.arguments.length - 1 && index <= callbackMaxIndex
        ? { roles: callbackParams, via: 'syntax' }
        : undefined;
    }
    if (call.type !== AST_NODE_TYPES.CallExpression || index !== 1) return undefined;
    const method = calleeMethod(call);
    if (!method || !LISTEN_METHODS.has(method.name)) return undefined;
    const [eventNode] = call.arguments;
    const event =
      eventNode && eventNode.type !== AST_NODE_TYPES.SpreadElement
        ? ASTUtils.getStringIfConstant(eventNode, sourceCode.getScope(eventNode))
        : null;
    if (event == null) return undefined;

    const server = matchServer(method.object);
    if (server) {
      const roles = SERVER_EVENTS[server.family][event];
      return roles ? { roles, via: server.via } : undefined;
    }
    const emitter = match(method.object);
    if (emitter) {
      const roles = KIND_EVENTS[emitter.kind]?.[event];
      return roles ? { roles, via: emitter.via } : undefined;
    }
    // Unknown receiver: only event names and shapes no other popular emitter uses
    // ('connection' is not one of them: ws's WebSocketServer emits it with a WebSocket).
    if ((event === 'clientError' || event === 'tlsClientError') && paramCount >= 2) {
      return { roles: SECOND_SOCKET_ARG, via: 'syntax' };
    }
    if ((event === 'upgrade' || event === 'connect') && paramCount >= 3) {
      return { roles: SECOND_SOCKET_ARG, via: 'syntax' };
    }
    return undefined;
  }

  // --- Servers (receivers of 'connection', 'upgrade', …) -------------------------------------

  function matchServer(node: TSESTree.Node): ServerMatch | undefined {
    return memoized(serverCache, matchingServers, node, () => serverBySyntax(node) ?? serverByType(node));
  }

  function serverBySyntax(node: TSESTree.Node): ServerMatch | undefined {
    if (isWrapper(node)) return matchServer(node.expression);
    switch (node.type) {
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.CallExpression: {
        const family = getOrigins().get(node)?.server;
        if (family) return { family, via: 'syntax' };
        if (node.type === AST_NODE_TYPES.CallExpression) {
          const method = calleeMethod(node);
          if (method && SERVER_CHAIN.has(method.name)) return matchServer(method.object);
        }
        return undefined;
      }
      case AST_NODE_TYPES.Identifier:
      case AST_NODE_TYPES.MemberExpression:
        return allValues(writesOf(node), matchServer);
      default:
        return undefined;
    }
  }

  function serverByType(node: TSESTree.Node): ServerMatch | undefined {
    if (!services || isPlainConstruction(node) || isPlainlyDeclared(node) || isPlainMember(node)) return undefined;
    const type = typeOf(node);
    const family = type && nodeTypeOf(type)?.server;
    return family ? { family, via: 'type' } : undefined;
  }

  // --- Sockets -------------------------------------------------------------------------------

  function match(node: TSESTree.Node): SocketMatch | undefined {
    return memoized(matchCache, matching, node, () => matchBySyntax(node) ?? matchByType(node) ?? matchByName(node));
  }

  function matchBySyntax(node: TSESTree.Node): SocketMatch | undefined {
    if (isWrapper(node)) return match(node.expression);
    switch (node.type) {
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.CallExpression: {
        const kind = getOrigins().get(node)?.socket;
        if (kind) return { kind, via: 'syntax' };
        if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
        const method = calleeMethod(node);
        if (!method || !SOCKET_RESULT_METHODS.has(method.name)) return undefined;
        const receiver = match(method.object);
        if (!receiver) return undefined;
        if (EMITTER_CHAIN.has(method.name) || KIND_CHAIN[receiver.kind].has(method.name)) return receiver;
        if (receiver.kind === 'http2-session' && method.name === 'request') return { kind: 'http2-stream', via: receiver.via };
        return undefined;
      }
      case AST_NODE_TYPES.Identifier: {
        const variable = variableOf(node);
        const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
        if (variable && def?.type === TSESLint.Scope.DefinitionType.Parameter) return matchParameter(variable, def.node);
        return allValues(writesOf(node), match);
      }
      case AST_NODE_TYPES.MemberExpression: {
        if (node.object.type === AST_NODE_TYPES.ThisExpression) return allValues(writesOf(node), match);
        const name = staticPropertyName(node);
        if (name !== 'socket' && name !== 'connection' && name !== 'session') return undefined;
        const owner = match(node.object);
        if (!owner) return undefined;
        // `req.socket`, `res.socket` (`connection` is its deprecated alias), `stream.session`.
        if (name === 'session') return owner.kind === 'http2-stream' ? { kind: 'http2-session', via: owner.via } : undefined;
        return owner.kind === 'client-request' || owner.kind === 'incoming-message' || owner.kind === 'server-response'
          ? { kind: 'socket', via: owner.via }
          : undefined;
      }
      case AST_NODE_TYPES.ConditionalExpression: {
        const consequent = match(node.consequent);
        const alternate = consequent && match(node.alternate);
        return consequent && alternate ? { kind: consequent.kind, via: weakest(consequent.via, alternate.via) } : undefined;
      }
      case AST_NODE_TYPES.AssignmentExpression:
        return node.operator === '=' ? match(node.right) : undefined;
      case AST_NODE_TYPES.SequenceExpression:
        return match(node.expressions[node.expressions.length - 1]!);
      default:
        return undefined;
    }
  }

  function matchParameter(variable: Variable, fnNode: TSESTree.Node): SocketMatch | undefined {
    if (!isFunctionLike(fnNode)) return undefined;
    if (isReassigned(variable)) return undefined;
    const declared = variable.defs[0]?.name;
    const index = runtimeParams(fnNode).findIndex((param) => paramIdentifier(param) === declared);
    return index < 0 ? undefined : listenerRoles(fnNode)[index];
  }

  /**
   * A parameter given another value is no longer what the caller passed (defaults and nullish
   * writes aside). Asked once per parameter, not once per read: a long function reads its
   * parameters thousands of times.
   */
  function isReassigned(variable: Variable): boolean {
    let reassigned = reassignedCache.get(variable);
    if (reassigned === undefined) {
      reassigned = variable.references.some((ref) => {
        if (!ref.isWrite()) return false;
        const parent = ref.identifier.parent;
        if (parent?.type === AST_NODE_TYPES.AssignmentPattern && parent.left === ref.identifier) return false;
        const nullified =
          parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.operator === '=' && isNullish(parent.right);
        return !nullified;
      });
      reassignedCache.set(variable, reassigned);
    }
    return reassigned;
  }

  // --- Types ---------------------------------------------------------------------------------

  /**
   * `new Map()`, `new Promise(…)`, `new Report()` of a class of this file that extends nothing or
   * only such classes: no socket or server of Node's, whatever the type checker would say (it is
   * not asked). Only without `socketTypes`, which may name any type.
   */
  /** `this.x` of a property declared with a plain type and never narrowed into a socket (src/type-questions.ts). */
  function isPlainMember(node: TSESTree.Node): boolean {
    if (!typeShortcuts || node.type !== AST_NODE_TYPES.MemberExpression || socketTypes.length > 0) return false;
    return isPlainlyDeclaredMember(loadTypeTools().ts, services!, node, {
      member: (body, name) => classMembers(body).get(name),
      cannotNarrow,
      isNone: (type) => nodeTypeOf(type) === undefined,
    });
  }

  function isPlainConstruction(node: TSESTree.Node): boolean {
    if (!typeShortcuts || node.type !== AST_NODE_TYPES.NewExpression || socketTypes.length > 0 || node.callee.type !== AST_NODE_TYPES.Identifier) {
      return false;
    }
    return isPlainClass(node.callee, 0);
  }

  function isPlainClass(name: TSESTree.Identifier, depth: number): boolean {
    const variable = variableOf(name);
    if (!variable || depth > 4) return false;
    if (variable.defs.length === 0) return variable.scope.type === TSESLint.Scope.ScopeType.global && BUILTIN_CLASSES.has(variable.name);
    // One definition: a class that merges with an interface or a namespace here has more.
    const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== TSESLint.Scope.DefinitionType.ClassName || def.node.type !== AST_NODE_TYPES.ClassDeclaration || def.node.declare) {
      return false;
    }
    if (!declaredOnce(def.node)) return false;
    const superClass = def.node.superClass;
    return superClass == null || (superClass.type === AST_NODE_TYPES.Identifier && isPlainClass(superClass, depth + 1));
  }

  /**
   * `const next: Rec = …`, `(message: string) => …`: a constant or a parameter never written again,
   * declared with a type that is plainly no socket or server (see `isPlainTypeNode`; for a parameter
   * without one, the type its function's place declares, see `contextualParameterType`), and not read
   * anywhere else where it could be narrowed into one (`instanceof`, a type guard or an assertion
   * function, which make it `Rec & Socket`). The type checker is not asked about such a value: most
   * values a code base adds to its collections are records of its own types. Only without
   * `socketTypes`.
   */
  function isPlainlyDeclared(node: TSESTree.Node): boolean {
    if (!typeShortcuts || node.type !== AST_NODE_TYPES.Identifier || socketTypes.length > 0) return false;
    const variable = variableOf(node);
    if (!variable) return false;
    let narrowable = plainDeclarationCache.get(variable);
    if (narrowable === undefined) {
      narrowable = narrowableReads(variable);
      plainDeclarationCache.set(variable, narrowable);
    }
    // The read asked about is not narrowed by itself, only by the reads before it.
    return narrowable !== null && narrowable.every((read) => read === node);
  }

  /** The reads of a plainly declared variable that could narrow it; `null` when it is not plainly declared. */
  function narrowableReads(variable: Variable): TSESTree.Identifier[] | null {
    const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
    if (!def) return null;
    let declared: TSESTree.Node = def.name;
    if (def.type === TSESLint.Scope.DefinitionType.Variable) {
      if (def.parent?.type !== AST_NODE_TYPES.VariableDeclaration || def.parent.kind !== 'const' || def.node.id !== def.name) return null;
    } else if (def.type === TSESLint.Scope.DefinitionType.Parameter) {
      if (!isFunctionLike(def.node) || isReassigned(variable)) return null;
      // `(x: T)` or `(x: T = fallback)`, not destructured.
      const param = def.node.params.find((candidate) => paramIdentifier(candidate) === def.name);
      if (!param) return null;
      declared = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    } else {
      return null;
    }
    const annotation = declared.type === AST_NODE_TYPES.Identifier ? declared.typeAnnotation?.typeAnnotation : undefined;
    if (annotation ? !isPlainTypeNode(annotation) : !hasPlainContextualType(def)) return null;
    const narrowable: TSESTree.Identifier[] = [];
    for (const ref of variable.references) {
      if (ref.init !== true && !cannotNarrow(ref.identifier)) narrowable.push(ref.identifier as TSESTree.Identifier);
    }
    return narrowable;
  }

  /** An unannotated parameter whose contextual type is declared plainly (see `contextualParameterType`). */
  function hasPlainContextualType(def: TSESLint.Scope.Definition): boolean {
    if (def.type !== TSESLint.Scope.DefinitionType.Parameter || !isFunctionLike(def.node) || def.name.type !== AST_NODE_TYPES.Identifier) return false;
    const declared = contextualParameterType(def.node, def.name);
    return declared !== undefined && isPlainTsType(declared, 0);
  }

  /**
   * The declared type of an unannotated parameter of a function written as a member of an object
   * literal whose type is annotated: `const store: Store = { put: (record) => … }`, a class field
   * `store: Store = { … }`, or `function open(): Store { return { put(record) { … } }; }` (not
   * async, not a generator). TypeScript gives the parameter the type of the same parameter of the
   * interface's member of that name, which is read here when it is written out: the annotation
   * names an interface (nothing else merged into it) without type parameters or `extends`, whose
   * declarations have exactly one member of that name, a method or a function-typed property
   * without type parameters, with no rest parameter up to this one. Undefined for anything else.
   */
  function contextualParameterType(fn: TSESTree.FunctionLike, param: TSESTree.Identifier): ts.TypeNode | undefined {
    if ((fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.type !== AST_NODE_TYPES.FunctionExpression) || fn.typeParameters) return undefined;
    const params = fn.params.filter((candidate) => candidate.type !== AST_NODE_TYPES.Identifier || candidate.name !== 'this');
    const index = params.indexOf(param);
    if (index < 0 || param.typeAnnotation) return undefined;
    const property = fn.parent;
    if (property?.type !== AST_NODE_TYPES.Property || property.computed || property.kind !== 'init' || property.value !== fn) return undefined;
    const name =
      property.key.type === AST_NODE_TYPES.Identifier
        ? property.key.name
        : property.key.type === AST_NODE_TYPES.Literal && typeof property.key.value === 'string'
          ? property.key.value
          : undefined;
    const annotation = property.parent.type === AST_NODE_TYPES.ObjectExpression ? objectAnnotation(property.parent) : undefined;
    if (name === undefined || annotation?.type !== AST_NODE_TYPES.TSTypeReference || annotation.typeName.type !== AST_NODE_TYPES.Identifier || annotation.typeArguments) {
      return undefined;
    }
    const { ts } = loadTypeTools();
    const symbol = symbolNamed(services!.esTreeNodeToTSNodeMap.get(annotation.typeName));
    if (symbol?.flags !== ts.SymbolFlags.Interface) return undefined;
    const declarations = symbol.declarations ?? [];
    if (declarations.length === 0) return undefined;
    const members: ts.TypeElement[] = [];
    for (const declaration of declarations) {
      if (!ts.isInterfaceDeclaration(declaration) || declaration.typeParameters || declaration.heritageClauses) return undefined;
      for (const member of declaration.members) {
        // A computed name (`[key]`) may be this one.
        if (member.name && ts.isComputedPropertyName(member.name)) return undefined;
        if (member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) || ts.isNumericLiteral(member.name)) && member.name.text === name) {
          members.push(member);
        }
      }
    }
    const [member] = members;
    if (members.length !== 1 || !member) return undefined;
    const signature = ts.isMethodSignature(member)
      ? member
      : ts.isPropertySignature(member) && member.type && ts.isFunctionTypeNode(member.type)
        ? member.type
        : undefined;
    if (!signature || signature.typeParameters) return undefined;
    const declared = signature.parameters.filter((candidate) => !ts.isIdentifier(candidate.name) || candidate.name.text !== 'this');
    const target = declared[index];
    if (!target || declared.slice(0, index + 1).some((candidate) => candidate.dotDotDotToken)) return undefined;
    return target.type;
  }

  /** The type annotation that gives an object literal its type: of the variable, field or function it is the value of. */
  function objectAnnotation(object: TSESTree.ObjectExpression): TSESTree.TypeNode | undefined {
    const parent = object.parent;
    switch (parent.type) {
      case AST_NODE_TYPES.VariableDeclarator:
        return parent.init === object && parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.typeAnnotation?.typeAnnotation : undefined;
      case AST_NODE_TYPES.PropertyDefinition:
        return parent.value === object && !parent.computed ? parent.typeAnnotation?.typeAnnotation : undefined;
      case AST_NODE_TYPES.ArrowFunctionExpression:
        return parent.body === object && !parent.async ? parent.returnType?.typeAnnotation : undefined;
      case AST_NODE_TYPES.ReturnStatement: {
        let fn: TSESTree.Node | undefined = parent.parent;
        while (fn && !isFunctionLike(fn)) fn = fn.parent;
        return fn && isFunctionLike(fn) && !fn.async && !fn.generator ? fn.returnType?.typeAnnotation : undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * A read that cannot narrow a variable of a plain type into a socket: a member access, a value
   * handed on (`x = v`, `{ k: v }`, `[v]`, `return v`, `new C(v)`) or an argument of an awaited or
   * returned call (neither a type guard nor an assertion function acts there).
   */
  function cannotNarrow(reference: TSESTree.Node): boolean {
    const parent = reference.parent;
    if (!parent) return false;
    switch (parent.type) {
      case AST_NODE_TYPES.MemberExpression:
        return parent.object === reference;
      case AST_NODE_TYPES.VariableDeclarator:
      case AST_NODE_TYPES.Property:
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.SpreadElement:
      case AST_NODE_TYPES.TemplateLiteral:
      case AST_NODE_TYPES.ReturnStatement:
      case AST_NODE_TYPES.TSTypeQuery:
        return true;
      case AST_NODE_TYPES.AssignmentExpression:
        return parent.right === reference;
      case AST_NODE_TYPES.NewExpression:
        return parent.callee !== reference;
      case AST_NODE_TYPES.CallExpression: {
        if (parent.callee === reference) return false;
        const outer = parent.parent?.type === AST_NODE_TYPES.ChainExpression ? parent.parent.parent : parent.parent;
        return outer?.type === AST_NODE_TYPES.AwaitExpression || outer?.type === AST_NODE_TYPES.ReturnStatement;
      }
      default:
        return false;
    }
  }

  /**
   * A type that is no socket or server of Node's, whatever it is instantiated with: a primitive or
   * literal type, an object type literal, an array, tuple or function type; a reference to an
   * interface every declaration of which extends only such (wherever declared: in this file,
   * imported, or global like `Map`), to a class that extends nothing, or to a type alias of such;
   * unions and intersections of such. Names are resolved by the program (every declaration merged
   * into a symbol counts, module augmentations included); no type is computed.
   */
  function isPlainTypeNode(annotation: TSESTree.TypeNode): boolean {
    if (annotation.type === AST_NODE_TYPES.TSUnionType) return annotation.types.every(isPlainTypeNode);
    // A name means the same type wherever this file's scopes resolve it to the same variable, except
    // in a namespace, whose declarations TypeScript merges across blocks: there each is resolved.
    if (annotation.type === AST_NODE_TYPES.TSTypeReference && annotation.typeName.type === AST_NODE_TYPES.Identifier && !inNamespace(annotation)) {
      const variable = variableOf(annotation.typeName);
      if (variable) {
        let plain = plainTypeByVariable.get(variable);
        if (plain === undefined) {
          plain = isPlainByProgram(annotation);
          plainTypeByVariable.set(variable, plain);
        }
        return plain;
      }
    }
    return isPlainByProgram(annotation);
  }

  function isPlainByProgram(annotation: TSESTree.TypeNode): boolean {
    const tsNode = services?.esTreeNodeToTSNodeMap.get(annotation) as ts.TypeNode | undefined;
    return tsNode !== undefined && isPlainTsType(tsNode, 0);
  }

  function inNamespace(node: TSESTree.Node): boolean {
    for (let current = node.parent; current; current = current.parent) if (current.type === AST_NODE_TYPES.TSModuleBlock) return true;
    return false;
  }

  function isPlainTsType(node: ts.TypeNode, depth: number): boolean {
    const { ts } = loadTypeTools();
    if (depth > 8) return false;
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
      case ts.SyntaxKind.NumberKeyword:
      case ts.SyntaxKind.BooleanKeyword:
      case ts.SyntaxKind.BigIntKeyword:
      case ts.SyntaxKind.SymbolKeyword:
      case ts.SyntaxKind.UndefinedKeyword:
      case ts.SyntaxKind.VoidKeyword:
      case ts.SyntaxKind.NeverKeyword:
      case ts.SyntaxKind.LiteralType:
      case ts.SyntaxKind.TemplateLiteralType:
      case ts.SyntaxKind.TypeLiteral:
      case ts.SyntaxKind.ArrayType:
      case ts.SyntaxKind.TupleType:
      case ts.SyntaxKind.FunctionType:
      case ts.SyntaxKind.ConstructorType:
        return true;
      case ts.SyntaxKind.ParenthesizedType:
        return isPlainTsType((node as ts.ParenthesizedTypeNode).type, depth + 1);
      case ts.SyntaxKind.TypeOperator: {
        const operator = node as ts.TypeOperatorNode;
        return operator.operator === ts.SyntaxKind.KeyOfKeyword || (operator.operator === ts.SyntaxKind.ReadonlyKeyword && isPlainTsType(operator.type, depth + 1));
      }
      case ts.SyntaxKind.UnionType:
      case ts.SyntaxKind.IntersectionType:
        return (node as ts.UnionOrIntersectionTypeNode).types.every((member) => isPlainTsType(member, depth + 1));
      case ts.SyntaxKind.TypeReference:
        return isPlainTypeName((node as ts.TypeReferenceNode).typeName, depth + 1);
      default:
        return false;
    }
  }

  /** The symbol a type name resolves to in the program, through imports (`import type { Rec }`). */
  function symbolNamed(name: ts.Node): ts.Symbol | undefined {
    const { ts } = loadTypeTools();
    const checker = services!.program.getTypeChecker();
    const symbol = checker.getSymbolAtLocation(name);
    return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  }

  function isPlainTypeName(name: ts.EntityName | ts.Expression, depth: number): boolean {
    const symbol = symbolNamed(name);
    if (!symbol || Object.hasOwn(NODE_TYPES, symbol.name)) return false;
    let byProgram = plainSymbolCache.get(services!.program);
    if (!byProgram) {
      byProgram = new WeakMap();
      plainSymbolCache.set(services!.program, byProgram);
    }
    let plain = byProgram.get(symbol);
    if (plain === undefined) {
      byProgram.set(symbol, false); // a type that names itself is not followed around
      plain = isPlainSymbol(symbol, depth);
      byProgram.set(symbol, plain);
    }
    return plain;
  }

  function isPlainSymbol(symbol: ts.Symbol, depth: number): boolean {
    const { ts } = loadTypeTools();
    if (symbol.flags & ts.SymbolFlags.TypeParameter) return false;
    // The declarations that make the type (`var Buffer` or `namespace Rec` beside an interface do not).
    const declarations = (symbol.declarations ?? []).filter(
      (declaration) =>
        ts.isInterfaceDeclaration(declaration) || ts.isClassLike(declaration) || ts.isTypeAliasDeclaration(declaration) || ts.isEnumDeclaration(declaration),
    );
    if (declarations.length === 0) return false;
    if (declarations.every(ts.isEnumDeclaration)) return true;
    // Only `extends` can bring in a socket; `implements` does not make a class one.
    const bases = (clauses: ts.NodeArray<ts.HeritageClause> | undefined): ts.ExpressionWithTypeArguments[] =>
      (clauses ?? []).filter((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword).flatMap((clause) => [...clause.types]);
    if (declarations.every(ts.isInterfaceDeclaration)) {
      return declarations.every((declaration) => bases(declaration.heritageClauses).every((base) => isPlainTypeName(base.expression, depth + 1)));
    }
    const [only] = declarations;
    if (declarations.length !== 1 || !only) return false;
    if (ts.isTypeAliasDeclaration(only)) return isPlainTsType(only.type, depth + 1);
    return ts.isClassDeclaration(only) && bases(only.heritageClauses).length === 0;
  }

  /**
   * An interface or class declared here and nowhere else: no script declaring the same global name,
   * no module augmentation (`declare module './records' { interface Rec extends Socket {} }`) adds
   * to it. Asked of the program's merged symbol, which the type checker has at hand (no type is
   * computed).
   */
  function declaredOnce(declaration: TSESTree.ClassDeclaration | TSESTree.TSInterfaceDeclaration): boolean {
    if (!services) return false;
    let once = declaredOnceCache.get(declaration);
    if (once === undefined) {
      const tsNode = services.esTreeNodeToTSNodeMap.get(declaration) as ts.ClassDeclaration | ts.InterfaceDeclaration | undefined;
      const symbol = tsNode?.name ? services.program.getTypeChecker().getSymbolAtLocation(tsNode.name) : undefined;
      once = symbol?.declarations?.length === 1;
      declaredOnceCache.set(declaration, once);
    }
    return once;
  }

  function typeOf(node: TSESTree.Node): ts.Type | undefined {
    if (!services || !TYPED_NODE_TYPES.has(node.type)) return undefined;
    const cached = typeCache.get(node);
    if (cached !== undefined) return cached ?? undefined;
    if (typeShortcuts && (node.type === AST_NODE_TYPES.NewExpression || node.type === AST_NODE_TYPES.CallExpression)) {
      // The callee's declared type settles most calls without resolving them (src/type-questions.ts).
      const declared = askType(context, node, () => declaredResultType(loadTypeTools().ts, services, node), 'declared type of the callee');
      if (declared) return declared;
    }
    let type: ts.Type | undefined;
    try {
      type = askType(context, node, () => services.getTypeAtLocation(node));
    } catch {
      type = undefined; // a node the type checker does not know (never fatal)
    }
    typeCache.set(node, type ?? null);
    return type;
  }

  function matchByType(node: TSESTree.Node): SocketMatch | undefined {
    if (!services || isPlainConstruction(node) || isPlainlyDeclared(node) || isPlainMember(node)) return undefined;
    const type = typeOf(node);
    if (!type) return undefined;
    const builtin = nodeTypeOf(type)?.socket;
    if (builtin) return { kind: builtin, via: 'type' };
    if (socketTypes.length > 0 && matchesSocketTypes(type)) return { kind: 'socket', via: 'type' };
    return undefined;
  }

  /** Every part of a type worth checking: union and intersection members, constraints, base classes. */
  function* typeAndBases(type: ts.Type): Generator<ts.Type> {
    const { ts } = loadTypeTools();
    const checker = services!.program.getTypeChecker();
    const seen = new Set<ts.Type>();
    const queue: ts.Type[] = [type];
    while (queue.length > 0 && seen.size < 64) {
      const current = queue.shift()!;
      if (seen.has(current)) continue;
      seen.add(current);
      if (current.isUnionOrIntersection()) {
        queue.push(...current.types);
        continue;
      }
      if (current.flags & ts.TypeFlags.TypeParameter) {
        const constraint = checker.getBaseConstraintOfType(current);
        if (constraint && constraint !== current) queue.push(constraint);
        continue;
      }
      if (!(current.flags & ts.TypeFlags.Object)) continue;
      const objectFlags = (current as ts.ObjectType).objectFlags;
      // `typeof Socket` (the class itself) has the class's symbol but is no instance.
      if (!(objectFlags & (ts.ObjectFlags.ClassOrInterface | ts.ObjectFlags.Reference))) continue;
      yield current;
      const target = objectFlags & ts.ObjectFlags.Reference ? (current as ts.TypeReference).target : current;
      if ((target as ts.ObjectType).objectFlags & ts.ObjectFlags.ClassOrInterface) {
        queue.push(...checker.getBaseTypes(target as ts.InterfaceType));
      }
    }
  }

  function nodeTypeOf(type: ts.Type): NodeTypeHit | undefined {
    const cached = nodeTypeCache.get(type);
    if (cached !== undefined) return cached ?? undefined;
    let result: NodeTypeHit | undefined;
    for (const part of typeAndBases(type)) {
      const symbol = part.getSymbol();
      const candidates = symbol && Object.hasOwn(NODE_TYPES, symbol.getName()) ? NODE_TYPES[symbol.getName()] : undefined;
      if (!symbol || !candidates) continue;
      const modules = new Set((symbol.getDeclarations() ?? []).map(declaringModule));
      result = candidates.find((candidate) => modules.has(candidate.module));
      if (result) break;
    }
    nodeTypeCache.set(type, result ?? null);
    return result;
  }

  /** The ambient module (`declare module "net"`) a declaration is in, without `node:`. */
  function declaringModule(declaration: ts.Node): string | undefined {
    const { ts } = loadTypeTools();
    for (let current: ts.Node | undefined = declaration.parent; current; current = current.parent) {
      if (ts.isModuleDeclaration(current) && ts.isStringLiteral(current.name)) return current.name.text.replace(/^node:/u, '');
    }
    return undefined;
  }

  function matchesSocketTypes(type: ts.Type): boolean {
    const { typeMatchesSpecifier } = loadTypeTools();
    const program = services!.program;
    const matches = (candidate: ts.Type): boolean => socketTypes.some((spec) => typeMatchesSpecifier(candidate, spec, program));
    if (type.aliasSymbol && matches(type)) return true;
    for (const part of typeAndBases(type)) if (matches(part)) return true;
    return false;
  }

  /** Whether a `net.Socket` could be stored where `node` is (true when types cannot tell). */
  function couldHoldSocket(node: TSESTree.Node): boolean {
    const type = typeOf(node);
    if (!type) return true;
    const { ts } = loadTypeTools();
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
    const checker = services!.program.getTypeChecker();
    let netSocketType = netSocketTypeCache.get(checker);
    if (netSocketType === undefined) {
      netSocketType = null;
      const netModule = checker.getAmbientModules().find((symbol) => symbol.getName() === '"net"' || symbol.getName() === '"node:net"');
      const socketSymbol = netModule && checker.tryGetMemberInModuleExports('Socket', netModule);
      if (socketSymbol) netSocketType = checker.getDeclaredTypeOfSymbol(socketSymbol);
      netSocketTypeCache.set(checker, netSocketType);
    }
    if (!netSocketType || typeof checker.isTypeAssignableTo !== 'function') return true;
    return askType(context, node, () => checker.isTypeAssignableTo(netSocketType, type), 'isTypeAssignableTo');
  }

  // --- Names ---------------------------------------------------------------------------------

  function matchByName(node: TSESTree.Node): SocketMatch | undefined {
    if (!namePattern) return undefined;
    let name: string | undefined;
    if (node.type === AST_NODE_TYPES.Identifier) {
      const variable = variableOf(node);
      const defType = variable?.defs[0]?.type;
      if (
        defType !== undefined &&
        defType !== TSESLint.Scope.DefinitionType.Variable &&
        defType !== TSESLint.Scope.DefinitionType.Parameter &&
        defType !== TSESLint.Scope.DefinitionType.ImportBinding
      ) {
        return undefined; // functions, classes, enums, types
      }
      name = node.name;
    } else if (node.type === AST_NODE_TYPES.MemberExpression) {
      name = staticPropertyName(node)?.replace(/^#/u, '');
    }
    if (name === undefined || !namePattern.test(name)) return undefined;
    const writes = writesOf(node);
    if (writes && writes.values.length > 0 && writes.values.every(isPlainlyNotSocket)) return undefined;
    if (services && !couldHoldSocket(node)) return undefined;
    return { kind: 'socket', via: 'name' };
  }

  return {
    hasTypes: services !== undefined,
    match,
    createdBy: (node) => getOrigins().get(node)?.socket,
    mayHaveSockets: () => mayHaveSockets(context, options),
    socketParams(fn) {
      const result = new Map<TSESTree.Parameter, SocketMatch>();
      for (const param of runtimeParams(fn)) {
        const identifier = paramIdentifier(param);
        const found = identifier && match(identifier);
        if (found) result.set(param, found);
      }
      return result;
    },
  };
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function isFunctionLike(node: TSESTree.Node): node is TSESTree.FunctionLike {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.TSDeclareFunction ||
    node.type === AST_NODE_TYPES.TSEmptyBodyFunctionExpression
  );
}

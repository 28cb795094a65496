import { ASTUtils, AST_NODE_TYPES, AST_TOKEN_TYPES, ESLintUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { readCodeSwitch, readCodeTest } from '../src/code-dispatch.js';
import { getSocketErrorInfo } from '../src/codes.js';
import { createRule } from '../src/create-rule.js';
import {
  ANY_IO_METHOD,
  callsWithin,
  contains,
  displayName,
  emitterKey,
  isIoCall,
  matchOncePerObject,
  readMethodCall,
  referenceKey,
  variableOf as lookupVariable,
  type MethodCall,
} from '../src/dead-socket.js';
import { isHelperCall, mayUseHelpers } from '../src/helper-imports.js';
import { getListenerCall, type ListenerCall } from '../src/listeners.js';
import { askType } from '../src/type-questions.js';
import {
  createSocketDetector, mayHaveSockets,
  DEFAULT_STRICT_SOCKET_NAME_PATTERN,
  defaultSocketOptions,
  socketOptionsSchema,
  type SocketKind,
  type SocketOptions,
} from '../src/socket.js';
import { enclosingFunction, type FunctionNode, isFunction, propertyName, skipWrappers } from '../src/model/ast.js';
import { resolveFunction } from '../src/model/functions.js';

export interface NoUseAfterDeadOptions extends SocketOptions {
  reportMayBeDead?: boolean;
}

type Options = [NoUseAfterDeadOptions];
type MessageIds =
  | 'afterDestroy'
  | 'afterEnd'
  | 'inDeadListener'
  | 'deadCodeBranch'
  | 'clientErrorSocket'
  | 'whileConnecting'
  | 'afterPeerError'
  | 'headersMaybeSent'
  | 'guardUse';

type Segment = TSESLint.CodePathSegment;
type CodePath = TSESLint.CodePath;
type Variable = TSESLint.Scope.Variable;

/** Why a socket is known dead at a point. */
interface Death {
  /** `ended`: only the writable side is gone (`end()`, `endGracefully()`); see ENDED_IO. */
  reason: 'destroyed' | 'ended' | 'close' | 'error' | 'dead-code';
  /** The event, the code, or the call that killed it. */
  detail: string;
}

/**
 * What holds at the end of a segment: sockets dead on every path that reaches it, and sockets a
 * guard proved alive on every path (`checked`: a liveness property such as `writable`; `code`: a
 * branch on an error code that does not kill the socket, which only answers "may be dead").
 */
interface State {
  dead: Map<string, Death>;
  alive: Map<string, 'checked' | 'code'>;
}

type Fact =
  | { type: 'dead'; key: string; detail: string }
  | { type: 'alive'; key: string; strength: 'checked' | 'code' };

/** "May be dead" sources: the whole function runs at a moment when an outer socket may be gone. */
type MayBeDead =
  | { reason: 'client-error'; event: string; socketKey: string }
  | { reason: 'connecting' | 'peer-error'; fn: FunctionNode; peerKey: string | undefined; peerName: string };

interface Frame {
  upper: Frame | undefined;
  codePath: CodePath;
  current: Set<Segment>;
  /** Sockets dead when the function starts (inside their own 'close'/'error' listener). */
  seeds: [string, Death][];
  /** A function when finding the source costs a question to the type checker: asked on the first use that needs it. */
  mayBeDead: MayBeDead | (() => MayBeDead | undefined) | undefined;
  /** Keys already reported in this function: the first use says it, the rest would repeat it. */
  reported: Set<string>;
  /**
   * No I/O call in the function (nor in the functions inside it, which are paths of their own):
   * nothing in it can be reported, so its paths keep no state (`seedFunction` too only feeds uses).
   */
  inert: boolean;
}

interface Deferred {
  node: TSESTree.CallExpression;
  key: string;
  name: string;
  source: Extract<MayBeDead, { reason: 'connecting' | 'peer-error' }>;
  messageId: MessageIds;
  /** The call and the socket's kind, for the suggestion, made only if the report is (settleDeferred). */
  call: MethodCall;
  kind: SocketKind;
}

/** Properties whose `true` means the socket can no longer be used (`false` proves it alive). */
const GONE_WHEN_TRUE = new Set([
  'destroyed',
  'closed',
  'errored',
  'writableEnded',
  'writableFinished',
  'writableAborted',
  'headersSent',
  'aborted',
  'finished',
]);
/** `true` of these proves the socket dead outright. */
const DEAD_WHEN_TRUE = new Set(['destroyed', 'closed']);
/** Properties whose `true` proves the socket alive. */
const ALIVE_WHEN_TRUE = new Set(['writable', 'readable', 'connecting', 'pending']);
/**
 * Calls that stop a socket's pending connect callback: listed to see whether a listener stops the
 * other side. Measured on Node 20 (127.0.0.1): `destroy()` on a socket still connecting cancels its
 * connect callback; `end()`, `destroySoon()`, `resetAndDestroy()` and so `endGracefully()` do not
 * (the callback runs once the connection is up).
 */
const CANCELS_CONNECT = new Set(['destroy']);
/**
 * I/O that fails on a socket whose writable side was ended (`ERR_STREAM_WRITE_AFTER_END`, and
 * `ERR_HTTP_HEADERS_SENT` for headers, since `end()` sends them). Reading, `cork()` and the socket
 * options still work after our `end()`: a half-closed connection can still receive.
 */
const ENDED_IO = new Set(['write', 'end', 'writeHead', 'setHeader']);
/** Writes that a stream's `writable` guards. */
const WRITE_METHODS = new Set(['write', 'end', 'cork', 'uncork']);
/** Calls that throw once the headers are out: `headersSent` guards them. */
const HEADER_SETTERS = new Set(['writeHead', 'setHeader']);
/**
 * HTTP's OutgoingMessage (a response, a client request) keeps `writable === true` for good, even
 * after `destroy()` or `end()` (measured on Node 20): its guards are `destroyed` and `writableEnded`.
 */
const OUTGOING_KINDS = new Set<SocketKind>(['server-response', 'client-request']);
/** `ts.TypeFlags.Any`, a constant of TypeScript's public API. */
const TYPE_FLAG_ANY = 1;
/** Calls that may send an HTTP response's headers. */
const HEADER_METHODS = new Set(['writeHead', 'write', 'end', 'flushHeaders']);
const PEER_KINDS = new Set<SocketKind>(['socket', 'client-request', 'http2-session', 'http2-stream']);
const LOOPS = new Set<string>([
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
]);
const EXITS = new Set<string>([
  AST_NODE_TYPES.BreakStatement,
  AST_NODE_TYPES.ReturnStatement,
  AST_NODE_TYPES.ThrowStatement,
  AST_NODE_TYPES.ContinueStatement,
]);

function emptyState(): State {
  return { dead: new Map(), alive: new Map() };
}

function copyState(state: State): State {
  return { dead: new Map(state.dead), alive: new Map(state.alive) };
}

function applyFacts(state: State, facts: readonly Fact[]): void {
  for (const fact of facts) {
    if (fact.type === 'dead') {
      state.dead.set(fact.key, { reason: 'dead-code', detail: fact.detail });
      state.alive.delete(fact.key);
    } else if (fact.strength === 'checked') {
      state.dead.delete(fact.key);
      state.alive.set(fact.key, 'checked');
    } else if (!state.alive.has(fact.key)) {
      state.alive.set(fact.key, 'code');
    }
  }
}

/** What holds on every one of the states. */
function intersect(states: readonly State[]): State {
  const [first, ...rest] = states;
  if (!first) return emptyState();
  const result = copyState(first);
  for (const other of rest) {
    for (const key of result.dead.keys()) if (!other.dead.has(key)) result.dead.delete(key);
    for (const key of result.alive.keys()) {
      const theirs = other.alive.get(key);
      if (!theirs) result.alive.delete(key);
      else if (theirs === 'code') result.alive.set(key, 'code');
    }
  }
  return result;
}

/** Facts that hold on both sides: kept only when each side has them (weakest alive strength). */
function factsOfEither(a: readonly Fact[], b: readonly Fact[]): Fact[] {
  const result: Fact[] = [];
  for (const fact of a) {
    const other = b.find((candidate) => candidate.key === fact.key && candidate.type === fact.type);
    if (!other) continue;
    if (fact.type === 'alive' && other.type === 'alive') {
      result.push({ ...fact, strength: fact.strength === 'code' || other.strength === 'code' ? 'code' : 'checked' });
    } else if (fact.type === 'dead' && other.type === 'dead' && other.detail !== fact.detail) {
      result.push({ ...fact, detail: `${fact.detail}, ${other.detail}` });
    } else {
      result.push(fact);
    }
  }
  return result;
}

export default createRule<Options, MessageIds>({
  name: 'no-use-after-dead',
  meta: {
    type: 'problem',
    hasSuggestions: true,
    docs: {
      description: 'Disallow I/O on a socket on a code path where it is known to be dead',
      recommended: 'recommended',
      strictOptions: { socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN },
    },
    messages: {
      afterDestroy:
        '`{{name}}` was destroyed by `{{detail}}()` on this path, so `{{method}}()` cannot reach the peer.',
      afterEnd:
        '`{{name}}` was ended by `{{detail}}()` on this path, so `{{method}}()` fails (write after end).',
      inDeadListener:
        "`{{name}}` is already destroyed in its own '{{detail}}' listener, so `{{method}}()` cannot reach the peer.",
      deadCodeBranch:
        '`{{name}}` is dead in this branch ({{detail}}), so `{{method}}()` cannot reach the peer.',
      clientErrorSocket:
        "`{{name}}` may already be destroyed when '{{detail}}' fires, so `{{method}}()` can fail.",
      whileConnecting:
        '`{{name}}` may have closed while `{{detail}}` was connecting, so `{{method}}()` can fail.',
      afterPeerError:
        '`{{name}}` may already be closed when `{{detail}}` fails, so `{{method}}()` can fail.',
      headersMaybeSent:
        '`{{name}}` may have sent headers before `{{detail}}` failed: `{{method}}()` can throw ERR_HTTP_HEADERS_SENT.',
      guardUse: 'Call `{{method}}()` only when `{{guard}}`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ...socketOptionsSchema,
          reportMayBeDead: {
            type: 'boolean',
            description:
              "Also report I/O on a socket that may be dead when the code runs: the socket of a 'clientError' listener, another socket used in a connect callback or in an upstream's 'error' listener.",
          },
        },
      },
    ],
    defaultOptions: [{ ...defaultSocketOptions, reportMayBeDead: true }],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    // Nothing to report in a file where nothing can be a socket (most files of a code base).
    if (!mayHaveSockets(context, options)) return {};
    const sockets = createSocketDetector(context, options);
    // Every report is about an I/O call: a file that calls no I/O method has none (with types,
    // where the detector cannot rule sockets out, most files are skipped here). The same within a
    // file: a function without an I/O call (nor one in a function inside it) has nothing to
    // report, so what is dead along its paths is not followed.
    const ioCalls = callsWithin(sourceCode, ANY_IO_METHOD);
    if (!ioCalls.any) return {};
    const matchSocket = matchOncePerObject(sockets, sourceCode);
    const reportMayBeDead = options.reportMayBeDead !== false;

    const states = new WeakMap<Segment, State>();
    /** The branch a segment's fork sent to its labelled successor; its other successor gets the opposite. */
    const forks = new WeakMap<Segment, { successor: Segment; test: TSESTree.Expression; value: boolean }>();
    /** Error parameters, by the socket key whose error they are. */
    const errorOf = new WeakMap<Variable, string>();
    let frame: Frame | undefined;

    // Collected for the checks that need the whole file.
    const listeners: ListenerCall[] = [];
    const stopCalls = new Map<string, TSESTree.Node[]>();
    const headerSites = new Map<string, TSESTree.Node[]>();
    const pipelines: TSESTree.CallExpression[] = [];
    const deferred: Deferred[] = [];

    const push = (map: Map<string, TSESTree.Node[]>, key: string, node: TSESTree.Node): void => {
      const list = map.get(key);
      if (list) list.push(node);
      else map.set(key, [node]);
    };

    function keyOf(node: TSESTree.Node): string | undefined {
      return referenceKey(node, sourceCode);
    }

    function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | TSESTree.ThisExpression | undefined {
      let current = skipWrappers(node);
      while (current.type === AST_NODE_TYPES.MemberExpression) current = skipWrappers(current.object);
      return current.type === AST_NODE_TYPES.Identifier || current.type === AST_NODE_TYPES.ThisExpression ? current : undefined;
    }

    function variableOf(identifier: TSESTree.Identifier): Variable | undefined {
      return lookupVariable(identifier, sourceCode);
    }

    /**
     * Can the rule follow what this reference holds inside `fn`? A variable written by other
     * functions may be replaced by any call (a reconnect), so it is not followed.
     */
    function isTrackable(node: TSESTree.Node, fn: TSESTree.Node | undefined): boolean {
      const root = rootIdentifier(node);
      if (!root) return false;
      if (root.type === AST_NODE_TYPES.ThisExpression) return true;
      const variable = variableOf(root);
      if (!variable) return false;
      let writes = writesCache.get(variable);
      if (!writes) {
        writes = variable.references.filter((reference) => reference.isWrite() && reference.init !== true);
        writesCache.set(variable, writes);
      }
      return writes.every((reference) => fn !== undefined && reference.from.variableScope.block === fn);
    }
    const writesCache = new WeakMap<Variable, TSESLint.Scope.Reference[]>();

    function isOuter(node: TSESTree.Node, fn: FunctionNode): boolean {
      const root = rootIdentifier(node);
      if (!root) return false;
      if (root.type === AST_NODE_TYPES.ThisExpression) return true;
      const declared = variableOf(root)?.defs[0]?.name;
      return declared !== undefined && !contains(fn, declared);
    }

    function paramVariable(fn: FunctionNode, index: number): Variable | undefined {
      const param = fn.params[index];
      if (param?.type !== AST_NODE_TYPES.Identifier) return undefined;
      return sourceCode.getDeclaredVariables(fn).find((variable) => variable.defs.some((def) => def.name === param));
    }

    function paramKey(fn: FunctionNode, index: number): string | undefined {
      const param = fn.params[index];
      return param?.type === AST_NODE_TYPES.Identifier ? keyOf(param) : undefined;
    }

    // --- What a function is: a listener, a connect callback, an error callback --------------

    /** The listener registration `fn` is the listener of (inline, or a function used once by name). */
    function registrationOf(fn: FunctionNode): ListenerCall | undefined {
      const parent = fn.parent;
      if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
        const listener = getListenerCall(parent, sourceCode.getScope(parent));
        return listener?.listener === fn ? listener : undefined;
      }
      let variable: Variable | undefined;
      if (fn.type === AST_NODE_TYPES.FunctionDeclaration) {
        variable = sourceCode.getDeclaredVariables(fn)[0];
      } else if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn && parent.id.type === AST_NODE_TYPES.Identifier) {
        variable = sourceCode.getDeclaredVariables(parent)[0];
      }
      if (!variable) return undefined;
      const uses = variable.references.filter((reference) => !reference.init);
      if (uses.length !== 1) return undefined;
      const use = uses[0]!.identifier;
      if (use.parent?.type !== AST_NODE_TYPES.CallExpression) return undefined;
      const listener = getListenerCall(use.parent, sourceCode.getScope(use.parent));
      return listener?.listener === use ? listener : undefined;
    }

    /** `net.connect(…, fn)`, `tls.connect(…, fn)`, `socket.connect(…, fn)`: the socket connecting. */
    function connectingSocket(fn: FunctionNode): { key: string | undefined; node: TSESTree.Node } | undefined {
      const call = fn.parent;
      if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.at(-1) !== fn) return undefined;
      const callee = skipWrappers(call.callee);
      const method = readMethodCall(call);
      if (method?.name === 'connect' && matchSocket(method.object)?.kind === 'socket') {
        return { key: keyOf(method.object), node: method.object };
      }
      const creates =
        callee.type === AST_NODE_TYPES.Identifier ||
        (callee.type === AST_NODE_TYPES.MemberExpression && ['connect', 'createConnection'].includes(propertyName(callee) ?? ''));
      if (creates && matchSocket(call)?.kind === 'socket') return { key: emitterKey(call, sourceCode), node: call };
      return undefined;
    }

    /**
     * A variable or member path (`socket`, `this.upstream`): `matchSocket` answers it once per key,
     * so every use of the key gets the same answer as this node.
     */
    function isKeyedObject(node: TSESTree.Node): boolean {
      const target = skipWrappers(node);
      return (target.type === AST_NODE_TYPES.Identifier || target.type === AST_NODE_TYPES.MemberExpression) && keyOf(target) !== undefined;
    }

    /** Can `fn` be the callback of `connectingSocket`? From syntax alone: its checks ask the type checker. */
    function mayBeConnectCallback(fn: FunctionNode): boolean {
      const call = fn.parent;
      if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.at(-1) !== fn) return false;
      const callee = skipWrappers(call.callee);
      return (
        readMethodCall(call)?.name === 'connect' ||
        callee.type === AST_NODE_TYPES.Identifier ||
        (callee.type === AST_NODE_TYPES.MemberExpression && ['connect', 'createConnection'].includes(propertyName(callee) ?? ''))
      );
    }

    /** `finished(socket, cb)`: its callback's error belongs to the socket, unless the call connects one. */
    function isFinishedCall(call: TSESTree.Node): boolean {
      if (call.type !== AST_NODE_TYPES.CallExpression) return false;
      const callee = skipWrappers(call.callee);
      return callee.type === AST_NODE_TYPES.Identifier && callee.name === 'finished';
    }

    function connectingSource(fn: FunctionNode): MayBeDead | undefined {
      const connecting = connectingSocket(fn);
      if (!connecting) return undefined;
      const name = connecting.key === undefined ? 'the new connection' : displayName(connectingName(connecting.node), sourceCode);
      return { reason: 'connecting', fn, peerKey: connecting.key, peerName: name };
    }

    function seedFunction(fn: FunctionNode): { seeds: [string, Death][]; mayBeDead: MayBeDead | (() => MayBeDead | undefined) | undefined } {
      const seeds: [string, Death][] = [];
      let mayBeDead: MayBeDead | undefined;
      const registration = registrationOf(fn);
      if (registration) {
        const { event, target } = registration;
        const targetKey = emitterKey(target, sourceCode);
        const deathEvent = targetKey !== undefined && (event === 'close' || event === 'error');
        if (deathEvent && isKeyedObject(target)) {
          // Seeded without asking whether the target is a socket: what the seed and the error
          // parameter change is known of this key only, and a use of the key is reported only
          // when `matchSocket` says yes for it, the same answer (asked once per key) as for the target.
          if (isTrackable(target, fn)) seeds.push([targetKey, { reason: event, detail: event }]);
          if (event === 'error') {
            const errorParam = paramVariable(fn, 0);
            if (errorParam) errorOf.set(errorParam, targetKey);
            const peerError = (): MayBeDead | undefined => {
              const socket = matchSocket(target);
              return socket && PEER_KINDS.has(socket.kind)
                ? { reason: 'peer-error', fn, peerKey: targetKey, peerName: displayName(target, sourceCode) }
                : undefined;
            };
            return { seeds, mayBeDead: peerError };
          }
          return { seeds, mayBeDead };
        }
        // A 'connect' listener asks when a use could be reported; other listeners never ask.
        const socket = deathEvent ? matchSocket(target) : undefined;
        if (deathEvent && socket) {
          if (isTrackable(target, fn)) seeds.push([targetKey, { reason: event, detail: event }]);
          if (event === 'error') {
            const errorParam = paramVariable(fn, 0);
            if (errorParam) errorOf.set(errorParam, targetKey);
            if (PEER_KINDS.has(socket.kind)) {
              mayBeDead = { reason: 'peer-error', fn, peerKey: targetKey, peerName: displayName(target, sourceCode) };
            }
          }
        } else if (event === 'clientError' || event === 'tlsClientError') {
          const socketParam = [...sockets.socketParams(fn).keys()].find((param) => param === fn.params[1]);
          const socketKey = socketParam ? paramKey(fn, 1) : undefined;
          if (socketKey !== undefined) {
            mayBeDead = { reason: 'client-error', event, socketKey };
            const errorParam = paramVariable(fn, 0);
            if (errorParam) errorOf.set(errorParam, socketKey);
          }
        } else if (event === 'connect' || event === 'secureConnect') {
          const connecting = (): MayBeDead | undefined =>
            matchSocket(target)?.kind === 'socket' ? { reason: 'connecting', fn, peerKey: targetKey, peerName: displayName(target, sourceCode) } : undefined;
          return { seeds, mayBeDead: connecting };
        }
        return { seeds, mayBeDead };
      }
      const call = fn.parent;
      if (mayBeConnectCallback(fn)) {
        if (!isFinishedCall(call)) {
          // Whether the call connects a socket is asked only when a use in the callback could be reported.
          return { seeds, mayBeDead: () => connectingSource(fn) };
        }
        const connecting = connectingSource(fn);
        if (connecting) return { seeds, mayBeDead: connecting };
      }
      // The error of a write/end callback, or of `finished(socket, cb)`, is an error of that socket.
      if (call.type === AST_NODE_TYPES.CallExpression && call.arguments.at(-1) === fn) {
        const method = readMethodCall(call);
        const errorParam = paramVariable(fn, 0);
        let owner: TSESTree.Node | undefined;
        if (method && (method.name === 'write' || method.name === 'end')) owner = method.object;
        const callee = skipWrappers(call.callee);
        const calleeName =
          callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
        if (calleeName === 'finished' && call.arguments[0] && call.arguments[0].type !== AST_NODE_TYPES.SpreadElement) owner = call.arguments[0];
        const ownerKey = errorParam && owner ? keyOf(owner) : undefined;
        // A keyed owner is not asked about: as for a listener's target (see above), only uses of
        // the same key, asked about themselves, can be reported because of it.
        if (errorParam && owner && ownerKey !== undefined && (isKeyedObject(owner) || matchSocket(owner))) errorOf.set(errorParam, ownerKey);
      }
      return { seeds, mayBeDead };
    }

    /** `const upstream = net.connect(…)`: name the socket by its variable. */
    function connectingName(node: TSESTree.Node): TSESTree.Node {
      const parent = node.parent;
      if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node) return parent.id;
      if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node) return parent.left;
      return node;
    }

    // --- Conditions: what a test proves on each side --------------------------------------

    function errorSocketKey(object: TSESTree.Node): string | undefined {
      const target = skipWrappers(object);
      if (target.type !== AST_NODE_TYPES.Identifier) return undefined;
      const variable = variableOf(target);
      return variable ? errorOf.get(variable) : undefined;
    }

    /** Facts that hold when the code named by `codes` is (or is not) the error's code. */
    function codeFacts(socketKey: string, codes: readonly string[], detail: string): Fact[] {
      const infos = codes.map((code) => getSocketErrorInfo(code));
      if (codes.length > 0 && infos.every((info) => info?.dead === true)) return [{ type: 'dead', key: socketKey, detail }];
      if (codes.length > 0 && infos.every((info) => info?.dead !== true)) return [{ type: 'alive', key: socketKey, strength: 'code' }];
      return [];
    }

    function facts(node: TSESTree.Node, value: boolean, depth = 0): Fact[] {
      const test = skipWrappers(node);
      if (depth > 8) return [];
      switch (test.type) {
        case AST_NODE_TYPES.ChainExpression:
          // `socket?.writable`: true only when the socket is there and writable.
          return facts(test.expression, value, depth + 1);
        case AST_NODE_TYPES.UnaryExpression:
          return test.operator === '!' ? facts(test.argument, !value, depth + 1) : [];
        case AST_NODE_TYPES.LogicalExpression: {
          if (test.operator === '??') return [];
          const left = facts(test.left, value, depth + 1);
          const right = facts(test.right, value, depth + 1);
          // `a && b` true / `a || b` false: both hold. Otherwise one of them does.
          return (test.operator === '&&') === value ? [...left, ...right] : factsOfEither(left, right);
        }
        case AST_NODE_TYPES.MemberExpression: {
          const property = propertyName(test);
          const key = keyOf(test.object);
          if (property === undefined || key === undefined) return mentions(test);
          if (GONE_WHEN_TRUE.has(property)) {
            if (!value) return [{ type: 'alive', key, strength: 'checked' }];
            return DEAD_WHEN_TRUE.has(property) ? [{ type: 'dead', key, detail: `\`${property}\` is true` }] : [];
          }
          if (ALIVE_WHEN_TRUE.has(property)) return value ? [{ type: 'alive', key, strength: 'checked' }] : [];
          return mentions(test);
        }
        case AST_NODE_TYPES.Identifier: {
          // `const open = !socket.destroyed; if (open) …`
          const variable = variableOf(test);
          const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
          if (
            def?.node.type === AST_NODE_TYPES.VariableDeclarator &&
            def.node.init &&
            def.parent?.type === AST_NODE_TYPES.VariableDeclaration &&
            def.parent.kind === 'const'
          ) {
            return facts(def.node.init, value, depth + 1);
          }
          return [];
        }
        case AST_NODE_TYPES.BinaryExpression: {
          const boolSide = [test.left, test.right].find(
            (side): side is TSESTree.BooleanLiteral => side.type === AST_NODE_TYPES.Literal && typeof side.value === 'boolean',
          );
          if (boolSide && ['===', '!==', '==', '!='].includes(test.operator)) {
            const other = boolSide === test.left ? test.right : test.left;
            const equal = test.operator === '===' || test.operator === '==';
            return facts(other, equal === value ? boolSide.value : !boolSide.value, depth + 1);
          }
          const codeTest = readCodeTest(test, sourceCode.getScope(test));
          if (codeTest) return codeTestFacts(codeTest, value);
          return mentions(test);
        }
        case AST_NODE_TYPES.CallExpression: {
          const callee = skipWrappers(test.callee);
          const [argument] = test.arguments;
          if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'isDeadSocketError' && argument) {
            const socketKey = errorSocketKey(argument);
            if (socketKey !== undefined && value) return [{ type: 'dead', key: socketKey, detail: 'a dead error code' }];
          }
          const codeTest = readCodeTest(test, sourceCode.getScope(test));
          if (codeTest) return codeTestFacts(codeTest, value);
          return mentions(test);
        }
        default:
          return [];
      }
    }

    function codeTestFacts(codeTest: NonNullable<ReturnType<typeof readCodeTest>>, value: boolean): Fact[] {
      if (codeTest.open || value !== codeTest.matches) return [];
      const object = codeTest.read.member?.object;
      const socketKey = object ? errorSocketKey(object) : undefined;
      if (socketKey === undefined) return [];
      const codes = codeTest.codes.map((code) => code.value);
      return codeFacts(socketKey, codes, codes.join(', '));
    }

    /**
     * A test that reads a socket in a way the rule does not model (`socket.readyState === 'open'`,
     * `isOpen(socket)`) is taken as a liveness check on both sides: precision first.
     */
    function mentions(node: TSESTree.Node): Fact[] {
      const found: Fact[] = [];
      const visit = (current: TSESTree.Node, depth: number): void => {
        if (depth > 6) return;
        const target = skipWrappers(current);
        if (target.type === AST_NODE_TYPES.MemberExpression) {
          const key = keyOf(target.object);
          if (key !== undefined) found.push({ type: 'alive', key, strength: 'checked' });
          visit(target.object, depth + 1);
          return;
        }
        if (target.type === AST_NODE_TYPES.CallExpression) {
          for (const argument of target.arguments) {
            const key = argument.type === AST_NODE_TYPES.SpreadElement ? undefined : keyOf(argument);
            if (key !== undefined) found.push({ type: 'alive', key, strength: 'checked' });
            else visit(argument, depth + 1);
          }
          visit(target.callee, depth + 1);
          return;
        }
        if (target.type === AST_NODE_TYPES.BinaryExpression || target.type === AST_NODE_TYPES.LogicalExpression) {
          if (target.left.type !== AST_NODE_TYPES.PrivateIdentifier) visit(target.left, depth + 1);
          visit(target.right, depth + 1);
        } else if (target.type === AST_NODE_TYPES.UnaryExpression) {
          visit(target.argument, depth + 1);
        }
      };
      visit(node, 0);
      return found;
    }

    /** The branch a segment starting at `node` is on: the test and the value it had. */
    function branchOf(node: TSESTree.Node): { test: TSESTree.Expression; value: boolean } | undefined {
      const parent = node.parent;
      if (!parent) return undefined;
      switch (parent.type) {
        case AST_NODE_TYPES.IfStatement:
        case AST_NODE_TYPES.ConditionalExpression:
          if (parent.consequent === node) return { test: parent.test, value: true };
          if (parent.alternate === node) return { test: parent.test, value: false };
          return undefined;
        case AST_NODE_TYPES.LogicalExpression:
          if (parent.right !== node || parent.operator === '??') return undefined;
          return { test: parent.left, value: parent.operator === '&&' };
        case AST_NODE_TYPES.WhileStatement:
        case AST_NODE_TYPES.ForStatement:
          return parent.body === node && parent.test ? { test: parent.test, value: true } : undefined;
        default:
          return undefined;
      }
    }

    const switches = new WeakMap<TSESTree.SwitchStatement, ReturnType<typeof readCodeSwitch>>();

    /** `case 'ECONNRESET': …` on an error of a socket: the codes that reach this case's body. */
    function switchCaseFacts(node: TSESTree.Node): Fact[] | undefined {
      const switchCase = node.parent;
      if (switchCase?.type !== AST_NODE_TYPES.SwitchCase || switchCase.consequent[0] !== node) return undefined;
      const statement = switchCase.parent;
      let dispatch = switches.get(statement);
      if (dispatch === undefined) {
        dispatch = readCodeSwitch(statement, sourceCode.getScope(statement));
        switches.set(statement, dispatch);
      }
      const object = dispatch?.read.member?.object;
      const socketKey = object ? errorSocketKey(object) : undefined;
      if (!dispatch || socketKey === undefined) return [];
      const codes: string[] = [];
      for (let index = statement.cases.indexOf(switchCase); index >= 0; index--) {
        const current = statement.cases[index]!;
        if (current !== switchCase && current.consequent.length > 0) {
          const last = current.consequent.at(-1)!;
          if (!EXITS.has(last.type)) return []; // falls through from a case we did not read
          break;
        }
        const code = current.test ? dispatch.cases.find((entry) => entry.switchCase === current)?.code : undefined;
        if (!code) return [];
        codes.push(code.value);
      }
      return codeFacts(socketKey, codes, codes.join(', '));
    }

    // --- Segments --------------------------------------------------------------------------

    function startState(segment: Segment, node: TSESTree.Node): State {
      if (!frame) return emptyState();
      if (segment === frame.codePath.initialSegment) {
        const state = emptyState();
        for (const [key, death] of frame.seeds) state.dead.set(key, death);
        return state;
      }
      // A loop head is also reached from the end of the loop body: nothing is known there.
      if (node.parent && LOOPS.has(node.parent.type) && !(node.parent.type === AST_NODE_TYPES.ForStatement && node.parent.init === node)) {
        return emptyState();
      }
      const branch = branchOf(node);
      const caseFacts = switchCaseFacts(node);
      const incoming: State[] = [];
      for (const previous of segment.prevSegments) {
        const before = states.get(previous);
        if (!before) return emptyState(); // a back edge not walked yet
        const edge = copyState(before);
        if (branch) {
          applyFacts(edge, facts(branch.test, branch.value));
          forks.set(previous, { successor: segment, ...branch });
        } else {
          const fork = forks.get(previous);
          if (fork && fork.successor !== segment) applyFacts(edge, facts(fork.test, !fork.value));
        }
        if (caseFacts) applyFacts(edge, caseFacts);
        incoming.push(edge);
      }
      return intersect(incoming);
    }

    function onSegmentStart(segment: Segment, node: TSESTree.Node): void {
      frame?.current.add(segment);
      if (segment.reachable && !frame?.inert) states.set(segment, startState(segment, node));
    }

    function onSegmentEnd(segment: Segment): void {
      frame?.current.delete(segment);
    }

    function reachableSegments(): Segment[] {
      return frame ? [...frame.current].filter((segment) => segment.reachable) : [];
    }

    function updateCurrent(change: (state: State) => void): void {
      for (const segment of reachableSegments()) {
        const state = states.get(segment);
        if (state) change(state);
      }
    }

    // --- Uses ------------------------------------------------------------------------------

    function checkUse(node: TSESTree.CallExpression): void {
      const method = readMethodCall(node);
      if (!method || !ANY_IO_METHOD.has(method.name) || !frame) return;
      const segments = reachableSegments();
      if (segments.length === 0) return;
      const key = keyOf(method.object);
      if (key === undefined || frame.reported.has(key)) return;
      const segmentStates = segments.map((segment) => states.get(segment) ?? emptyState());
      const deaths = segmentStates.map((state) => state.dead.get(key));
      // After `end()` only writes fail: reading and the socket options still work on a half-closed socket.
      const matters = (entry: Death | undefined) => entry !== undefined && (entry.reason !== 'ended' || ENDED_IO.has(method.name));
      const death = deaths.every(matters) ? deaths[0] : undefined;
      const source = death ? undefined : mayBeDeadSource(key, method.object, segmentStates);
      if (!death && !source) return;
      const socket = matchSocket(method.object);
      if (!socket || !isIoCall(method, socket.kind)) return;
      const name = displayName(method.object, sourceCode);
      if (death) {
        frame.reported.add(key);
        const messageId: MessageIds =
          death.reason === 'destroyed'
            ? 'afterDestroy'
            : death.reason === 'ended'
              ? 'afterEnd'
              : death.reason === 'dead-code'
                ? 'deadCodeBranch'
                : 'inDeadListener';
        const ended = deaths.every((entry) => entry?.reason === 'ended');
        context.report({ node, messageId, data: { name, method: method.name, detail: death.detail }, suggest: guardSuggestion(method, socket.kind, ended) });
        return;
      }
      if (!source) return;
      if (source.reason === 'client-error') {
        frame.reported.add(key);
        const suggest = guardSuggestion(method, socket.kind, false);
        context.report({ node, messageId: 'clientErrorSocket', data: { name, method: method.name, detail: source.event }, suggest });
        return;
      }
      if (source.reason === 'peer-error') {
        const headers = socket.kind === 'server-response' && (method.name === 'writeHead' || method.name === 'setHeader');
        const raw = socket.kind === 'socket' && (method.name === 'write' || method.name === 'end');
        if (!headers && !raw) return;
        frame.reported.add(key);
        deferred.push({ node, key, name, source, messageId: headers ? 'headersMaybeSent' : 'afterPeerError', call: method, kind: socket.kind });
        return;
      }
      frame.reported.add(key);
      deferred.push({ node, key, name, source, messageId: 'whileConnecting', call: method, kind: socket.kind });
    }

    // --- The suggestion: guard the use -----------------------------------------------------

    /**
     * The liveness check that fits the call and the kind of socket, in the form the rule itself
     * accepts as a guard: `writable` for a stream's writes (false once it is destroyed or ended),
     * `headersSent` before headers, `writableEnded`/`destroyed` on HTTP's OutgoingMessage, whose
     * `writable` stays true for good, and `destroyed` for everything else.
     */
    function guardProperty(methodName: string, kind: SocketKind, ended: boolean): { property: string; negated: boolean } {
      if (HEADER_SETTERS.has(methodName)) return { property: 'headersSent', negated: true };
      if (WRITE_METHODS.has(methodName) && !OUTGOING_KINDS.has(kind)) return { property: 'writable', negated: false };
      if (WRITE_METHODS.has(methodName) && ended) return { property: 'writableEnded', negated: true };
      return { property: 'destroyed', negated: true };
    }

    /**
     * `if (socket.writable) socket.write(x);`: offered only when the call is a whole statement
     * (the edit stays local), never as a fix (it changes what the code does).
     */
    function guardSuggestion(method: MethodCall, kind: SocketKind, ended: boolean): TSESLint.ReportSuggestionArray<MessageIds> | undefined {
      const expression = method.call.parent.type === AST_NODE_TYPES.ChainExpression ? method.call.parent : method.call;
      const statement = expression.parent;
      if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression !== expression) return undefined;
      // `if (ok) socket.write(x); else …`: the new `if` would take the `else`.
      const next = sourceCode.getTokenAfter(statement);
      if (next?.type === AST_TOKEN_TYPES.Keyword && next.value === 'else') return undefined;
      const callee = skipWrappers(method.call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
      const { property, negated } = guardProperty(method.name, kind, ended);
      if (!hasProperty(callee.object, property)) return undefined;
      const objectText = sourceCode.getText(callee.object);
      const object = ASTUtils.isParenthesized(callee.object, sourceCode) ? `(${objectText})` : objectText;
      const guard = `${negated ? '!' : ''}${object}${callee.optional ? '?.' : '.'}${property}`;
      return [
        {
          messageId: 'guardUse',
          data: { method: method.name, guard },
          fix: (fixer) => fixer.insertTextBefore(statement, `if (${guard}) `),
        },
      ];
    }

    /** With types, the guard must type-check: a `socketTypes` class may lack `writable`. */
    function hasProperty(object: TSESTree.Node, property: string): boolean {
      if (!sockets.hasTypes) return true;
      const services = ESLintUtils.getParserServices(context);
      const checker = services.program.getTypeChecker();
      const type = checker.getNonNullableType(askType(context, object, () => services.getTypeAtLocation(object)));
      // ts.TypeFlags.Any (the rule does not load TypeScript itself): an untyped value reads anything.
      if ((type.flags & TYPE_FLAG_ANY) !== 0) return true;
      return checker.getPropertyOfType(checker.getApparentType(type), property) !== undefined;
    }

    function mayBeDeadSource(key: string, object: TSESTree.Node, segmentStates: readonly State[]): MayBeDead | undefined {
      if (!frame?.mayBeDead || !reportMayBeDead) return undefined;
      if (segmentStates.every((state) => state.alive.has(key))) return undefined;
      if (typeof frame.mayBeDead === 'function') frame.mayBeDead = frame.mayBeDead();
      const source = frame.mayBeDead;
      if (!source) return undefined;
      if (source.reason === 'client-error') return source.socketKey === key ? source : undefined;
      if (key === source.peerKey || !isOuter(object, source.fn)) return undefined;
      return source;
    }

    /**
     * `if (gotResponse) socket.destroy(); else res.writeHead(502);` where every function that may
     * send the headers also sets `gotResponse`: the flag says whether they were sent, as
     * `res.headersSent` would.
     */
    function guardedByFlag(use: TSESTree.Node, fn: TSESTree.Node, sites: readonly TSESTree.Node[]): boolean {
      const flags: Variable[] = [];
      for (let child: TSESTree.Node = use, current = use.parent; current && current !== fn; child = current, current = current.parent) {
        if ((current.type !== AST_NODE_TYPES.IfStatement && current.type !== AST_NODE_TYPES.ConditionalExpression) || child === current.test) continue;
        for (const operand of testOperands(current.test)) {
          const variable = operand.type === AST_NODE_TYPES.Identifier ? variableOf(operand) : undefined;
          if (variable) flags.push(variable);
        }
      }
      return flags.some((flag) =>
        sites.every((site) => {
          const sender = enclosingFunction(site);
          return flag.references.some((ref) => ref.isWrite() && !ref.init && sender !== undefined && contains(sender, ref.identifier));
        }),
      );
    }

    /** The plain operands of a test: `a`, `!a`, `a && !b`, `a || b`. */
    function testOperands(test: TSESTree.Expression): TSESTree.Expression[] {
      const target = skipWrappers(test) as TSESTree.Expression;
      if (target.type === AST_NODE_TYPES.UnaryExpression && target.operator === '!') return testOperands(target.argument);
      if (target.type === AST_NODE_TYPES.LogicalExpression) return [...testOperands(target.left), ...testOperands(target.right)];
      return [target];
    }

    function settleDeferred(): void {
      for (const entry of deferred) {
        const { source } = entry;
        if (entry.messageId === 'headersMaybeSent') {
          // Only when something outside this listener can have sent the headers already.
          const outside = (headerSites.get(entry.key) ?? []).filter((site) => !contains(source.fn, site));
          if (outside.length === 0 || guardedByFlag(entry.node, source.fn, outside)) continue;
        } else if (source.reason === 'connecting' && source.peerKey !== undefined && stopsPeerOnClose(entry.key, source.peerKey)) {
          continue;
        }
        context.report({
          node: entry.node,
          messageId: entry.messageId,
          data: { name: entry.name, method: entry.call.name, detail: source.peerName },
          suggest: guardSuggestion(entry.call, entry.kind, false),
        });
      }
    }

    /**
     * Does a 'close' or 'end' listener of `key` destroy `peerKey`, or a pipeline tie the two? ('error'
     * alone is not enough: a client that leaves with a clean FIN emits none.)
     */
    function stopsPeerOnClose(key: string, peerKey: string): boolean {
      const stops = stopCalls.get(peerKey) ?? [];
      for (const listener of listeners) {
        if ((listener.event !== 'close' && listener.event !== 'end') || !listener.listener) continue;
        if (emitterKey(listener.target, sourceCode) !== key) continue;
        const fn = resolveFunction(listener.listener, sourceCode);
        if (fn && stops.some((stop) => contains(fn, stop))) return true;
      }
      return pipelines.some((call) => {
        const keys = call.arguments.map((argument) => (argument.type === AST_NODE_TYPES.SpreadElement ? undefined : keyOf(argument)));
        return keys.includes(key) && keys.includes(peerKey);
      });
    }

    /**
     * `endGracefully(socket, { timeoutMs })` imported from our module: it calls `socket.end()`
     * synchronously (awaited or not), so the rule treats it as `socket.end()`.
     */
    function endGracefullyTarget(node: TSESTree.CallExpression): TSESTree.Expression | undefined {
      const [first] = node.arguments;
      if (!helpersUsed || !first || first.type === AST_NODE_TYPES.SpreadElement) return undefined;
      // Asked on entry and on exit of every call: look the callee up once.
      let known = gracefulTargets.get(node);
      if (known === undefined) {
        known = isHelperCall(node, 'endGracefully', sourceCode.getScope(node), sourceCode);
        gracefulTargets.set(node, known);
      }
      return known ? first : undefined;
    }
    const gracefulTargets = new WeakMap<TSESTree.CallExpression, boolean>();
    const helpersUsed = mayUseHelpers(sourceCode);

    function recordCall(node: TSESTree.CallExpression): void {
      const listener = getListenerCall(node, sourceCode.getScope(node));
      if (listener) listeners.push(listener);
      const gracefully = endGracefullyTarget(node);
      const gracefulKey = gracefully ? keyOf(gracefully) : undefined;
      if (gracefulKey !== undefined) push(headerSites, gracefulKey, node);
      const callee = skipWrappers(node.callee);
      const calleeName =
        callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
      if (calleeName === 'pipeline') {
        pipelines.push(node);
        const last = [...node.arguments].reverse().find((argument) => !isFunction(argument));
        const key = last && last.type !== AST_NODE_TYPES.SpreadElement ? keyOf(last) : undefined;
        if (key !== undefined) push(headerSites, key, node);
      }
      const method = readMethodCall(node);
      if (!method) return;
      if (CANCELS_CONNECT.has(method.name) || HEADER_METHODS.has(method.name)) {
        const key = keyOf(method.object);
        if (key !== undefined) {
          if (CANCELS_CONNECT.has(method.name)) push(stopCalls, key, node);
          if (HEADER_METHODS.has(method.name)) push(headerSites, key, node);
        }
      }
      if (method.name === 'pipe' && node.arguments[0] && node.arguments[0].type !== AST_NODE_TYPES.SpreadElement) {
        const key = keyOf(node.arguments[0]);
        if (key !== undefined) push(headerSites, key, node);
      }
    }

    /**
     * `socket.destroy()` kills it on this path; `socket.end()` and `endGracefully(socket, …)` end its
     * writable side; `socket.connect()` brings it back.
     */
    function recordLifecycle(node: TSESTree.CallExpression): void {
      if (!frame) return;
      const gracefully = endGracefullyTarget(node);
      if (gracefully) {
        recordEnd(gracefully, node, 'endGracefully');
        return;
      }
      const method = readMethodCall(node);
      if (!method) return;
      if (method.object.type === AST_NODE_TYPES.ThisExpression) {
        // `this.reconnect()` may replace any `this.x`.
        updateCurrent((state) => {
          for (const key of state.dead.keys()) if (key.startsWith('this@')) state.dead.delete(key);
        });
        return;
      }
      if (method.name === 'end') {
        recordEnd(method.object, node, 'end');
        return;
      }
      if (method.name !== 'destroy' && method.name !== 'resetAndDestroy' && method.name !== 'connect') return;
      const key = keyOf(method.object);
      if (key === undefined) return;
      if (method.name === 'connect') {
        updateCurrent((state) => {
          state.dead.delete(key);
          state.alive.set(key, 'checked');
        });
        return;
      }
      if (!isTrackable(method.object, enclosingFunction(node))) return;
      updateCurrent((state) => {
        state.dead.set(key, { reason: 'destroyed', detail: method.name });
        state.alive.delete(key);
      });
    }

    /** Ended on this path, unless something worse is already known. */
    function recordEnd(target: TSESTree.Node, node: TSESTree.CallExpression, detail: string): void {
      const key = keyOf(target);
      if (key === undefined || !isTrackable(target, enclosingFunction(node))) return;
      updateCurrent((state) => {
        if (state.dead.has(key)) return;
        state.dead.set(key, { reason: 'ended', detail });
        state.alive.delete(key);
      });
    }

    const listener: TSESLint.RuleListener = {
      onCodePathStart(codePath: CodePath, node: TSESTree.Node) {
        const inert = isFunction(node) && !ioCalls.within(node);
        const seeded = isFunction(node) && !inert ? seedFunction(node) : { seeds: [], mayBeDead: undefined };
        frame = { upper: frame, codePath, current: new Set(), seeds: seeded.seeds, mayBeDead: seeded.mayBeDead, reported: new Set(), inert };
      },
      onCodePathEnd() {
        frame = frame?.upper;
      },
      onCodePathSegmentStart: onSegmentStart,
      onUnreachableCodePathSegmentStart: onSegmentStart,
      onCodePathSegmentEnd: onSegmentEnd,
      onUnreachableCodePathSegmentEnd: onSegmentEnd,
      CallExpression(node: TSESTree.CallExpression) {
        recordCall(node);
        checkUse(node);
      },
      'CallExpression:exit'(node: TSESTree.CallExpression) {
        // `s?.destroy()`: the code path forks on `s` being nullish; the death holds after the
        // chain, where both forks meet (on the other fork `s` is nullish, and `s.write()` throws).
        if (node.parent.type !== AST_NODE_TYPES.ChainExpression) recordLifecycle(node);
      },
      'ChainExpression:exit'(node: TSESTree.ChainExpression) {
        if (node.expression.type === AST_NODE_TYPES.CallExpression) recordLifecycle(node.expression);
      },
      'AssignmentExpression:exit'(node: TSESTree.AssignmentExpression) {
        // A new value: whatever was known of the old one no longer holds.
        const key = keyOf(node.left);
        if (key === undefined) return;
        updateCurrent((state) => {
          for (const dead of state.dead.keys()) if (dead === key || dead.startsWith(`${key}.`)) state.dead.delete(dead);
        });
      },
      'Program:exit'() {
        settleDeferred();
      },
    } as unknown as TSESLint.RuleListener;
    return listener;
  },
});

/**
 * The code of this file that receives a connection's error: 'error' listeners on sockets and on the
 * library objects whose 'error' is a connection's (src/libraries.ts), callbacks of closing calls
 * (src/model/close-calls.ts), `catch` blocks around an awaited close, and the functions that re-emit
 * an error a listener stored in a field (src/model/stored-errors.ts). One entry per function (a
 * listener registered on a socket and on its request is one handler), each saying how the error
 * arrives: with or without one, with the benign codes dropped by `ignoreBenignClose(fn)`, while the
 * code ends the connection or not. What the handler then does with it is src/model/handler-sinks.ts.
 *
 * Built once per detector (one per file and socket options) on first use.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { isHelperCall } from '../helper-imports.js';
import { libraryObjectOf } from '../libraries.js';
import { calleeName, findVariable, LISTEN_METHODS, listenerCallOf } from '../listeners.js';
import { type FunctionNode, isNullish, paramIdentifier, propertyName, runtimeParams, skipWrappers } from './ast.js';
import { awaitsClose, closeCallback, closedKeys, destroyedNext, isStdio, objectKey, reconnectingKeys, rethrowIsFatal } from './close-calls.js';
import { ABORTS, ENDS, stopsOnAbortFlag } from './abort-flags.js';
import { fileNodes } from './file-nodes.js';
import { resolveFunction } from './functions.js';
import { sameObjects } from './same-objects.js';
import { isProbeSocket } from './probe-sockets.js';
import { type StoredFrom, storedErrorHandlers } from './stored-errors.js';
import { BENIGN_CODES, type HandlerBody, intersect, visitOutsideFunctions } from './handler-sinks.js';
import { referenceKey } from './dead-socket.js';
import type { SocketDetector } from './sockets.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

export interface ErrorHandler extends HandlerBody {
  /** `stored`: a function re-emitting what a listener stored in a field (src/model/stored-errors.ts). */
  kind: 'listener' | 'callback' | 'catch' | 'stored';
  /** What a message calls it: "'error' listener", "`end()` callback", "catch block". */
  label: string;
  fn: FunctionNode | undefined;
  /** The first parameter or catch binding as written (destructured, absent...). */
  errParam: TSESTree.Parameter | TSESTree.CatchClause['param'] | undefined;
  /** Written right there, and nothing else calls it: an edit of it changes nothing else. */
  inline: boolean;
  /** The error arrives while this code ends the connection. */
  closeTime: boolean;
  /**
   * An 'error' listener of a raw socket whose 'close' listener reconnects: the module recovers
   * from the loss by itself, so a reset is a blip it need not hand on (a subset of `closeTime`).
   */
  reconnects: boolean;
  /** For catch blocks: a rethrow ends the process (top-level await, an async callback nobody awaits). */
  throwIsFatal: boolean;
  /** Callbacks are called without an error too: only paths where it is present count. */
  mayHaveNoError: boolean;
  /** Codes that never reach the handler: `ignoreBenignClose(fn)` drops the benign ones before calling `fn`. */
  excluded?: ReadonlySet<string>;
  /** The objects an 'error' listener is registered on. */
  targets?: Node[];
  /**
   * An 'error' listener registered only on library objects (src/libraries.ts): the codes their
   * listeners were measured to receive (a Redis client's ECONNREFUSED while it reconnects, a pg
   * pool's idle-client ECONNRESET), which replace the configured ones. Undefined for a socket's.
   */
  libraryCodes?: readonly string[];
  /** For `stored` handlers: the listeners that store the error, and the field. */
  storedFrom?: StoredFrom;
}

interface Listener {
  fn: FunctionNode;
  inline: boolean;
  excluded: ReadonlySet<string> | undefined;
}

const cache = new WeakMap<SocketDetector, readonly ErrorHandler[]>();

/** Every handler of a connection's error in the file, in source order, one per function. */
export function errorHandlers(sourceCode: SourceCode, sockets: SocketDetector): readonly ErrorHandler[] {
  const known = cache.get(sockets);
  if (known) return known;
  const found: ErrorHandler[] = [];
  for (const node of fileNodes(sourceCode).callsAndCatches) {
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const handler = listenerHandler(node, sockets, sourceCode) ?? callbackHandler(node, sockets, sourceCode);
      if (handler) found.push(handler);
    } else if (awaitsClose(node.parent.block, sockets, sourceCode)) {
      found.push(catchHandler(node));
    }
  }
  const handlers = mergeByFunction(found);
  for (const handler of handlers) {
    if (handler.kind === 'listener' && handler.targets) readTimingWhenAsked(handler, handler.targets, sockets, sourceCode);
  }
  handlers.push(...storedErrorHandlers(handlers, sourceCode));
  cache.set(sockets, handlers);
  return handlers;
}

/** How a listener's error arrives, read from what the file does with its objects (`provokesErrors`). */
interface Timing {
  closeTime: () => boolean;
  reconnects: () => boolean;
}

/** Set once a listener's objects are all known (after merging): its `closeTime` and `reconnects` read from them. */
const timings = new WeakMap<ErrorHandler, Timing>();

/**
 * A listener's `closeTime` and `reconnects`, read from its objects (`provokesErrors`) on first use:
 * only a re-emit asks, and most files have none, so most never read what the file closes.
 */
function readTimingWhenAsked(handler: ErrorHandler, targets: readonly Node[], sockets: SocketDetector, sourceCode: SourceCode): void {
  let provoked: ReturnType<typeof provokesErrors>[] | undefined;
  const reasons = (): ReturnType<typeof provokesErrors>[] => (provoked ??= targets.map((target) => provokesErrors(target, handler.fn, sockets, sourceCode)));
  timings.set(handler, {
    closeTime: () => reasons().some((reason) => reason !== undefined),
    // Without a 'close' listener that reconnects, no object of the file reconnects (what the recommended options ask).
    reconnects: () => (provoked === undefined && reconnectingKeys(sourceCode).size === 0 ? false : reasons().includes('reconnects')),
  });
}

/**
 * The 'error' of this object arrives while this code ends the connection or recovers from its loss:
 * - a raw socket the file calls `end()` / `destroySoon()` on (a client request's `end()` only
 *   finishes sending it), unless a `destroy()` follows the `end()` in the same run;
 * - a client request the file calls `abort()` or `destroy()` on: on a pending request both make
 *   an 'error' "socket hang up" (ECONNRESET) on Node 20 (`destroy()` on a socket adds none);
 * - a raw socket whose 'close' listener reconnects: its resets are routine blips.
 * The object may be named otherwise where it is closed (`this.req`, `self.req`, the value of
 * `this.request()`): src/model/same-objects.ts. A module that forgets the socket as it ends it
 * (`this.socket.end(); this.socket = null;`), with a listener that acts only while it still holds
 * it (`if (self.socket) ...`), never hands on the errors its own end() provokes; nor does a
 * listener that returns on a flag the module raises before each abort (`if (self._aborted) return`).
 */
function provokesErrors(target: Node, listener: FunctionNode | undefined, sockets: SocketDetector, sourceCode: SourceCode): 'ends' | 'reconnects' | 'aborts' | undefined {
  const key = objectKey(target, sourceCode);
  if (key === undefined) return undefined;
  const kind = sockets.match(target)?.kind;
  if (kind !== 'socket' && kind !== 'client-request') return undefined;
  const closing = closingObjects(sourceCode);
  const object = closing.canonical(key);
  if (kind === 'socket') {
    if (closing.reconnecting.has(object)) return 'reconnects';
    const ended = closing.ended.get(object);
    if (ended === undefined) return undefined;
    if (ended === 'forgotten' && listener && testsObject(listener, object, closing.canonical, sourceCode)) return undefined;
    // `if (!self._failed) self.emit('error', err)` where the module raises `_failed` before each `end()`.
    return listener && stopsOnAbortFlag(listener, object, ENDS, closing.canonical, sourceCode) ? undefined : 'ends';
  }
  if (!closing.aborted.has(object)) return undefined;
  // `if (self._aborted) return;` where the module raises that flag before each abort (src/model/abort-flags.ts).
  return listener && stopsOnAbortFlag(listener, object, ABORTS, closing.canonical, sourceCode) ? undefined : 'aborts';
}

interface ClosingObjects {
  canonical: (key: string) => string;
  reconnecting: ReadonlySet<string>;
  /** `forgotten`: every `end()` of it is next to an assignment of `null` to the same reference. */
  ended: ReadonlyMap<string, 'forgotten' | 'kept'>;
  aborted: ReadonlySet<string>;
}

const closingCache = new WeakMap<TSESTree.Program, ClosingObjects>();

/** The objects the file ends, aborts or reconnects, one canonical key each (read once per file). */
function closingObjects(sourceCode: SourceCode): ClosingObjects {
  const known = closingCache.get(sourceCode.ast);
  if (known) return known;
  const { canonical } = sameObjects(sourceCode);
  const closed = closedKeys(sourceCode);
  const canon = (keys: Iterable<string> | undefined): ReadonlySet<string> => new Set([...(keys ?? [])].map(canonical));
  const answer: ClosingObjects = {
    canonical,
    reconnecting: canon(reconnectingKeys(sourceCode)),
    ended: endedObjects(canonical, sourceCode),
    aborted: canon([...(closed.get('abort') ?? []), ...(closed.get('destroy') ?? [])]),
  };
  closingCache.set(sourceCode.ast, answer);
  return answer;
}

/**
 * The objects the file calls `end()` / `destroySoon()` on, by canonical key, and whether each such
 * call sits in a block that also sets that reference to `null` or `undefined` (the module forgets it).
 */
function endedObjects(canonical: (key: string) => string, sourceCode: SourceCode): Map<string, 'forgotten' | 'kept'> {
  const ended = new Map<string, 'forgotten' | 'kept'>();
  for (const call of fileNodes(sourceCode).calls) {
    const name = calleeName(call);
    const callee = skipWrappers(call.callee);
    if ((name !== 'end' && name !== 'destroySoon') || callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const key = objectKey(callee.object, sourceCode);
    if (key === undefined || (name === 'end' && destroyedNext(call, key, sourceCode))) continue;
    const object = canonical(key);
    const forgotten = call.parent.type === AST_NODE_TYPES.ExpressionStatement && blockNulls(call.parent, object, canonical, sourceCode);
    ended.set(object, ended.get(object) === 'kept' || !forgotten ? 'kept' : 'forgotten');
  }
  return ended;
}

/** A sibling statement of `statement` is `<object> = null` (or `undefined`). */
function blockNulls(statement: TSESTree.ExpressionStatement, object: string, canonical: (key: string) => string, sourceCode: SourceCode): boolean {
  const block = statement.parent;
  if (block.type !== AST_NODE_TYPES.BlockStatement) return false;
  return block.body.some((sibling) => {
    if (sibling.type !== AST_NODE_TYPES.ExpressionStatement) return false;
    const expression = sibling.expression;
    if (expression.type !== AST_NODE_TYPES.AssignmentExpression || expression.operator !== '=' || !isNullish(skipWrappers(expression.right))) return false;
    const key = referenceKey(expression.left, sourceCode);
    return key !== undefined && canonical(key) === object;
  });
}

/** Does a test of the listener (`if`, `?:`, `&&`, `||`) look at the object (`if (self.socket)`)? */
function testsObject(listener: FunctionNode, object: string, canonical: (key: string) => string, sourceCode: SourceCode): boolean {
  let found = false;
  const names = (test: Node): void =>
    visitOutsideFunctions(test, (node) => {
      if (found || (node.type !== AST_NODE_TYPES.MemberExpression && node.type !== AST_NODE_TYPES.Identifier)) return;
      const key = referenceKey(node, sourceCode);
      if (key !== undefined && canonical(key) === object) found = true;
    }, sourceCode);
  visitOutsideFunctions(listener.body, (node) => {
    if (found) return;
    if (node.type === AST_NODE_TYPES.IfStatement || node.type === AST_NODE_TYPES.ConditionalExpression) names(node.test);
    else if (node.type === AST_NODE_TYPES.LogicalExpression) names(node.left);
  }, sourceCode);
  return found;
}

/** `socket.on('error', fn)` on a socket or a library's connection object. */
function listenerHandler(call: TSESTree.CallExpression, sockets: SocketDetector, sourceCode: SourceCode): ErrorHandler | undefined {
  const name = calleeName(call);
  if (name === undefined || !LISTEN_METHODS.has(name)) return undefined;
  const listener = listenerCallOf(call, sourceCode);
  if (listener?.event !== 'error' || !listener.listener || isStdio(listener.target)) return undefined;
  // A pool's, a Redis client's or a WebSocket's 'error' (src/libraries.ts) is a connection's error too,
  // with the codes measured for that object; also when its name alone makes it a socket (`strict`:
  // a UDP socket called `socket` gets none of a connection's teardown errors).
  const match = sockets.match(listener.target);
  const library = match && match.via !== 'name' ? undefined : libraryObjectOf(listener.target, sourceCode);
  // A library's server (it emits 'listening' and 'connection': a ws WebSocketServer) errs on a listen
  // failure, as Node's servers do: its own 'error' listener may end the process.
  if ((!library && !match) || (library?.emits.includes('listening') && library.emits.includes('connection'))) return undefined;
  const resolved = resolveListener(listener.listener, sourceCode);
  if (!resolved) return undefined;
  // Its timing is read from its objects once they are all known (`readTimingWhenAsked`); until
  // then (while registrations of one function are merged) it is what was set.
  let closeTime = false;
  let reconnects = false;
  return {
    kind: 'listener',
    label: "'error' listener",
    body: resolved.fn.body,
    fn: resolved.fn,
    errName: errorName(resolved.fn),
    errParam: runtimeParams(resolved.fn)[0],
    inline: resolved.inline,
    get closeTime() {
      return timings.get(this)?.closeTime() ?? closeTime;
    },
    set closeTime(value) {
      closeTime = value;
    },
    get reconnects() {
      return timings.get(this)?.reconnects() ?? reconnects;
    },
    set reconnects(value) {
      reconnects = value;
    },
    throwIsFatal: true,
    mayHaveNoError: false,
    // A probe's listener hears only a failed connect, none of a close's errors (src/model/probe-sockets.ts).
    excluded: isProbeSocket(listener.target, sourceCode) ? BENIGN_CODES : resolved.excluded,
    targets: [listener.target],
    libraryCodes: library?.routineErrorCodes,
  };
}

function callbackHandler(call: TSESTree.CallExpression, sockets: SocketDetector, sourceCode: SourceCode): ErrorHandler | undefined {
  const callback = closeCallback(call, sockets, sourceCode);
  return callback && functionHandler(callback.fn, 'callback', `\`${callback.method}()\` callback`, callback.inline, callback.closeTime);
}

function catchHandler(clause: TSESTree.CatchClause): ErrorHandler {
  return {
    kind: 'catch',
    label: 'catch block',
    body: clause.body,
    fn: undefined,
    errName: clause.param?.type === AST_NODE_TYPES.Identifier ? clause.param : undefined,
    errParam: clause.param ?? undefined,
    inline: true,
    closeTime: true,
    reconnects: false,
    throwIsFatal: rethrowIsFatal(clause),
    mayHaveNoError: false,
  };
}

/** The first parameter's name, when it is a plain one. */
function errorName(fn: FunctionNode): TSESTree.Identifier | undefined {
  const param = runtimeParams(fn)[0];
  return param && param.type !== AST_NODE_TYPES.TSParameterProperty ? paramIdentifier(param) : undefined;
}

function functionHandler(fn: FunctionNode, kind: 'listener' | 'callback', label: string, inline: boolean, closeTime: boolean): ErrorHandler {
  return {
    kind,
    label,
    body: fn.body,
    fn,
    errName: errorName(fn),
    errParam: runtimeParams(fn)[0],
    inline,
    closeTime,
    reconnects: false,
    throwIsFatal: true,
    mayHaveNoError: kind === 'callback',
  };
}

/** One handler registered several times (on a socket and on its request, say) is one handler. */
function mergeByFunction(handlers: ErrorHandler[]): ErrorHandler[] {
  const byFunction = new Map<Node, ErrorHandler>();
  const unique: ErrorHandler[] = [];
  for (const handler of handlers) {
    const known = handler.fn && byFunction.get(handler.fn);
    if (!known) {
      if (handler.fn) byFunction.set(handler.fn, handler);
      unique.push(handler);
      continue;
    }
    known.inline = false;
    // Benign codes are excluded only when every registration goes through ignoreBenignClose().
    if (!handler.excluded) known.excluded = undefined;
    else if (known.excluded) known.excluded = intersect(known.excluded, handler.excluded);
    known.mayHaveNoError ||= handler.mayHaveNoError;
    known.closeTime ||= handler.closeTime;
    known.reconnects ||= handler.reconnects;
    if (handler.targets) known.targets = [...(known.targets ?? []), ...handler.targets];
    // Also a socket's (or another handler's) error: the configured codes; two library objects: both tables.
    known.libraryCodes = known.libraryCodes && handler.libraryCodes ? [...new Set([...known.libraryCodes, ...handler.libraryCodes])] : undefined;
  }
  return unique;
}

// --- Listeners given by reference -------------------------------------------------------------

/**
 * The function a listener argument runs, as `resolveFunction` finds it, or the one
 * `ignoreBenignClose` wraps (inline, or held in a `const` or class field): the benign codes never
 * reach that one, exactly as after `if (isBenignCloseError(err)) return;`.
 */
function resolveListener(node: Node, sourceCode: SourceCode): Listener | undefined {
  const fn = resolveFunction(node, sourceCode);
  if (fn) return { fn, inline: fn === skipWrappers(node), excluded: undefined };
  const target = skipWrappers(node);
  const direct = wrappedByHelper(target, sourceCode);
  if (direct) return direct;
  const value = initialValue(target, sourceCode);
  const held = value && wrappedByHelper(value, sourceCode);
  // Other code may call the wrapper it is held in: the guard is only suggested there.
  return held ? { ...held, inline: false } : undefined;
}

/** `ignoreBenignClose(fn)` imported from our codes module (a local function of that name does not count). */
function wrappedByHelper(node: Node, sourceCode: SourceCode): Listener | undefined {
  const call = skipWrappers(node);
  if (!isHelperCall(call, 'ignoreBenignClose', sourceCode.getScope(call), sourceCode)) return undefined;
  const argument = call.arguments[0];
  if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const fn = resolveFunction(argument, sourceCode);
  return fn && { fn, inline: fn === skipWrappers(argument), excluded: BENIGN_CODES };
}

/** The value a `const` (or never reassigned `let`) or a class field `this.name` is initialised with. */
function initialValue(node: Node, sourceCode: SourceCode): Node | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) {
    const variable = findVariable(sourceCode.getScope(node), node.name);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!variable || variable.references.some((ref) => ref.isWrite() && !ref.init)) return undefined;
    return def?.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.id === def.name ? (def.node.init ?? undefined) : undefined;
  }
  if (node.type !== AST_NODE_TYPES.MemberExpression || node.object.type !== AST_NODE_TYPES.ThisExpression) return undefined;
  const name = propertyName(node);
  let body: Node | undefined = node.parent;
  while (body && body.type !== AST_NODE_TYPES.ClassBody) body = body.parent;
  if (!name || !body) return undefined;
  const field = body.body.find(
    (element): element is TSESTree.PropertyDefinition =>
      element.type === AST_NODE_TYPES.PropertyDefinition &&
      !element.static &&
      !element.computed &&
      element.key.type === AST_NODE_TYPES.Identifier &&
      element.key.name === name,
  );
  return field?.value ?? undefined;
}

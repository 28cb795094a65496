/**
 * A socket kept in a field (`this.socket`, `self._conn`, `state.conn`) outlives the function that
 * opened it: the file's own 'close' / 'end' / 'error' listener says it knows the connection can go
 * away, and other functions (public methods, timers, queued flushes) write to it later. Which of
 * those writes look at nothing that tells a live socket from a dead one?
 *
 * A write is such a use when, in the function that makes it:
 * - no test before it reads the field (`if (!this.socket)`, `this.socket?.write`, `sock.writable
 *   &&`), nor a flag the death listener sets (`this.connected = false` there, `if (this.connected)`
 *   here), nor calls a method of the object (`if (this.isOpen())`: unknown, so trusted);
 * - the function does not (re)create the socket, is not nested in one that does, and is not a
 *   listener or callback of the socket itself (it runs while the socket is alive);
 * - it is not inside a `try`.
 *
 * Measured on Node 20 (test/live/field-liveness.live.test.ts): once the peer's FIN has been handled
 * (after the 'end' listeners) or the socket reset, `writable` is false and a write fails with EPIPE
 * or ERR_STREAM_DESTROYED in its callback only: no 'error', the data is lost, `write()` returns
 * false and no 'drain' follows. A field the death listener sets to null throws a TypeError instead.
 * Writers that cannot outlive the socket: src/model/field-lifetimes.ts. Built once per detector.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { libraryObjectOf } from '../libraries.js';
import { findVariable, referenceKey, stripListenerChain } from '../listeners.js';
import { enclosingFunction, type FunctionNode, isFunction, isNullish, keyName, outermost, propertyName, skipWrappers } from './ast.js';
import { annotatedSocketKind } from './annotations.js';
import { destroyedNext } from './close-calls.js';
import { endsWithData, isIoCall, listenerCallOf, type MethodCall, readMethodCall, variableOf } from './dead-socket.js';
import { callsOf, fileNodes } from './file-nodes.js';
import { runsOnlyWhileAlive } from './field-lifetimes.js';
import { resolveFunction } from './functions.js';
import { runsRightAway } from './listener-state.js';
import { visitOutsideFunctions } from './handler-sinks.js';
import type { SocketKind } from './node-api.js';
import { isStateFlag } from './death-flags.js';
import { getterReturns } from './getters.js';
import { resourceNodes } from './resource-walk.js';
import type { SocketDetector } from './sockets.js';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** Events after which the socket is gone (or, for 'end', about to be ended by Node itself). */
const DEATH_EVENTS = new Set(['close', 'end', 'error']);
/** The writes whose data a dead socket loses. */
const WRITES = new Set(['write', 'end']);
/** The names code gives `this` to use it in callbacks. */
const SELF_NAMES = /^(?:self|that|_this|me|_self)$/u;

export interface FieldDeathUse {
  call: TSESTree.CallExpression;
  /** `this.socket` of `this.socket.write(x)`. */
  object: TSESTree.MemberExpression;
  method: MethodCall;
  kind: SocketKind;
  /** The event of the file's listener that handles the socket's death ('close', 'end', 'error'). */
  event: string;
  /** That listener sets the field to null or undefined: the write then throws a TypeError. */
  nulled: boolean;
  /** The write tests the field for null first, which a dead socket the field still holds passes. */
  nullChecked: boolean;
}

interface Field {
  kind: SocketKind;
  /** Functions that assign the field (they open or replace the socket). */
  assigners: Set<Node>;
  /** Those of them that assign it something other than null (they open a socket). */
  creators: Set<Node>;
  /** Functions registered as listeners of the field's socket or given to its calls as callbacks. */
  own: Set<Node>;
  /** The first death event the file listens for, and whether a death listener nulls the field. */
  event?: string;
  nulled: boolean;
  /** Properties a death listener sets to a constant (`connected = false`, `status = CLOSED`). */
  flags: Set<string>;
  /**
   * Something the death listeners reach (three calls deep, not into a function that opens a new
   * socket) sets the field to null: only then does a null test (`if (!this.socket) return`) tell
   * a dead socket from a live one. Otherwise the field keeps the dead socket, and the test passes.
   */
  cleared: boolean;
  /** The death events whose listeners (three calls deep) set the field to null. */
  clearedOn: Set<string>;
  /** Every event the file listens for on the field's socket. */
  events: Set<string>;
  /** The listeners of its death events. */
  deathListeners: Set<FunctionNode>;
}

const cache = new WeakMap<SocketDetector, readonly FieldDeathUse[]>();

/** The unguarded writes to a socket field whose death the file handles elsewhere, in source order. */
export function fieldDeathUses(sourceCode: SourceCode, sockets: SocketDetector): readonly FieldDeathUse[] {
  const known = cache.get(sockets);
  if (known) return known;
  // Only a write on a field (`this.socket.write(x)`) can be reported: most files have none.
  const candidates = fileNodes(sourceCode).calls.filter(isFieldWrite);
  if (candidates.length === 0) {
    cache.set(sockets, []);
    return [];
  }
  const fields = fileFields(sourceCode, sockets);
  const found: FieldDeathUse[] = [];
  if (fields.size > 0) {
    // The first unchecked write of a field in a function says it; the next ones would repeat it.
    const seen = new Set<string>();
    for (const call of candidates) {
      const use = unguardedUse(call, fields, sourceCode);
      const key = use && `${enclosingFunction(call)!.range[0]}:${fieldName(use.object)}`;
      if (!use || seen.has(key!)) continue;
      seen.add(key!);
      found.push(use);
    }
  }
  cache.set(sockets, found);
  return found;
}

const fieldsCache = new WeakMap<SocketDetector, Map<string, Field>>();

/** The file's socket fields with what their listeners do, read once per detector. */
function fileFields(sourceCode: SourceCode, sockets: SocketDetector): Map<string, Field> {
  let fields = fieldsCache.get(sockets);
  if (fields) return fields;
  const aliases = new Map<Variable, Field>();
  fields = socketFields(sourceCode, sockets, aliases, askedFieldNames(sourceCode));
  if (fields.size > 0) readListeners(fields, aliases, sourceCode);
  fieldsCache.set(sockets, fields);
  return fields;
}

export interface FieldReuseTest {
  /** The read of the field in the test: `self.conn` of `if (self.conn === null)`. */
  read: TSESTree.MemberExpression;
  /** The one death event whose listener clears the field ('error'). */
  event: string;
}

/** The events by which a file can hear that a socket closed without an error. */
const CLEAN_CLOSE_EVENTS = ['close', 'end', 'finish'];

const reuseCache = new WeakMap<SocketDetector, readonly FieldReuseTest[]>();

/**
 * Connect-or-reuse tests (`if (self.conn === null) self.conn = net.connect(…); else reuse`) of a
 * socket field that only the socket's 'error' listener sets to null, with no 'close'/'end'/'finish'
 * listener and no flag: a peer that closes the connection cleanly emits no 'error' (measured,
 * test/live/field-liveness.live.test.ts), so the field keeps the closed socket, the test picks it
 * again, and every later write fails in its callback only (EPIPE). Only Node's own sockets.
 */
export function fieldReuseTests(sourceCode: SourceCode, sockets: SocketDetector): readonly FieldReuseTest[] {
  const known = reuseCache.get(sockets);
  if (known) return known;
  const found: FieldReuseTest[] = [];
  for (const [name, field] of fileFields(sourceCode, sockets)) {
    if (field.kind !== 'socket' || field.clearedOn.size !== 1 || !field.clearedOn.has('error') || field.flags.size > 0) continue;
    if (CLEAN_CLOSE_EVENTS.some((event) => field.events.has(event))) continue;
    for (const fn of field.creators) {
      // The function also asks the socket itself (`!self.conn.writable`) before it reuses it.
      if (testsBefore(fn, fn as FunctionNode, sourceCode, Number.POSITIVE_INFINITY).some((test) => readsFieldState(test, name, sourceCode))) continue;
      visitOutsideFunctions((fn as FunctionNode).body, (node) => {
        if (node.type !== AST_NODE_TYPES.IfStatement && node.type !== AST_NODE_TYPES.ConditionalExpression) return;
        const read = onlyNullTestOf(node.test, name, sourceCode);
        if (!read) return;
        if (!opensField(node.consequent, name, sourceCode) && !(node.alternate && opensField(node.alternate, name, sourceCode))) return;
        found.push({ read, event: 'error' });
      }, sourceCode);
    }
  }
  found.sort((a, b) => a.read.range[0] - b.read.range[0]);
  reuseCache.set(sockets, found);
  return found;
}

/** The field's read when the test reads it only for null and asks nothing else (no property, no method, no other value). */
function onlyNullTestOf(test: Node, name: string, sourceCode: SourceCode): TSESTree.MemberExpression | undefined {
  let read: TSESTree.MemberExpression | undefined;
  let other = false;
  visitOutsideFunctions(test, (node) => {
    if (other) return;
    if (node.type === AST_NODE_TYPES.MemberExpression && fieldName(node) === name && node.parent?.type !== AST_NODE_TYPES.MemberExpression) {
      if (isNullTest(node)) read ??= node;
      else other = true;
    } else if (node.type === AST_NODE_TYPES.CallExpression || (node.type === AST_NODE_TYPES.MemberExpression && fieldName(node) !== name && !isPartOfField(node, name))) {
      other = true;
    }
  }, sourceCode);
  return other ? undefined : read;
}

/** Does the test read a property of the field's socket (`self.conn.writable`, `this.socket.destroyed`)? */
function readsFieldState(test: Node, name: string, sourceCode: SourceCode): boolean {
  let reads = false;
  visitOutsideFunctions(test, (node) => {
    if (node.type === AST_NODE_TYPES.MemberExpression && fieldName(node.object) === name) reads = true;
  }, sourceCode);
  return reads;
}

/** `self` of `self.conn` (an inner part of the field's own read). */
function isPartOfField(node: Node, name: string): boolean {
  const parent = node.parent;
  return parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node && fieldName(parent) === name;
}

/**
 * Does the branch open the field: assign it something other than null or a UDP socket
 * (`dgram.createSocket()`, which has no peer to close it cleanly)?
 */
function opensField(branch: Node, name: string, sourceCode: SourceCode): boolean {
  let opens = false;
  visitOutsideFunctions(branch, (node) => {
    if (opens || node.type !== AST_NODE_TYPES.AssignmentExpression || node.operator !== '=' || fieldName(node.left) !== name) return;
    const value = unwrapAwait(node.right);
    if (!isNullish(value) && !isDatagramSocket(value, sourceCode)) opens = true;
  }, sourceCode);
  return opens;
}

/** `dgram.createSocket(…)`, also with listeners chained on it. */
function isDatagramSocket(value: Node, sourceCode: SourceCode): boolean {
  return libraryObjectOf(stripListenerChain(value), sourceCode)?.id === 'dgram.createSocket';
}

/** `a.b.write(…)` / `a.b.end(…)`: a write on a member, the only calls `unguardedUse` can report. */
function isFieldWrite(call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.optional || !WRITES.has(propertyName(callee) ?? '')) return false;
  return skipWrappers(callee.object).type === AST_NODE_TYPES.MemberExpression;
}

/** `x.write(data, (err) => { … err … })`: the last argument is a function that reads its first parameter. */
function callbackReadsError(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const last = call.arguments.at(-1);
  const callback = last && call.arguments.length > 1 ? skipWrappers(last) : undefined;
  if (!callback || !isFunction(callback)) return false;
  const [param] = callback.params;
  if (param?.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = findVariable(sourceCode.getScope(callback), param.name);
  return variable !== null && variable.references.some((ref) => ref.isRead());
}

/** The last property of a member path: `socket` of `this.socket`, `#socket` of `this.#socket` (as `propertyName` spells it). */
function fieldName(node: Node): string | undefined {
  const target = skipWrappers(node);
  if (target.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  return propertyName(target);
}

/**
 * Fields the file assigns a socket to (`this.socket = net.connect()`, `a.conn = new Socket()`, a
 * class field, `#socket?: net.Socket` declared with Node's type), with the functions that assign
 * them, and the local variables whose socket ends up in one (their listeners are the field's).
 */
function socketFields(sourceCode: SourceCode, sockets: SocketDetector, aliases: Map<Variable, Field>, asked: ReadonlySet<string>): Map<string, Field> {
  const fields = new Map<string, Field>();
  for (const node of resourceNodes(sourceCode).nodes) {
    let name: string | undefined;
    let kind: SocketKind | undefined;
    if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=') {
      name = fieldName(node.left);
      kind = name === undefined || !asked.has(name) ? undefined : sockets.match(skipWrappers(node.right))?.kind;
    } else if (node.type === AST_NODE_TYPES.PropertyDefinition && !node.static && !node.computed) {
      name = keyName(node.key);
      if (name === undefined || !asked.has(name)) continue;
      kind = node.value ? sockets.match(skipWrappers(node.value))?.kind : annotatedSocketKind(node.typeAnnotation?.typeAnnotation, sourceCode);
    }
    if (name !== undefined && kind && !fields.has(name)) {
      fields.set(name, { kind, assigners: new Set(), creators: new Set(), own: new Set(), nulled: false, cleared: false, flags: new Set(), clearedOn: new Set(), events: new Set(), deathListeners: new Set() });
    }
  }
  if (fields.size === 0) return fields;
  // Every function that assigns the field (with a socket or anything else) opens or replaces it.
  for (const node of resourceNodes(sourceCode).nodes) {
    if (node.type !== AST_NODE_TYPES.AssignmentExpression) continue;
    const field = fields.get(fieldName(node.left) ?? '');
    const fn = enclosingFunction(node);
    if (!field || !fn) continue;
    field.assigners.add(fn);
    const value = unwrapAwait(node.right);
    if (isNullish(value)) continue;
    field.creators.add(fn);
    for (const variable of storedVariables(value, sourceCode)) aliases.set(variable, field);
  }
  return fields;
}

/**
 * The only fields whose socket the two questions of this module can be about: those written to
 * (`this.socket.write(…)`, what `fieldDeathUses` reports) and those assigned in a branch of an
 * `if` or `?:` that tests the field (the connect-or-reuse test of `fieldReuseTests`). Whether a value assigned to any
 * other field is a socket is never asked: with type information that question costs a checker call
 * for every member assignment of the file.
 */
function askedFieldNames(sourceCode: SourceCode): Set<string> {
  const names = new Set<string>();
  for (const call of fileNodes(sourceCode).calls) {
    const name = isFieldWrite(call) ? fieldName((call.callee as TSESTree.MemberExpression).object) : undefined;
    if (name !== undefined) names.add(name);
  }
  for (const node of resourceNodes(sourceCode).nodes) {
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.operator !== '=') continue;
    const name = fieldName(node.left);
    if (name !== undefined && !names.has(name) && inBranchOnField(node, name, sourceCode)) names.add(name);
  }
  return names;
}

/** Is `node` in the consequent or alternate of an `if` or `?:` of its function whose test reads the field `name`? */
function inBranchOnField(node: Node, name: string, sourceCode: SourceCode): boolean {
  for (let child = node, parent = node.parent; parent && !isFunction(parent); child = parent, parent = parent.parent) {
    if ((parent.type !== AST_NODE_TYPES.IfStatement && parent.type !== AST_NODE_TYPES.ConditionalExpression) || parent.test === child) continue;
    let reads = false;
    visitOutsideFunctions(parent.test, (inner) => {
      if (inner.type === AST_NODE_TYPES.MemberExpression && fieldName(inner) === name) reads = true;
    }, sourceCode);
    if (reads) return true;
  }
  return false;
}

/** `x` of `await x`, `x!`, `x as T`. */
function unwrapAwait(node: Node): Node {
  let current = skipWrappers(node);
  while (current.type === AST_NODE_TYPES.AwaitExpression) current = skipWrappers(current.argument);
  return current;
}

/**
 * The local variables whose value an assignment stores: `socket` of `this.socket = socket`, and
 * of `this.socket = await this.dial()` where `dial` is a function of the file that ends with
 * `return socket`.
 */
function storedVariables(value: Node, sourceCode: SourceCode): Variable[] {
  if (value.type === AST_NODE_TYPES.Identifier) {
    const variable = variableOf(value, sourceCode);
    return variable ? [variable] : [];
  }
  if (value.type !== AST_NODE_TYPES.CallExpression) return [];
  const fn = resolveFunction(value.callee, sourceCode);
  if (!fn || fn.body.type !== AST_NODE_TYPES.BlockStatement) return [];
  const found: Variable[] = [];
  visitOutsideFunctions(fn.body, (node) => {
    if (node.type !== AST_NODE_TYPES.ReturnStatement || !node.argument) return;
    const returned = unwrapAwait(node.argument);
    const variable = returned.type === AST_NODE_TYPES.Identifier ? variableOf(returned, sourceCode) : undefined;
    if (variable) found.push(variable);
  }, sourceCode);
  return found;
}

/** The field whose socket a listener chain starts on: `this.socket`, or a local stored in it. */
function fieldOf(object: Node, fields: Map<string, Field>, aliases: Map<Variable, Field>, sourceCode: SourceCode): Field | undefined {
  const byName = fields.get(fieldName(object) ?? '');
  if (byName || object.type !== AST_NODE_TYPES.Identifier || aliases.size === 0) return byName;
  const variable = variableOf(object, sourceCode);
  return variable && aliases.get(variable);
}

/** The listeners and callbacks of each field's socket; what its death listeners do to the field. */
function readListeners(fields: Map<string, Field>, aliases: Map<Variable, Field>, sourceCode: SourceCode): void {
  for (const call of fileNodes(sourceCode).calls) {
    const callee = skipWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const field = fieldOf(stripListenerChain(callee.object), fields, aliases, sourceCode);
    if (!field) continue;
    for (const argument of call.arguments) {
      const fn = argument.type === AST_NODE_TYPES.SpreadElement ? undefined : resolveFunction(argument, sourceCode);
      if (fn) field.own.add(fn);
    }
    const listener = listenerCallOf(call, sourceCode);
    if (listener?.event) field.events.add(listener.event);
    const fn = listener?.listener && DEATH_EVENTS.has(listener.event ?? '') ? resolveFunction(listener.listener, sourceCode) : undefined;
    if (!fn) continue;
    field.deathListeners.add(fn);
    const before = field.nulled || field.flags.size > 0;
    const wasCleared = field.cleared;
    field.cleared = false;
    readDeathListener(fn, fields, field, sourceCode, 0, new Set([fn]));
    if (field.cleared) field.clearedOn.add(listener!.event);
    field.cleared ||= wasCleared;
    if (!before && (field.nulled || field.flags.size > 0)) field.event = listener!.event;
  }
}

/**
 * What a death listener (and the functions of the file it calls) sets: the field to null, flags.
 * Flags and a null are read one call deep; whether anything clears the field, three calls deep
 * (not into a function that opens a new socket: its null is a failed reconnect, not the death).
 */
function readDeathListener(fn: FunctionNode, fields: Map<string, Field>, field: Field, sourceCode: SourceCode, depth: number, seen: Set<Node>): void {
  visitOutsideFunctions(fn.body, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const callee = depth < 3 ? resolveFunction(node.callee, sourceCode) : undefined;
      if (!callee || seen.has(callee) || (depth >= 1 && field.creators.has(callee))) return;
      seen.add(callee);
      readDeathListener(callee, fields, field, sourceCode, depth + 1, seen);
      return;
    }
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.operator !== '=') return;
    const name = fieldName(node.left);
    if (name === undefined) return;
    const value = skipWrappers(node.right);
    if (fields.get(name) === field && isNullish(value)) {
      field.cleared = true;
      if (depth <= 1) field.nulled = true;
    } else if (depth <= 1 && isStateFlag(node.left, value, fn, sourceCode)) {
      field.flags.add(name);
    }
  }, sourceCode);
}

function unguardedUse(call: TSESTree.CallExpression, fields: Map<string, Field>, sourceCode: SourceCode): FieldDeathUse | undefined {
  const method = readMethodCall(call);
  if (!method || !WRITES.has(method.name)) return undefined;
  // `end()` without data is a harmless no-op on a dead socket.
  if (method.name === 'end' && !endsWithData(call, sourceCode)) return undefined;
  const callee = call.callee.type === AST_NODE_TYPES.MemberExpression && !call.callee.optional ? call.callee : undefined;
  const object = callee && skipWrappers(callee.object);
  if (object?.type !== AST_NODE_TYPES.MemberExpression || object.optional) return undefined;
  const name = fieldName(object);
  const field = name === undefined ? undefined : fields.get(name);
  // No event: the file's death listeners (if any) track nothing, so there is nothing to check.
  if (!field?.event || !isIoCall(method, field.kind, sourceCode)) return undefined;
  // A callback that runs before the call taking it returns (`list.forEach(…)`, `text.replace(re, …)`)
  // runs in the function around it.
  let fn = enclosingFunction(call);
  while (fn && runsRightAway(fn) && enclosingFunction(fn)) fn = enclosingFunction(fn);
  if (!fn || field.own.has(fn)) return undefined;
  for (let outer: FunctionNode | undefined = fn; outer; outer = enclosingFunction(outer)) {
    if (field.assigners.has(outer)) return undefined;
  }
  if (insideTry(call) || checkedAt(call, name!, field, sourceCode)) return undefined;
  // A write whose callback reads its error hears of the loss (ERR_STREAM_DESTROYED, field-liveness.live); a nulled field throws first.
  if (!field.nulled && callbackReadsError(call, sourceCode)) return undefined;
  // A goodbye right before `destroy()` (`write('QUIT\r\n'); destroy();`): a dead socket emits nothing (measured).
  if (!field.nulled && destroyedNext(call, referenceKey(object, sourceCode) ?? '', sourceCode)) return undefined;
  // Every call of the writer is checked (a flush rescheduled only `if (sock.writable)`), there or by every caller, in the same tick.
  if (callersCheck(fn, name!, field, sourceCode, 0)) return undefined;
  if (runsOnlyWhileAlive(call, fn, field, (opener) => testsField(opener, name!, field, sourceCode), sourceCode)) return undefined;
  const nullChecked = !field.cleared && testsBefore(call, fn, sourceCode).some((test) => fieldTest(test, name!, field, sourceCode) === 'null');
  return { call, object, method, kind: field.kind, event: field.event, nulled: field.nulled, nullChecked };
}

/**
 * Is the field checked on the way to `node`: a test before it in its function or one around it (a
 * Promise executor inside `if (this.socket)`), the socket's own callback, the function that opens
 * it, or a callback handed to a function of the file that tests the field before it calls back?
 */
function checkedAt(node: Node, name: string, field: Field, sourceCode: SourceCode): boolean {
  for (let outer = enclosingFunction(node); outer; outer = enclosingFunction(outer)) {
    if (field.own.has(outer) || field.assigners.has(outer) || guarded(node, outer, name, field, sourceCode)) return true;
    const holder = outer.parent;
    if (holder?.type === AST_NODE_TYPES.CallExpression && holder.arguments.includes(outer as TSESTree.CallExpressionArgument)) {
      const callee = resolveFunction(holder.callee, sourceCode);
      if (callee && callee !== outer && testsField(callee, name, field, sourceCode)) return true;
    }
  }
  return false;
}

/** How many functions up the calls of a writer are followed to find the check. */
const CALLER_DEPTH = 2;

/**
 * Is every call of `fn` in the file checked: at the call, or (up to `CALLER_DEPTH` functions up)
 * by every call of the function that makes it, when nothing between them leaves the tick (the
 * call is in that function's own body, not a callback, with no `await` or `yield` before it)?
 */
function callersCheck(fn: FunctionNode, name: string, field: Field, sourceCode: SourceCode, depth: number): boolean {
  const sites = callsOf(fn, sourceCode);
  return sites.length > 0 && sites.every((site) => {
    if (checkedAt(site, name, field, sourceCode)) return true;
    if (depth + 1 >= CALLER_DEPTH) return false;
    const caller = enclosingFunction(site);
    return caller !== undefined && caller !== fn && !pausesBefore(site, caller, sourceCode) && callersCheck(caller, name, field, sourceCode, depth + 1);
  });
}

/** Does `fn` reach an `await` or `yield` of its own before `node`? */
function pausesBefore(node: Node, fn: FunctionNode, sourceCode: SourceCode): boolean {
  if (!fn.async && !fn.generator) return false;
  let pauses = false;
  visitOutsideFunctions(fn.body, (inner) => {
    if ((inner.type === AST_NODE_TYPES.AwaitExpression || inner.type === AST_NODE_TYPES.YieldExpression) && inner.range[0] < node.range[0]) pauses = true;
  }, sourceCode);
  return pauses;
}

/** Does any test of `fn` read the field (`if (self.conn === null)`, `!this.conn.writable`) in a way that tells a dead socket? */
function testsField(fn: FunctionNode, name: string, field: Field, sourceCode: SourceCode): boolean {
  return testsBefore(fn, fn, sourceCode, Number.POSITIVE_INFINITY).some((test) => fieldTest(test, name, field, sourceCode) === 'live');
}

function insideTry(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement) return true;
  }
  return false;
}

/** The test expressions of `fn` (outside nested functions) that start before `call`. */
function testsBefore(call: Node, fn: FunctionNode, sourceCode: SourceCode, end = call.range[0]): Node[] {
  const tests: Node[] = [];
  visitOutsideFunctions(fn.body, (node) => {
    if (node.range[0] >= end) return;
    switch (node.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
        tests.push(node.test);
        break;
      case AST_NODE_TYPES.ForStatement:
        if (node.test) tests.push(node.test);
        break;
      case AST_NODE_TYPES.LogicalExpression:
        tests.push(node.left);
        break;
      case AST_NODE_TYPES.SwitchStatement:
        tests.push(node.discriminant);
        break;
      default:
    }
  }, sourceCode);
  return tests;
}

/** Does a test before the call read the field, a flag its death listener sets, or ask the object itself? */
function guarded(call: Node, fn: FunctionNode, name: string, field: Field, sourceCode: SourceCode): boolean {
  return testsBefore(call, fn, sourceCode).some((test) => fieldTest(test, name, field, sourceCode) === 'live');
}

/**
 * What a test says of the field: 'live' when it reads something that tells a dead socket (the
 * field's properties, `this.socket !== socket`, a flag the death listener sets, a method of the
 * object: `this.isOpen()`, a question the model cannot read, so trusted), 'null' when it only
 * tests the field for null (`!this.socket`, `this.socket == null`) and nothing clears the field
 * when the socket dies, undefined when it does not read the field.
 */
function fieldTest(test: Node, name: string, field: Field, sourceCode: SourceCode, depth = 0): 'live' | 'null' | undefined {
  let found: 'live' | 'null' | undefined;
  visitOutsideFunctions(test, (node) => {
    if (found === 'live') return;
    const member = fieldName(node);
    if (member !== undefined && field.flags.has(member)) found = 'live';
    else if (member === name) found = field.cleared || !isNullTest(node) ? 'live' : 'null';
    // `if (this.writable)` with `get writable() { return this._stream && this._stream.writable; }`.
    else if (member !== undefined && depth === 0 && isInstanceRead(node)) {
      for (const returned of getterReturns(member, sourceCode)) found = strongest(found, fieldTest(returned, name, field, sourceCode, 1));
    }
    else if (node.type === AST_NODE_TYPES.CallExpression && skipWrappers(node.callee).type === AST_NODE_TYPES.MemberExpression) {
      if (isInstance((skipWrappers(node.callee) as TSESTree.MemberExpression).object)) found = 'live';
    }
  }, sourceCode);
  return found;
}

/** `live` over `null` over nothing. */
function strongest(a: 'live' | 'null' | undefined, b: 'live' | 'null' | undefined): 'live' | 'null' | undefined {
  return a === 'live' || b === 'live' ? 'live' : (a ?? b);
}

/** `this.x` or `self.x` (not a call of it). */
function isInstanceRead(node: Node): boolean {
  if (node.type !== AST_NODE_TYPES.MemberExpression || (node.parent.type === AST_NODE_TYPES.CallExpression && node.parent.callee === node)) return false;
  return isInstance(node.object);
}

/** `this`, or a name such as `self` that holds it. */
function isInstance(node: Node): boolean {
  const owner = skipWrappers(node);
  return owner.type === AST_NODE_TYPES.ThisExpression || (owner.type === AST_NODE_TYPES.Identifier && SELF_NAMES.test(owner.name));
}

/** `this.socket` read only for whether it holds anything: `!x`, `x == null`, `typeof x`, `x && …`, `if (x)`. */
function isNullTest(read: Node): boolean {
  const value = outermost(read);
  const parent = value.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!' || parent.operator === 'typeof';
    case AST_NODE_TYPES.BinaryExpression: {
      const other = parent.left === value ? parent.right : parent.left;
      return ['==', '===', '!=', '!=='].includes(parent.operator) && isNullish(skipWrappers(other));
    }
    case AST_NODE_TYPES.LogicalExpression:
      return true;
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.ForStatement:
      return parent.test === value;
    default:
      return false;
  }
}

/**
 * Writers that cannot outlive a field's socket, though they test nothing (src/model/field-liveness.ts
 * asks): what the socket's death listeners do (three calls deep) ends the writer's own chances to run,
 * or the writer reopens the field first.
 *
 * - A listener of another object, for an event other than 'close' / 'error', where the death
 *   listeners destroy that object (`this.outer.on('close', () => this.inner.destroy())`, the writer
 *   `this.inner.on('data', (d) => this.outer.write(d))`): a destroyed stream emits no more data.
 * - A listener whose registrations the death listeners take away (`this.on('response', onReply)`
 *   with `this.removeAllListeners('response')` on 'close').
 * - A function run only by a timer the death listeners clear (`this.timer = setInterval(() =>
 *   this.ping(), ms)` with `clearInterval(this.timer)` on 'close').
 * - A method handed only to the object a field is given (`this.send = new Throttler(0,
 *   this.forceWrite.bind(this))`), which the death listeners stop (`this.send.stop()`, or any
 *   of STOPPING's methods): that object is the only caller, and it is stopped.
 * - A function called only from functions of those four kinds.
 * - A write right after a call of a function that opens the field once it has tested it
 *   (`if (this.conn && !this.conn.destroyed) return; this.conn = net.connect(…)`): the field then
 *   holds a live socket or a new one.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { calleeMember, enclosingFunction, type FunctionNode, propertyName } from './ast.js';
import { visitChildren } from './classes.js';
import { listenerCallOf, referenceKey } from './dead-socket.js';
import { callsOf, fileNodes } from './file-nodes.js';
import { resolveFunction } from './functions.js';
import { visitOutsideFunctions } from './handler-sinks.js';
import { isGlobalCall, timersOf } from './timers.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** What the death listeners of a field's socket end: the objects they destroy, the timers they clear (keys), the listeners they remove (`key|event`, `key|*` for all), the objects they stop. */
interface DeathEffects {
  destroyed: Set<string>;
  cleared: Set<string>;
  removed: Set<string>;
  stopped: Set<string>;
}

/** Methods after which an object that runs a function it was given runs it no more. */
const STOPPING: ReadonlySet<string> = new Set(['stop', 'cancel', 'clear', 'pause', 'kill', 'dispose', 'abort', 'reset']);

/** Events a destroyed stream still emits: a listener of these may run after the destroy. */
const AFTER_DESTROY = new Set(['close', 'error']);

const effectsCache = new WeakMap<ReadonlySet<FunctionNode>, DeathEffects>();

/** Keys destroyed and timers cleared by the death listeners, three calls deep, not into a function that opens the field again. */
function deathEffects(listeners: ReadonlySet<FunctionNode>, creators: ReadonlySet<Node>, sourceCode: SourceCode): DeathEffects {
  let effects = effectsCache.get(listeners);
  if (effects) return effects;
  const found: DeathEffects = { destroyed: new Set(), cleared: new Set(), removed: new Set(), stopped: new Set() };
  const seen = new Set<Node>(listeners);
  const read = (fn: FunctionNode, depth: number): void => {
    visitOutsideFunctions(fn.body, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression) return;
      const member = calleeMember(node);
      if (member && STOPPING.has(member.name)) {
        const key = referenceKey(member.object, sourceCode);
        if (key !== undefined) found.stopped.add(key);
      }
      if (member?.name === 'destroy' || member?.name === 'removeAllListeners') {
        const key = referenceKey(member.object, sourceCode);
        const event = node.arguments[0];
        if (key === undefined) return;
        if (member.name === 'destroy') found.destroyed.add(key);
        else if (!event) found.removed.add(`${key}|*`);
        else if (event.type === AST_NODE_TYPES.Literal && typeof event.value === 'string') found.removed.add(`${key}|${event.value}`);
        return;
      }
      const timer = node.arguments[0];
      if (timer && timer.type !== AST_NODE_TYPES.SpreadElement && isGlobalCall(node, ['clearInterval', 'clearTimeout'], sourceCode)) {
        const key = referenceKey(timer, sourceCode);
        if (key !== undefined) found.cleared.add(key);
        return;
      }
      const next = depth < 3 ? resolveFunction(node.callee, sourceCode) : undefined;
      if (!next || seen.has(next) || creators.has(next)) return;
      seen.add(next);
      read(next, depth + 1);
    }, sourceCode);
  };
  for (const listener of listeners) read(listener, 1);
  effects = found;
  effectsCache.set(listeners, effects);
  return effects;
}

/** The field's facts this module reads (src/model/field-liveness.ts keeps them). */
export interface FieldLife {
  /** The listeners of the socket's death events ('close', 'end', 'error'). */
  deathListeners: ReadonlySet<FunctionNode>;
  /** Functions that assign the field a socket (they open it). */
  creators: ReadonlySet<Node>;
}

/**
 * Can the write `call` in `fn` (to the field `name`) run only while the field's socket lives, or
 * right after the field was reopened? `testsField` tells a function that tests the field for a dead socket.
 */
export function runsOnlyWhileAlive(
  call: TSESTree.CallExpression,
  fn: FunctionNode,
  field: FieldLife,
  testsField: (fn: FunctionNode) => boolean,
  sourceCode: SourceCode,
): boolean {
  if (field.deathListeners.size === 0) return reopensFirst(call, fn, field, testsField, sourceCode);
  const effects = deathEffects(field.deathListeners, field.creators, sourceCode);
  const endedByDeath = (runner: FunctionNode): boolean => endsWithDeath(runner, effects, sourceCode);
  if (endedByDeath(fn)) return true;
  // Called only from such functions, in their own body.
  const sites = callsOf(fn, sourceCode);
  if (sites.length > 0 && sites.every((site) => {
    const caller = enclosingFunction(site);
    return caller !== undefined && caller !== fn && endedByDeath(caller);
  })) return true;
  return reopensFirst(call, fn, field, testsField, sourceCode);
}

/** Can `fn` no longer run once the death listeners ran: a listener they destroy or remove, a timer callback they clear? */
function endsWithDeath(fn: FunctionNode, effects: DeathEffects, sourceCode: SourceCode): boolean {
  return (
    (effects.cleared.size > 0 && isClearedTimerCallback(fn, effects.cleared, sourceCode)) ||
    ((effects.destroyed.size > 0 || effects.removed.size > 0) && listensOnlyUntilDeath(fn, effects, sourceCode)) ||
    (effects.stopped.size > 0 && handedOnlyToStopped(fn, effects.stopped, sourceCode))
  );
}

/**
 * `fn`, a method, is named only in the arguments of what a field is given (`this.send = new
 * Throttler(0, this.forceWrite.bind(this))`), and the death listeners stop that field: never
 * called, never named elsewhere in its class.
 */
function handedOnlyToStopped(fn: FunctionNode, stopped: ReadonlySet<string>, sourceCode: SourceCode): boolean {
  const method = fn.parent;
  if (method.type !== AST_NODE_TYPES.MethodDefinition || method.key.type !== AST_NODE_TYPES.Identifier || callsOf(fn, sourceCode).length > 0) return false;
  const name = method.key.name;
  let handed = 0;
  let elsewhere = false;
  const visit = (node: Node): void => {
    if (elsewhere) return;
    if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression && propertyName(node) === name) {
      if (heldByStopped(node, stopped, sourceCode)) handed += 1;
      else elsewhere = true;
      return;
    }
    visitChildren(node, visit, sourceCode);
  };
  visit(method.parent);
  return handed > 0 && !elsewhere;
}

/** `this.f` (or `this.f.bind(this)`) is an argument of the `new`/call a stopped field is given. */
function heldByStopped(reference: TSESTree.MemberExpression, stopped: ReadonlySet<string>, sourceCode: SourceCode): boolean {
  let argument: Node = reference;
  const bind = reference.parent;
  if (bind.type === AST_NODE_TYPES.MemberExpression && bind.object === reference && propertyName(bind) === 'bind' && bind.parent.type === AST_NODE_TYPES.CallExpression) argument = bind.parent;
  const made = argument.parent;
  if ((made?.type !== AST_NODE_TYPES.NewExpression && made?.type !== AST_NODE_TYPES.CallExpression) || !made.arguments.includes(argument)) return false;
  const assignment = made.parent;
  if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.right !== made) return false;
  const key = referenceKey(assignment.left, sourceCode);
  return key !== undefined && stopped.has(key);
}

/**
 * `fn` is called nowhere and registered only as a listener of objects the death listeners destroy
 * (for events a destroyed stream no longer emits), or for events whose listeners they remove.
 */
function listensOnlyUntilDeath(fn: FunctionNode, effects: DeathEffects, sourceCode: SourceCode): boolean {
  if (callsOf(fn, sourceCode).length > 0) return false;
  let registered = false;
  for (const registration of fileNodes(sourceCode).calls) {
    const listener = listenerCallOf(registration, sourceCode);
    if (!listener?.listener || resolveFunction(listener.listener, sourceCode) !== fn) continue;
    const target = referenceKey(listener.target, sourceCode);
    if (listener.event === undefined || target === undefined) return false;
    const destroyed = effects.destroyed.has(target) && !AFTER_DESTROY.has(listener.event);
    if (!destroyed && !effects.removed.has(`${target}|*`) && !effects.removed.has(`${target}|${listener.event}`)) return false;
    registered = true;
  }
  return registered;
}

/** `fn` is the callback of a timer whose handle the death listeners clear (`this.timer = setInterval(fn, ms)`; src/model/timers.ts). */
function isClearedTimerCallback(fn: FunctionNode, cleared: ReadonlySet<string>, sourceCode: SourceCode): boolean {
  return timersOf(sourceCode).some((timer) => timer.callback === fn && cleared.has(timer.handleKey));
}

/** A call before the write, in `fn`'s own body, of a function that tests the field and opens it. */
function reopensFirst(call: TSESTree.CallExpression, fn: FunctionNode, field: FieldLife, testsField: (fn: FunctionNode) => boolean, sourceCode: SourceCode): boolean {
  if (field.creators.size === 0) return false;
  let reopens = false;
  visitOutsideFunctions(fn.body, (node) => {
    if (reopens || node.type !== AST_NODE_TYPES.CallExpression || node.range[1] > call.range[0]) return;
    const callee = resolveFunction(node.callee, sourceCode);
    if (callee && callee !== fn && field.creators.has(callee) && testsField(callee)) reopens = true;
  }, sourceCode);
  return reopens;
}

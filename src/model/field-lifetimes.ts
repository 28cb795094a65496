/**
 * Writers that cannot outlive a field's socket, though they test nothing (src/model/field-liveness.ts
 * asks): what the socket's death listeners do (three calls deep) ends the writer's own chances to run,
 * or the writer reopens the field first.
 *
 * - A listener of another object, for an event other than 'close' / 'error', where the death
 *   listeners destroy that object (`this.outer.on('close', () => this.inner.destroy())`, the writer
 *   `this.inner.on('data', (d) => this.outer.write(d))`): a destroyed stream emits no more data.
 * - A function run only by a timer the death listeners clear (`this.timer = setInterval(() =>
 *   this.ping(), ms)` with `clearInterval(this.timer)` on 'close'), as the timer's callback or from
 *   its callback alone.
 * - A write right after a call of a function that opens the field once it has tested it
 *   (`if (this.conn && !this.conn.destroyed) return; this.conn = net.connect(…)`): the field then
 *   holds a live socket or a new one.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, type FunctionNode, skipWrappers } from './ast.js';
import { listenerCallOf, referenceKey } from './dead-socket.js';
import { callsOf, fileNodes } from './file-nodes.js';
import { resolveFunction } from './functions.js';
import { visitOutsideFunctions } from './handler-sinks.js';
import { isGlobalCall } from './timers.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** What the death listeners of a field's socket end: the objects they destroy, the timers they clear (keys). */
interface DeathEffects {
  destroyed: Set<string>;
  cleared: Set<string>;
}

/** Events a destroyed stream still emits: a listener of these may run after the destroy. */
const AFTER_DESTROY = new Set(['close', 'error']);

const effectsCache = new WeakMap<ReadonlySet<FunctionNode>, DeathEffects>();

/** Keys destroyed and timers cleared by the death listeners, three calls deep, not into a function that opens the field again. */
function deathEffects(listeners: ReadonlySet<FunctionNode>, creators: ReadonlySet<Node>, sourceCode: SourceCode): DeathEffects {
  let effects = effectsCache.get(listeners);
  if (effects) return effects;
  const found: DeathEffects = { destroyed: new Set(), cleared: new Set() };
  const seen = new Set<Node>(listeners);
  const read = (fn: FunctionNode, depth: number): void => {
    visitOutsideFunctions(fn.body, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression) return;
      const callee = skipWrappers(node.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier && callee.property.name === 'destroy') {
        const key = referenceKey(callee.object, sourceCode);
        if (key !== undefined) found.destroyed.add(key);
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
  return (
    (effects.destroyed.size > 0 && listensOnlyToDestroyed(fn, effects.destroyed, sourceCode)) ||
    (effects.cleared.size > 0 && runsOnlyFromClearedTimers(fn, effects.cleared, sourceCode)) ||
    reopensFirst(call, fn, field, testsField, sourceCode)
  );
}

/** `fn` is a listener (for events a destroyed stream no longer emits) of objects the death listeners destroy, and called nowhere else. */
function listensOnlyToDestroyed(fn: FunctionNode, destroyed: ReadonlySet<string>, sourceCode: SourceCode): boolean {
  if (callsOf(fn, sourceCode).length > 0) return false;
  let registered = false;
  for (const registration of fileNodes(sourceCode).calls) {
    const listener = listenerCallOf(registration, sourceCode);
    if (!listener?.listener || resolveFunction(listener.listener, sourceCode) !== fn) continue;
    const target = referenceKey(listener.target, sourceCode);
    if (listener.event === undefined || AFTER_DESTROY.has(listener.event) || target === undefined || !destroyed.has(target)) return false;
    registered = true;
  }
  return registered;
}

/** `fn` is the callback of timers the death listeners clear, or called only from such callbacks (directly, in their own body). */
function runsOnlyFromClearedTimers(fn: FunctionNode, cleared: ReadonlySet<string>, sourceCode: SourceCode): boolean {
  if (isClearedTimerCallback(fn, cleared, sourceCode)) return true;
  const sites = callsOf(fn, sourceCode);
  return sites.length > 0 && sites.every((site) => {
    const caller = enclosingFunction(site);
    return caller !== undefined && caller !== fn && isClearedTimerCallback(caller, cleared, sourceCode);
  });
}

/** `this.timer = setInterval(fn, ms)` (also `fn.bind(this)`) where the death listeners clear `this.timer`. */
function isClearedTimerCallback(fn: FunctionNode, cleared: ReadonlySet<string>, sourceCode: SourceCode): boolean {
  const timer = timerTaking(fn, sourceCode);
  const holder = timer?.parent;
  if (!timer || holder?.type !== AST_NODE_TYPES.AssignmentExpression || holder.right !== timer) return false;
  const key = referenceKey(holder.left, sourceCode);
  return key !== undefined && cleared.has(key);
}

/** The `setInterval(…)` / `setTimeout(…)` call whose callback is `fn`, given inline or as `this.m` / `this.m.bind(this)` read once. */
function timerTaking(fn: FunctionNode, sourceCode: SourceCode): TSESTree.CallExpression | undefined {
  const isTimer = (call: Node | undefined): call is TSESTree.CallExpression =>
    call?.type === AST_NODE_TYPES.CallExpression && isGlobalCall(call, ['setInterval', 'setTimeout'], sourceCode) !== undefined;
  if (isTimer(fn.parent) && fn.parent.arguments[0] === fn) return fn.parent;
  for (const call of fileNodes(sourceCode).calls) {
    const first = call.arguments[0];
    if (first && first.type !== AST_NODE_TYPES.SpreadElement && isTimer(call) && resolveFunction(first, sourceCode) === fn) return call;
  }
  return undefined;
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

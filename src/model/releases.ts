/**
 * What releases a resource a socket holds, and where: `clearInterval`/`clearTimeout` of a timer
 * handle, `delete`/`clear`/`splice`/… on a collection, `registry[id] = null`, `delete registry[id]`,
 * a reassignment (`list = list.filter(…)`), or a helper given the collection (`pull(list, socket)`).
 * Indexed per file by the key they release, by the functions they run in, and judged against the
 * functions that run when a socket closes (close-reach.ts) or only when it ends (end-hooks.ts).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { emitterKey, listenerCallOf, readMethodCall, referenceKey } from '../dead-socket.js';
import { dottedName, enclosingFunction, type FunctionNode, isNullish, runtimeParams, skipWrappers } from './ast.js';
import { keyDeclaredWithin, type ListenerCall } from '../listeners.js';
import { closeReach, isListenerFunction, LIFECYCLE_EVENTS, listenerReach, ownLifecycleReach, runnersOf } from './close-reach.js';
import { plainCallsByName, resolveFunction } from './functions.js';
import { constructorOwnerOf } from './prototypes.js';
import { type EndHook, endHookOf, endHooksOf } from './end-hooks.js';
import type { KeyAliases } from './dead-socket.js';
import { keyAliases } from './key-aliases.js';
import { addTo, resourceNodes } from './resource-walk.js';
import { handleKeyOf, isGlobalCall, type SocketMatcher } from './timers.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface Release {
  key: string;
  node: TSESTree.Node;
  /** The removal is a `clearTimeout`/`clearInterval`. */
  timer: boolean;
  /** Only maybe a removal: the collection is handed to a helper (`pull(list, socket)`). */
  helper?: boolean;
}

const REMOVE_METHODS = new Set(['delete', 'clear', 'splice', 'pop', 'shift']);
/** Built-in calls that read what they are given and never remove from it (`Object.keys(sockets).pop()` pops a copy). */
const READERS = new Set(['Object.keys', 'Object.values', 'Object.entries', 'Object.getOwnPropertyNames', 'Array.from', 'Array.isArray', 'JSON.stringify', 'console.log', 'console.info', 'console.warn', 'console.error', 'console.debug']);
const ERROR_EVENT: ReadonlySet<string> = new Set(['error']);
const END_EVENT: ReadonlySet<string> = new Set(['end']);

/**
 * The releases, read once per file: by the root of their key, and filed under each function they
 * run in (see `runnersOf`), under the function they are written in and under the listener around
 * them, each list in source order. Judging a registration reads the releases in its socket's
 * 'close' listeners, not every release of the collection (a file with a socket per function, each
 * added to one registry and removed in its own 'close' listener, made that quadratic). The
 * functions are filed per root on the first question about that root (most releases are
 * arguments of calls, `helper(list)`, never asked about).
 */
export interface ReleaseIndex {
  byRoot: Map<string, Release[]>;
  root: Map<Release, string>;
  position: Map<Release, number>;
  runners: ReadonlyMap<Release, readonly FunctionNode[]>;
  /** The releases of the root `root` by each function they run in. */
  byRunnerOf(root: string): ReadonlyMap<TSESTree.Node, Release[]>;
  /** The releases of the root `root` by the function they are written in. */
  byFunctionOf(root: string): ReadonlyMap<TSESTree.Node, Release[]>;
  /** The releases of each listener or `end()` callback, where their runners stop. */
  readonly byListener: ReadonlyMap<TSESTree.Node, Release[]>;
}

/** `runnersOf` each release, found when first asked (the same for every release of a function). */
class Runners extends Map<Release, readonly FunctionNode[]> {
  readonly #sourceCode: SourceCode;

  constructor(sourceCode: SourceCode) {
    super();
    this.#sourceCode = sourceCode;
  }

  override get(release: Release): readonly FunctionNode[] {
    let runners = super.get(release);
    if (!runners) {
      runners = runnersOf(release.node, this.#sourceCode);
      super.set(release, runners);
    }
    return runners;
  }
}

const cache = new WeakMap<TSESTree.Program, ReleaseIndex>();

/** The file's releases, in source order. */
function readReleases(sourceCode: SourceCode): Release[] {
  const keyOf = (node: TSESTree.Node): string | undefined => referenceKey(node, sourceCode);
  const releases: Release[] = [];
  for (const node of resourceNodes(sourceCode).nodes) {
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const clear = isGlobalCall(node, ['clearInterval', 'clearTimeout'], sourceCode);
      if (clear) {
        const [handle] = node.arguments;
        const key = handle && handle.type !== AST_NODE_TYPES.SpreadElement ? handleKeyOf(handle, sourceCode) : undefined;
        if (key !== undefined) releases.push({ key, node, timer: true });
        // `clearTimeout(socket.retryTimer)` in a helper every call of which passes one socket: that socket's timer.
        const passed = key === undefined ? undefined : passedKey(key, node, sourceCode);
        if (passed !== undefined) releases.push({ key: passed, node, timer: true });
        continue;
      }
      const method = readMethodCall(node);
      if (method && REMOVE_METHODS.has(method.name)) {
        const key = keyOf(method.object);
        if (key !== undefined) releases.push({ key, node, timer: false });
        // `lists[port].splice(index, 1)` in a loop over the keys: a removal from any list under `lists`.
        const any = anyEntryKey(method.object, sourceCode);
        if (any !== undefined) releases.push({ key: any, node, timer: false });
      }
      // A helper given the collection (`removeFrom(clients, socket)`, `pull(list, socket)`) may remove from it.
      if (READERS.has(dottedName(node.callee) ?? '')) continue;
      for (const argument of node.arguments) {
        if (argument.type === AST_NODE_TYPES.SpreadElement) continue;
        const key = keyOf(argument);
        if (key !== undefined && !(method && argument === method.object)) releases.push({ key, node, timer: false, helper: true });
      }
    } else if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=') {
      const left = skipWrappers(node.left);
      if (left.type === AST_NODE_TYPES.MemberExpression && left.computed) {
        // `registry[id] = null` releases (any other value registers: registrations.ts).
        const key = keyOf(left.object);
        if (key !== undefined && isNullish(node.right)) releases.push({ key, node, timer: false });
      } else {
        // `list = list.filter(…)`, `clients = new Set()`: the old entries are gone.
        const key = keyOf(left);
        if (key !== undefined) releases.push({ key, node, timer: false });
      }
    } else if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'delete') {
      const argument = skipWrappers(node.argument);
      const key = argument.type === AST_NODE_TYPES.MemberExpression ? keyOf(argument.object) : undefined;
      if (key !== undefined) releases.push({ key, node, timer: false });
    }
  }
  return releases;
}

/**
 * `key` (`socket.retryTimer`) read off a parameter of a function of the file that is only called
 * by name, every call passing the same object (`clearTimers(socket)`, by any of its names): the key
 * on that object. A release there runs where the helper is called, the socket's 'close' listener
 * included (unlike a listener the helper would add, key-aliases.ts does not tie such a parameter
 * to the object).
 */
function passedKey(key: string, node: TSESTree.Node, sourceCode: SourceCode): string | undefined {
  const fn = enclosingFunction(node);
  if (!fn) return undefined;
  const aliases = keyAliases(sourceCode);
  for (const [index, param] of runtimeParams(fn).entries()) {
    const own = param.type === AST_NODE_TYPES.Identifier ? referenceKey(param, sourceCode) : undefined;
    if (own === undefined || !key.startsWith(`${own}.`)) continue;
    const calls = plainCallsByName(fn, sourceCode);
    const passed = new Set(calls?.map((call) => {
      const argument = call.arguments[index];
      const argumentKey = argument && argument.type !== AST_NODE_TYPES.SpreadElement ? referenceKey(argument, sourceCode) : undefined;
      return argumentKey === undefined ? undefined : aliases.root(argumentKey);
    }));
    const [only] = passed;
    // Already one object with the argument (key-aliases.ts): the release counts as it is.
    if (passed.size !== 1 || only === undefined || only.startsWith('global:') || aliases.root(own) === only) return undefined;
    return `${only}${key.slice(own.length)}`;
  }
  return undefined;
}

/**
 * The group of a key, its object's aliases included: `socket.replyTimer` of a helper's parameter
 * and of the connection's own `socket` are one handle when the two `socket`s are one object.
 */
function memberRoot(aliases: KeyAliases, key: string): string {
  const whole = aliases.root(key);
  const dot = whole.lastIndexOf('.');
  if (dot <= 0) return whole;
  const object = aliases.root(whole.slice(0, dot));
  return object === whole.slice(0, dot) ? whole : aliases.root(`${object}${whole.slice(dot)}`);
}

export function releaseIndex(sourceCode: SourceCode): ReleaseIndex {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const aliases = keyAliases(sourceCode);
  const byRoot = new Map<string, Release[]>();
  const root = new Map<Release, string>();
  const position = new Map<Release, number>();
  const releases = readReleases(sourceCode);
  for (const [at, release] of releases.entries()) {
    const ofRoot = memberRoot(aliases, release.key);
    addTo(byRoot, ofRoot, release);
    root.set(release, ofRoot);
    position.set(release, at);
  }
  const runners = new Runners(sourceCode);
  const byRunner = new Map<string, Map<TSESTree.Node, Release[]>>();
  const byFunction = new Map<string, Map<TSESTree.Node, Release[]>>();
  let byListener: Map<TSESTree.Node, Release[]> | undefined;
  const index: ReleaseIndex = {
    byRoot,
    root,
    position,
    runners,
    byRunnerOf(ofRoot) {
      let map = byRunner.get(ofRoot);
      if (!map) {
        byRunner.set(ofRoot, (map = new Map<TSESTree.Node, Release[]>()));
        for (const release of byRoot.get(ofRoot) ?? []) for (const fn of runners.get(release)) addTo(map, fn, release);
      }
      return map;
    },
    byFunctionOf(ofRoot) {
      let map = byFunction.get(ofRoot);
      if (!map) {
        byFunction.set(ofRoot, (map = new Map<TSESTree.Node, Release[]>()));
        for (const release of byRoot.get(ofRoot) ?? []) {
          const own = runners.get(release)[0]; // the function it is written in
          if (own) addTo(map, own, release);
        }
      }
      return map;
    },
    get byListener() {
      if (!byListener) {
        byListener = new Map();
        for (const release of releases) {
          // The listener around it is where its runners stop (listenerAround, without a second walk).
          const last = runners.get(release).at(-1);
          if (last && isListenerFunction(last, sourceCode)) addTo(byListener, last, release);
        }
      }
      return byListener;
    },
  };
  cache.set(sourceCode.ast, index);
  return index;
}

/** The releases of `key` or of another name for it, in source order (with those of any entry of its collection). */
export function releasesOf(sourceCode: SourceCode, key: string): readonly Release[] {
  const { byRoot } = releaseIndex(sourceCode);
  const own = byRoot.get(memberRoot(keyAliases(sourceCode), key)) ?? [];
  const any = anyEntryRoot(sourceCode, key);
  return any === undefined ? own : [...own, ...(byRoot.get(any) ?? [])];
}

/**
 * `lists[k]` with a key that is no literal (`lists[ports[i]]`, `lists[port]`): an entry of `lists`,
 * whichever. Keyed `lists.[*]`, which `releasesOf` adds to the releases of every entry of `lists`.
 */
function anyEntryKey(node: TSESTree.Node, sourceCode: SourceCode): string | undefined {
  const entry = skipWrappers(node);
  if (entry.type !== AST_NODE_TYPES.MemberExpression || !entry.computed || entry.property.type === AST_NODE_TYPES.Literal) return undefined;
  const collection = referenceKey(entry.object, sourceCode);
  return collection === undefined ? undefined : `${collection}.[*]`;
}

/** The root the releases of any entry of `key`'s collection are filed under, when the file has some. */
function anyEntryRoot(sourceCode: SourceCode, key: string): string | undefined {
  const dot = key.lastIndexOf('.');
  if (dot <= 0 || key.endsWith('.[*]')) return undefined;
  const root = memberRoot(keyAliases(sourceCode), `${key.slice(0, dot)}.[*]`);
  return releaseIndex(sourceCode).byRoot.has(root) ? root : undefined;
}

/** Does the file take anything out of the collection `key` anywhere? */
export function isRemovedFrom(sourceCode: SourceCode, key: string): boolean {
  return releasesOf(sourceCode, key).some((release) => !isInitialValue(release.node, sourceCode));
}

/**
 * The listener on the wrapper `wrapper` through which every removal from the collection `key` runs,
 * when there is one and its event is none of the wrapper's own ending ones (`close`, `end`, …):
 * `pending.push(request); request.once('resolved', this.onResolved)` with `onResolved` the only
 * code that takes anything out. The entry then leaves only if the wrapper ever emits that event;
 * its socket closing first (a reset while the request waits) leaves it there. Undefined when any
 * removal runs elsewhere, or the listener's function is also called, or registered, elsewhere.
 */
export function removalOnlyOnWrapperEvent(sourceCode: SourceCode, key: string, wrapper: TSESTree.Node): ListenerCall | undefined {
  const aliases = keyAliases(sourceCode);
  const wrapperKey = referenceKey(wrapper, sourceCode);
  if (wrapperKey === undefined) return undefined;
  const listeners = new Set<FunctionNode>();
  let found: ListenerCall | undefined;
  for (const release of releasesOf(sourceCode, key)) {
    if (isInitialValue(release.node, sourceCode)) continue;
    const runner = releaseIndex(sourceCode).runners.get(release)?.at(-1);
    const listener = runner && isListenerFunction(runner, sourceCode) ? wrapperListener(runner, sourceCode) : undefined;
    if (!runner || !listener || LIFECYCLE_EVENTS.has(listener.event)) return undefined;
    const target = emitterKey(listener.target, sourceCode);
    if (target === undefined || aliases.root(target) !== aliases.root(wrapperKey)) return undefined;
    listeners.add(runner);
    found ??= listener;
  }
  return found && [...listeners].every((fn) => onlyRunAsListener(fn, sourceCode)) ? found : undefined;
}

/** The one listener call of the file that registers `fn` (undefined when none, or more than one). */
function wrapperListener(fn: FunctionNode, sourceCode: SourceCode): ListenerCall | undefined {
  let only: ListenerCall | undefined;
  for (const node of resourceNodes(sourceCode).callsAndCatches) {
    if (node.type !== AST_NODE_TYPES.CallExpression) continue;
    const listener = listenerCallOf(node, sourceCode);
    if (!listener?.listener || listener.listener.type === AST_NODE_TYPES.SpreadElement) continue;
    if (resolveFunction(listener.listener, sourceCode) !== fn) continue;
    if (only) return undefined;
    only = listener;
  }
  return only;
}

/** No call of the file runs `fn` directly or hands it on, besides the listener call that registers it. */
function onlyRunAsListener(fn: FunctionNode, sourceCode: SourceCode): boolean {
  for (const node of resourceNodes(sourceCode).callsAndCatches) {
    if (node.type !== AST_NODE_TYPES.CallExpression) continue;
    if (resolveFunction(node.callee, sourceCode) === fn) return false;
    const listener = listenerCallOf(node, sourceCode);
    for (const argument of node.arguments) {
      if (argument.type === AST_NODE_TYPES.SpreadElement || argument === listener?.listener) continue;
      if (resolveFunction(argument, sourceCode) === fn) return false;
    }
  }
  return true;
}

/** `this.clients = []` in a constructor: the collection's first value, not a removal. */
function isInitialValue(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  if (node.type !== AST_NODE_TYPES.AssignmentExpression || skipWrappers(node.left).type !== AST_NODE_TYPES.MemberExpression) return false;
  const fn = enclosingFunction(node);
  if (!fn) return false;
  if (fn.parent.type === AST_NODE_TYPES.MethodDefinition) return fn.parent.kind === 'constructor';
  // A pre-ES2015 constructor: `function Server() { this.clients = []; }` with `Server.prototype.m = …`.
  let root = skipWrappers(node.left);
  while (root.type === AST_NODE_TYPES.MemberExpression) root = skipWrappers(root.object);
  const thisKey = root.type === AST_NODE_TYPES.ThisExpression ? referenceKey(root, sourceCode) : undefined;
  const owner = constructorOwnerOf(fn, sourceCode);
  return owner !== undefined && thisKey === `this@proto:${owner}`;
}


export interface ReleaseJudgement {
  released: boolean;
  /** The releases that run only in an 'end' listener or `end()` callback of the socket, in source order. */
  onEnd: { release: Release; hook: EndHook }[];
  /** Released on 'error' and 'end' only, and this `destroy()` of the file's own brings neither. */
  quietDestroy?: TSESTree.CallExpression;
}

/**
 * Where a resource `key` tied to the socket `socketKey` is released: released when one of its
 * releases that `filter` lets through runs when the socket closes (or on the wrapper's own
 * lifecycle events), or in a `finally` of `ownFunction` (the function that took it); otherwise
 * the releases moved to an 'end' listener or `end()` callback of the socket.
 */
export function judgeReleases(
  sourceCode: SourceCode,
  matchSocket: SocketMatcher,
  resource: { key: string; socketKey: string; ownFunction: TSESTree.Node | undefined; filter: (release: Release) => boolean },
): ReleaseJudgement {
  const { key, socketKey, ownFunction, filter } = resource;
  const root = memberRoot(keyAliases(sourceCode), key);
  const index = releaseIndex(sourceCode);
  const ofKey = releasesOf(sourceCode, key);
  // From the smaller side: the key's releases (a timer has one), or the functions (a
  // connection's 'close' listeners can be hundreds, a new socket's one).
  // A name declared in a function is a new variable each time that function runs: a release
  // reached by running it again (`onError → reconnect() → init()`, with `clearTimeout(timer)` in
  // init's connect callback) releases the next run's, not this one's.
  const sameRun = (fn: FunctionNode): boolean => !keyDeclaredWithin(key, fn);
  const anyRoot = anyEntryRoot(sourceCode, key);
  const runsIn = (functions: ReadonlySet<FunctionNode>): boolean => {
    if (ofKey.length <= functions.size) {
      return ofKey.some((release) => filter(release) && index.runners.get(release)!.some((fn) => functions.has(fn) && sameRun(fn)));
    }
    for (const ofRoot of anyRoot === undefined ? [root] : [root, anyRoot]) {
      const byRunner = index.byRunnerOf(ofRoot);
      for (const fn of functions) if (byRunner.get(fn)?.some(filter) && sameRun(fn)) return true;
    }
    return false;
  };
  if (runsIn(closeReach(sourceCode, socketKey)) || runsIn(ownLifecycleReach(sourceCode, matchSocket))) return { released: true, onEnd: [] };
  // An 'error' and an 'end' listener that both release it hear every way the peer ends the
  // connection, as a 'close' listener does: a reset brings 'error', a FIN 'end' (measured,
  // test/live/cleanup-dead-socket.live.test.ts). Not the file's own `destroy()` (an idle timeout's,
  // a limit's): that close brings neither, only 'close' (measured there too).
  const errorReach = listenerReach(sourceCode, socketKey, ERROR_EVENT);
  const endReach = listenerReach(sourceCode, socketKey, END_EVENT);
  if (runsIn(errorReach) && runsIn(endReach)) {
    const quietDestroy = destroyedQuietly(socketKey, (fn) => errorReach.has(fn) || endReach.has(fn) || runsIn(new Set([fn])), sourceCode);
    return quietDestroy ? { released: false, onEnd: [], quietDestroy } : { released: true, onEnd: [] };
  }
  // Released by the same function that registered it, in a `finally`: done when it returns.
  const own = ownFunction && index.byFunctionOf(root).get(ownFunction);
  if (own?.some((release) => filter(release) && inFinally(release.node, ownFunction!))) return { released: true, onEnd: [] };
  const moved = new Set<Release>();
  for (const hook of endHooksOf(sourceCode, socketKey)) {
    for (const release of index.byListener.get(hook.fn) ?? []) if (index.root.get(release) === root && filter(release)) moved.add(release);
  }
  const onEnd: { release: Release; hook: EndHook }[] = [];
  for (const release of [...moved].sort((a, b) => index.position.get(a)! - index.position.get(b)!)) {
    const hook = endHookOf(release.node, socketKey, matchSocket, sourceCode);
    if (hook) onEnd.push({ release, hook });
  }
  return { released: false, onEnd };
}

/** Is `node` in a `finally` block of `fn`? */
function inFinally(node: TSESTree.Node, fn: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = node; current && current !== fn; current = current.parent) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (parent?.type === AST_NODE_TYPES.TryStatement && parent.finalizer === current) return true;
  }
  return false;
}

const QUIET_CLOSES: ReadonlySet<string> = new Set(['destroy', 'resetAndDestroy']);

/**
 * The file's own close of the socket `socketKey` with no error (`destroy()`, `resetAndDestroy()`)
 * in a function that does not release it (`releases(fn)` is false for the functions around the call).
 */
function destroyedQuietly(socketKey: string, releases: (fn: FunctionNode) => boolean, sourceCode: SourceCode): TSESTree.CallExpression | undefined {
  const aliases = keyAliases(sourceCode);
  return resourceNodes(sourceCode).callsAndCatches.find((call): call is TSESTree.CallExpression => {
    if (call.type !== AST_NODE_TYPES.CallExpression) return false;
    const method = readMethodCall(call);
    if (!method || !QUIET_CLOSES.has(method.name) || (method.name === 'destroy' && call.arguments.length > 0)) return false;
    const key = referenceKey(method.object, sourceCode);
    if (key === undefined || !aliases.same(key, socketKey)) return false;
    for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) if (releases(fn)) return false;
    return true;
  });
}

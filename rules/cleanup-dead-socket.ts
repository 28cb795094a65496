import {
  ASTUtils,
  AST_NODE_TYPES,
  ESLintUtils,
  type ParserServicesWithTypeInformation,
  TSESLint,
  type TSESTree,
} from '@typescript-eslint/utils';

import { createRule } from '../src/create-rule.js';
import {
  ANY_IO_METHOD,
  contains,
  displayName,
  emitterKey,
  isIoCall,
  matchOncePerObject,
  mayAssignIndexed,
  mayCallAny,
  KeyAliases,
  readMethodCall,
  referenceKey,
  variableOf,
} from '../src/dead-socket.js';
import { isHelperCall, mayUseHelpers } from '../src/helper-imports.js';
import { isLibraryDeadEvent } from '../src/libraries.js';
import { getListenerCall, type ListenerCall } from '../src/listeners.js';
import { askType } from '../src/type-questions.js';
import {
  createSocketDetector, mayHaveSockets,
  DEFAULT_STRICT_SOCKET_NAME_PATTERN,
  defaultSocketOptions,
  socketOptionsSchema,
  type SocketOptions,
} from '../src/socket.js';
import { enclosingFunction, type FunctionNode, isFunction, propertyName, skipWrappers } from '../src/model/ast.js';
import { resolveFunction } from '../src/model/functions.js';

export type CleanupDeadSocketOptions = SocketOptions;

type Options = [CleanupDeadSocketOptions];
type MessageIds =
  | 'timerNotCleared'
  | 'registryNotCleaned'
  | 'cleanupOnEnd'
  | 'moveToClose'
  | 'endInErrorListener'
  | 'useDestroy';

type CollectionForm = 'set' | 'map' | 'array' | 'object' | 'weak';

interface Timer {
  call: TSESTree.CallExpression;
  kind: 'setInterval' | 'setTimeout';
  handleKey: string;
  handleText: string;
  /** `const heartbeat = setInterval(…)`: the declaration the autofix inserts after. */
  declaration: TSESTree.VariableDeclaration | undefined;
  handleVariable: TSESLint.Scope.Variable | undefined;
  callback: FunctionNode;
}

interface TimerUse {
  socket: TSESTree.Expression;
  socketKey: string;
  io: boolean;
  rearms: boolean;
}

interface Registration {
  node: TSESTree.Node;
  statement: TSESTree.Node | undefined;
  collection: TSESTree.Expression;
  collectionKey: string;
  method: 'add' | 'set' | 'push' | 'index';
  socket: TSESTree.Expression;
  mapKey: TSESTree.Node | undefined;
}

interface Release {
  key: string;
  node: TSESTree.Node;
  /** The removal is a `clearTimeout`/`clearInterval`. */
  timer: boolean;
  /** Only maybe a removal: the collection is handed to a helper (`pull(list, socket)`). */
  helper?: boolean;
}

/** A place cleanup hangs off that a peer reset never reaches: an 'end'/'finish' listener or an end() callback. */
interface EndHook {
  fn: FunctionNode;
  socket: TSESTree.Expression;
  socketKey: string;
  /** The listener registration ('end'/'finish'), or the `end(…, cb)` call. */
  listener: ListenerCall | undefined;
  endCall: TSESTree.CallExpression | undefined;
}

/** How deep the rule follows calls from a 'close' listener to the function that does the cleanup. */
const FOLLOW_DEPTH = 3;
const STATEMENT_LISTS = new Set<string>([
  AST_NODE_TYPES.Program,
  AST_NODE_TYPES.BlockStatement,
  AST_NODE_TYPES.StaticBlock,
  AST_NODE_TYPES.SwitchCase,
]);
const REMOVE_METHODS = new Set(['delete', 'clear', 'splice', 'pop', 'shift']);
/** Calls that can start a report: timers, `clearInterval` (qualifies), registrations, `end()`. */
const REPORTABLE_CALLS = new Set(['setInterval', 'setTimeout', 'clearInterval', 'add', 'set', 'push', 'end']);
/** Events a wrapper class emits about its own connection (cleanup hung there is the wrapper's business). */
const LIFECYCLE_EVENTS = new Set(['close', 'end', 'finish', 'disconnect', 'disconnected', 'destroy', 'destroyed', 'exit', 'reconnecting', 'error', 'timeout']);

function isNullish(node: TSESTree.Node): boolean {
  return (
    (node.type === AST_NODE_TYPES.Literal && node.value === null) ||
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined')
  );
}

/** The collection a built-in class makes: `Set`, `Map`, `Array`, or a weak one. */
function formOfClass(name: string): CollectionForm | undefined {
  switch (name) {
    case 'Set':
      return 'set';
    case 'Map':
      return 'map';
    case 'Array':
      return 'array';
    case 'WeakSet':
    case 'WeakMap':
      return 'weak';
    default:
      return undefined;
  }
}

function formOf(init: TSESTree.Node): CollectionForm | undefined {
  const node = skipWrappers(init);
  if (node.type === AST_NODE_TYPES.ArrayExpression) return 'array';
  if (node.type === AST_NODE_TYPES.ObjectExpression) return 'object';
  if (node.type === AST_NODE_TYPES.NewExpression && node.callee.type === AST_NODE_TYPES.Identifier) {
    return formOfClass(node.callee.name);
  }
  if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
    const object = node.callee.object;
    const name = propertyName(node.callee);
    if (object.type === AST_NODE_TYPES.Identifier && object.name === 'Object' && name === 'create') return 'object';
  }
  return undefined;
}

/** Appends `value` to the list kept for `key`. */
function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export default createRule<Options, MessageIds>({
  name: 'cleanup-dead-socket',
  meta: {
    type: 'problem',
    docs: {
      description: "Require timers and registries that hold a socket to be released in the socket's 'close' listener",
      recommended: 'recommended',
      strictOptions: { socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN },
    },
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      timerNotCleared:
        '`{{handle}}` ({{timer}}) uses `{{socket}}` but is not cleared when that socket closes.',
      registryNotCleaned:
        '`{{socket}}` is added to `{{collection}}` but not removed when it closes.',
      cleanupOnEnd:
        'This cleanup runs only {{where}}, so it never runs when the peer resets `{{socket}}`.',
      moveToClose: "Run it on 'close' instead, which fires after a reset too.",
      endInErrorListener:
        "`{{socket}}` is already destroyed in its 'error' listener: `end()` cannot reach the peer{{dropped}}.",
      useDestroy: 'Call `destroy()` instead (the arguments of `end()` are dropped).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: { ...socketOptionsSchema },
      },
    ],
    defaultOptions: [{ ...defaultSocketOptions }],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    // Nothing to report in a file where nothing can be a socket (most files of a code base).
    if (!mayHaveSockets(context, options)) return {};
    const sockets = createSocketDetector(context, options);
    // Every report needs a timer, a registration (`add`/`set`/`push`, `registry[id] = …`) or an
    // `end()`: a file with none of them is skipped (with types, most files are skipped here).
    if (!mayCallAny(sourceCode, REPORTABLE_CALLS) && !mayAssignIndexed(sourceCode)) return {};
    const matchSocket = matchOncePerObject(sockets, sourceCode);
    const helpersUsed = mayUseHelpers(sourceCode);
    const services: ParserServicesWithTypeInformation | undefined = sourceCode.parserServices?.program
      ? (ESLintUtils.getParserServices(context, true) as ParserServicesWithTypeInformation)
      : undefined;

    const aliases = new KeyAliases();
    const forms = new Map<string, CollectionForm>();
    const listeners: ListenerCall[] = [];
    /** Calls of our `onSocketClose(socket, cleanup)`, with the socket each watches. */
    const helperCloses: { call: TSESTree.CallExpression; socket: TSESTree.Expression }[] = [];
    const timers: Timer[] = [];
    const registrations: Registration[] = [];
    /**
     * Removals in the order seen; a call stands for the removals a helper given its arguments may
     * make (`pull(list, socket)`), read only when some check asks (most files never do).
     */
    const releaseEntries: (Release | TSESTree.CallExpression)[] = [];
    let releases: Release[] | undefined;
    function allReleases(): Release[] {
      if (releases) return releases;
      releases = [];
      for (const entry of releaseEntries) {
        if (!('type' in entry)) {
          releases.push(entry);
          continue;
        }
        const method = readMethodCall(entry);
        for (const argument of entry.arguments) {
          if (argument.type === AST_NODE_TYPES.SpreadElement) continue;
          const key = keyOf(argument);
          if (key !== undefined && !(method && argument === method.object)) releases.push({ key, node: entry, timer: false, helper: true });
        }
      }
      return releases;
    }
    const endCallbacks: { call: TSESTree.CallExpression; object: TSESTree.Expression; fn: FunctionNode }[] = [];
    const errorEnds: TSESTree.CallExpression[] = [];
    const endCallbackFunctions = new Set<TSESTree.Node>();
    /** Calls made directly in each function, for following a 'close' listener into the cleanup it calls. */
    const callsIn = new Map<TSESTree.Node, TSESTree.CallExpression[]>();
    const functionStack: TSESTree.Node[] = [];

    const keyOf = (node: TSESTree.Node): string | undefined => referenceKey(node, sourceCode);
    const currentFunction = (): TSESTree.Node | undefined => functionStack.at(-1);

    function isGlobalCall(node: TSESTree.CallExpression, names: readonly string[]): string | undefined {
      const callee = skipWrappers(node.callee);
      let name: string | undefined;
      if (callee.type === AST_NODE_TYPES.Identifier) {
        if (!names.includes(callee.name)) return undefined;
        const variable = variableOf(callee, sourceCode);
        if (variable && variable.defs.length > 0) return undefined; // a local function of that name
        name = callee.name;
      } else if (
        callee.type === AST_NODE_TYPES.MemberExpression &&
        callee.object.type === AST_NODE_TYPES.Identifier &&
        (callee.object.name === 'globalThis' || callee.object.name === 'global' || callee.object.name === 'timers')
      ) {
        name = propertyName(callee);
      }
      return name !== undefined && names.includes(name) ? name : undefined;
    }

    /** `M.get(k)`, `O[k]` name an entry of a collection: keyed by the collection. */
    function handleKeyOf(node: TSESTree.Node): string | undefined {
      const target = skipWrappers(node);
      if (target.type === AST_NODE_TYPES.CallExpression) {
        const method = readMethodCall(target);
        if (method?.name === 'get') {
          const key = keyOf(method.object);
          return key === undefined ? undefined : `${key}[]`;
        }
        return undefined;
      }
      if (target.type === AST_NODE_TYPES.MemberExpression && target.computed) {
        const key = keyOf(target.object);
        return key === undefined ? undefined : `${key}[]`;
      }
      return keyOf(target);
    }

    // --- Collecting ------------------------------------------------------------------------

    function recordTimer(node: TSESTree.CallExpression): void {
      const kind = isGlobalCall(node, ['setInterval', 'setTimeout']) as Timer['kind'] | undefined;
      if (!kind) return;
      const [first] = node.arguments;
      const callback = first && first.type !== AST_NODE_TYPES.SpreadElement ? resolveFunction(first, sourceCode) : undefined;
      if (!callback) return;
      // Where the handle goes: `const t = …`, `this.t = …`, `timers.set(id, …)`, possibly through `.unref()`.
      let value: TSESTree.Node = node;
      while (value.parent?.type === AST_NODE_TYPES.MemberExpression && value.parent.object === value) {
        const name = propertyName(value.parent);
        const call: TSESTree.Node | undefined = value.parent.parent;
        if ((name !== 'unref' && name !== 'ref') || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== value.parent) break;
        value = call;
      }
      const parent = value.parent;
      let handleKey: string | undefined;
      let handleNode: TSESTree.Node | undefined;
      let declaration: TSESTree.VariableDeclaration | undefined;
      let handleVariable: TSESLint.Scope.Variable | undefined;
      if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === value && parent.id.type === AST_NODE_TYPES.Identifier) {
        handleKey = keyOf(parent.id);
        handleNode = parent.id;
        handleVariable = sourceCode.getDeclaredVariables(parent)[0];
        if (parent.parent.kind === 'const' && parent.parent.declarations.length === 1 && value === node) declaration = parent.parent;
      } else if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === value && parent.operator === '=') {
        handleKey = handleKeyOf(parent.left);
        handleNode = parent.left;
      } else if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.some((argument) => argument === value)) {
        const method = readMethodCall(parent);
        if ((method?.name === 'set' && parent.arguments[1] === value) || method?.name === 'push') {
          const key = keyOf(method.object);
          handleKey = key === undefined ? undefined : `${key}[]`;
          handleNode = method.object;
        }
      }
      if (handleKey === undefined || !handleNode) return;
      timers.push({ call: node, kind, handleKey, handleText: displayName(handleNode, sourceCode), declaration, handleVariable, callback });
    }

    function recordRegistration(node: TSESTree.CallExpression): void {
      const method = readMethodCall(node);
      if (!method || (method.name !== 'add' && method.name !== 'set' && method.name !== 'push')) return;
      const socketArg = method.name === 'set' ? node.arguments[1] : node.arguments[0];
      if (!socketArg || socketArg.type === AST_NODE_TYPES.SpreadElement) return;
      const collectionKey = keyOf(method.object);
      // Whether the value is a socket is asked in checkRegistrations, after the cheap checks.
      if (collectionKey === undefined) return;
      const statement = node.parent.type === AST_NODE_TYPES.ExpressionStatement ? node.parent : undefined;
      registrations.push({
        node,
        statement,
        collection: method.object,
        collectionKey,
        method: method.name,
        socket: socketArg,
        mapKey: method.name === 'set' ? node.arguments[0] : undefined,
      });
    }

    function recordRelease(node: TSESTree.CallExpression): void {
      const clear = isGlobalCall(node, ['clearInterval', 'clearTimeout']);
      if (clear) {
        const [handle] = node.arguments;
        const key = handle && handle.type !== AST_NODE_TYPES.SpreadElement ? handleKeyOf(handle) : undefined;
        if (key !== undefined) releaseEntries.push({ key, node, timer: true });
        return;
      }
      const method = readMethodCall(node);
      if (method && REMOVE_METHODS.has(method.name)) {
        const key = keyOf(method.object);
        if (key !== undefined) releaseEntries.push({ key, node, timer: false });
      }
      // A helper given the collection (`removeFrom(clients, socket)`, `pull(list, socket)`) may remove from it.
      if (node.arguments.length > 0) releaseEntries.push(node);
    }

    /**
     * `onSocketClose(socket, cleanup)` imported from our helpers registers `cleanup` as the socket's
     * 'close' listener (it also runs it when the socket closed already): read it as
     * `socket.once('close', cleanup)`. A function of the same name declared here may do anything.
     */
    function helperCloseListener(node: TSESTree.CallExpression, scope: TSESLint.Scope.Scope): ListenerCall | undefined {
      const [socket, cleanup] = node.arguments;
      if (!socket || !cleanup || socket.type === AST_NODE_TYPES.SpreadElement || cleanup.type === AST_NODE_TYPES.SpreadElement) return undefined;
      if (!isHelperCall(node, 'onSocketClose', scope, sourceCode)) return undefined;
      helperCloses.push({ call: node, socket });
      return { call: node, target: socket, method: 'once', event: 'close', listener: cleanup };
    }

    function recordCall(node: TSESTree.CallExpression): void {
      const fn = currentFunction();
      if (fn) {
        addTo(callsIn, fn, node);
      }
      const scope = sourceCode.getScope(node);
      const listener = getListenerCall(node, scope) ?? (helpersUsed ? helperCloseListener(node, scope) : undefined);
      if (listener) listeners.push(listener);
      recordTimer(node);
      recordRegistration(node);
      recordRelease(node);
      const method = readMethodCall(node);
      if (method?.name === 'end') {
        errorEnds.push(node);
        const last = node.arguments.at(-1);
        if (last && isFunction(last)) {
          endCallbacks.push({ call: node, object: method.object, fn: last });
          endCallbackFunctions.add(last);
        }
      }
    }

    function recordValue(target: TSESTree.Node, value: TSESTree.Node): void {
      const key = keyOf(target);
      if (key === undefined) return;
      const form = formOf(value);
      if (form) forms.set(key, form);
      const valueKey = keyOf(value);
      if (valueKey !== undefined) aliases.union(key, valueKey);
    }

    // --- Checking --------------------------------------------------------------------------

    function collectionForm(registration: Registration): CollectionForm | undefined {
      const known = forms.get(registration.collectionKey);
      if (known) return known;
      if (!services) return undefined;
      const type = askType(context, registration.collection, () => services.getTypeAtLocation(registration.collection));
      const name = (type.aliasSymbol ?? type.getSymbol())?.getName();
      if (name === 'Record') return 'object';
      const form = name === undefined ? undefined : formOfClass(name);
      return form ?? (services.program.getTypeChecker().isArrayType(type) ? 'array' : undefined);
    }

    /** Does the collection outlive the function that adds the socket? */
    function outlives(registration: Registration): boolean {
      let root: TSESTree.Node = skipWrappers(registration.collection);
      while (root.type === AST_NODE_TYPES.MemberExpression) root = skipWrappers(root.object);
      if (root.type === AST_NODE_TYPES.ThisExpression) return true;
      if (root.type !== AST_NODE_TYPES.Identifier) return false;
      const declared = variableOf(root, sourceCode)?.defs[0]?.name;
      const fn = enclosingFunction(registration.node);
      return declared !== undefined && (!fn || !contains(fn, declared));
    }

    let listenerFunctions: Map<FunctionNode, ListenerCall> | undefined;
    function listenerFunctionMap(): Map<FunctionNode, ListenerCall> {
      if (listenerFunctions) return listenerFunctions;
      listenerFunctions = new Map();
      for (const listener of listeners) {
        const fn = listener.listener && listener.listener.type !== AST_NODE_TYPES.SpreadElement ? resolveFunction(listener.listener, sourceCode) : undefined;
        if (fn && !listenerFunctions.has(fn)) listenerFunctions.set(fn, listener);
      }
      return listenerFunctions;
    }

    /** Functions run when the socket `key` closes: its 'close' listeners and what they call. */
    const closeReachCache = new Map<string, Set<FunctionNode>>();
    function closeReach(key: string): Set<FunctionNode> {
      const root = aliases.root(key);
      const cached = closeReachCache.get(root);
      if (cached) return cached;
      const reach = follow(closeListenersByRoot().get(root) ?? []);
      closeReachCache.set(root, reach);
      return reach;
    }

    /**
     * The 'close' listener functions of each socket (by the root of its key), in source order. Read
     * once: a long handler has a socket, and a 'close' listener, per connection it opens.
     */
    let closeListeners: Map<string, FunctionNode[]> | undefined;
    function closeListenersByRoot(): Map<string, FunctionNode[]> {
      if (closeListeners) return closeListeners;
      closeListeners = new Map();
      for (const [fn, listener] of listenerFunctionMap()) {
        // A library object's own last event counts as its 'close' (a pg Client has no 'close').
        if (listener.event !== 'close' && !isLibraryDeadEvent(listener.target, listener.event, sourceCode)) continue;
        const target = emitterKey(listener.target, sourceCode);
        if (target === undefined) continue;
        addTo(closeListeners, aliases.root(target), fn);
      }
      return closeListeners;
    }

    /** A wrapper's listeners on itself (`this.on('end', …)`): the wrapper cleans up on its own events. */
    let wrapperReach: Set<FunctionNode> | undefined;
    function ownLifecycleReach(): Set<FunctionNode> {
      if (wrapperReach) return wrapperReach;
      const roots: FunctionNode[] = [];
      for (const [fn, listener] of listenerFunctionMap()) {
        const target = skipWrappers(listener.target);
        if (target.type === AST_NODE_TYPES.ThisExpression && LIFECYCLE_EVENTS.has(listener.event) && !matchSocket(target)) roots.push(fn);
      }
      wrapperReach = follow(roots);
      return wrapperReach;
    }

    function follow(roots: readonly FunctionNode[]): Set<FunctionNode> {
      const reached = new Set<FunctionNode>(roots);
      let frontier = [...roots];
      for (let depth = 0; depth < FOLLOW_DEPTH && frontier.length > 0; depth++) {
        const next: FunctionNode[] = [];
        for (const fn of frontier) {
          for (const call of callsInside(fn)) {
            const callee = resolveFunction(call.callee, sourceCode);
            if (callee && !reached.has(callee)) {
              reached.add(callee);
              next.push(callee);
            }
          }
        }
        frontier = next;
      }
      return reached;
    }

    /** Calls made in `fn`, including in callbacks it creates that are not listeners of their own. */
    let callsByRunner: Map<TSESTree.Node, TSESTree.CallExpression[]> | undefined;
    function callsInside(fn: FunctionNode): TSESTree.CallExpression[] {
      if (!callsByRunner) {
        // Each function's calls also count for the functions around it, up to the nearest listener.
        callsByRunner = new Map();
        const listenersByFn = listenerFunctionMap();
        for (const [inner, calls] of callsIn) {
          for (let current: TSESTree.Node | undefined = inner; current; current = enclosingFunction(current)) {
            const list = callsByRunner.get(current);
            if (list) list.push(...calls);
            else callsByRunner.set(current, [...calls]);
            if (isFunction(current) && listenersByFn.has(current)) break;
          }
        }
      }
      return callsByRunner.get(fn) ?? [];
    }

    /**
     * The functions a release counts as running in: from the innermost function around it out to
     * the first listener (of anything) or `end()` callback. A release in an 'end' listener nested in
     * a 'connection' handler belongs to the 'end' listener, not to the handler.
     */
    function runnersOf(node: TSESTree.Node): FunctionNode[] {
      const listenersByFn = listenerFunctionMap();
      const runners: FunctionNode[] = [];
      for (let current = node.parent; current; current = current.parent) {
        if (!isFunction(current)) continue;
        runners.push(current);
        if (listenersByFn.has(current) || endCallbackFunctions.has(current)) break;
      }
      return runners;
    }

    /**
     * The releases, read once per file: by the root of their key, and filed under each function
     * they run in (see `runnersOf`), under the function they are written in and under the listener
     * around them, each list in source order. Judging a registration reads the releases in its
     * socket's 'close' listeners, not every release of the collection (a file with a socket per
     * function, each added to one registry and removed in its own 'close' listener, made that
     * quadratic).
     */
    interface ReleaseIndex {
      byRoot: Map<string, Release[]>;
      root: Map<Release, string>;
      position: Map<Release, number>;
      runners: Map<Release, FunctionNode[]>;
      byRunner: Map<TSESTree.Node, Map<string, Release[]>>;
      byFunction: Map<TSESTree.Node, Map<string, Release[]>>;
      byListener: Map<TSESTree.Node, Release[]>;
    }
    let releaseIndex: ReleaseIndex | undefined;
    function indexedReleases(): ReleaseIndex {
      if (releaseIndex) return releaseIndex;
      const index: ReleaseIndex = {
        byRoot: new Map(),
        root: new Map(),
        position: new Map(),
        runners: new Map(),
        byRunner: new Map(),
        byFunction: new Map(),
        byListener: new Map(),
      };
      const file = (map: Map<TSESTree.Node, Map<string, Release[]>>, at: TSESTree.Node, root: string, release: Release): void => {
        let byRoot = map.get(at);
        if (!byRoot) map.set(at, (byRoot = new Map<string, Release[]>()));
        addTo(byRoot, root, release);
      };
      for (const [position, release] of allReleases().entries()) {
        const root = aliases.root(release.key);
        addTo(index.byRoot, root, release);
        index.root.set(release, root);
        index.position.set(release, position);
        const runners = runnersOf(release.node);
        index.runners.set(release, runners);
        for (const fn of runners) file(index.byRunner, fn, root, release);
        const own = enclosingFunction(release.node);
        if (own) file(index.byFunction, own, root, release);
        // The listener around it is where its runners stop (listenerAround, without a second walk).
        const last = runners.at(-1);
        if (last && (listenerFunctionMap().has(last) || endCallbackFunctions.has(last))) addTo(index.byListener, last, release);
      }
      releaseIndex = index;
      return index;
    }

    /**
     * 'end'/'finish' listeners and `end()` callbacks of anything with a key: whether the object is
     * a socket is asked (isEndHook) only for a hook that holds a release.
     */
    let endHooks: EndHook[] | undefined;
    function endHookCandidates(): EndHook[] {
      if (endHooks) return endHooks;
      endHooks = [];
      for (const [fn, listener] of listenerFunctionMap()) {
        if (listener.event !== 'end' && listener.event !== 'finish') continue;
        const target = listener.target;
        const socketKey = emitterKey(target, sourceCode);
        if (socketKey === undefined) continue;
        endHooks.push({ fn, socket: target, socketKey, listener, endCall: undefined });
      }
      for (const { call, object, fn } of endCallbacks) {
        const socketKey = keyOf(object);
        if (socketKey === undefined) continue;
        endHooks.push({ fn, socket: object, socketKey, listener: undefined, endCall: call });
      }
      return endHooks;
    }

    /** The end hooks on the socket `socketKey` (or another name for it). */
    let hooksByRoot: Map<string, EndHook[]> | undefined;
    function endHooksOf(socketKey: string): EndHook[] {
      if (!hooksByRoot) {
        hooksByRoot = new Map();
        for (const hook of endHookCandidates()) addTo(hooksByRoot, aliases.root(hook.socketKey), hook);
      }
      return hooksByRoot.get(aliases.root(socketKey)) ?? [];
    }

    function isEndHook(hook: EndHook): boolean {
      // A pg Client emits 'end' when it is gone (it has no 'close'): cleanup there does run.
      if (hook.listener && isLibraryDeadEvent(hook.socket, hook.listener.event, sourceCode)) return false;
      return matchSocket(hook.socket) !== undefined;
    }

    let hooksByFn: Map<TSESTree.Node, EndHook[]> | undefined;
    function endHookOf(node: TSESTree.Node, socketKey: string): EndHook | undefined {
      const owner = listenerAround(node);
      if (!owner) return undefined;
      if (!hooksByFn) {
        hooksByFn = new Map();
        for (const hook of endHookCandidates()) addTo(hooksByFn, hook.fn, hook);
      }
      return hooksByFn.get(owner)?.find((hook) => aliases.same(hook.socketKey, socketKey) && isEndHook(hook));
    }

    /** The innermost listener (or `end()` callback) that `node` runs in. */
    function listenerAround(node: TSESTree.Node): TSESTree.Node | undefined {
      const listenersByFn = listenerFunctionMap();
      for (let current = node.parent; current; current = current.parent) {
        if (isFunction(current) && (listenersByFn.has(current) || endCallbackFunctions.has(current))) return current;
      }
      return undefined;
    }

    /**
     * Where a resource tied to `socketKey` is released, as the rule judges it: released when one of
     * the releases of `key` that `filter` lets through runs when the socket closes (or on the
     * wrapper's own lifecycle events), or in a `finally` of the function that took it; otherwise
     * the releases moved to an 'end' listener or `end()` callback of the socket, in source order.
     */
    function judgeReleases(
      key: string,
      socketKey: string,
      ownFunction: TSESTree.Node | undefined,
      filter: (release: Release) => boolean,
    ): { released: boolean; onEnd: { release: Release; hook: EndHook }[] } {
      const root = aliases.root(key);
      const index = indexedReleases();
      const ofKey = releasesOf(key);
      // From the smaller side: the key's releases (a timer has one), or the functions (a
      // connection's 'close' listeners can be hundreds, a new socket's one).
      const runsIn = (functions: ReadonlySet<FunctionNode>): boolean => {
        if (ofKey.length <= functions.size) {
          return ofKey.some((release) => filter(release) && index.runners.get(release)!.some((fn) => functions.has(fn)));
        }
        for (const fn of functions) if (index.byRunner.get(fn)?.get(root)?.some(filter)) return true;
        return false;
      };
      if (runsIn(closeReach(socketKey)) || runsIn(ownLifecycleReach())) return { released: true, onEnd: [] };
      // Released by the same function that registered it, in a `finally`: done when it returns.
      const own = ownFunction && index.byFunction.get(ownFunction)?.get(root);
      if (own?.some((release) => filter(release) && inFinally(release.node, ownFunction!))) return { released: true, onEnd: [] };
      const moved = new Set<Release>();
      for (const hook of endHooksOf(socketKey)) {
        for (const release of index.byListener.get(hook.fn) ?? []) if (index.root.get(release) === root && filter(release)) moved.add(release);
      }
      const onEnd: { release: Release; hook: EndHook }[] = [];
      for (const release of [...moved].sort((a, b) => index.position.get(a)! - index.position.get(b)!)) {
        const hook = endHookOf(release.node, socketKey);
        if (hook) onEnd.push({ release, hook });
      }
      return { released: false, onEnd };
    }

    function releasesOf(key: string): Release[] {
      return indexedReleases().byRoot.get(aliases.root(key)) ?? [];
    }

    function inFinally(node: TSESTree.Node, fn: TSESTree.Node): boolean {
      for (let current: TSESTree.Node | undefined = node; current && current !== fn; current = current.parent) {
        const parent: TSESTree.Node | undefined = current.parent;
        if (parent?.type === AST_NODE_TYPES.TryStatement && parent.finalizer === current) return true;
      }
      return false;
    }

    /** What the timer's callback does with a socket: the first socket it uses, I/O on it, re-arming. */
    function timerUse(timer: Timer): TimerUse | undefined {
      if (!timerUses.has(timer)) timerUses.set(timer, findTimerUse(timer));
      return timerUses.get(timer);
    }

    const timerUses = new Map<Timer, TimerUse | undefined>();

    function findTimerUse(timer: Timer): TimerUse | undefined {
      let use: TimerUse | undefined;
      let rearms = false;
      let io = false;
      const timerFunction = enclosingFunction(timer.call);
      const visit = (node: TSESTree.Node): void => {
        if (node.type === AST_NODE_TYPES.CallExpression) {
          if (isGlobalCall(node, ['setTimeout', 'setInterval'])) rearms = true;
          else if (timerFunction && resolveFunction(node.callee, sourceCode) === timerFunction) rearms = true;
          const method = readMethodCall(node);
          // Once the socket is found, only I/O it has not seen yet can change the answer.
          if (method && (!use || (!io && ANY_IO_METHOD.has(method.name)))) {
            const socket = matchSocket(method.object);
            const socketKey = socket ? keyOf(method.object) : undefined;
            if (socket && socketKey !== undefined) {
              use ??= { socket: method.object, socketKey, io: false, rearms: false };
              if (isIoCall(method, socket.kind)) io = true;
            }
          }
        }
        for (const key of sourceCode.visitorKeys[node.type] ?? []) {
          const child = (node as unknown as Record<string, unknown>)[key];
          if (Array.isArray(child)) {
            for (const item of child) if (item && typeof (item as TSESTree.Node).type === 'string') visit(item as TSESTree.Node);
          } else if (child && typeof (child as TSESTree.Node).type === 'string') {
            visit(child as TSESTree.Node);
          }
        }
      };
      visit(timer.callback.body);
      return use ? { ...use, io, rearms } : undefined;
    }

    /** The handle is returned or handed to another function: whoever gets it owns clearing it. */
    function handedOn(timer: Timer): boolean {
      if (!timer.handleVariable) return false;
      return timer.handleVariable.references.some((reference) => {
        const parent = reference.identifier.parent;
        if (!parent || reference.init) return false;
        if (parent.type === AST_NODE_TYPES.ReturnStatement) return true;
        if (parent.type === AST_NODE_TYPES.Property && parent.value === reference.identifier) return true;
        if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.some((argument) => argument === reference.identifier)) {
          return !isGlobalCall(parent, ['clearInterval', 'clearTimeout']);
        }
        return false;
      });
    }

    function indentOf(node: TSESTree.Node): string {
      const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
      return /^\s*/u.exec(line)?.[0] ?? '';
    }

    /** Inserts `text` as a statement of its own line after `statement` (after a comment on its line). */
    function insertAfter(fixer: TSESLint.RuleFixer, statement: TSESTree.Node, text: string): TSESLint.RuleFix {
      let end: TSESTree.Node | TSESTree.Token = statement;
      for (const comment of sourceCode.getCommentsAfter(statement)) {
        if (comment.loc.start.line !== statement.loc.end.line) break;
        end = comment;
      }
      return fixer.insertTextAfter(end, `\n${indentOf(statement)}${text}`);
    }

    /** The socket as source text usable at `statement`, or undefined when it might not be in scope there. */
    function socketTextAt(socket: TSESTree.Expression, statement: TSESTree.Node, inside: TSESTree.Node | undefined): string | undefined {
      let root: TSESTree.Node = socket;
      while (root.type === AST_NODE_TYPES.MemberExpression) {
        if (root.computed) return undefined;
        root = skipWrappers(root.object);
      }
      if (root.type === AST_NODE_TYPES.ThisExpression) {
        if (inside && inside.type !== AST_NODE_TYPES.ArrowFunctionExpression) return undefined;
      } else if (root.type === AST_NODE_TYPES.Identifier) {
        const variable = variableOf(root, sourceCode);
        const def = variable?.defs[0];
        if (!def) return undefined;
        if (inside && contains(inside, def.name)) return undefined;
        if (def.type !== TSESLint.Scope.DefinitionType.Parameter && def.name.range[0] >= statement.range[0]) return undefined;
      } else {
        return undefined;
      }
      const outer = socket.parent?.type === AST_NODE_TYPES.TSNonNullExpression ? socket.parent : socket;
      const member = outer.parent;
      const optional = member?.type === AST_NODE_TYPES.MemberExpression && member.object === outer && member.optional;
      return `${sourceCode.getText(outer)}${optional ? '?' : ''}`;
    }

    function checkTimers(): void {
      for (const timer of timers) {
        if (releasesOf(timer.handleKey).some((release) => release.timer && contains(timer.callback, release.node))) continue;
        const use = timerUse(timer);
        if (!use) continue;
        // A one-shot timeout that only closes the socket is harmless after 'close'.
        if (timer.kind === 'setTimeout' && !use.io && !use.rearms) continue;
        const judged = judgeReleases(timer.handleKey, use.socketKey, enclosingFunction(timer.call), (release) => release.timer);
        if (judged.released) continue;
        if (judged.onEnd.length > 0) {
          for (const { release, hook } of judged.onEnd) reportOnEnd(release, hook);
          continue;
        }
        if (handedOn(timer)) continue;
        const socketName = displayName(use.socket, sourceCode);
        const data = { handle: timer.handleText, timer: timer.kind === 'setInterval' ? 'an interval' : 'a timeout', socket: socketName };
        const statement = timer.declaration?.parent.type === AST_NODE_TYPES.ExportNamedDeclaration ? timer.declaration.parent : timer.declaration;
        const socketText = statement && STATEMENT_LISTS.has(statement.parent.type) ? socketTextAt(use.socket, statement, timer.callback) : undefined;
        const clear = timer.kind === 'setInterval' ? 'clearInterval' : 'clearTimeout';
        const text = statement && socketText !== undefined ? closeListenerText(use.socketKey, socketText, `${clear}(${timer.handleText})`, statement) : undefined;
        context.report({
          node: timer.call,
          messageId: 'timerNotCleared',
          data,
          fix: statement && text !== undefined ? (fixer) => insertAfter(fixer, statement, text) : null,
        });
      }
    }

    function checkRegistrations(): void {
      const seen = new Set<string>();
      for (const registration of registrations) {
        if (!outlives(registration)) continue;
        // `registry[id] = value` is any indexed write: whether the value is a socket says more than the collection.
        if (registration.method === 'index' && !matchSocket(registration.socket)) continue;
        const form = collectionForm(registration);
        if (!form || form === 'weak') continue;
        if ((registration.method === 'add' && form !== 'set') || (registration.method === 'set' && form !== 'map')) continue;
        if (registration.method === 'push' && form !== 'array') continue;
        if (registration.method === 'index' && form !== 'object' && form !== 'array') continue;
        const socket = matchSocket(registration.socket);
        if (!socket) continue;
        // Known by its name alone: which event ends it is unknown (socket.io's sockets emit
        // 'disconnect', never 'close'), so a removal from the collection anywhere in the file counts.
        if (socket.via === 'name' && releasesOf(registration.collectionKey).length > 0) continue;
        const socketKey = keyOf(registration.socket);
        if (socketKey === undefined) continue;
        const dedupe = `${aliases.root(registration.collectionKey)}|${aliases.root(socketKey)}`;
        if (seen.has(dedupe)) continue;
        seen.add(dedupe);
        const judged = judgeReleases(registration.collectionKey, socketKey, enclosingFunction(registration.node), () => true);
        if (judged.released) continue;
        if (judged.onEnd.length > 0) {
          for (const { release, hook } of judged.onEnd) reportOnEnd(release, hook);
          continue;
        }
        context.report({
          node: registration.node,
          messageId: 'registryNotCleaned',
          data: { socket: displayName(registration.socket, sourceCode), collection: displayName(registration.collection, sourceCode) },
          fix: registryFix(registration, form),
        });
      }
    }

    function registryFix(registration: Registration, form: CollectionForm): TSESLint.ReportFixFunction | null {
      const { statement } = registration;
      if (!statement || !STATEMENT_LISTS.has(statement.parent!.type) || (form !== 'set' && form !== 'map')) return null;
      const socket = socketTextAt(registration.socket, statement, undefined);
      const collection = socketTextAt(registration.collection, statement, undefined);
      const socketKey = keyOf(registration.socket);
      if (socket === undefined || collection === undefined || socketKey === undefined || socket.endsWith('?') || collection.endsWith('?')) return null;
      let cleanup: string;
      if (form === 'set') {
        cleanup = `${collection}.delete(${socket})`;
      } else {
        const mapKey = registration.mapKey && stableText(registration.mapKey, statement);
        if (mapKey === undefined) return null;
        // Delete only the entry this socket still owns: a reconnect may have replaced it meanwhile.
        cleanup = `{\n${indentOf(statement)}  if (${collection}.get(${mapKey}) === ${socket}) ${collection}.delete(${mapKey});\n${indentOf(statement)}}`;
      }
      const text = closeListenerText(socketKey, socket, cleanup, statement);
      return text === undefined ? null : (fixer) => insertAfter(fixer, statement, text);
    }

    /**
     * The statement a fix adds to run `cleanup` when the socket closes: `socket.once('close', …)`,
     * or, when the socket's cleanup already goes through our `onSocketClose` (which also runs it for
     * a socket that closed before the listener was added), one more `onSocketClose(socket, …)`.
     * Undefined when that helper cannot be named at `statement`.
     */
    function closeListenerText(socketKey: string, socketText: string, cleanup: string, statement: TSESTree.Node): string | undefined {
      const helper = helperCloses.find(({ socket }) => {
        const key = emitterKey(socket, sourceCode);
        return key !== undefined && aliases.same(key, socketKey);
      });
      if (!helper) return `${socketText}.once('close', () => ${cleanup});`;
      const callee = helperCalleeAt(helper.call, statement);
      return callee === undefined || socketText.endsWith('?') ? undefined : `${callee}(${socketText}, () => ${cleanup});`;
    }

    /** The callee of a helper call as text that names the same helper at `statement` (not shadowed there). */
    function helperCalleeAt(call: TSESTree.CallExpression, statement: TSESTree.Node): string | undefined {
      const callee = skipWrappers(call.callee);
      const root = callee.type === AST_NODE_TYPES.MemberExpression ? skipWrappers(callee.object) : callee;
      if (root.type === AST_NODE_TYPES.Identifier) {
        const there = ASTUtils.findVariable(sourceCode.getScope(statement), root.name);
        if (!there || there !== variableOf(root, sourceCode)) return undefined;
      } else if (callee.type !== AST_NODE_TYPES.MemberExpression) {
        return undefined;
      }
      return sourceCode.getText(callee);
    }

    /** A map key that means the same when the 'close' listener runs later: a literal or an unchanging variable. */
    function stableText(node: TSESTree.Node, statement: TSESTree.Node): string | undefined {
      if (node.type === AST_NODE_TYPES.Literal && (typeof node.value === 'string' || typeof node.value === 'number')) return sourceCode.getText(node);
      if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
      const variable = variableOf(node, sourceCode);
      const def = variable?.defs[0];
      if (!variable || !def || variable.defs.length !== 1) return undefined;
      if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
      if (def.type !== TSESLint.Scope.DefinitionType.Parameter && def.name.range[0] >= statement.range[0]) return undefined;
      return node.name;
    }

    const reportedReleases = new Set<TSESTree.Node>();
    function reportOnEnd(release: Release, hook: EndHook): void {
      if (reportedReleases.has(release.node)) return;
      reportedReleases.add(release.node);
      const event = hook.listener?.event ?? '';
      const where = hook.endCall ? 'in the callback of `end()`' : `in ${/^[aeiou]/u.test(event) ? 'an' : 'a'} '${event}' listener`;
      context.report({
        node: release.node,
        messageId: 'cleanupOnEnd',
        data: { where, socket: displayName(hook.socket, sourceCode) },
        suggest: moveToCloseSuggestion(hook),
      });
    }

    function moveToCloseSuggestion(hook: EndHook): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      if (hook.listener) {
        const eventNode = hook.listener.call.arguments[0];
        if (eventNode?.type !== AST_NODE_TYPES.Literal || typeof eventNode.value !== 'string') return [];
        const quote = sourceCode.getText(eventNode)[0] ?? "'";
        return [{ messageId: 'moveToClose', fix: (fixer) => fixer.replaceText(eventNode, `${quote}close${quote}`) }];
      }
      const call = hook.endCall!;
      const method = readMethodCall(call);
      if (!method || hook.fn.params.length > 0 || call.arguments.at(-1) !== hook.fn) return [];
      const object = sourceCode.getText(call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee.object : method.object);
      const rest = call.arguments.slice(0, -1).map((argument) => sourceCode.getText(argument));
      return [
        {
          messageId: 'moveToClose',
          fix: (fixer) => fixer.replaceText(call, `${object}.once('close', ${sourceCode.getText(hook.fn)}).end(${rest.join(', ')})`),
        },
      ];
    }

    /** Cleanup in 'end'/'finish' listeners that is not tied to a timer or registry the rule saw. */
    function checkEndHooks(): void {
      const hooks = endHookCandidates();
      if (hooks.length === 0) return;
      const byOwner = indexedReleases().byListener;
      for (const hook of hooks) {
        const owned = byOwner.get(hook.fn);
        if (!owned || !isEndHook(hook)) continue;
        for (const release of owned) {
          if (reportedReleases.has(release.node)) continue;
          if (!qualifies(release)) continue;
          const judged = judgeReleases(release.key, hook.socketKey, undefined, (candidate) => candidate.timer === release.timer);
          if (!judged.released) reportOnEnd(release, hook);
        }
      }
    }

    /** A release worth moving: an interval or I/O timer, or a removal from a known registry. */
    function qualifies(release: Release): boolean {
      if (release.timer) {
        const timer = timersByRoot().get(aliases.root(release.key));
        if (!timer) return isGlobalCall(release.node as TSESTree.CallExpression, ['clearInterval']) !== undefined;
        const use = timerUse(timer);
        return timer.kind === 'setInterval' || (use !== undefined && (use.io || use.rearms));
      }
      // Only collections seen holding sockets, and only certain removals (not a helper that may read it).
      if (release.helper) return false;
      registryRoots ??= new Set(registrations.map((registration) => aliases.root(registration.collectionKey)));
      const root = aliases.root(release.key);
      return registryRoots.has(root) && registrations.some((registration) => aliases.root(registration.collectionKey) === root && matchSocket(registration.socket) !== undefined);
    }
    let registryRoots: Set<string> | undefined;
    let timerIndex: Map<string, Timer> | undefined;
    function timersByRoot(): Map<string, Timer> {
      if (!timerIndex) {
        timerIndex = new Map();
        for (const timer of timers) {
          const root = aliases.root(timer.handleKey);
          if (!timerIndex.has(root)) timerIndex.set(root, timer);
        }
      }
      return timerIndex;
    }

    function checkEndInErrorListener(): void {
      const listenersByFn = listenerFunctionMap();
      for (const call of errorEnds) {
        const method = readMethodCall(call)!;
        const fn = enclosingFunction(call);
        const listener = fn && listenersByFn.get(fn);
        if (!listener || listener.event !== 'error') continue;
        const key = keyOf(method.object);
        const target = emitterKey(listener.target, sourceCode);
        if (key === undefined || target === undefined || !aliases.same(key, target) || !matchSocket(method.object)) continue;
        const name = displayName(method.object, sourceCode);
        const callee = skipWrappers(call.callee) as TSESTree.MemberExpression;
        const destroyCall = `${sourceCode.getText(callee.object)}${callee.optional ? '?.' : '.'}destroy()`;
        if (call.arguments.length === 0) {
          context.report({
            node: call,
            messageId: 'endInErrorListener',
            data: { socket: name, dropped: '' },
            fix: (fixer) => (callee.computed ? fixer.replaceText(call, destroyCall) : fixer.replaceText(callee.property, 'destroy')),
          });
        } else {
          context.report({
            node: call,
            messageId: 'endInErrorListener',
            data: { socket: name, dropped: ' (its data is lost)' },
            suggest: [{ messageId: 'useDestroy', fix: (fixer) => fixer.replaceText(call, destroyCall) }],
          });
        }
      }
    }

    const enterFunction = (node: TSESTree.Node): void => {
      functionStack.push(node);
    };
    const exitFunction = (): void => {
      functionStack.pop();
    };

    return {
      ':function': enterFunction,
      ':function:exit': exitFunction,
      CallExpression: recordCall,
      VariableDeclarator(node) {
        if (node.init) recordValue(node.id, node.init);
      },
      AssignmentExpression(node) {
        if (node.operator !== '=') return;
        recordValue(node.left, node.right);
        const left = skipWrappers(node.left);
        if (left.type === AST_NODE_TYPES.MemberExpression && left.computed) {
          // `registry[id] = socket` registers; `registry[id] = null` releases.
          const key = keyOf(left.object);
          if (key === undefined) return;
          if (isNullish(node.right)) {
            releaseEntries.push({ key, node, timer: false });
          } else {
            // Whether the value is a socket is asked in checkRegistrations, after the cheap checks.
            registrations.push({
              node,
              statement: undefined,
              collection: left.object,
              collectionKey: key,
              method: 'index',
              socket: node.right,
              mapKey: undefined,
            });
          }
        } else {
          // `list = list.filter(…)`, `clients = new Set()`: the old entries are gone.
          const key = keyOf(left);
          if (key !== undefined) releaseEntries.push({ key, node, timer: false });
        }
      },
      UnaryExpression(node) {
        if (node.operator !== 'delete') return;
        const argument = skipWrappers(node.argument);
        if (argument.type !== AST_NODE_TYPES.MemberExpression) return;
        const key = keyOf(argument.object);
        if (key !== undefined) releaseEntries.push({ key, node, timer: false });
      },
      PropertyDefinition(node) {
        // `clients = new Set()` as a class field.
        if (!node.value || node.computed || node.static || node.key.type !== AST_NODE_TYPES.Identifier) return;
        const form = formOf(node.value);
        const owner = node.parent.parent;
        if (form) forms.set(`this@${owner.range[0]}.${node.key.name}`, form);
      },
      'Program:exit'() {
        checkTimers();
        checkRegistrations();
        checkEndHooks();
        checkEndInErrorListener();
      },
    };
  },
});

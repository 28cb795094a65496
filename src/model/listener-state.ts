/**
 * When a socket gets its first 'error' listener, seen from where the code obtains it (a creation,
 * or a parameter at the start of its function): right away, only in a callback that runs later,
 * only after the function paused (`await`, `yield`, `for await`), or never; and whether the code
 * destroys it on the spot instead, so that it needs none.
 *
 * Between a socket's creation and its first listener, an error can only be emitted when the
 * function lets the event loop run: a callback that runs later (a listener, a timer, `.then`) or a
 * pause. A callback that runs before the call that takes it returns (a promise executor, an IIFE,
 * `forEach`) counts as right away, and so does a pause in another branch of an `if`, `?:` or
 * `switch` than the socket's creation or its listener (never on the same path).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { calleeName } from '../listeners.js';
import { enclosingFunction, isFunction, keyName, propertyName, skipWrappers } from './ast.js';
import { visitChildren } from './classes.js';
import { moduleOrigins } from './file-facts.js';
import { plainCallsByName } from './functions.js';
import { LISTEN_METHODS } from './node-api.js';
import type { Origin, Owner, SocketFlow, Timing, Use } from './socket-flow.js';

export { ownerOf, type Origin, type Owner, type Timing } from './socket-flow.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** Callbacks these run before they return, so what they do counts as done right away. */
const SYNC_CALLBACK_METHODS = new Set(['forEach', 'map', 'filter', 'some', 'every', 'find', 'findIndex', 'flatMap', 'reduce']);
const REPLACE_METHODS = new Set(['replace', 'replaceAll']);

const pausesByOwner = new WeakMap<Owner, readonly Node[]>();

/** Every `await`, `yield` and `for await` that pauses `owner` itself (not a function inside it), read once per function. */
export function pausesOf(owner: Owner, sourceCode: SourceCode): readonly Node[] {
  let pauses = pausesByOwner.get(owner);
  if (pauses) return pauses;
  const found: Node[] = [];
  // Each of them is written with its keyword (a keyword cannot be escaped): without one in its text, the function has none.
  if (!mentions(sourceCode.text, owner.range, 'await') && !mentions(sourceCode.text, owner.range, 'yield')) {
    pausesByOwner.set(owner, found);
    return found;
  }
  const visit = (node: Node): void => {
    if (node !== owner && isFunction(node)) return;
    if (
      node.type === AST_NODE_TYPES.AwaitExpression ||
      node.type === AST_NODE_TYPES.YieldExpression ||
      (node.type === AST_NODE_TYPES.ForOfStatement && node.await)
    ) {
      found.push(node);
    }
    visitChildren(node, visit, sourceCode);
  };
  visit(owner);
  pauses = found;
  pausesByOwner.set(owner, pauses);
  return pauses;
}

/** Does `text` hold `word` within `range`? */
function mentions(text: string, [start, end]: TSESTree.Range, word: string): boolean {
  // Within the range only: a search of the whole text from `start` reads to the file's end when the word is absent.
  return text.slice(start, end).includes(word);
}

/**
 * The function around `node` that runs later than `owner` reaches it: any callback but those that
 * run right away (a promise executor, an IIFE, an array callback). Undefined when there is none.
 */
export function deferringFunction(node: Node, owner: Owner): TSESTree.FunctionLike | undefined {
  for (let current = node.parent; current && current !== owner; current = current.parent) {
    if (!isFunction(current)) continue;
    if (!runsRightAway(current)) return current;
  }
  return undefined;
}

const NEXT_TURN: ReadonlySet<string> = new Set(['setImmediate', 'nextTick', 'queueMicrotask']);

/**
 * Does the socket of `flow` get its 'error' listener, or a hand-off to a function of the file that
 * listens right away, in a callback its own function queues for the next turn
 * (`setImmediate(() => this.handle(socket))`, `process.nextTick(…)`, `queueMicrotask(…)`)? A
 * connection a server has just accepted reads nothing before that, so a reset then is still heard
 * (measured: test/live/listener-paths.live.test.ts).
 */
export function arrivesNextTurn(flow: SocketFlow): boolean {
  const owner = flow.origin.owner;
  return flow.uses.some((use) => {
    if (use.effect === 'escape' && use.when !== undefined && use.when !== 'now') return false;
    const deferred = deferringFunction(use.at, owner);
    if (!deferred || deferringFunction(deferred, owner)) return false;
    const call = deferred.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== deferred) return false;
    return NEXT_TURN.has(calleeName(call) ?? '');
  });
}

/** Does `fn` run before the expression that takes it completes: an IIFE, `new Promise(fn)`, `list.forEach(fn)`? */
export function runsRightAway(fn: TSESTree.FunctionLike): boolean {
  let holder: Node = fn;
  while (holder.parent && (holder.parent.type === AST_NODE_TYPES.TSAsExpression || holder.parent.type === AST_NODE_TYPES.TSNonNullExpression)) {
    holder = holder.parent;
  }
  const parent = holder.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === holder) return true; // IIFE
  if (isStreamStart(parent, holder)) return true;
  if (parent.type === AST_NODE_TYPES.NewExpression && parent.arguments[0] === holder) {
    return parent.callee.type === AST_NODE_TYPES.Identifier && parent.callee.name === 'Promise';
  }
  if (parent.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipWrappers(parent.callee);
    const name = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
    if (name === undefined) return false;
    // `text.replace(pattern, (match) => …)` calls back for each match before it returns.
    return parent.arguments[0] === holder ? SYNC_CALLBACK_METHODS.has(name) : parent.arguments[1] === holder && REPLACE_METHODS.has(name);
  }
  return false;
}

/** Web streams whose constructor calls `start(controller)` before it returns (measured: test/live/stream-starts.live.test.ts). */
const WEB_STREAMS = new Set(['ReadableStream', 'WritableStream', 'TransformStream']);

/** `new ReadableStream({ start(controller) { … } })`: the constructor runs `start` right away. */
function isStreamStart(property: Node, fn: Node): boolean {
  if (property.type !== AST_NODE_TYPES.Property || property.value !== fn || property.computed || keyName(property.key) !== 'start') return false;
  const options = property.parent;
  const construct = options.parent;
  if (construct?.type !== AST_NODE_TYPES.NewExpression || construct.arguments[0] !== options) return false;
  const callee = skipWrappers(construct.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
  return name !== undefined && WEB_STREAMS.has(name);
}

/** Are `a` and `b` in different branches of one `if`, `?:` or `switch` (never both on one path)? */
export function exclusive(a: Node, b: Node): boolean {
  const common = b.parent && commonAncestor(a, b.parent);
  if (!common || common === a) return false;
  let child: Node = b;
  while (child.parent !== common) child = child.parent!;
  let other: Node = a;
  while (other.parent && other.parent !== common) other = other.parent;
  switch (common.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return child !== common.test && other !== common.test && child !== other;
    case AST_NODE_TYPES.SwitchStatement:
      return child !== common.discriminant && other !== common.discriminant && child !== other;
    default:
      return false;
  }
}

/** The nearest node that is `a` or holds it and is `b` or holds it (asked for every pause and use: no set of ancestors made). */
function commonAncestor(a: Node, b: Node): Node | undefined {
  let first: Node | undefined = a;
  let second: Node | undefined = b;
  let depthA = depthOf(a);
  let depthB = depthOf(b);
  for (; depthA > depthB; depthA--) first = first!.parent;
  for (; depthB > depthA; depthB--) second = second!.parent;
  while (first !== second) {
    first = first!.parent;
    second = second!.parent;
  }
  return first;
}

function depthOf(node: Node): number {
  let depth = 0;
  for (let current = node.parent; current; current = current.parent) depth++;
  return depth;
}

/**
 * When a use of the socket happens, seen from its origin: in a callback that runs later, after the
 * function paused on the way there, or else when the use itself says (a hand-off to a function of
 * the file that listens only later), right away by default.
 */
export function timing(use: Use, origin: Origin, sourceCode: SourceCode): Timing {
  const { owner } = origin;
  // A helper of the file that the owner itself calls right away (`const connect = () => { client.on(…) }; connect();`)
  // runs then: the use happens at its first call.
  let at: Node = use.at;
  let deferred = deferringFunction(use.at, owner);
  for (let call = deferred && firstCallRightAway(deferred, origin, sourceCode); call; call = deferred && firstCallRightAway(deferred, origin, sourceCode)) {
    at = call;
    deferred = deferringFunction(call, owner);
  }
  if (deferred) return 'callback';
  return pausesOnTheWay(at, origin, sourceCode).length > 0 ? 'await' : (use.when ?? 'now');
}

/** The pauses of the origin's own function between the origin and `at`, on the way there. */
function pausesOnTheWay(at: Node, origin: Origin, sourceCode: SourceCode): Node[] {
  const { owner } = origin;
  return pausesOf(owner, sourceCode).filter(
    (pause) =>
      pause.range[0] >= origin.from &&
      pause.range[1] <= at.range[0] &&
      !deferringFunction(pause, owner) &&
      // An await in another branch (`if (a) socket = connect(); else await x;`) is not on the way.
      !exclusive(pause, origin.node) &&
      !exclusive(pause, at),
  );
}

/**
 * The first call of `fn`, when `fn` is a named function every use of which is a plain call made
 * right away in the origin's own function, after the socket exists (never deferred, exported or
 * passed on): then `fn` runs there and then.
 */
function firstCallRightAway(fn: TSESTree.FunctionLike, origin: Origin, sourceCode: SourceCode): TSESTree.CallExpression | undefined {
  if (!isFunction(fn) || fn.async || fn.generator) return undefined;
  const calls = plainCallsByName(fn, sourceCode);
  if (!calls || calls.length === 0) return undefined;
  let first: TSESTree.CallExpression | undefined;
  for (const call of calls) {
    if (call.range[0] < origin.from || call.range[0] < origin.owner.range[0] || call.range[1] > origin.owner.range[1]) return undefined;
    if (fn.range[0] <= call.range[0] && call.range[1] <= fn.range[1]) return undefined;
    if (deferringFunction(call, origin.owner)) return undefined;
    if (!first || call.range[0] < first.range[0]) first = call;
  }
  return first;
}

/** When the socket of `flow` first gets an 'error' listener or leaves the function's hands. */
export interface Arrival {
  /** 'now' when a listener or hand-off happens right away, else when the first one happens; undefined when none does. */
  first: Timing | undefined;
  /** An 'error' listener itself (not a hand-off) is attached right away. */
  listensNow: boolean;
  /** Nothing happens right away, and what happens later is only hand-offs, no listener. */
  handedOnFirst: boolean;
  /** Destroyed on the spot, so it needs no listener (only asked when nothing happens right away). */
  destroyed: boolean;
}

export function listenerArrival(flow: SocketFlow, sourceCode: SourceCode): Arrival {
  const timings = flow.uses
    .filter((use) => use.effect === 'listener' || use.effect === 'escape')
    .map((use) => {
      const when = timing(use, flow.origin, sourceCode);
      const inTime =
        (when === 'callback' && (inBindCallback(use, flow) || beforeUdpTraffic(use, flow) || beforeNetTraffic(use, flow, sourceCode))) ||
        ((when === 'callback' || when === 'await') && afterConnectSettled(use, when, flow, sourceCode));
      return { use, when: inTime ? 'now' : when };
    });
  const first = timings.some(({ when }) => when === 'now') ? 'now' : timings[0]?.when;
  const listensNow = timings.some(({ use, when }) => use.effect === 'listener' && when === 'now');
  // A hand-off to a function of the file that listens late (`use.when`) is a late listener too.
  const handedOnFirst = first !== undefined && first !== 'now' && timings.every(({ use }) => use.effect === 'escape' && (use.when === undefined || use.handedOn === true));
  return { first, listensNow, handedOnFirst, destroyed: first !== 'now' && destroyedOnTheSpot(flow, sourceCode) };
}

/**
 * A UDP socket's `bind(port, cb)` gives the socket an 'error' listener of its own until `cb` runs
 * (a failed bind or lookup is dropped and `cb` never runs; measured,
 * test/live/require-error-listener.live.test.ts): a listener added in `cb` itself comes in time,
 * and so does one added by a 'listening' listener, which runs in the same emit as `cb`.
 */
function inBindCallback(use: Use, flow: SocketFlow): boolean {
  if (flow.library?.id !== 'dgram.createSocket') return false;
  const callback = deferringFunction(use.at, flow.origin.owner);
  const call = callback?.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments.at(-1) !== callback) return false;
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !isRead(callee.object, flow)) return false;
  if (propertyName(callee) === 'bind') return true;
  const event = call.arguments[0];
  return (
    LISTEN_METHODS.has(propertyName(callee) ?? '') &&
    call.arguments.length === 2 &&
    event?.type === AST_NODE_TYPES.Literal &&
    event.value === 'listening' &&
    flow.reads.some((read) => isBindWithCallback(read.parent))
  );
}

/** What makes a UDP socket open a handle, and so able to fail. */
const UDP_TRAFFIC = new Set(['bind', 'send', 'connect']);

/**
 * A UDP socket of `dgram.createSocket()` opens nothing until it is bound, sends or connects, and
 * emits nothing until then (measured: test/live/require-error-listener.live.test.ts): a listener
 * added later is in time when every such call of the file comes after it, in the callback that
 * adds it.
 */
function beforeUdpTraffic(use: Use, flow: SocketFlow): boolean {
  if (flow.library?.id !== 'dgram.createSocket') return false;
  const callback = deferringFunction(use.at, flow.origin.owner);
  if (!callback) return false;
  return flow.reads.every((read) => {
    const member = read.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== read || !UDP_TRAFFIC.has(propertyName(member) ?? '')) return true;
    return member.range[0] > use.at.range[1] && callback.range[0] <= member.range[0] && member.range[1] <= callback.range[1];
  });
}

/**
 * pg's Client emits nothing before its `connect()`, and until that call settles every error goes
 * to its callback or rejects its promise (measured: test/live/libraries.live.test.ts). A listener
 * added, or the client handed on, in that callback (`client.connect((err) => …)`, `.then(…)`) or
 * after `await client.connect()` is in time.
 */
function afterConnectSettled(use: Use, when: 'callback' | 'await', flow: SocketFlow, sourceCode: SourceCode): boolean {
  if (!flow.library?.connectSettlesErrors) return false;
  const isConnect = (node: Node | null | undefined): boolean => isConnectOf(node, flow);
  if (when === 'await') return pausesOnTheWay(use.at, flow.origin, sourceCode).every((pause) => awaitsConnect(pause, flow));
  const callback = deferringFunction(use.at, flow.origin.owner);
  const call = callback?.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || deferringFunction(call, flow.origin.owner)) return false;
  if (isConnect(call)) return call.arguments.at(-1) === callback;
  const callee = skipWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'then' && call.arguments[0] === callback && isConnect(callee.object);
}

/** Is `pause` an `await client.connect()` of an object whose connect takes its errors (`connectSettlesErrors`)? */
export function awaitsConnect(pause: Node, flow: SocketFlow): boolean {
  return flow.library?.connectSettlesErrors === true && pause.type === AST_NODE_TYPES.AwaitExpression && isConnectOf(pause.argument, flow);
}

/**
 * An object whose `connect()` takes its errors (`connectSettlesErrors`: pg's `Client`) that the file
 * keeps to itself and never connects: it opens no connection, so it emits nothing.
 */
export function neverConnected(flow: SocketFlow): boolean {
  if (!flow.library?.connectSettlesErrors || flow.reads.length === 0 || flow.uses.some((use) => use.effect === 'escape')) return false;
  return !flow.reads.some((read) => read.parent.type === AST_NODE_TYPES.MemberExpression && read.parent.object === read && propertyName(read.parent) === 'connect');
}

/** `client.connect(…)` on a read of the flow. */
function isConnectOf(node: Node | null | undefined, flow: SocketFlow): boolean {
  const call = node && skipWrappers(node);
  if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'connect' && isRead(callee.object, flow);
}

function isRead(node: Node, flow: SocketFlow): boolean {
  const object = skipWrappers(node);
  return object.type === AST_NODE_TYPES.Identifier && flow.reads.includes(object);
}

/** `socket.bind(…, () => …)`, with `node` the member `socket.bind`. */
function isBindWithCallback(node: Node | undefined): boolean {
  const call = node?.parent;
  return (
    node?.type === AST_NODE_TYPES.MemberExpression &&
    propertyName(node) === 'bind' &&
    call?.type === AST_NODE_TYPES.CallExpression &&
    call.callee === node &&
    isFunction(call.arguments.at(-1))
  );
}

/**
 * A `new net.Socket()` made without a handle (no `fd`, no `handle`) emits nothing until it connects
 * (`end()` does nothing; a `write()` fails it with ERR_SOCKET_CLOSED, a use before the connect the
 * code needs anyway; measured, test/live/require-error-listener.live.test.ts): a listener added in
 * a later callback is in time when every `connect()` of the file runs in that callback, or in a
 * function of the file that only that callback calls (`connectPlain()` before `sock.on('error', …)`;
 * a connect fails on a later turn).
 */
function beforeNetTraffic(use: Use, flow: SocketFlow, sourceCode: SourceCode): boolean {
  if (!isIdleSocket(flow.origin.node, sourceCode)) return false;
  const callback = deferringFunction(use.at, flow.origin.owner);
  if (!callback) return false;
  const within = (node: Node): boolean => callback.range[0] <= node.range[0] && node.range[1] <= callback.range[1];
  return flow.reads.every((read) => {
    const member = read.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== read || propertyName(member) !== 'connect') return true;
    if (within(member)) return true;
    const helper = enclosingFunction(member);
    const calls = helper && helper !== flow.origin.owner ? plainCallsByName(helper, sourceCode) : undefined;
    return calls !== undefined && calls.length > 0 && calls.every(within);
  });
}

/** `new net.Socket()` or `new Socket({ allowHalfOpen })`: a socket of Node's with no handle of its own yet. */
function isIdleSocket(node: Node, sourceCode: SourceCode): boolean {
  if (node.type !== AST_NODE_TYPES.NewExpression || moduleOrigins(sourceCode).get(node)?.socket !== 'socket') return false;
  if (calleeName(node) !== 'Socket') return false;
  const [options, ...rest] = node.arguments;
  if (rest.length > 0) return false;
  if (!options) return true;
  const known = (property: TSESTree.ObjectLiteralElement): boolean => property.type === AST_NODE_TYPES.Property && !property.computed && !['fd', 'handle'].includes(keyName(property.key) ?? 'fd');
  return options.type === AST_NODE_TYPES.ObjectExpression && options.properties.every(known);
}

/**
 * A read of the socket on a path that neither listens, hands it on nor destroys it, although
 * another branch of an `if`, `?:` or `switch` does (`if (mine(req)) hub.accept(socket); else
 * setTimeout(() => socket.end(), 1000);`). Using the socket at all keeps it open there: even
 * `socket.end()` right away leaves it waiting for the peer, whose reset then crashes the process
 * (measured, test/live/require-error-listener.live.test.ts). A branch that throws, or never reads
 * the socket, is left alone, and so is anything the paths cannot be told apart for (`&&`, `||`,
 * `try`, later statements): only branches of one statement are compared, by their syntax. A
 * branch that listens or hands the socket on only in a callback that runs later keeps it unheard
 * until then (a client kept while an ident query runs, its reset meanwhile crashes the process).
 */
export function uncoveredBranch(flow: SocketFlow, sourceCode: SourceCode): TSESTree.Identifier | undefined {
  const { origin } = flow;
  const covering = flow.uses.filter((use) => use.effect !== 'destroy' && timing(use, origin, sourceCode) === 'now');
  if (covering.length === 0) return undefined;
  // A listener or hand-off in a callback that runs later (a timer, another object's event) leaves
  // the socket unheard until then: the branch keeps it all the same (`probe.on('close', () =>
  // accept(socket))`). A callback that destroys it ends it there.
  const settles = flow.uses.filter((use) => use.effect === 'destroy' || timing(use, origin, sourceCode) !== 'callback');
  // The uses first: most reads share a path with one of them (and the walk to the owner is the dearest test).
  return flow.reads.find(
    (read) =>
      read.range[0] >= origin.from &&
      !readsAddress(read) &&
      settles.every((use) => exclusive(use.at, read)) &&
      !exclusive(read, origin.node) &&
      !otherCaseOfSameSwitch(read, origin.node, sourceCode) &&
      !throwsOnTheWay(read, origin.owner),
  );
}

/**
 * `switch (this.protocol) { case 'tcp': var socket = net.connect(…); break; default: var socket =
 * dgram.createSocket(…); }`, then `switch (this.protocol) { case 'tcp': …; default: socket.send(…); }`:
 * the read is in a case of a second switch on the same value that the case the socket was made in
 * never leads to.
 */
export function otherCaseOfSameSwitch(read: Node, made: Node, sourceCode: SourceCode): boolean {
  const readCase = caseAround(read);
  const madeCase = caseAround(made);
  if (!readCase || !madeCase || readCase.parent === madeCase.parent) return false;
  const discriminant = (clause: TSESTree.SwitchCase) => sourceCode.getText(clause.parent.discriminant);
  if (discriminant(readCase) !== discriminant(madeCase)) return false;
  const labels = (clause: TSESTree.SwitchCase): string[] | undefined => {
    // The labels that run the clause's statements: its own and those of the empty cases falling into it.
    const cases = clause.parent.cases;
    const found: string[] = [];
    for (let at = cases.indexOf(clause); at >= 0; at--) {
      const { test, consequent } = cases[at]!;
      if (at < cases.indexOf(clause) && consequent.length > 0) break;
      if (!test) return undefined;
      found.push(sourceCode.getText(test));
    }
    return found;
  };
  const listed = (clause: TSESTree.SwitchCase) => clause.parent.cases.flatMap((other) => (other.test ? [sourceCode.getText(other.test)] : []));
  const madeLabels = labels(madeCase);
  const readLabels = labels(readCase);
  if (madeLabels && readLabels) return !madeLabels.some((label) => readLabels.includes(label));
  if (madeLabels) return madeLabels.every((label) => listed(readCase).includes(label)); // read under `default`
  if (readLabels) return readLabels.every((label) => listed(madeCase).includes(label)); // made under `default`
  return false;
}

/** The innermost `case` of a `switch` the node is in (also in a callback written there). */
function caseAround(node: Node): TSESTree.SwitchCase | undefined {
  for (let current: Node | undefined = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.SwitchCase) return current;
  }
  return undefined;
}

/** What a socket tells of its two ends, open or not. */
const ADDRESSES = new Set(['remoteAddress', 'remotePort', 'remoteFamily', 'localAddress', 'localPort']);

/**
 * `socket.remoteAddress` and the like, with `read` the socket: a test on the peer's address picks
 * no path where the socket is closed, and reading it holds nothing.
 */
export function readsAddress(read: TSESTree.Identifier): boolean {
  const member = read.parent;
  return member.type === AST_NODE_TYPES.MemberExpression && member.object === read && !member.computed && member.property.type === AST_NODE_TYPES.Identifier && ADDRESSES.has(member.property.name);
}

/** Is `node` in a `throw`, or in a block or `case` of `owner` that throws (not in a function inside it)? */
function throwsOnTheWay(node: Node, owner: Owner): boolean {
  for (let current: Node | undefined = node; current && current !== owner; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ThrowStatement) return true;
    if (isFunction(current)) return false;
    const statements = current.type === AST_NODE_TYPES.BlockStatement ? current.body : current.type === AST_NODE_TYPES.SwitchCase ? current.consequent : [];
    if (statements.some((statement) => statement.type === AST_NODE_TYPES.ThrowStatement)) return true;
  }
  return false;
}

/**
 * `socket.destroy()` as a statement of the function itself, with nothing done to the socket after it.
 * A library object must also be destroyed (released) before any `await`: its errors come while it waits.
 */
function destroyedOnTheSpot(flow: SocketFlow, sourceCode: SourceCode): boolean {
  const { owner } = flow.origin;
  const body = owner.type === AST_NODE_TYPES.Program ? owner : owner.body;
  return flow.uses.some((use) => {
    if (use.effect !== 'destroy') return false;
    if (flow.library && timing(use, flow.origin, sourceCode) !== 'now') return false;
    const statement = use.at.parent;
    const onTheSpot = body === use.at || (statement?.type === AST_NODE_TYPES.ExpressionStatement && statement.parent === body);
    return (
      onTheSpot &&
      // `if (handled(req, socket)) return; socket.destroy();`: the path that returned keeps the socket.
      !(statement && body?.type !== AST_NODE_TYPES.Program && returnsBefore(body, statement, sourceCode)) &&
      flow.uses.every((other) => other === use || (other.at.range[1] <= use.at.range[0] && !deferringFunction(other.at, owner)))
    );
  });
}

/** Does a statement of `body` before `statement` return from the function (not from a nested one)? */
function returnsBefore(body: TSESTree.BlockStatement | TSESTree.Expression | undefined, statement: Node, sourceCode: SourceCode): boolean {
  if (body?.type !== AST_NODE_TYPES.BlockStatement) return false;
  let found = false;
  const visit = (node: Node): void => {
    if (found || isFunction(node)) return;
    if (node.type === AST_NODE_TYPES.ReturnStatement) {
      found = true;
      return;
    }
    visitChildren(node, visit, sourceCode);
  };
  for (const earlier of body.body) {
    if (earlier === statement) break;
    visit(earlier);
  }
  return found;
}

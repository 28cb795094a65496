/**
 * A promise that waits for a socket's reply and is settled only by that reply and by the socket's
 * 'error': a peer that closes cleanly (a FIN: a server that restarts, drops an idle client, or
 * refuses a request by hanging up) emits 'end' and 'close' and no 'error' (measured on Node 20:
 * test/live/reply-promises.live.test.ts), so the promise never settles and whoever awaits it waits
 * for ever (a CLI that hangs, a request that never answers, a start-up that never finishes).
 *
 * Found where a promise's executor (`new Promise((resolve, reject) => …)`), itself or through the
 * socket's callbacks (`net.connect(port, () => …)`), gives one of Node's sockets a 'data' or
 * 'readable' listener that settles the promise and an 'error' listener that settles it too, and:
 * - no 'end' or 'close' listener of that socket settles it, or destroys the socket with an error
 *   (which would reach the 'error' listener); a 'timeout' listener, or the callback of its
 *   `setTimeout(ms, cb)`, is no way out: a closed socket's idle timer never fires (measured), so it
 *   counts only in a file that keeps sockets open after the FIN (`allowHalfOpen`);
 * - `resolve` and `reject` are only called, or given as listeners of that socket: not kept, not
 *   handed to a timer or to any other call (which may settle the promise some other way);
 * - every call of them runs in the executor itself, in a listener or callback of that socket, or in
 *   a function of the executor that only those call (`const finish = (err, reply) => …`): a timer's
 *   or another object's callback that settles it is a way out this module does not judge.
 *
 * Two more kinds, where no 'error' listener settles the promise but the file listens for the
 * socket's 'error' elsewhere (so the failure crashes nothing and the promise hears nothing of it):
 * - `data`: only the reply settles it (`this.socket.once('data', resolve)` after a write), so a
 *   clean close and a failure alike leave it pending; only on a socket the file connects, whose
 *   caller waits for the reply (a server's handshake step that waits for the client's next bytes
 *   is dropped with its connection when the client leaves: nobody waits), and only a promise the
 *   function returns to its caller (one awaited where it is made is a step of the connection's
 *   own handshake, dropped with it when the close is handled elsewhere);
 * - `connect`: only the connect settles it (`sock.connect(port, host, resolve)`, a 'connect' or
 *   'secureConnect' listener): a refused connect emits 'error' and 'close' and never calls back
 *   (measured: test/live/reply-promises.live.test.ts), so it is pending for ever; unless an 'error'
 *   or 'close' listener of the file connects the same socket again: the callback survives the
 *   refusal and runs when a retry connects (measured there too), so the wait is the retry's.
 * A promise raced against another (`Promise.race([reply, timeout])`, also through a `.then()` chain
 * or the `const` that holds it), or given to a helper named for a timeout (`timeoutPromise([reply],
 * ms)`, `pTimeout(reply, ms)`), is bounded: left alone.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { libraryObjectOf } from '../libraries.js';
import { type ListenerCall, listenerCallOf, referenceKey } from '../listeners.js';
import { calleeMember, type FunctionNode, functionName, isFunction, isPromiseExecutor, outermost, propertyName, skipWrappers, storedInto } from './ast.js';
import { fieldOnlyHolds } from './classes.js';
import { contains, variableOf } from './dead-socket.js';
import { moduleOrigins } from './file-facts.js';
import { fileListeners, fileNodes } from './file-nodes.js';
import { SOCKET_RESULT_METHODS } from './node-api.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;

export interface ReplyPromise {
  /** The 'data' or 'readable' registration that settles the promise, or the connect call or listener. */
  listener: Call;
  /** The socket it is registered on. */
  socket: TSESTree.Expression;
  /** What settles it: the reply and an 'error' listener, the reply alone, the connect alone, or a UDP socket's bind alone (see above). */
  kind: 'reply' | 'data' | 'connect' | 'bind';
  /** The caller's callback, where a function calls one back instead of settling a promise (kind 'reply' only). */
  callback?: string;
}

/** The events a reply comes by. */
const REPLY = new Set(['data', 'readable']);
/** The events that tell a socket is over without an 'error'. */
const CLOSING: ReadonlySet<string> = new Set(['end', 'close']);
/** The same and its idle timeout, which fires after the peer's FIN only on a half-open socket. */
const CLOSING_HALF_OPEN: ReadonlySet<string> = new Set([...CLOSING, 'timeout']);
/** The events that tell a connect succeeded. */
const CONNECTED = new Set(['connect', 'secureConnect']);
/** Calls that connect, whose last argument, a function, is a 'connect' listener. */
const CONNECT_CALLS = new Set(['connect', 'createConnection']);
/** Calls that return the socket they are called on: listener chains, `setEncoding()`, `connect()`. */
const RETURNS_SOCKET = new Set([...SOCKET_RESULT_METHODS, 'connect']);
const HALF_OPEN = /allowHalfOpen/u;
/** How many local functions deep a settling call is followed. */
const DEPTH = 3;

type Call = TSESTree.CallExpression | TSESTree.NewExpression;

/**
 * The calls of the file, and its `new`s of Node's connect functions: `new net.connect(…)` returns
 * the socket as the call does (measured in test/live/require-error-listener.live.test.ts).
 */
function connectCalls(sourceCode: SourceCode): readonly Call[] {
  let calls = connectCallsCache.get(sourceCode.ast);
  if (!calls) {
    // Read without calleeMember(), which every rule calls on calls only (one shape keeps it fast).
    const news = [...moduleOrigins(sourceCode).keys()].filter(
      (node): node is TSESTree.NewExpression =>
        node.type === AST_NODE_TYPES.NewExpression && node.callee.type === AST_NODE_TYPES.MemberExpression && CONNECT_CALLS.has(propertyName(node.callee) ?? ''),
    );
    calls = news.length === 0 ? fileNodes(sourceCode).calls : [...fileNodes(sourceCode).calls, ...news];
    connectCallsCache.set(sourceCode.ast, calls);
  }
  return calls;
}
const connectCallsCache = new WeakMap<TSESTree.Program, readonly Call[]>();

/** The promises of the file that only a reply or an 'error' of one of Node's sockets settles; `isSocket` says which targets are. */
export function replyOnlyPromises(sourceCode: SourceCode, isSocket: (node: TSESTree.Expression) => boolean): ReplyPromise[] {
  const found: ReplyPromise[] = [];
  const listeners = fileListeners(sourceCode);
  const candidates: { call: Call; fn: TSESTree.Node; base: TSESTree.Node; connect: boolean; bind?: true }[] = [];
  for (const listener of listeners) {
    if (!listener.listener || listener.listener.type === AST_NODE_TYPES.SpreadElement) continue;
    const connect = CONNECTED.has(listener.event);
    if (connect || REPLY.has(listener.event)) candidates.push({ call: listener.call, fn: listener.listener, base: socketBase(listener.target), connect });
  }
  for (const call of connectCalls(sourceCode)) {
    const connect = connectCallback(call);
    if (connect) candidates.push({ call, ...connect, connect: true });
    const bound = bindCallback(call, sourceCode);
    if (bound) candidates.push({ call, ...bound, connect: true, bind: true });
  }
  const closing = HALF_OPEN.test(sourceCode.text) ? CLOSING_HALF_OPEN : CLOSING;
  for (const { call, fn, base, connect, bind } of candidates) {
    const promised = executorAround(call);
    const calledBack = promised || connect ? undefined : callbackTaker(call, sourceCode);
    const executor = promised ?? calledBack?.fn;
    if (!executor || (promised && raced(promised, sourceCode))) continue;
    const settlers = calledBack ? [calledBack.callback] : settleVariables(executor, sourceCode);
    if (settlers.length === 0) continue;
    const key = keyOfBase(base, sourceCode);
    if (key === undefined || !(bind || isSocket(base as TSESTree.Expression))) continue;
    const own = listeners.filter((other) => contains(executor, other.call) && socketKey(other.target, sourceCode) === key);
    const judge = new Settling(executor, settlers, key, sourceCode, closing);
    if (!judge.settles(fn)) continue;
    const errorSettles = own.some((other) => other.event === 'error' && other.listener && judge.settles(other.listener));
    // A connect that fails always emits 'error': a promise its 'error' settles is not stranded.
    if (connect && errorSettles) continue;
    if (own.some((other) => closing.has(other.event) && other.listener && (judge.settles(other.listener) || judge.destroysWithError(other.listener)))) continue;
    if (!judge.onlyFromSocket()) continue;
    // Without an 'error' listener anywhere the failure crashes instead (require-error-listener's
    // finding); not a UDP socket's bind with a callback, whose failure is then dropped (measured).
    if (!bind && !errorSettles && !listeners.some((other) => other.event === 'error' && socketKey(other.target, sourceCode) === key)) continue;
    if (connect && reconnects(key, listeners, sourceCode)) continue;
    const kind = bind ? 'bind' : connect ? 'connect' : errorSettles ? 'reply' : 'data';
    if (kind === 'data' && (!connectsOut(key, sourceCode) || !returned(executor))) continue;
    // A callback, called back by the reply and the 'error' of a socket the function connects itself.
    if (calledBack && (kind !== 'reply' || !connectsOut(key, sourceCode) || !declaredIn(executor, base, sourceCode))) continue;
    if (found.some((other) => other.listener === call)) continue;
    const socket = base as TSESTree.Expression;
    found.push(calledBack ? { listener: call, socket, kind, callback: calledBack.callback.name } : { listener: call, socket, kind });
  }
  return found;
}

/**
 * `sock.connect(port, host, cb)`, `net.connect(port, cb)`, `tls.connect(options, cb)`: the callback
 * and the socket (the object connected, or the variable or field the call's result is stored in).
 */
function connectCallback(call: Call): { fn: TSESTree.Node; base: TSESTree.Node } | undefined {
  const fn = call.arguments.at(-1);
  if (!fn || call.arguments.length < 2 || (!isFunction(skipWrappers(fn)) && fn.type !== AST_NODE_TYPES.Identifier)) return undefined;
  const base = connected(call);
  return base && { fn, base };
}

/**
 * `sock.bind(port, cb)` on a UDP socket of `dgram.createSocket()` (a variable's or a class field's
 * only value): a failed bind goes to the socket's 'error' listener, or is dropped when it has none,
 * and never calls `cb` (measured: test/live/require-error-listener.live.test.ts), as a refused
 * connect never calls back.
 */
function bindCallback(call: Call, sourceCode: SourceCode): { fn: TSESTree.Node; base: TSESTree.Node } | undefined {
  if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const member = calleeMember(call);
  const fn = call.arguments.at(-1);
  if (member?.name !== 'bind' || !fn || call.arguments.length < 2 || (!isFunction(skipWrappers(fn)) && fn.type !== AST_NODE_TYPES.Identifier)) return undefined;
  const base = skipWrappers(member.object);
  return isUdpSocket(base, sourceCode) ? { fn, base } : undefined;
}

/** Does `node` hold only UDP sockets of `dgram.createSocket()`: a `const`, or a field of the class whose every value is one? */
function isUdpSocket(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const udp = (value: TSESTree.Node) => libraryObjectOf(value, sourceCode)?.id === 'dgram.createSocket';
  return udp(node) || fieldOnlyHolds(node, udp, sourceCode);
}

/** The socket a `connect()` / `createConnection()` call connects: the object it is called on, or where its result is stored. */
function connected(call: Call): TSESTree.Node | undefined {
  const member = calleeMember(call);
  if (!member || !CONNECT_CALLS.has(member.name)) return undefined;
  return storedInto(call) ?? (member.name === 'connect' ? socketBase(member.object) : undefined);
}

/** Does an 'error' or 'close' listener of the socket `key` connect it again (`sock.on('close', () => sock.connect(port, host))`)? */
function reconnects(key: string, listeners: readonly ListenerCall[], sourceCode: SourceCode): boolean {
  const failing = listeners.filter((listener) => (listener.event === 'error' || listener.event === 'close') && socketKey(listener.target, sourceCode) === key);
  if (failing.length === 0) return false;
  return fileNodes(sourceCode).calls.some((call) => {
    const member = calleeMember(call);
    return member?.name === 'connect' && socketKey(member.object, sourceCode) === key && failing.some((listener) => listener.listener && contains(listener.listener, call));
  });
}

/** Does the file connect the socket `key` itself (a client's socket, not a server's connection)? */
function connectsOut(key: string, sourceCode: SourceCode): boolean {
  return connectCalls(sourceCode).some((call) => {
    const base = connected(call);
    return base !== undefined && keyOfBase(base, sourceCode) === key;
  });
}

/**
 * Is the promise of `executor` handed to the caller: returned, or the body of an arrow? One awaited
 * where it is made (`const ok = await new Promise(…)` in a step of a connection's handshake) is
 * dropped with the connection when its close is handled elsewhere.
 */
function returned(executor: FunctionNode): boolean {
  const promise = outermost(executor.parent);
  const holder = promise.parent;
  return holder?.type === AST_NODE_TYPES.ReturnStatement || (holder?.type === AST_NODE_TYPES.ArrowFunctionExpression && holder.body === promise);
}

/** The methods whose promise settles when the one they are called on does. */
const CHAINING = new Set(['then', 'catch', 'finally']);

/**
 * Is the promise of `executor` one of those `Promise.race([…])` or `Promise.any([…])` waits for?
 * Also through a chain on it (`new Promise(…).then(() => true)`), and through the `const` that
 * holds it or its chain when the race names that.
 */
function raced(executor: FunctionNode, sourceCode: SourceCode): boolean {
  const promise = chainEnd(executor.parent);
  if (inRace(promise)) return true;
  const holder = promise.parent;
  if (holder?.type !== AST_NODE_TYPES.VariableDeclarator || holder.init !== promise || holder.id.type !== AST_NODE_TYPES.Identifier) return false;
  return variableOf(holder.id, sourceCode)?.references.some((reference) => !reference.init && inRace(chainEnd(reference.identifier))) ?? false;
}

/** The promise at the end of the chain on `promise` (`promise.then(…).catch(…)`), through wrappers. */
function chainEnd(promise: TSESTree.Node): TSESTree.Node {
  let end = outermost(promise);
  for (let member = end.parent; member?.type === AST_NODE_TYPES.MemberExpression && member.object === end; member = end.parent) {
    const call = member.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== member || !CHAINING.has(calleeMember(call)?.name ?? '')) break;
    end = outermost(call);
  }
  return end;
}

/** A function named as one that bounds a promise by a timer: `timeoutPromise`, `pTimeout`, `withTimeout`, `withDeadline`. */
const TIMEOUT_HELPER = /timeout|deadline/iu;

/**
 * Is `node` an element of the list `Promise.race([…])` or `Promise.any([…])` is given (also through
 * a `Promise.all([…])` in that list), or given (alone or in a list) to a helper named for a
 * timeout (`timeoutPromise([reply], ms)`, `pTimeout(reply, ms)`)?
 */
function inRace(node: TSESTree.Node, depth = 0): boolean {
  const list = node.parent;
  const call = list?.type === AST_NODE_TYPES.ArrayExpression ? list.parent : list;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.some((argument) => argument === node || argument === list)) return false;
  const member = calleeMember(call);
  if (member !== undefined && list?.type === AST_NODE_TYPES.ArrayExpression && (member.name === 'race' || member.name === 'any')) return true;
  // `Promise.race([onError, Promise.all([reply, connected])])`: the whole `all` is raced, each of its promises with it.
  if (member?.name === 'all' && list?.type === AST_NODE_TYPES.ArrayExpression && depth < 2) return inRace(chainEnd(call), depth + 1);
  const callee = skipWrappers(call.callee);
  const name = member?.name ?? (callee.type === AST_NODE_TYPES.Identifier ? callee.name : undefined);
  return name !== undefined && TIMEOUT_HELPER.test(name);
}

/**
 * The function `call` runs in: the nearest function around it, or one reached through callbacks
 * written inline as arguments (`net.connect(port, () => …)`), up to a promise executor or to a
 * function that is no such callback (a declaration, a method, one kept on a name), which may run
 * from anywhere.
 */
function runsIn(call: Call): FunctionNode | undefined {
  for (let current: TSESTree.Node | undefined = call.parent; current; current = current.parent) {
    if (!isFunction(current)) continue;
    const holder = outermost(current).parent;
    if (isPromiseExecutor(current) || current.type === AST_NODE_TYPES.FunctionDeclaration || holder?.type !== AST_NODE_TYPES.CallExpression || holder.callee === outermost(current)) return current;
  }
  return undefined;
}

/** The promise executor `call` runs in (see `runsIn`). */
function executorAround(call: Call): FunctionNode | undefined {
  const fn = runsIn(call);
  return fn && isPromiseExecutor(fn) ? fn : undefined;
}

/** The names a function's last parameter has when it is the caller's one-shot callback. */
const CALLBACK_NAME = /^(?:cb|callback|done|next)$|Callback$/u;

/**
 * The function `call` runs in (see `runsIn`), when it is no promise executor and takes the
 * caller's callback as its last parameter (`function ping(port, callback)`): the callback is what
 * settles, as `resolve`/`reject` do.
 */
function callbackTaker(call: Call, sourceCode: SourceCode): { fn: FunctionNode; callback: Variable } | undefined {
  const fn = runsIn(call);
  const last = fn && !isPromiseExecutor(fn) ? fn.params.at(-1) : undefined;
  const callback = last?.type === AST_NODE_TYPES.Identifier && CALLBACK_NAME.test(last.name) ? variableOf(last, sourceCode) : undefined;
  return callback ? { fn: fn!, callback } : undefined;
}

/** Is `base` a variable declared inside `fn` (`const socket = new net.Socket()` in it)? */
function declaredIn(fn: FunctionNode, base: TSESTree.Node, sourceCode: SourceCode): boolean {
  const declared = base.type === AST_NODE_TYPES.Identifier ? variableOf(base, sourceCode)?.defs[0]?.node : undefined;
  return declared !== undefined && declared !== fn && contains(fn, declared);
}

/** The executor's `resolve` and `reject`, when they are plain parameters. */
function settleVariables(executor: FunctionNode, sourceCode: SourceCode): Variable[] {
  return executor.params.slice(0, 2).flatMap((param) => {
    const variable = param.type === AST_NODE_TYPES.Identifier ? variableOf(param, sourceCode) : undefined;
    return variable ? [variable] : [];
  });
}

/**
 * The object a listener's target is, through chains of calls that return it (`sock.connect(…).on(…)`),
 * and through `pipe()`, which returns its destination (`input.pipe(channel).pipe(sock).on(…)`).
 */
function socketBase(target: TSESTree.Node): TSESTree.Node {
  let current = skipWrappers(target);
  while (current.type === AST_NODE_TYPES.CallExpression) {
    const member = calleeMember(current);
    const [destination] = current.arguments;
    if (member?.name === 'pipe' && destination && destination.type !== AST_NODE_TYPES.SpreadElement) current = skipWrappers(destination);
    else if (member && RETURNS_SOCKET.has(member.name)) current = skipWrappers(member.object);
    else break;
  }
  return current;
}

/** The key of the socket a listener's target names (src/listeners.ts `referenceKey`), through `socketBase`. */
function socketKey(target: TSESTree.Node, sourceCode: SourceCode): string | undefined {
  return keyOfBase(socketBase(target), sourceCode);
}

function keyOfBase(base: TSESTree.Node, sourceCode: SourceCode): string | undefined {
  return base.type === AST_NODE_TYPES.Identifier || base.type === AST_NODE_TYPES.MemberExpression ? referenceKey(base, sourceCode) : undefined;
}

/** Which functions of one executor settle its promise, and whether only the socket's events run them. */
class Settling {
  /** Where `resolve(…)` / `reject(…)` are called. */
  private readonly calls: TSESTree.Node[] = [];
  /** Where they are used some other way than called or given as one of the socket's listeners. */
  private escaped = false;

  constructor(
    private readonly executor: FunctionNode,
    settlers: readonly Variable[],
    private readonly key: string,
    private readonly sourceCode: SourceCode,
    private readonly closing: ReadonlySet<string>,
  ) {
    for (const variable of settlers) {
      for (const ref of variable.references) {
        const read = outermost(ref.identifier);
        const parent = read.parent;
        if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === read) this.calls.push(ref.identifier);
        else if (!this.socketCallback(read)) this.escaped = true;
      }
    }
  }

  /** Does `fn` (a listener: a function, or the name of one, or `resolve` itself) settle the promise? */
  settles(fn: TSESTree.Node, depth = 0): boolean {
    const target = skipWrappers(fn);
    if (target.type === AST_NODE_TYPES.Identifier) {
      const variable = variableOf(target, this.sourceCode);
      if (!variable) return false;
      if (variable.defs[0]?.node === this.executor) return true;
      const local = this.localFunction(variable);
      return local !== undefined && depth < DEPTH && this.settles(local, depth + 1);
    }
    if (!isFunction(target)) return false;
    if (this.calls.some((call) => contains(target, call))) return true;
    if (depth >= DEPTH) return false;
    return this.localCallsIn(target).some((local) => local !== target && this.settles(local, depth + 1));
  }

  /** Does the listener destroy the socket with an error (`socket.destroy(new Error('closed'))`), which its 'error' listener then hears? */
  destroysWithError(fn: TSESTree.Node): boolean {
    const target = skipWrappers(fn);
    if (!isFunction(target)) return false;
    return this.callsIn(target).some((call) => {
      const member = calleeMember(call);
      return member?.name === 'destroy' && call.arguments.length > 0 && socketKey(member.object, this.sourceCode) === this.key;
    });
  }

  /** Is every settling call made by the executor itself or by the socket's listeners and callbacks? */
  onlyFromSocket(): boolean {
    if (this.escaped) return false;
    return this.calls.every((call) => this.runsFromSocket(call, 0));
  }

  /** Does the code at `node` run in the executor, or in a function only the socket's events (or such functions) run? */
  private runsFromSocket(node: TSESTree.Node, depth: number): boolean {
    let top: FunctionNode | undefined;
    for (let current: TSESTree.Node | undefined = node.parent; current && current !== this.executor; current = current.parent) {
      if (isFunction(current)) top = current;
    }
    if (!top) return true;
    if (this.socketCallback(outermost(top))) return true;
    const name = functionName(top);
    const variable = name ? variableOf(name, this.sourceCode) : undefined;
    if (!variable || depth >= DEPTH) return false;
    return variable.references.every((ref) => {
      if (ref.init || ref.identifier === name) return true;
      const read = outermost(ref.identifier);
      const parent = read.parent;
      if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === read) return this.runsFromSocket(parent, depth + 1);
      return this.socketCallback(read);
    });
  }

  /**
   * Is `node` given to the socket as a listener for an event other than its end (`socket.once('error', reject)`),
   * or as the callback of one of its calls or of the call that made it (`net.connect(port, () => …)`)?
   */
  private socketCallback(node: TSESTree.Node): boolean {
    const call = node.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(node as TSESTree.CallExpressionArgument)) return false;
    const member = calleeMember(call);
    if (member && socketKey(member.object, this.sourceCode) === this.key) {
      const listener = listenerCallOf(call, this.sourceCode);
      // A 'close' listener that settles is a way out: never "only the reply"; so is the idle timer
      // (a 'timeout' listener, `setTimeout(ms, cb)`) of a socket kept open after the FIN.
      return listener ? !this.closing.has(listener.event) : member.name !== 'setTimeout' || !this.closing.has('timeout');
    }
    // The call that makes the socket: `const s = net.connect(port, () => …)`.
    const made = storedInto(call);
    return made !== undefined && referenceKey(made, this.sourceCode) === this.key;
  }

  /** The function a variable of the executor holds (`function finish() {}`, `const finish = () => {}`). */
  private localFunction(variable: Variable): FunctionNode | undefined {
    const def = variable.defs[0];
    if (variable.defs.length !== 1 || !def || !contains(this.executor, def.node)) return undefined;
    if (def.node.type === AST_NODE_TYPES.FunctionDeclaration) return def.node;
    const init = def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init ? skipWrappers(def.node.init) : undefined;
    return isFunction(init) ? init : undefined;
  }

  /** The executor's local functions `fn` calls by name. */
  private localCallsIn(fn: FunctionNode): FunctionNode[] {
    return this.callsIn(fn).flatMap((call) => {
      const callee = skipWrappers(call.callee);
      const variable = callee.type === AST_NODE_TYPES.Identifier ? variableOf(callee, this.sourceCode) : undefined;
      const local = variable ? this.localFunction(variable) : undefined;
      return local ? [local] : [];
    });
  }

  /** The calls written inside `fn`, nested functions included. */
  private callsIn(fn: FunctionNode): TSESTree.CallExpression[] {
    return fileNodes(this.sourceCode).calls.filter((call) => contains(fn, call));
  }
}

/**
 * What the whole file says about two sockets of a proxy: can something other than a given
 * listener have sent a response's headers already, and does a socket's 'close' or 'end' stop its
 * peer (so that the peer's connect callback does not run after the socket closed)? Found from
 * every call of the file, once per file, on the first question.
 */
import { TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { calleeName, childNodes, referenceKey } from '../listeners.js';
import { enclosingFunction, type FunctionNode, isFunction, skipWrappers, storedInto } from './ast.js';
import { contains, displayName, emitterKey, readMethodCall, variableOf } from './dead-socket.js';
import { fileListeners } from './file-nodes.js';
import { resolveFunction } from './functions.js';
import { CANCELS_CONNECT, CLOSES_ONCE_CONNECTED, endGracefullyTarget, HEADER_METHODS } from './liveness-calls.js';
import { resourceNodes } from './resource-walk.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;

interface FileCalls {
  /** Calls that close a socket once its connect is done (`end()`, `destroySoon()`, `resetAndDestroy()`, `endGracefully()`), by the socket's key. */
  endCalls: Map<string, TSESTree.Node[]>;
  /** Calls that cancel a socket's pending connect (`CANCELS_CONNECT`), by the socket's key. */
  stopCalls: Map<string, TSESTree.Node[]>;
  /** Calls that may send a response's headers (or hand it to a pipe), by the response's key. */
  headerSites: Map<string, TSESTree.Node[]>;
  pipelines: TSESTree.CallExpression[];
  /** Calls of `pipe()`. */
  pipes: TSESTree.CallExpression[];
  /** Calls of a function by its name (`cleanup(err)`), for what a listener does through a helper. */
  namedCalls: TSESTree.CallExpression[];
}

const cache = new WeakMap<TSESTree.Program, FileCalls>();

function push(map: Map<string, TSESTree.Node[]>, key: string, node: TSESTree.Node): void {
  const list = map.get(key);
  if (list) list.push(node);
  else map.set(key, [node]);
}

function fileCalls(sourceCode: SourceCode): FileCalls {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const found: FileCalls = { endCalls: new Map(), stopCalls: new Map(), headerSites: new Map(), pipelines: [], pipes: [], namedCalls: [] };
  // The calls of the model's one walk (each answer below is a yes or no: their order does not matter).
  for (const node of resourceNodes(sourceCode).callsAndCatches) {
    if (node.type === AST_NODE_TYPES.CallExpression) record(node, found, sourceCode);
  }
  cache.set(sourceCode.ast, found);
  return found;
}

function record(node: TSESTree.CallExpression, found: FileCalls, sourceCode: SourceCode): void {
  const keyOf = (target: TSESTree.Node): string | undefined => referenceKey(target, sourceCode);
  const gracefully = endGracefullyTarget(node, sourceCode);
  const gracefulKey = gracefully ? keyOf(gracefully) : undefined;
  if (gracefulKey !== undefined) {
    push(found.headerSites, gracefulKey, node);
    push(found.endCalls, gracefulKey, node);
  }
  if (calleeName(node) === 'pipeline') {
    found.pipelines.push(node);
    const last = [...node.arguments].reverse().find((argument) => !isFunction(argument));
    const key = last && last.type !== AST_NODE_TYPES.SpreadElement ? keyOf(last) : undefined;
    if (key !== undefined) push(found.headerSites, key, node);
  }
  if (skipWrappers(node.callee).type === AST_NODE_TYPES.Identifier) found.namedCalls.push(node);
  const method = readMethodCall(node);
  if (!method) return;
  if (method.name === 'pipe') found.pipes.push(node);
  if (CANCELS_CONNECT.has(method.name) || HEADER_METHODS.has(method.name)) {
    const key = keyOf(method.object);
    if (key !== undefined) {
      if (CANCELS_CONNECT.has(method.name)) push(found.stopCalls, key, node);
      if (HEADER_METHODS.has(method.name)) push(found.headerSites, key, node);
    }
  }
  if (CLOSES_ONCE_CONNECTED.has(method.name)) {
    const key = keyOf(method.object);
    if (key !== undefined) push(found.endCalls, key, node);
  }
  if (method.name === 'pipe' && node.arguments[0] && node.arguments[0].type !== AST_NODE_TYPES.SpreadElement) {
    const key = keyOf(node.arguments[0]);
    if (key !== undefined) push(found.headerSites, key, node);
  }
}

/**
 * Can the response `key` have sent its headers before `use` runs in `fn` (a listener)? Only when
 * something outside `fn` may send them, and no flag tells the use whether it did.
 */
export function headersMaySendElsewhere(key: string, fn: FunctionNode, use: TSESTree.Node, sourceCode: SourceCode, peerKey?: string): boolean {
  const outside = (fileCalls(sourceCode).headerSites.get(key) ?? []).filter(
    (site) => !contains(fn, site) && !(peerKey !== undefined && (afterPeerResponse(site, peerKey, sourceCode) || beforePeerMade(site, peerKey, sourceCode))),
  );
  return outside.length > 0 && !guardedByFlag(use, fn, outside, sourceCode);
}

/**
 * Does `site` run in an 'end' listener of the response to the request `peerKey` (the parameter of
 * the callback given to the call that made it, or of its 'response' listener)? The whole response
 * has come then, and the request emits no 'error' after it, even on a reset (measured in
 * test/live/response-ends.live.test.ts): headers sent there cannot precede its 'error' listener.
 */
function afterPeerResponse(site: TSESTree.Node, peerKey: string, sourceCode: SourceCode): boolean {
  return fileListeners(sourceCode).some((listener) => {
    if (listener.event !== 'end' || !listener.listener || !contains(listener.listener, site)) return false;
    const target = skipWrappers(listener.target);
    const variable = target.type === AST_NODE_TYPES.Identifier ? variableOf(target, sourceCode) : undefined;
    const param = variable?.defs[0]?.type === TSESLint.Scope.DefinitionType.Parameter ? variable.defs[0].node : undefined;
    if (!param || !isFunction(param) || param.params[0] !== variable?.defs[0]?.name) return false;
    return responseCallbackOf(param, peerKey, sourceCode);
  });
}

/**
 * Does `site` run on a path that returns before the request `peerKey` is made: in a block of the
 * function that makes it, ending with a `return` or `throw`, written before the request (`if (drop)
 * { res.writeHead(499); res.end(); return; }`)? Then the request never exists on that path.
 */
function beforePeerMade(site: TSESTree.Node, peerKey: string, sourceCode: SourceCode): boolean {
  const made = resourceNodes(sourceCode).nodes.find((node) => node.type === AST_NODE_TYPES.VariableDeclarator && node.init && referenceKey(node.id, sourceCode) === peerKey);
  if (!made || enclosingFunction(made) !== enclosingFunction(site)) return false;
  for (let current = site.parent; current && current !== made.parent; current = current.parent) {
    if (isFunction(current)) return false;
    if (current.type !== AST_NODE_TYPES.BlockStatement || contains(current, made)) continue;
    const last = current.body.at(-1);
    return current.range[1] <= made.range[0] && (last?.type === AST_NODE_TYPES.ReturnStatement || last?.type === AST_NODE_TYPES.ThrowStatement);
  }
  return false;
}

/** Is `fn` the callback of the call that made the request `peerKey`, or a 'response' listener of it? */
function responseCallbackOf(fn: FunctionNode, peerKey: string, sourceCode: SourceCode): boolean {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
  const listener = fileListeners(sourceCode).find((candidate) => candidate.call === call);
  if (listener) return listener.event === 'response' && emitterKey(listener.target, sourceCode) === peerKey;
  const made = storedInto(call);
  return made !== undefined && referenceKey(made, sourceCode) === peerKey;
}

/**
 * Does a 'close' or 'end' listener of `key` destroy or end `peerKey`, or a pipeline tie the two?
 * ('error' alone is not enough: a client that leaves with a clean FIN emits none.) `end()` does not
 * cancel the peer's connect callback, but the peer then closes once connected, and what that
 * callback does with the departed socket is quiet: a `pipe()` of it leaves nothing open, a
 * `write()` to it fails in its callback only, with no 'error' (both measured in
 * test/live/dead-socket-calls.live.test.ts). A listener registered in the peer's connect callback
 * `connected` does not count: a socket that closed while the peer was connecting has emitted its
 * 'close' before it is there. With `pipedToPeer` (the use is `key.pipe(peer)`), an 'error' listener
 * of `key` that destroys or ends the peer counts too: the pipe of the failed client is as quiet, and
 * the peer closes once connected (measured, same file).
 */
export function stopsPeerOnClose(key: string, peerKey: string, connected: FunctionNode | undefined, sourceCode: SourceCode, pipedToPeer = false): boolean {
  const { stopCalls, endCalls, pipelines } = fileCalls(sourceCode);
  const destroys = stopCalls.get(peerKey) ?? [];
  const stops = [...destroys, ...(endCalls.get(peerKey) ?? [])];
  for (const listener of fileListeners(sourceCode)) {
    if (!listener.listener || (connected && contains(connected, listener.call))) continue;
    const errorOnly = listener.event === 'error';
    // Piped into the peer (`client.pipe(upstream)`), a client that left cleanly ends the peer through
    // the pipe (measured in test/live/dead-socket-calls.live.test.ts), and one that failed has run
    // its 'error' listener: a destroy of the peer there cancels the connect callback.
    if ((listener.event !== 'close' && listener.event !== 'end' && !(errorOnly && pipedToPeer)) || emitterKey(listener.target, sourceCode) !== key) continue;
    const fn = resolveFunction(listener.listener, sourceCode);
    if (fn && stops.some((stop) => reaches(fn, stop, sourceCode))) return true;
  }
  return pipelines.some((call) => {
    const keys = call.arguments.map((argument) => (argument.type === AST_NODE_TYPES.SpreadElement ? undefined : referenceKey(argument, sourceCode)));
    return keys.includes(key) && keys.includes(peerKey);
  });
}

const helperCache = new WeakMap<FunctionNode, readonly FunctionNode[]>();

/** The functions of the file `fn` calls by name (`onErr(err)`), found once per function. */
function helpersOf(fn: FunctionNode, sourceCode: SourceCode): readonly FunctionNode[] {
  let helpers = helperCache.get(fn);
  if (!helpers) {
    const found: FunctionNode[] = [];
    for (const call of fileCalls(sourceCode).namedCalls) {
      if (!contains(fn, call)) continue;
      const helper = resolveFunction(call.callee, sourceCode);
      if (helper !== undefined && helper !== fn && !found.includes(helper)) found.push(helper);
    }
    helperCache.set(fn, (helpers = found));
  }
  return helpers;
}

/** Does `fn` make the call `stop`, itself or through a function of the file it calls by name (`onErr(err)`)? */
function reaches(fn: FunctionNode, stop: TSESTree.Node, sourceCode: SourceCode): boolean {
  return contains(fn, stop) || helpersOf(fn, sourceCode).some((helper) => contains(helper, stop));
}

/**
 * Does the connect callback `connected` pipe `key` into `peerKey` each time it runs (`client.pipe(
 * upstream)`, or `upstream.pipe(client).pipe(upstream)`, as a statement of its own body)? Then a
 * client that left with a FIN ends the peer through that pipe, whatever the callback wrote first.
 */
export function pipedInCallback(key: string, peerKey: string, connected: FunctionNode, sourceCode: SourceCode): boolean {
  // A peer that a later run refills (`target = net.connect(…)` in a retried `dial()`) may be made
  // after the client's 'error' listener destroyed the one before: only a `const` peer is that one.
  if (!constPeer(connected, sourceCode)) return false;
  return fileCalls(sourceCode).pipes.some((call) => {
    if (!contains(connected, call) || !runsEachTime(call, connected)) return false;
    const [destination] = call.arguments;
    let source = skipWrappers(call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee.object : call.callee);
    if (source.type === AST_NODE_TYPES.CallExpression && readMethodCall(source)?.name === 'pipe' && source.arguments[0]) source = source.arguments[0];
    return destination !== undefined && referenceKey(source, sourceCode) === key && referenceKey(destination, sourceCode) === peerKey;
  });
}

/** Is the socket that `connected` is the connect callback or 'connect' listener of a `const`? */
function constPeer(connected: FunctionNode, sourceCode: SourceCode): boolean {
  const call = connected.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
  // `const upstream = net.connect(…, connected)`, or `upstream.once('connect', connected)` /
  // `upstream.connect(…, connected)` on a socket declared so.
  const stored = storedInto(call);
  const method = stored ? undefined : readMethodCall(call);
  const target = method ? skipWrappers(method.object) : undefined;
  const variable = target?.type === AST_NODE_TYPES.Identifier ? variableOf(target, sourceCode) : undefined;
  const declarator = stored ? stored.parent : variable?.defs[0]?.node;
  return declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.parent.kind === 'const';
}

/** Is `call` a statement of `fn`'s own body (or its expression body), or a link of such a chain? */
function runsEachTime(call: TSESTree.Node, fn: FunctionNode): boolean {
  for (let current: TSESTree.Node | undefined = call.parent; current && current !== fn; current = current.parent) {
    if (current === fn.body) return true;
    const link = current.type === AST_NODE_TYPES.MemberExpression || current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.ChainExpression || current.type === AST_NODE_TYPES.ExpressionStatement;
    if (!link) return false;
  }
  return fn.body === call;
}

/** Calls that end a socket still connecting and leave its connect callback to run (see below). */
const ENDS_WHILE_CONNECTING: ReadonlySet<string> = new Set(['end', 'destroySoon']);
const PEER_CLOSE_EVENTS: ReadonlySet<string> = new Set(['close', 'end', 'error']);

export interface PeerEnd {
  /** The listener's registration (`client.on('close', …)`). */
  registration: TSESTree.CallExpression;
  event: string;
  peerName: string;
}

/**
 * Does a 'close', 'end' or 'error' listener of another emitter, registered beside the connect (in
 * the function that holds the connect callback `connected` of `key`), end `key` with `end()` or
 * `destroySoon()` and never destroy it? A socket ended while it connects still runs its connect
 * callback, and a `write()` (or an `end(data)`) there emits 'error' with ERR_STREAM_WRITE_AFTER_END
 * (measured in test/live/dead-socket-calls.live.test.ts; `destroy()` cancels the callback, and
 * `resetAndDestroy()` waits for the connect and ends nothing). Not when the callback tests, before
 * `use`, the peer, the socket itself or something that listener sets (`if (closed) return`).
 */
export function peerEndsWhileConnecting(key: string, connected: FunctionNode, use: TSESTree.Node, sourceCode: SourceCode): PeerEnd | undefined {
  const { stopCalls, endCalls } = fileCalls(sourceCode);
  const ends = (endCalls.get(key) ?? []).filter((call) => call.type === AST_NODE_TYPES.CallExpression && ENDS_WHILE_CONNECTING.has(readMethodCall(call)?.name ?? ''));
  if (ends.length === 0) return undefined;
  const destroys = stopCalls.get(key) ?? [];
  const home = enclosingFunction(connected);
  let found: PeerEnd | undefined;
  for (const listener of fileListeners(sourceCode)) {
    if (!listener.listener || !PEER_CLOSE_EVENTS.has(listener.event) || contains(connected, listener.call) || enclosingFunction(listener.call) !== home) continue;
    const peerKey = emitterKey(listener.target, sourceCode);
    if (peerKey === undefined || peerKey === key) continue;
    const fn = resolveFunction(listener.listener, sourceCode);
    if (!fn || !ends.some((end) => reaches(fn, end, sourceCode)) || destroys.some((stop) => reaches(fn, stop, sourceCode))) continue;
    // The peer's 'close', which follows its 'end' or 'error' at once, destroys it first.
    if (destroysOnClose(peerKey, destroys, connected, sourceCode)) continue;
    if (testedBefore(use, connected, new Set([key, peerKey, ...writtenKeys(fn, sourceCode)]), sourceCode)) continue;
    // A 'close' listener is named first: every way the peer goes ends there.
    if (!found || (listener.event === 'close' && found.event !== 'close')) found = { registration: listener.call, event: listener.event, peerName: displayName(listener.target, sourceCode) };
  }
  return found;
}

function destroysOnClose(peerKey: string, destroys: readonly TSESTree.Node[], connected: FunctionNode, sourceCode: SourceCode): boolean {
  return fileListeners(sourceCode).some((listener) => {
    if (listener.event !== 'close' || !listener.listener || contains(connected, listener.call) || emitterKey(listener.target, sourceCode) !== peerKey) return false;
    const fn = resolveFunction(listener.listener, sourceCode);
    return fn !== undefined && destroys.some((stop) => reaches(fn, stop, sourceCode));
  });
}

/** The keys `fn` assigns (`closed = true`, `this.gone = true`): flags a test can read. */
function writtenKeys(fn: FunctionNode, sourceCode: SourceCode): string[] {
  const keys: string[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.AssignmentExpression) {
      const key = referenceKey(node.left, sourceCode);
      if (key !== undefined) keys.push(key);
    }
    for (const child of childNodes(node, sourceCode)) visit(child);
  };
  visit(fn.body);
  return keys;
}

/** Does a test in `fn` that starts before `use` (an `if`, a `?:`, a `&&`/`||`) read one of `keys`? */
function testedBefore(use: TSESTree.Node, fn: FunctionNode, keys: ReadonlySet<string>, sourceCode: SourceCode): boolean {
  const reads = (node: TSESTree.Node): boolean =>
    ((node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.MemberExpression) && keys.has(referenceKey(node, sourceCode) ?? '')) ||
    childNodes(node, sourceCode).some(reads);
  const visit = (node: TSESTree.Node): boolean => {
    if (node.range[0] >= use.range[0]) return false;
    const test =
      node.type === AST_NODE_TYPES.IfStatement || node.type === AST_NODE_TYPES.ConditionalExpression
        ? node.test
        : node.type === AST_NODE_TYPES.LogicalExpression
          ? node.left
          : undefined;
    if (test && reads(test)) return true;
    return childNodes(node, sourceCode).some(visit);
  };
  return visit(fn.body);
}

/**
 * `if (gotResponse) socket.destroy(); else res.writeHead(502);` where every function that may
 * send the headers also sets `gotResponse`: the flag says whether they were sent, as
 * `res.headersSent` would.
 */
function guardedByFlag(use: TSESTree.Node, fn: TSESTree.Node, sites: readonly TSESTree.Node[], sourceCode: SourceCode): boolean {
  const flags: Variable[] = [];
  for (let child: TSESTree.Node = use, current = use.parent; current && current !== fn; child = current, current = current.parent) {
    if ((current.type !== AST_NODE_TYPES.IfStatement && current.type !== AST_NODE_TYPES.ConditionalExpression) || child === current.test) continue;
    for (const operand of testOperands(current.test)) {
      const variable = operand.type === AST_NODE_TYPES.Identifier ? variableOf(operand, sourceCode) : undefined;
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

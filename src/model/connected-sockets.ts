/**
 * Which sockets a listener or a call acts on in their connected life: a socket's own 'connect'
 * listener (the socket lives on after it), a field whose class listens for its errors where it
 * opens it (the connection outlives each request), and a client request (`http.request()`), whose
 * `end()` only finishes sending it and whose 'connect' hands its socket to another object.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { calleeName, findVariable, listenerCallOf, referenceKey } from '../listeners.js';
import { enclosingFunction, functionName, isFunction, isNullish, skipWrappers } from './ast.js';
import { visitOutsideFunctions } from './classes.js';
import { callsOf, fileNodes } from './file-nodes.js';
import { ONCE_METHODS } from './node-api.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** The keys that name one socket. */
interface Keys {
  has(key: string | undefined): boolean;
}

const CLIENT_REQUESTS = new Set(['request', 'get']);
/** Events after which a socket is up and stays so until it fails or closes. */
const CONNECTED_EVENTS = new Set(['connect', 'secureConnect', 'ready']);

/**
 * Is `fn` a listener of the socket's own 'connect' (`secureConnect`, `ready`), given inline or by
 * name: `socket.once('error', reject); socket.on('connect', () => { socket.removeListener('error',
 * reject); … })`? Not of a client request (`http.request()`), whose 'connect' ends it: the tunnel's
 * socket is another object.
 */
export function listensOnConnect(fn: Node, keys: Keys, variable: TSESLint.Scope.Variable | null, sourceCode: SourceCode): boolean {
  const connects = registeringCalls(fn, sourceCode).some((call) => {
    const listener = listenerCallOf(call, sourceCode);
    return listener !== undefined && CONNECTED_EVENTS.has(listener.event) && keys.has(referenceKey(listener.target, sourceCode));
  });
  return (connects || isConnectCallback(fn, keys, sourceCode)) && !(variable && requestWritten(variable));
}

/**
 * `listensOnConnect`, or `fn` is a helper of the file that such a listener calls (`const clear =
 * () => socket.removeListener('error', onError); socket.on('connect', () => { clear(); resolve(); })`):
 * it then runs on connect too, whatever else calls it.
 */
export function runsOnConnect(fn: Node, keys: Keys, variable: TSESLint.Scope.Variable | null, sourceCode: SourceCode): boolean {
  if (listensOnConnect(fn, keys, variable, sourceCode)) return true;
  return isFunction(fn) && callsOf(fn, sourceCode).some((call) => {
    const caller = enclosingFunction(call);
    return caller !== undefined && caller !== fn && listensOnConnect(caller, keys, variable, sourceCode);
  });
}

const CONNECT_CALLS = new Set(['connect', 'createConnection']);

/**
 * The last argument of the call that connects the socket, which Node adds as a listener of its
 * 'connect' ('secureConnect' for TLS): `this.sock = net.createConnection(opts, fn)`, `const sock =
 * tls.connect(port, fn)`, `sock.connect(port, host, fn)`.
 */
function isConnectCallback(fn: Node, keys: Keys, sourceCode: SourceCode): boolean {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments.at(-1) !== fn || !CONNECT_CALLS.has(calleeName(call) ?? '')) return false;
  const callee = skipWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression && keys.has(referenceKey(callee.object, sourceCode))) return true;
  const holder = call.parent;
  if (holder.type === AST_NODE_TYPES.AssignmentExpression && holder.right === call) return keys.has(referenceKey(holder.left, sourceCode));
  return holder.type === AST_NODE_TYPES.VariableDeclarator && holder.init === call && keys.has(referenceKey(holder.id, sourceCode));
}

/** The calls `fn` is given to: written inline, or by the name of the constant or declaration that holds it. */
function registeringCalls(fn: Node, sourceCode: SourceCode): TSESTree.CallExpression[] {
  if (fn.parent?.type === AST_NODE_TYPES.CallExpression) return [fn.parent];
  const name = functionName(fn);
  const variable = name ? findVariable(sourceCode.getScope(name), name.name) : null;
  return (variable?.references ?? []).flatMap(({ identifier }) =>
    identifier.parent.type === AST_NODE_TYPES.CallExpression && identifier.parent.arguments.includes(identifier as TSESTree.Expression) ? [identifier.parent] : [],
  );
}

/** Is the variable given a client request (`http.request()`, `https.get()`)? Its `end()` only finishes sending it. */
function requestWritten(variable: TSESLint.Scope.Variable): boolean {
  return variable.references.some((ref) => {
    const value = ref.writeExpr && skipWrappers(ref.writeExpr);
    return value?.type === AST_NODE_TYPES.CallExpression && CLIENT_REQUESTS.has(calleeName(value) ?? '');
  });
}

/** Is `object` a variable given a client request? */
export function madeByRequest(object: TSESTree.Expression, sourceCode: SourceCode): boolean {
  const target = skipWrappers(object);
  const variable = target.type === AST_NODE_TYPES.Identifier ? findVariable(sourceCode.getScope(target), target.name) : null;
  return variable !== null && requestWritten(variable);
}


/**
 * Does another function than `fn` both fill the field and give its socket a lasting 'error'
 * listener (`connect() { this.sock = net.connect(…); this.sock.on('error', () => this.retry()); }`)?
 * Then the class keeps one connection for many requests, and a `removeAllListeners('error')` that
 * a request's code runs takes the class's own listener away while the connection lives on.
 */
export function listensWhereOpened(fn: Node, keys: Keys, sourceCode: SourceCode): boolean {
  return fileNodes(sourceCode).calls.some((call) => {
    const listener = listenerCallOf(call, sourceCode);
    // A lasting registration (`on`, not `once`): it stays until taken off.
    if (listener?.event !== 'error' || ONCE_METHODS.has(listener.method) || !keys.has(referenceKey(listener.target, sourceCode))) return false;
    const opener = enclosingFunction(call);
    if (!opener || opener === fn || (fn.range[0] <= call.range[0] && call.range[1] <= fn.range[1])) return false;
    let fills = false;
    visitOutsideFunctions(opener.body, (node) => {
      fills ||= node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=' && !isNullish(node.right) && keys.has(referenceKey(node.left, sourceCode));
    }, sourceCode);
    return fills;
  });
}

/** Is `fn` written inline as a listener of another event of the socket than its last ones ('data', 'timeout'...)? */
export function listensWhileOpen(fn: Node, keys: Keys, sourceCode: SourceCode): boolean {
  const listener = fn.parent?.type === AST_NODE_TYPES.CallExpression ? listenerCallOf(fn.parent, sourceCode) : undefined;
  return listener?.listener === fn && !['error', 'close', 'end'].includes(listener.event) && keys.has(referenceKey(listener.target, sourceCode));
}

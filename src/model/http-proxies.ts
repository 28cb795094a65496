/**
 * The package `http-proxy` (1.x) and the sockets handed to its `proxy.ws(req, socket, head)`: it
 * gives the client socket an 'error' listener only once the target has answered the upgrade, and
 * none when the target answers with a plain response. A client that resets while the target is
 * still connecting or answering is an unhandled 'error' (measured:
 * test/live/require-error-listener.live.test.ts), so `ws()` is no hand-off: the socket needs a
 * listener of the application's before it. (Its fork `http-proxy-3` listens first thing, and is not
 * this package.)
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';

import { findVariable, listenerCallOf } from '../listeners.js';
import { propertyName, runtimeParams, skipWrappers } from './ast.js';
import { fileNodes } from './file-nodes.js';
import { resolveFunction } from './functions.js';
import { type TraceMap, traceModuleCalls } from './file-facts.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const { CALL, CONSTRUCT, ESM } = ASTUtils.ReferenceTracker;

/** http-proxy's factories of a proxy server, in every import style. */
const FACTORIES = { createProxyServer: { [CALL]: true }, createProxy: { [CALL]: true }, createServer: { [CALL]: true }, Server: { [CONSTRUCT]: true } };
const TRACE_MAP = { 'http-proxy': { [ESM]: true, ...FACTORIES, default: FACTORIES } } as unknown as TraceMap;

const answerByProgram = new WeakMap<TSESTree.Program, boolean>();

/**
 * Is `call` `proxy.ws(req, socket, …)` with `value` as its socket, in a file that makes http-proxy
 * servers? The proxy is often picked from a table of them (`const [proxy] = proxies[context]`):
 * in such a file, `ws(req, socket, …)` is that package's.
 */
export function proxiedWithoutListener(call: TSESTree.CallExpression, value: TSESTree.Node, sourceCode: SourceCode): boolean {
  const callee = skipWrappers(call.callee);
  if (call.arguments[1] !== value || callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(callee) !== 'ws') return false;
  let answer = answerByProgram.get(sourceCode.ast);
  if (answer === undefined) {
    answer = makesProxies(sourceCode) && !listensOnProxyRequest(sourceCode);
    answerByProgram.set(sourceCode.ast, answer);
  }
  return answer;
}

/** Does the file make an http-proxy server (`httpProxy.createProxyServer()`, `new httpProxy.Server()`)? */
function makesProxies(sourceCode: SourceCode): boolean {
  let made = false;
  if (sourceCode.text.includes('http-proxy')) {
    traceModuleCalls<boolean>(sourceCode, TRACE_MAP, () => {
      made = true;
    });
  }
  return made;
}

/**
 * Does the file give the socket of every proxied upgrade an 'error' listener in a 'proxyReqWs'
 * listener (`proxy.on('proxyReqWs', (proxyReq, req, socket) => socket.on('error', …))`)? http-proxy
 * emits it from within `ws()`, before any I/O: the listener is there in time.
 */
function listensOnProxyRequest(sourceCode: SourceCode): boolean {
  return fileNodes(sourceCode).calls.some((call) => {
    const registered = listenerCallOf(call, sourceCode);
    const listener = registered?.event === 'proxyReqWs' && registered.listener ? resolveFunction(registered.listener, sourceCode) : undefined;
    const socket = listener && runtimeParams(listener)[2];
    if (socket?.type !== AST_NODE_TYPES.Identifier) return false;
    return (findVariable(sourceCode.getScope(socket), socket)?.references ?? []).some(({ identifier }) => {
      const member = identifier.parent;
      if (member.type !== AST_NODE_TYPES.MemberExpression || member.object !== identifier || member.parent.type !== AST_NODE_TYPES.CallExpression) return false;
      return listenerCallOf(member.parent, sourceCode)?.event === 'error';
    });
  });
}

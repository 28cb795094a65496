/**
 * What a call does to a socket's liveness: `socket.destroy()` kills it, `socket.end()` and
 * `endGracefully(socket, …)` end its writable side, `socket.connect()` brings it back, and which
 * calls cancel a pending connect callback or may send an HTTP response's headers.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { isHelperCall, mayUseHelpers } from '../helper-imports.js';
import { referenceKey } from '../listeners.js';
import { enclosingFunction } from './ast.js';
import { readMethodCall } from './dead-socket.js';
import { isTrackable } from './liveness-keys.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * Calls that stop a socket's pending connect callback: listed to see whether a listener stops the
 * other side. Measured on Node 20 (127.0.0.1): `destroy()` on a socket still connecting cancels its
 * connect callback; `end()`, `destroySoon()`, `resetAndDestroy()` and so `endGracefully()` do not
 * (the callback runs once the connection is up).
 */
export const CANCELS_CONNECT: ReadonlySet<string> = new Set(['destroy']);

/**
 * Calls that leave a socket's pending connect callback to run but close the socket once it is up
 * (measured on Node 20, test/live/dead-socket-calls.live.test.ts): nothing of it stays open.
 */
export const CLOSES_ONCE_CONNECTED: ReadonlySet<string> = new Set(['end', 'destroySoon', 'resetAndDestroy']);

/** Calls that may send an HTTP response's headers. */
export const HEADER_METHODS: ReadonlySet<string> = new Set(['writeHead', 'write', 'end', 'flushHeaders']);

/**
 * I/O that fails on a socket whose writable side was ended (`ERR_STREAM_WRITE_AFTER_END`, and
 * `ERR_HTTP_HEADERS_SENT` for headers, since `end()` sends them). Reading, `cork()` and the socket
 * options still work after our `end()`: a half-closed connection can still receive.
 */
export const ENDED_IO: ReadonlySet<string> = new Set(['write', 'end', 'writeHead', 'setHeader']);

/** Whether a call is `endGracefully(…)` of our module, asked once per call. */
const gracefulCalls = new WeakMap<TSESTree.CallExpression, boolean>();

/**
 * `endGracefully(socket, { timeoutMs })` imported from our module: it calls `socket.end()`
 * synchronously (awaited or not), so the model treats it as `socket.end()`. The socket, or nothing.
 */
export function endGracefullyTarget(node: TSESTree.CallExpression, sourceCode: SourceCode): TSESTree.Expression | undefined {
  const [first] = node.arguments;
  if (!mayUseHelpers(sourceCode) || !first || first.type === AST_NODE_TYPES.SpreadElement) return undefined;
  let known = gracefulCalls.get(node);
  if (known === undefined) {
    known = isHelperCall(node, 'endGracefully', sourceCode.getScope(node), sourceCode);
    gracefulCalls.set(node, known);
  }
  return known ? first : undefined;
}

export type LifecycleEffect =
  /** Only the writable side is gone, on this path, unless something worse is already known. */
  | { type: 'ended'; key: string; detail: string }
  | { type: 'destroyed'; key: string; detail: string }
  /** `socket.connect()`: alive again. */
  | { type: 'connected'; key: string }
  /** `this.reconnect()` may replace any `this.x`. */
  | { type: 'this-call' };

/**
 * What the call does to a socket the model follows (see `isTrackable`): a death (`destroy()`,
 * `resetAndDestroy()`, `end()`, `endGracefully()`), a revival (`connect()`), or, for a method of
 * `this`, that every `this.x` may have been replaced.
 */
export function lifecycleEffect(node: TSESTree.CallExpression, sourceCode: SourceCode): LifecycleEffect | undefined {
  const gracefully = endGracefullyTarget(node, sourceCode);
  if (gracefully) return ended(gracefully, node, 'endGracefully', sourceCode);
  const method = readMethodCall(node);
  if (!method) return undefined;
  if (method.object.type === AST_NODE_TYPES.ThisExpression) return { type: 'this-call' };
  if (method.name === 'end') return ended(method.object, node, 'end', sourceCode);
  if (method.name !== 'destroy' && method.name !== 'resetAndDestroy' && method.name !== 'connect') return undefined;
  const key = referenceKey(method.object, sourceCode);
  if (key === undefined) return undefined;
  if (method.name === 'connect') return { type: 'connected', key };
  if (!isTrackable(method.object, enclosingFunction(node), sourceCode)) return undefined;
  return { type: 'destroyed', key, detail: method.name };
}

function ended(target: TSESTree.Node, node: TSESTree.CallExpression, detail: string, sourceCode: SourceCode): LifecycleEffect | undefined {
  const key = referenceKey(target, sourceCode);
  if (key === undefined || !isTrackable(target, enclosingFunction(node), sourceCode)) return undefined;
  return { type: 'ended', key, detail };
}

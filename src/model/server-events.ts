/**
 * The listeners a file registers for the events that hand it a server's sockets, and two facts
 * about them that say a socket needs nothing more from the listener that receives it:
 *
 * - a 'connection' / 'secureConnection' listener of the same server that gives every socket an
 *   'error' listener right away covers the sockets the server later hands to its 'upgrade' and
 *   'connect' listeners (the listener stays until removed);
 * - an 'upgrade' listener on a CONNECT request never runs: Node emits 'connect' for it, never
 *   'upgrade', even on a 101 answer (measured: test/live/require-error-listener.live.test.ts).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { listenerCallOf, referenceKey } from '../listeners.js';
import { paramIdentifier } from './ast.js';
import { fileNodes } from './file-nodes.js';
import type { SocketDetector } from './sockets.js';
import { listensRightAway } from './summaries.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Node's 'upgrade'/'connect' sockets have lost the HTTP server's own 'error' listener. */
export const HANDED_OVER_EVENTS: ReadonlySet<string> = new Set(['upgrade', 'connect']);
/** Every socket of a server passes through these first (the TLS socket for 'secureConnection'). */
export const CONNECTION_EVENTS: ReadonlySet<string> = new Set(['connection', 'secureConnection']);

/** A listener that receives sockets, or the callback of `createServer()` / `new Server()`. */
export interface Registration {
  fn: TSESTree.FunctionLike;
  /** 'connection', 'upgrade', 'connect', or 'createServer' for the callback of `createServer()`/`new Server()`. */
  event: string;
  /** The server or request the listener is registered on (undefined for `createServer` callbacks). */
  receiver: TSESTree.Expression | undefined;
  /** The call that registers it. */
  call: TSESTree.CallExpression | TSESTree.NewExpression;
}

/**
 * Does a 'connection' / 'secureConnection' listener of the same server attach an 'error'
 * listener to every socket right away? Then the sockets it later hands to 'connect' and
 * 'upgrade' listeners already have one.
 */
export function coveredByConnectionListener(receiver: TSESTree.Expression | undefined, registrations: readonly Registration[], sourceCode: SourceCode): boolean {
  const key = receiver && referenceKey(receiver, sourceCode);
  if (key === undefined) return false;
  return registrations.some((other) => {
    if (!CONNECTION_EVENTS.has(other.event) || !other.receiver || referenceKey(other.receiver, sourceCode) !== key) return false;
    const param = other.fn.params[0];
    const identifier = param && paramIdentifier(param);
    return identifier !== undefined && listensRightAway(other.fn, identifier, sourceCode);
  });
}

/**
 * Is `receiver` a client request (so the detector says, or the file listens for its 'response')
 * the file also listens to for 'connect'? That makes it a CONNECT request: an 'upgrade' listener
 * there never runs.
 */
export function connectRequest(
  receiver: TSESTree.Expression | undefined,
  registrations: readonly Registration[],
  sockets: SocketDetector,
  sourceCode: SourceCode,
): boolean {
  const key = receiver && referenceKey(receiver, sourceCode);
  const sameKey = (node: TSESTree.Node | undefined): boolean => node !== undefined && referenceKey(node, sourceCode) === key;
  if (key === undefined || !registrations.some((other) => other.event === 'connect' && sameKey(other.receiver))) return false;
  if (sockets.match(receiver!)?.kind === 'client-request') return true;
  return fileNodes(sourceCode).calls.some((call) => {
    const listener = listenerCallOf(call, sourceCode);
    return listener?.event === 'response' && sameKey(listener.target);
  });
}

/**
 * A socket that listens for 'error' only with `once()` while the same file emits 'error' on it
 * itself (`socket.emit('error', new Error('timed out'))`, from its own 'timeout' handler, say).
 *
 * A net or TLS socket emits one 'error' per failure and is destroyed with it, so `once('error')` is
 * enough for Node's own errors. An 'error' the code emits itself is not Node's: the socket stays
 * open, the `once` listener is gone, and the next error (the code's own again, or a reset) is
 * emitted with nobody listening and ends the process (measured:
 * test/live/stripped-listeners.live.test.ts). An emit that runs only while the object has an
 * 'error' listener (`if (this.listenerCount('error') > 0)`) never meets nobody.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { ASTUtils, AST_NODE_TYPES, TSESLint } from '@typescript-eslint/utils';

import { findVariable, referenceKey } from '../listeners.js';
import { calleeMember, enclosingFunction, skipWrappers } from './ast.js';
import { fileErrorListeners, fileNodes } from './file-nodes.js';
import { keyAliases } from './key-aliases.js';
import { listenerCountGuard } from './listener-guards.js';
import { ONCE_METHODS } from './node-api.js';
import { usedAsSocket } from './socket-evidence.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface OnceButEmitted {
  /** The `once('error', …)` call. */
  once: TSESTree.CallExpression;
  /** The socket it listens on. */
  socket: TSESTree.Expression;
  /** The file's own `emit('error', …)` on that socket. */
  emit: TSESTree.CallExpression;
}

/**
 * The `socket.once('error', f)` calls of the file on a socket the file also emits 'error' on, when
 * the file gives that socket no lasting 'error' listener (`on`, `addListener`, `prependListener`).
 * A parameter counts only when its function strips its 'error' listeners first: otherwise the
 * caller's own listener may well be there.
 */
export function onceButEmitted(sourceCode: SourceCode, isSocket: (node: TSESTree.Expression) => boolean): OnceButEmitted[] {
  const calls = fileNodes(sourceCode).calls;
  const emits: { key: string; call: TSESTree.CallExpression }[] = [];
  for (const call of calls) {
    const member = calleeMember(call);
    if (member?.name !== 'emit') continue;
    const [event] = call.arguments;
    if (!event || event.type === AST_NODE_TYPES.SpreadElement) continue;
    const named = event.type === AST_NODE_TYPES.Literal && typeof event.value === 'string';
    if ((named ? event.value : ASTUtils.getStringIfConstant(event, sourceCode.getScope(event))) !== 'error') continue;
    const key = referenceKey(member.object, sourceCode);
    // `if (this.listenerCount('error') > 0) this.emit('error', err)`: never emitted with nobody listening.
    if (key !== undefined && listenerCountGuard(call, sourceCode, sourceCode.getText(member.object)) !== 'some') emits.push({ key, call });
  }
  // Most files emit no 'error' themselves: then their listeners need no look.
  if (emits.length === 0) return [];
  const listeners = fileErrorListeners(sourceCode);
  if (!listeners.some(({ method }) => ONCE_METHODS.has(method))) return [];
  const onces: { key: string; call: TSESTree.CallExpression; socket: TSESTree.Expression }[] = [];
  const lasting = new Set<string>();
  for (const listener of listeners) {
    const key = referenceKey(listener.target, sourceCode);
    if (key === undefined) continue;
    if (ONCE_METHODS.has(listener.method)) onces.push({ key, call: listener.call, socket: listener.target });
    else lasting.add(key);
  }
  if (onces.length === 0) return [];
  const aliases = keyAliases(sourceCode);
  const found: OnceButEmitted[] = [];
  for (const once of onces) {
    if ([...lasting].some((key) => aliases.same(key, once.key))) continue;
    const emit = emits.find((candidate) => aliases.same(candidate.key, once.key));
    if (!emit) continue;
    if (!isSocket(once.socket) && !usedAsSocket(sourceCode, (key) => aliases.same(key, once.key), isSocket)) continue;
    // A socket the function receives may well have its caller's lasting listener, unless the
    // function strips the socket's 'error' listeners itself before it listens once.
    if (isParameter(once.socket, sourceCode) && !strippedBefore(once, calls, sourceCode)) continue;
    found.push({ once: once.call, socket: once.socket, emit: emit.call });
  }
  return found;
}

function isParameter(node: TSESTree.Expression, sourceCode: SourceCode): boolean {
  const target = skipWrappers(node);
  if (target.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = findVariable(sourceCode.getScope(target), target.name);
  return variable?.defs[0]?.type === TSESLint.Scope.DefinitionType.Parameter;
}

/**
 * Does the function of `once` call `removeAllListeners()` on the same socket before it, with no
 * event, `'error'`, or an event it cannot read (`for (const event of [...]) s.removeAllListeners(event)`)?
 */
function strippedBefore(once: { key: string; call: TSESTree.CallExpression }, calls: readonly TSESTree.CallExpression[], sourceCode: SourceCode): boolean {
  const fn = enclosingFunction(once.call);
  return calls.some((call) => {
    if (call.range[0] >= once.call.range[0] || enclosingFunction(call) !== fn) return false;
    const member = calleeMember(call);
    if (member?.name !== 'removeAllListeners' || referenceKey(member.object, sourceCode) !== once.key) return false;
    const [event] = call.arguments;
    if (!event) return true;
    if (event.type === AST_NODE_TYPES.SpreadElement) return true;
    const name = ASTUtils.getStringIfConstant(event, sourceCode.getScope(event));
    return name === null || name === 'error';
  });
}

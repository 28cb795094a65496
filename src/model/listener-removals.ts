/**
 * Where a socket's 'error' listener is taken away while the socket is still in use:
 * `socket.removeAllListeners()` (or `removeAllListeners('error')`, `removeListener('error', f)`,
 * `off('error', f)`) followed, in the same function, by I/O on the same socket (`end()`, `write()`,
 * `pipe()`...) with no new 'error' listener, no `destroy()` and no hand-off in between. An error
 * during that I/O (a reset while a TLS socket ends, say) is then emitted with nobody listening and
 * ends the process with "Unhandled 'error' event": the shape of real teardown crashes in SMTP, FTP
 * and database clients.
 *
 * Precision first: calls are read in source order within one function; a removal of one listener
 * while the file attaches another 'error' listener to the same object is left alone, and so is a
 * socket handed to any call (it may get a listener there).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';

import { getListenerCall, referenceKey } from '../listeners.js';
import { calleeMember, enclosingFunction } from './ast.js';
import { visitChildren } from './classes.js';
import { LISTEN_METHODS } from './node-api.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Calls that keep using the socket's connection (and so can fail with ECONNRESET, EPIPE...). */
const USES = new Set(['end', 'write', 'pipe', 'cork', 'uncork', 'resume', 'setTimeout', 'setKeepAlive', 'setNoDelay', 'connect']);
const STOPS = new Set(['destroy', 'resetAndDestroy']);

export interface StrippedUse {
  /** The call that removes the 'error' listener. */
  removal: TSESTree.CallExpression;
  /** The socket it is called on. */
  socket: TSESTree.Expression;
  /** The first later call that uses the socket without a listener. */
  use: TSESTree.CallExpression;
  method: string;
}

const callsByProgram = new WeakMap<TSESTree.Program, readonly TSESTree.CallExpression[]>();

/** Every call of the file, in the order ESLint visits them (read once per file). */
export function fileCalls(sourceCode: SourceCode): readonly TSESTree.CallExpression[] {
  let calls = callsByProgram.get(sourceCode.ast);
  if (calls) return calls;
  const found: TSESTree.CallExpression[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.CallExpression) found.push(node);
    visitChildren(node, visit, sourceCode);
  };
  visit(sourceCode.ast);
  calls = found;
  callsByProgram.set(sourceCode.ast, calls);
  return calls;
}

/** The removals of the file that leave a socket in use without an 'error' listener (see `strippedUses`). */
export function strippedListeners(sourceCode: SourceCode, isSocket: (node: TSESTree.Expression) => boolean): StrippedUse[] {
  return strippedUses(fileCalls(sourceCode), sourceCode, isSocket);
}

/**
 * The removals among `calls` (every call of the file, in source order) that leave the socket in
 * use without an 'error' listener. `isSocket` says which receivers to look at.
 */
export function strippedUses(
  calls: readonly TSESTree.CallExpression[],
  sourceCode: SourceCode,
  isSocket: (node: TSESTree.Expression) => boolean,
): StrippedUse[] {
  const found: StrippedUse[] = [];
  calls.forEach((removal, index) => {
    const member = calleeMember(removal);
    if (!member || !removesErrorListener(removal, member.name, sourceCode)) return;
    const key = referenceKey(member.object, sourceCode);
    if (key === undefined || !isSocket(member.object)) return;
    if (member.name !== 'removeAllListeners' && keepsAnotherListener(calls, removal, key, sourceCode)) return;
    const fn = enclosingFunction(removal);
    for (const later of calls.slice(index + 1)) {
      if (fn && later.range[0] >= fn.range[1]) break;
      if (enclosingFunction(later) !== fn) continue;
      // Handed on: the callee may attach a listener (or destroy it).
      if (later.arguments.some((argument) => referenceKey(argument, sourceCode) === key)) return;
      const use = calleeMember(later);
      if (!use || referenceKey(use.object, sourceCode) !== key) continue;
      if (STOPS.has(use.name)) return;
      if (LISTEN_METHODS.has(use.name)) {
        const listener = getListenerCall(later, sourceCode.getScope(later));
        if (!listener || listener.event === 'error') return;
        continue;
      }
      if (USES.has(use.name)) {
        found.push({ removal, socket: member.object, use: later, method: use.name });
        return;
      }
    }
  });
  return found;
}

/** `removeAllListeners()`, `removeAllListeners('error')`, `removeListener('error', f)`, `off('error', f)`. */
function removesErrorListener(call: TSESTree.CallExpression, method: string, sourceCode: SourceCode): boolean {
  const [first] = call.arguments;
  if (method === 'removeAllListeners' && !first) return true;
  if (method !== 'removeAllListeners' && method !== 'removeListener' && method !== 'off') return false;
  if (!first || first.type === AST_NODE_TYPES.SpreadElement) return false;
  return ASTUtils.getStringIfConstant(first, sourceCode.getScope(first)) === 'error';
}

/** Does the file attach an 'error' listener to `key` other than the one `removal` takes away? */
function keepsAnotherListener(calls: readonly TSESTree.CallExpression[], removal: TSESTree.CallExpression, key: string, sourceCode: SourceCode): boolean {
  const removed = removal.arguments[1];
  const removedText = removed ? sourceCode.getText(removed) : undefined;
  return calls.some((call) => {
    const listener = getListenerCall(call, sourceCode.getScope(call));
    if (listener?.event !== 'error' || referenceKey(listener.target, sourceCode) !== key) return false;
    return !listener.listener || sourceCode.getText(listener.listener) !== removedText;
  });
}

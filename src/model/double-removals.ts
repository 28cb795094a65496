/**
 * A removal by position that runs twice: `list.splice(list.indexOf(sock), 1)` in a function that
 * both the socket's 'error' and its 'close' listener run (three calls deep). A socket that fails
 * emits 'error' and then 'close', so the removal runs a second time; the socket is gone by then,
 * `indexOf` gives -1, and `splice(-1, 1)` takes out the last entry: another connection, still open,
 * that the list no longer knows (measured: test/live/cleanup-dead-socket-entries.live.test.ts).
 *
 * Only the inline form, run unconditionally, with nothing in the function before it that returns
 * or throws (a flag or a membership test that stops the second run).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { emitterKey, referenceKey } from '../dead-socket.js';
import { mayMention } from '../tokens.js';
import { calleeMember, type FunctionNode, skipWrappers } from './ast.js';
import { visitOutsideFunctions } from './classes.js';
import { listenerFacts, listenerReach } from './close-reach.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface DoubleRemoval {
  /** The `splice(…indexOf(…), 1)` call. */
  call: TSESTree.CallExpression;
  /** The collection, as written. */
  collection: TSESTree.Expression;
  /** The socket whose 'error' and 'close' both run it. */
  socket: TSESTree.Expression;
}

const ERROR: ReadonlySet<string> = new Set(['error']);
const CLOSE: ReadonlySet<string> = new Set(['close']);
const cache = new WeakMap<TSESTree.Program, readonly DoubleRemoval[]>();

/** Unguarded removals by position that a socket's 'error' and 'close' listeners both run. */
export function doubleRemovals(sourceCode: SourceCode, isSocket: (node: TSESTree.Expression) => boolean): readonly DoubleRemoval[] {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const found: DoubleRemoval[] = [];
  const seen = new Set<TSESTree.CallExpression>();
  // Which functions the listeners reach is asked only of a file that removes by position.
  if (!mayMention(sourceCode, ['splice'])) return [];
  for (const [, listener] of listenerFacts(sourceCode).registered) {
    if (listener.event !== 'error') continue;
    const key = emitterKey(listener.target, sourceCode);
    if (key === undefined) continue;
    const onClose = listenerReach(sourceCode, key, CLOSE);
    if (onClose.size === 0) continue;
    for (const fn of listenerReach(sourceCode, key, ERROR)) {
      if (!onClose.has(fn)) continue;
      for (const removal of removalsIn(fn, sourceCode)) {
        if (seen.has(removal.call) || !isSocket(listener.target)) continue;
        seen.add(removal.call);
        found.push({ ...removal, socket: listener.target });
      }
    }
  }
  cache.set(sourceCode.ast, found);
  return found;
}

/** `x.splice(x.indexOf(v), 1)` as a statement of `fn` itself, with no return or throw before it. */
function removalsIn(fn: FunctionNode, sourceCode: SourceCode): Omit<DoubleRemoval, 'socket'>[] {
  const found: Omit<DoubleRemoval, 'socket'>[] = [];
  let stopped = false;
  visitOutsideFunctions(fn.body, (node) => {
    if (node.type === AST_NODE_TYPES.ReturnStatement || node.type === AST_NODE_TYPES.ThrowStatement) stopped = true;
    if (stopped || node.type !== AST_NODE_TYPES.CallExpression) return;
    const splice = calleeMember(node);
    const [start, count] = node.arguments;
    if (splice?.name !== 'splice' || node.arguments.length !== 2 || count?.type !== AST_NODE_TYPES.Literal || count.value !== 1) return;
    const lookup = start && skipWrappers(start);
    const indexOf = lookup?.type === AST_NODE_TYPES.CallExpression ? calleeMember(lookup) : undefined;
    if (indexOf?.name !== 'indexOf') return;
    const list = referenceKey(splice.object, sourceCode);
    if (list !== undefined && list === referenceKey(indexOf.object, sourceCode) && !conditional(node, fn)) found.push({ call: node, collection: splice.object });
  }, sourceCode);
  return found;
}

/** Does `node` run only under a condition of `fn` (`if`, `?:`, `&&`, `||`)? */
function conditional(node: TSESTree.Node, fn: FunctionNode): boolean {
  for (let current = node.parent; current && current !== fn.body; current = current.parent) {
    if (current.type === AST_NODE_TYPES.IfStatement || current.type === AST_NODE_TYPES.ConditionalExpression || current.type === AST_NODE_TYPES.LogicalExpression) return true;
  }
  return false;
}

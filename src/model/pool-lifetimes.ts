/**
 * A pg `Pool` that lives for one run of queries: made, used only by queries awaited one after the
 * other with nothing else awaited between them, and ended in that same function (a setup script,
 * a migration, a test's global setup).
 *
 * A pool emits 'error' only for a client that is idle in it (pg-pool's idle listener): an error
 * during a query goes to that query. In such a run a client is idle only between the end of one
 * query and the start of the next, or `end()`, within the same turn of the event loop, where no
 * I/O can arrive; once it is ending, the pool's connections drop a reset themselves. Measured
 * (test/live/libraries.live.test.ts): a reset right after any answer never crashes such a run; a
 * reset while the run waits for something else between two queries crashes it.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, type FunctionNode, propertyName } from './ast.js';
import { visitOutsideFunctions } from './classes.js';
import { declaredVariable } from './dead-socket.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Is the pool `new Pool(…)` makes used only for one run of awaited queries ended in the same function? */
export function shortLivedPool(creation: TSESTree.Node, sourceCode: SourceCode): boolean {
  const variable = declaredVariable(creation, sourceCode);
  if (!variable) return false;
  const poolAwaits = new Set<TSESTree.Node>();
  let runner: FunctionNode | undefined;
  let ended = false;
  for (const ref of variable.references) {
    if (ref.init) continue;
    const member = ref.identifier.parent;
    const call = member?.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== ref.identifier || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return false;
    const method = propertyName(member);
    const fn = enclosingFunction(call);
    if (!fn || (runner && fn !== runner)) return false;
    runner = fn;
    if (method === 'end') ended = true;
    else if (method !== 'query' || call.parent.type !== AST_NODE_TYPES.AwaitExpression) return false;
    if (call.parent.type === AST_NODE_TYPES.AwaitExpression) poolAwaits.add(call.parent);
  }
  if (!runner || !ended) return false;
  // Nothing else awaited (or yielded) in the run: a query's client is never idle across a turn.
  let other = false;
  visitOutsideFunctions(
    runner.body,
    (node) => {
      if ((node.type === AST_NODE_TYPES.AwaitExpression && !poolAwaits.has(node)) || node.type === AST_NODE_TYPES.YieldExpression) other = true;
      if (node.type === AST_NODE_TYPES.ForOfStatement && node.await) other = true;
    },
    sourceCode,
  );
  return !other;
}


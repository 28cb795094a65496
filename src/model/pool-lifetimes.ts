/**
 * A pg `Pool` that lives for one run of queries: made, used only by queries awaited one after the
 * other with nothing else awaited between them (also through a client it lends with `await
 * pool.connect()` and gets back with `release()`: a client lent out is not idle in the pool), and
 * ended in that same function (a setup script, a migration, a test's global setup).
 *
 * A pool emits 'error' only for a client that is idle in it (pg-pool's idle listener): an error
 * during a query goes to that query. In such a run a client is idle only between the end of one
 * query and the start of the next, or `end()`, within the same turn of the event loop, where no
 * I/O can arrive; once it is ending, the pool's connections drop a reset themselves. Measured
 * (test/live/libraries.live.test.ts): a reset right after any answer never crashes such a run; a
 * reset while the run waits for something else between two queries crashes it.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, type FunctionNode } from './ast.js';
import { visitOutsideFunctions } from './classes.js';
import { declaredVariable, methodCalledOn } from './dead-socket.js';
import { LISTEN_METHODS } from './node-api.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Is the pool `new Pool(…)` makes used only for one run of awaited queries ended in the same function? */
export function shortLivedPool(creation: TSESTree.Node, sourceCode: SourceCode): boolean {
  const variable = declaredVariable(creation, sourceCode);
  if (!variable) return false;
  const poolAwaits = new Set<TSESTree.Node>();
  let runner: FunctionNode | undefined;
  let ended = false;
  let lastUse = creation.range[1];
  for (const ref of variable.references) {
    if (ref.init) continue;
    const called = methodCalledOn(ref.identifier);
    if (!called) return false;
    const { call, name: method } = called;
    const fn = enclosingFunction(call);
    if (!fn || (runner && fn !== runner)) return false;
    runner = fn;
    if (method === 'end') ended = true;
    else if (method === 'connect' && call.parent.type === AST_NODE_TYPES.AwaitExpression) {
      // `const client = await pool.connect()`: lent out, the client is not idle in the pool.
      if (!lentForQueries(call.parent, poolAwaits, sourceCode)) return false;
    } else if (method !== 'query' || call.parent.type !== AST_NODE_TYPES.AwaitExpression) return false;
    if (call.parent.type === AST_NODE_TYPES.AwaitExpression) poolAwaits.add(call.parent);
    lastUse = Math.max(lastUse, call.range[1]);
  }
  if (!runner || !ended) return false;
  // Nothing else awaited (or yielded) in the run, from the pool's making to its last use: a
  // client is never idle in the pool across a turn.
  const from = creation.range[0];
  let other = false;
  visitOutsideFunctions(
    runner.body,
    (node) => {
      if (node.range[1] < from || node.range[0] > lastUse) return;
      if ((node.type === AST_NODE_TYPES.AwaitExpression && !poolAwaits.has(node)) || node.type === AST_NODE_TYPES.YieldExpression) other = true;
      if (node.type === AST_NODE_TYPES.ForOfStatement && node.await) other = true;
    },
    sourceCode,
  );
  return !other;
}

/**
 * `const client = await pool.connect()` whose client is only used for awaited queries, listened
 * to, and given back with `client.release()`: its awaits join the run's.
 */
function lentForQueries(checkout: TSESTree.AwaitExpression, poolAwaits: Set<TSESTree.Node>, sourceCode: SourceCode): boolean {
  const client = declaredVariable(checkout, sourceCode);
  if (!client) return false;
  const awaits: TSESTree.Node[] = [];
  for (const ref of client.references) {
    if (ref.init) continue;
    const called = methodCalledOn(ref.identifier);
    if (!called) return false;
    if (called.name === 'query' && called.call.parent.type === AST_NODE_TYPES.AwaitExpression) awaits.push(called.call.parent);
    else if (called.name !== 'release' && !LISTEN_METHODS.has(called.name)) return false;
  }
  for (const node of awaits) poolAwaits.add(node);
  return true;
}


/**
 * The nodes of a file that several model modules look through, read from the model's one walk of
 * the tree (src/model/resource-walk.ts) and cached on the `Program`: every call (in the order ESLint visits them) and every
 * `catch` clause; and, per function of the file, the calls that run it (`callsOf`). Modules that answer "which calls of this file…" read these lists instead of
 * walking the tree again.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import type { FunctionNode } from './ast.js';
import { resolveFunction } from './functions.js';
import { resourceNodes } from './resource-walk.js';

export interface FileNodes {
  /** Every call of the file, in visit order. */
  readonly calls: readonly TSESTree.CallExpression[];
  /** Calls and `catch` clauses together, in visit order. */
  readonly callsAndCatches: readonly (TSESTree.CallExpression | TSESTree.CatchClause)[];
}

const cache = new WeakMap<TSESTree.Program, FileNodes>();

export function fileNodes(sourceCode: Readonly<TSESLint.SourceCode>): FileNodes {
  const known = cache.get(sourceCode.ast);
  if (known) return known;
  const { callsAndCatches } = resourceNodes(sourceCode);
  const nodes = {
    calls: callsAndCatches.filter((node): node is TSESTree.CallExpression => node.type === AST_NODE_TYPES.CallExpression),
    callsAndCatches,
  };
  cache.set(sourceCode.ast, nodes);
  return nodes;
}

/** The calls of `fn` in the file (`this.flush()`, `self.flush()`, `flush()`), by what their callee resolves to. */
export function callsOf(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): readonly TSESTree.CallExpression[] {
  let byFunction = callsCache.get(sourceCode.ast);
  if (!byFunction) {
    byFunction = new Map();
    for (const call of fileNodes(sourceCode).calls) {
      const callee = resolveFunction(call.callee, sourceCode);
      if (callee) byFunction.set(callee, [...(byFunction.get(callee) ?? []), call]);
    }
    callsCache.set(sourceCode.ast, byFunction);
  }
  return byFunction.get(fn) ?? [];
}

/** The calls of each function of a file, read once per file on the first question. */
const callsCache = new WeakMap<TSESTree.Program, Map<FunctionNode, TSESTree.CallExpression[]>>();

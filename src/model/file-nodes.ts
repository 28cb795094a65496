/**
 * The nodes of a file that several model modules look through, gathered in one walk of the tree
 * on first use and cached on the `Program`: every call (in the order ESLint visits them) and every
 * `catch` clause. Modules that answer "which calls of this file…" read these lists instead of
 * walking the tree again.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { visitChildren } from './classes.js';

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
  const calls: TSESTree.CallExpression[] = [];
  const callsAndCatches: (TSESTree.CallExpression | TSESTree.CatchClause)[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.CallExpression) {
      calls.push(node);
      callsAndCatches.push(node);
    } else if (node.type === AST_NODE_TYPES.CatchClause) {
      callsAndCatches.push(node);
    }
    visitChildren(node, visit, sourceCode);
  };
  visit(sourceCode.ast);
  const nodes = { calls, callsAndCatches };
  cache.set(sourceCode.ast, nodes);
  return nodes;
}

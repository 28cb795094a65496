/**
 * The nodes of a file that several model modules look through, read from the model's one walk of
 * the tree (src/model/resource-walk.ts) and cached on the `Program`: every call (in the order ESLint visits them) and every
 * `catch` clause; every listener registration (`fileListeners`, `fileErrorListeners`); and, per
 * function of the file, the calls that run it (`callsOf`). Modules that answer "which calls of this
 * file…" read these lists instead of walking the tree again.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { type ListenerCall, listenerCallOf } from '../listeners.js';
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

const listenerCache = new WeakMap<TSESTree.Program, readonly ListenerCall[]>();

/** Every call of the file that adds a listener for an event it names (`x.on('close', fn)`, `x.once(EVENT, fn)`), in visit order. */
export function fileListeners(sourceCode: Readonly<TSESLint.SourceCode>): readonly ListenerCall[] {
  let listeners = listenerCache.get(sourceCode.ast);
  if (!listeners) {
    listeners = fileNodes(sourceCode).calls.flatMap((call) => listenerCallOf(call, sourceCode) ?? []);
    listenerCache.set(sourceCode.ast, listeners);
  }
  return listeners;
}

const errorListenerCache = new WeakMap<TSESTree.Program, readonly ListenerCall[]>();

/** The file's calls that add an 'error' listener (`on`, `once`, `prependListener`...), in visit order. */
export function fileErrorListeners(sourceCode: Readonly<TSESLint.SourceCode>): readonly ListenerCall[] {
  let listeners = errorListenerCache.get(sourceCode.ast);
  if (!listeners) {
    listeners = fileListeners(sourceCode).filter((listener) => listener.event === 'error');
    errorListenerCache.set(sourceCode.ast, listeners);
  }
  return listeners;
}

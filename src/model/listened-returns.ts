/**
 * Functions of the file that give the socket they return a lasting 'error' listener first:
 * `open(port) { const socket = new Socket(); socket.on('error', log); socket.connect(port); return
 * socket; }`. A caller that takes a listener of its own off that socket again
 * (`const socket = this.open(port); … socket.off('error', onError)`) leaves the one `open()` gave.
 *
 * Only functions whose every `return` names one variable of theirs, to which the function itself
 * attaches an 'error' listener with `on`, `addListener` or `prependListener` (a `once` is gone
 * after the first error). Cached per function on its node.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { findVariable } from '../listeners.js';
import { type FunctionNode, skipWrappers } from './ast.js';
import { returnedValues } from './factories.js';
import { fileErrorListeners } from './file-nodes.js';
import { resolveFunction } from './functions.js';
import { ONCE_METHODS } from './node-api.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const cache = new WeakMap<FunctionNode, boolean>();

/** Is `node` a variable given one value, a call of a function of the file that returns a socket it listens on for good? */
export function madeWithListener(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const target = skipWrappers(node);
  if (target.type !== AST_NODE_TYPES.Identifier) return false;
  const writes = findVariable(sourceCode.getScope(target), target.name)?.references.filter((ref) => ref.isWrite()) ?? [];
  const value = writes.length === 1 && writes[0]!.writeExpr ? skipWrappers(writes[0]!.writeExpr) : undefined;
  if (value?.type !== AST_NODE_TYPES.CallExpression) return false;
  const fn = resolveFunction(value.callee, sourceCode);
  if (!fn || fn.async || fn.generator) return false;
  let answer = cache.get(fn);
  if (answer === undefined) {
    answer = returnsListened(fn, sourceCode);
    cache.set(fn, answer);
  }
  return answer;
}

function returnsListened(fn: FunctionNode, sourceCode: SourceCode): boolean {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  const returned = returnedValues(fn, sourceCode)?.map((value) => skipWrappers(value));
  if (!returned?.every((value): value is TSESTree.Identifier => value.type === AST_NODE_TYPES.Identifier)) return false;
  const variables = new Set(returned.map((identifier) => findVariable(sourceCode.getScope(identifier), identifier.name)));
  if (variables.size !== 1) return false;
  const [variable] = variables;
  if (!variable || variable.scope.block !== fn) return false;
  return fileErrorListeners(sourceCode).some((listener) => {
    const target = skipWrappers(listener.target);
    return (
      !ONCE_METHODS.has(listener.method) &&
      listener.call.range[0] > fn.range[0] &&
      listener.call.range[1] < fn.range[1] &&
      target.type === AST_NODE_TYPES.Identifier &&
      variable.references.some((ref) => ref.identifier === target)
    );
  });
}

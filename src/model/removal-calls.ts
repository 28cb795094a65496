/**
 * Removals that remove nothing: a socket's 'close' listener calls a function of the file that
 * takes an entry out of a collection by one of its parameters (`list.splice(list.indexOf(socket),
 * 1)`, `set.delete(socket)`, `delete registry[socket]`), but leaves that argument out
 * (`self.removeSocket()`). The parameter is `undefined`, no entry matches, and the closed socket
 * stays in the collection.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { readMethodCall, variableOf } from '../dead-socket.js';
import type { ListenerCall } from '../listeners.js';
import { type FunctionNode, isEquality, skipWrappers } from './ast.js';
import { visitChildren } from './classes.js';
import { listenerFacts } from './close-reach.js';
import { resolveFunction } from './functions.js';
import { resourceNodes } from './resource-walk.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface EmptyRemoval {
  /** The call that leaves the argument out. */
  call: TSESTree.CallExpression;
  /** The 'close' listener it is made in. */
  listener: ListenerCall;
  /** The function called, and the parameter it finds the entry by. */
  callee: FunctionNode;
  param: TSESTree.Identifier;
  /** The parameter's position. */
  index: number;
  /** The collection the entry stays in (as written in the callee). */
  collection: TSESTree.Expression;
}

const cache = new WeakMap<TSESTree.Program, readonly EmptyRemoval[]>();

/** The file's calls, made directly in a 'close' listener, to a remover without the value it removes. */
export function emptyRemovalsOf(sourceCode: SourceCode): readonly EmptyRemoval[] {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const found: EmptyRemoval[] = [];
  const callsIn = resourceNodes(sourceCode).callsIn;
  for (const [fn, listener] of listenerFacts(sourceCode).byFunction) {
    if (listener.event !== 'close') continue;
    for (const call of callsIn.get(fn) ?? []) {
      if (call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) continue;
      const callee = resolveFunction(call.callee, sourceCode);
      if (!callee || callee === fn) continue;
      for (const [index, param] of callee.params.entries()) {
        // A parameter with a default (`socket = this.socket`) has a value even when left out.
        if (index < call.arguments.length || param.type !== AST_NODE_TYPES.Identifier) continue;
        const collection = removedBy(callee, param, sourceCode);
        if (collection) found.push({ call, listener, callee, param, index, collection });
      }
    }
  }
  cache.set(sourceCode.ast, found);
  return found;
}

/**
 * The collection `fn` takes an entry out of by `param`: `set.delete(param)`, `delete registry[param]`,
 * or `list.indexOf(param)` in a function that also splices `list`. Undefined when `fn` reads
 * `arguments` (it may find its value another way), or tests whether `param` was given
 * (`if (sn === undefined) delete this.byConnection[id];`): leaving it out is then a call it expects.
 */
function removedBy(fn: FunctionNode, param: TSESTree.Identifier, sourceCode: SourceCode): TSESTree.Expression | undefined {
  const variable = variableOf(param, sourceCode);
  if (!variable) return undefined;
  const isParam = (node: TSESTree.Node | undefined): boolean =>
    node !== undefined && node.type === AST_NODE_TYPES.Identifier && variableOf(node, sourceCode) === variable;
  let removed: TSESTree.Expression | undefined;
  const searched: TSESTree.Expression[] = [];
  const spliced = new Set<string>();
  // Reading `arguments`, or testing whether `param` was given, makes leaving it out a call `fn` expects.
  let expectsLeftOut = false;
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.Identifier && node.name === 'arguments') expectsLeftOut = true;
    if (testsGiven(node, isParam)) expectsLeftOut = true;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const method = readMethodCall(node);
      if (method?.name === 'delete' && isParam(node.arguments[0])) removed ??= method.object;
      if (method?.name === 'indexOf' && isParam(node.arguments[0])) searched.push(method.object);
      if (method?.name === 'splice') spliced.add(sourceCode.getText(skipWrappers(method.object)));
    } else if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'delete') {
      const target = skipWrappers(node.argument);
      if (target.type === AST_NODE_TYPES.MemberExpression && target.computed && isParam(target.property)) removed ??= target.object;
    }
    visitChildren(node, visit, sourceCode);
  };
  visit(fn.body);
  if (expectsLeftOut) return undefined;
  return removed ?? searched.find((list) => spliced.has(sourceCode.getText(skipWrappers(list))));
}

/** `param === undefined`, `param == null`, `typeof param === 'undefined'`, `!param` in a test: a check that it was given. */
function testsGiven(node: TSESTree.Node, isParam: (node: TSESTree.Node | undefined) => boolean): boolean {
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!') return isParam(node.argument);
  if (node.type !== AST_NODE_TYPES.BinaryExpression || !isEquality(node)) return false;
  for (const [side, other] of [[node.left, node.right], [node.right, node.left]] as const) {
    const read = side.type === AST_NODE_TYPES.UnaryExpression && side.operator === 'typeof' ? side.argument : side;
    if (!isParam(read)) continue;
    if (other.type === AST_NODE_TYPES.Identifier && other.name === 'undefined') return true;
    if (other.type === AST_NODE_TYPES.Literal && (other.value === null || other.value === 'undefined')) return true;
  }
  return false;
}

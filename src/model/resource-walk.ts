/**
 * The nodes the resource model (timers, registrations, releases, listeners, key aliases) reads,
 * in source order: one walk per file, shared by its modules, so that each reads the file in the
 * order ESLint visits it (a release's position, the first listener a function is registered as).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, type FunctionNode } from './ast.js';
import { visitChildren } from './classes.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export type ResourceNode =
  | TSESTree.CallExpression
  | TSESTree.AssignmentExpression
  | TSESTree.UnaryExpression
  | TSESTree.VariableDeclarator
  | TSESTree.PropertyDefinition;

export interface ResourceNodes {
  /** Calls, assignments, `delete`s, declarators and class fields, in the order the linter visits them. */
  nodes: readonly ResourceNode[];
  /** The calls made directly in each function (not in the functions it holds), in source order. */
  callsIn: ReadonlyMap<FunctionNode, readonly TSESTree.CallExpression[]>;
}

const READ = new Set<string>([
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.AssignmentExpression,
  AST_NODE_TYPES.UnaryExpression,
  AST_NODE_TYPES.VariableDeclarator,
  AST_NODE_TYPES.PropertyDefinition,
]);

const cache = new WeakMap<TSESTree.Program, ResourceNodes>();

export function resourceNodes(sourceCode: SourceCode): ResourceNodes {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const nodes: ResourceNode[] = [];
  const callsIn = new Map<FunctionNode, TSESTree.CallExpression[]>();
  const visit = (node: TSESTree.Node): void => {
    if (READ.has(node.type)) nodes.push(node as ResourceNode);
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const fn = enclosingFunction(node);
      if (fn) addTo(callsIn, fn, node);
    }
    visitChildren(node, visit, sourceCode);
  };
  visit(sourceCode.ast);
  const facts = { nodes, callsIn };
  cache.set(sourceCode.ast, facts);
  return facts;
}

/** Appends `value` to the list kept for `key`. */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The nodes the resource model (timers, registrations, releases, listeners, key aliases) reads,
 * in source order: one walk per file, shared by its modules, so that each reads the file in the
 * order ESLint visits it (a release's position, the first listener a function is registered as).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { type FunctionNode, isFunction } from './ast.js';
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
  // The function around each node is carried down the walk (the linter's `:function` stack).
  const visit = (node: TSESTree.Node, fn: FunctionNode | undefined): void => {
    if (READ.has(node.type)) nodes.push(node as ResourceNode);
    if (node.type === AST_NODE_TYPES.CallExpression && fn) addTo(callsIn, fn, node);
    const inner = isFunction(node) ? node : fn;
    visitChildren(node, (child) => visit(child, inner), sourceCode);
  };
  visit(sourceCode.ast, undefined);
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

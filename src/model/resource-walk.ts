/**
 * The nodes the model reads, in source order: one walk per file, shared by its modules (the
 * resource modules, the error handlers and close calls through src/model/file-nodes.ts, key
 * aliases), so that each reads the file in the order ESLint visits it (a release's position, the
 * first listener a function is registered as) and no module walks the tree again.
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
  /** Every call and `catch` clause, in visit order (src/model/file-nodes.ts). */
  callsAndCatches: readonly (TSESTree.CallExpression | TSESTree.CatchClause)[];
  /** Class constructors, for their parameter properties (`constructor(private s: Socket)`). */
  constructors: readonly TSESTree.MethodDefinition[];
}

const READ = new Set<string>([
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.AssignmentExpression,
  AST_NODE_TYPES.UnaryExpression,
  AST_NODE_TYPES.VariableDeclarator,
  AST_NODE_TYPES.PropertyDefinition,
]);

/** Type-only syntax holds no call, assignment or declarator: the walk does not go into it (in TypeScript files it is much of the tree). */
const TYPE_ONLY = new Set<string>([
  AST_NODE_TYPES.TSTypeAnnotation,
  AST_NODE_TYPES.TSTypeAliasDeclaration,
  AST_NODE_TYPES.TSInterfaceDeclaration,
  AST_NODE_TYPES.TSTypeParameterDeclaration,
  AST_NODE_TYPES.TSTypeParameterInstantiation,
]);

const cache = new WeakMap<TSESTree.Program, ResourceNodes>();

export function resourceNodes(sourceCode: SourceCode): ResourceNodes {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const nodes: ResourceNode[] = [];
  const callsIn = new Map<FunctionNode, TSESTree.CallExpression[]>();
  const callsAndCatches: (TSESTree.CallExpression | TSESTree.CatchClause)[] = [];
  const constructors: TSESTree.MethodDefinition[] = [];
  // The function around each node is carried down the walk (the linter's `:function` stack).
  const visit = (node: TSESTree.Node, fn: FunctionNode | undefined): void => {
    if (TYPE_ONLY.has(node.type)) return;
    if (READ.has(node.type)) nodes.push(node as ResourceNode);
    if (node.type === AST_NODE_TYPES.CallExpression) {
      callsAndCatches.push(node);
      if (fn) addTo(callsIn, fn, node);
    } else if (node.type === AST_NODE_TYPES.CatchClause) {
      callsAndCatches.push(node);
    } else if (node.type === AST_NODE_TYPES.MethodDefinition && node.kind === 'constructor') {
      constructors.push(node);
    }
    const inner = isFunction(node) ? node : fn;
    visitChildren(node, (child) => visit(child, inner), sourceCode);
  };
  visit(sourceCode.ast, undefined);
  const facts = { nodes, callsIn, callsAndCatches, constructors };
  cache.set(sourceCode.ast, facts);
  return facts;
}

/** Appends `value` to the list kept for `key`. */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

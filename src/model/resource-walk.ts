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
  /** Getters of the file's classes (`get writable() { … }`), for tests that read a field through one. */
  getters: readonly TSESTree.MethodDefinition[];
  /** Every `await`, in source order (src/model/close-calls.ts reads those inside a `try`). */
  awaits: readonly TSESTree.AwaitExpression[];
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

/** Files each node where the model reads it; `fn` is the function around it. Used by the walk and the feed alike. */
function createCollector(): { facts: ResourceNodes; add(node: TSESTree.Node, fn: FunctionNode | undefined): void } {
  const nodes: ResourceNode[] = [];
  const callsIn = new Map<FunctionNode, TSESTree.CallExpression[]>();
  const callsAndCatches: (TSESTree.CallExpression | TSESTree.CatchClause)[] = [];
  const constructors: TSESTree.MethodDefinition[] = [];
  const getters: TSESTree.MethodDefinition[] = [];
  const awaits: TSESTree.AwaitExpression[] = [];
  return {
    facts: { nodes, callsIn, callsAndCatches, constructors, getters, awaits },
    add(node, fn) {
      // `x as -1` holds a unary expression in a type: no `delete`, nothing to read.
      if (node.type === AST_NODE_TYPES.UnaryExpression && node.parent.type === AST_NODE_TYPES.TSLiteralType) return;
      if (READ.has(node.type)) nodes.push(node as ResourceNode);
      if (node.type === AST_NODE_TYPES.CallExpression) {
        callsAndCatches.push(node);
        if (fn) addTo(callsIn, fn, node);
      } else if (node.type === AST_NODE_TYPES.CatchClause) {
        callsAndCatches.push(node);
      } else if (node.type === AST_NODE_TYPES.AwaitExpression) {
        awaits.push(node);
      } else if (node.type === AST_NODE_TYPES.MethodDefinition) {
        if (node.kind === 'constructor') constructors.push(node);
        else if (node.kind === 'get' && !node.static) getters.push(node);
      }
    },
  };
}

export function resourceNodes(sourceCode: SourceCode): ResourceNodes {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  // Asked before the linter's traversal is over: the feed (if any) is incomplete; walk instead.
  const feed = feeds.get(sourceCode.ast);
  if (feed) feed.abandoned = true;
  const collector = createCollector();
  // The function around each node is carried down the walk (the linter's `:function` stack).
  const visit = (node: TSESTree.Node, fn: FunctionNode | undefined): void => {
    if (TYPE_ONLY.has(node.type)) return;
    collector.add(node, fn);
    const inner = isFunction(node) ? node : fn;
    visitChildren(node, (child) => visit(child, inner), sourceCode);
  };
  visit(sourceCode.ast, undefined);
  const facts = collector.facts;
  cache.set(sourceCode.ast, facts);
  return facts;
}

/** Appends `value` to the list kept for `key`. */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

interface Feed {
  abandoned: boolean;
}

const feeds = new WeakMap<TSESTree.Program, Feed>();

type Listener = (node: TSESTree.Node) => void;
type Listeners = Record<string, Listener | undefined>;

/**
 * Gathers the same nodes from the linter's own traversal instead of a second walk: the first rule
 * of a file that reads the resource model passes its listeners through this, and the nodes are
 * collected as the linter visits them. That rule's `Program:exit` runs before any other rule's
 * (listeners run in the order rules were created), so every rule asking from its `Program:exit`
 * gets the complete lists; a rule asking earlier makes the model walk the tree itself.
 */
export function feedResourceWalk<T extends object>(sourceCode: SourceCode, listeners: T): T {
  const program = sourceCode.ast;
  if (feeds.has(program) || cache.has(program)) return listeners;
  const feed: Feed = { abandoned: false };
  feeds.set(program, feed);
  const collector = createCollector();
  const functions: FunctionNode[] = [];
  const add = (node: TSESTree.Node): void => {
    if (!feed.abandoned) collector.add(node, functions.at(-1));
  };
  const enter = (node: TSESTree.Node): void => {
    functions.push(node as FunctionNode);
  };
  const exit = (): void => {
    functions.pop();
  };
  // Node types, not `:function`: a class selector is tested on every node of the file.
  const own: Listeners = {
    FunctionDeclaration: enter,
    FunctionExpression: enter,
    ArrowFunctionExpression: enter,
    'FunctionDeclaration:exit': exit,
    'FunctionExpression:exit': exit,
    'ArrowFunctionExpression:exit': exit,
    CallExpression: add,
    AssignmentExpression: add,
    VariableDeclarator: add,
    PropertyDefinition: add,
    UnaryExpression: add,
    CatchClause: add,
    MethodDefinition: add,
    AwaitExpression: add,
    'Program:exit'() {
      if (!feed.abandoned && !cache.has(program)) cache.set(program, collector.facts);
    },
  };
  // The model's listeners first, then the rule's (a rule has a few selectors, the walk fourteen).
  const merged: Listeners = own;
  for (const selector of Object.keys(listeners)) {
    const theirs = (listeners as Listeners)[selector];
    const mine = merged[selector];
    merged[selector] =
      mine && theirs
        ? (node) => {
            mine(node);
            theirs(node);
          }
        : (theirs ?? mine);
  }
  return merged as T;
}

/**
 * Which reference keys of the file name one object, for the question "does this code close the
 * object it listens to?": a listener registered in one method and the `abort()` or `end()` called in
 * another often reach the same request or socket under other names. Besides plain copies
 * (`this.req = req`, `const s = this.socket`, as src/model/key-aliases.ts reads them):
 *
 * - a chained assignment names one value twice: `var req = this.req = http.request(opts)`;
 * - `self.req` is `this.req` where `var self = this` (and any longer path under a copied root);
 * - `var req = this.request()` holds what that method of the same class (or pre-ES2015 prototype)
 *   returns, when every value it returns is one object (`return this.req` or `return req` after
 *   the assignment above; a bare `return` or `return null` aside).
 *
 * One answer per file, built from the model's one pass (src/model/resource-walk.ts).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { KeyAliases, referenceKey } from './dead-socket.js';
import { type FunctionNode, isNullish, skipWrappers } from './ast.js';
import { resolveFunction } from './functions.js';
import { visitOutsideFunctions } from './handler-sinks.js';
import { keyedCopies } from './key-aliases.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

export interface SameObjects {
  /** One key per object: equal for two keys that name the same object. */
  canonical: (key: string) => string;
}

const cache = new WeakMap<TSESTree.Program, SameObjects>();

/** A chain of unions settles in a few rounds (a copy of a copy under a copied root); more is not worth it. */
const ROUNDS = 3;

export function sameObjects(sourceCode: SourceCode): SameObjects {
  const known = cache.get(sourceCode.ast);
  if (known) return known;
  const pairs = copyPairs(sourceCode);
  const aliases = new KeyAliases();
  const canonical = (key: string): string => {
    // Rewrite the path from its root: `var@12:self.req` becomes the group of `this@proto:Request.req`.
    const parts = key.split('.');
    let current = aliases.root(parts[0]!);
    for (const part of parts.slice(1)) current = aliases.root(`${current}.${part}`);
    return current;
  };
  const returns = new Map<FunctionNode, (string | undefined)[]>();
  for (let round = 0; round < ROUNDS; round += 1) {
    // A round that joins nothing leaves the groups as they were: the next would do the same.
    let changed = false;
    for (const [a, b] of pairs) if (aliases.union(canonical(a), canonical(b))) changed = true;
    for (const [target, fn] of accessorCalls(sourceCode)) {
      let keys = returns.get(fn);
      if (!keys) returns.set(fn, (keys = returnKeys(fn, sourceCode)));
      const returned = returnedKey(keys, canonical);
      if (returned !== undefined && aliases.union(canonical(target), returned)) changed = true;
    }
    if (!changed) break;
  }
  const answer: SameObjects = { canonical };
  cache.set(sourceCode.ast, answer);
  return answer;
}

/** `target = value` pairs of keys, every target of a chained assignment paired with the value's key. */
function copyPairs(sourceCode: SourceCode): [string, string][] {
  const pairs: [string, string][] = [];
  // `a = b = value`: `a` is `b` (whatever `value` is), as keyedCopies reads it.
  for (const { target, value } of keyedCopies(sourceCode)) if (value !== undefined) pairs.push([target, value]);
  return pairs;
}

const accessorCache = new WeakMap<TSESTree.Program, [string, FunctionNode][]>();

/** `var req = this.request()` / `self.request()`: the declared key and the method of this class it calls. */
function accessorCalls(sourceCode: SourceCode): [string, FunctionNode][] {
  const known = accessorCache.get(sourceCode.ast);
  if (known) return known;
  const found: [string, FunctionNode][] = [];
  // Copies whose target has a key (the others cannot be paired), in source order.
  for (const { copy, target } of keyedCopies(sourceCode)) {
    const value = skipWrappers(copy.value);
    if (value.type !== AST_NODE_TYPES.CallExpression || value.arguments.length > 0) continue;
    const callee = skipWrappers(value.callee);
    // Only a method of `this`'s own class (`resolveFunction` answers `this.m` and `self.m` alone).
    if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const fn = resolveFunction(callee, sourceCode);
    if (fn) found.push([target, fn]);
  }
  accessorCache.set(sourceCode.ast, found);
  return found;
}

/** The keys of what the method returns (undefined for a value with none), nullish returns aside. */
function returnKeys(fn: FunctionNode, sourceCode: SourceCode): (string | undefined)[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [referenceKey(fn.body, sourceCode)];
  const keys: (string | undefined)[] = [];
  visitOutsideFunctions(fn.body, (node: Node) => {
    if (node.type !== AST_NODE_TYPES.ReturnStatement || !node.argument || isNullish(node.argument)) return;
    keys.push(referenceKey(node.argument, sourceCode));
  }, sourceCode);
  return keys;
}

/** The one object every `return` of the method gives (see `returnKeys`), or undefined. */
function returnedKey(keys: readonly (string | undefined)[], canonical: (key: string) => string): string | undefined {
  const found = new Set<string | undefined>();
  for (const key of keys) found.add(key === undefined ? undefined : canonical(key));
  return found.size === 1 ? [...found][0] : undefined;
}

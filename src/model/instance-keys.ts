/**
 * The names one instance's member goes by: `this.timer` and `self.timer` where `const self = this`
 * (a variable holding `this`, never written again). Reference keys differ by their root, so a
 * release written through `self` and a timer armed through `this` would look like two resources.
 * One answer per file, from the model's walk.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { referenceKey } from '../dead-socket.js';
import { skipWrappers } from './ast.js';
import { holdsThis } from './classes.js';
import { addTo, resourceNodes } from './resource-walk.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

interface ThisCopies {
  /** The keys of the variables holding each `this` (by the key of that `this`). */
  copies: Map<string, string[]>;
  /** The key of the `this` each such variable holds. */
  original: Map<string, string>;
}

const cache = new WeakMap<TSESTree.Program, ThisCopies>();

function thisCopies(sourceCode: SourceCode): ThisCopies {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const found: ThisCopies = { copies: new Map(), original: new Map() };
  for (const node of resourceNodes(sourceCode).nodes) {
    if (node.type !== AST_NODE_TYPES.VariableDeclarator || node.id.type !== AST_NODE_TYPES.Identifier || !node.init) continue;
    const init = skipWrappers(node.init);
    if (init.type !== AST_NODE_TYPES.ThisExpression || !holdsThis(node.id, sourceCode)) continue;
    const thisKey = referenceKey(init, sourceCode);
    const copyKey = referenceKey(node.id, sourceCode);
    if (thisKey === undefined || copyKey === undefined) continue;
    addTo(found.copies, thisKey, copyKey);
    found.original.set(copyKey, thisKey);
  }
  cache.set(sourceCode.ast, found);
  return found;
}

/**
 * The keys naming what `key` names: itself and, when it starts at `this` or at a variable holding
 * `this`, the same path from that `this` and from every variable holding it.
 */
export function instanceKeys(key: string, sourceCode: SourceCode): Set<string> {
  const keys = new Set([key]);
  const dot = key.indexOf('.');
  const rootKey = dot === -1 ? key : key.slice(0, dot);
  const path = key.slice(rootKey.length);
  const { copies, original } = thisCopies(sourceCode);
  const thisKey = original.get(rootKey) ?? rootKey;
  const holders = copies.get(thisKey);
  if (!holders) return keys;
  keys.add(thisKey + path);
  for (const copy of holders) keys.add(copy + path);
  return keys;
}

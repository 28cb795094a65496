/**
 * Which reference keys of the file name the same object through a plain copy
 * (`const s = this.socket`, `this.socket = socket`): a listener or a release on one counts for the
 * other. One answer per file.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { KeyAliases, referenceKey } from '../dead-socket.js';
import { resourceNodes } from './resource-walk.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const cache = new WeakMap<TSESTree.Program, KeyAliases>();

/** A copy of the file (`target = value`) with the keys of both sides, read once for key-aliases.ts and same-objects.ts. */
export interface KeyedCopy {
  node: TSESTree.Node;
  copy: { target: TSESTree.Node; value: TSESTree.Node };
  target: string;
  /** The key of the value; undefined when it names no object (a call, a literal, `b = value`). */
  value: string | undefined;
}

const copiesCache = new WeakMap<TSESTree.Program, KeyedCopy[]>();

/** The file's copies whose target has a key, in source order. */
export function keyedCopies(sourceCode: SourceCode): readonly KeyedCopy[] {
  const cached = copiesCache.get(sourceCode.ast);
  if (cached) return cached;
  const copies: KeyedCopy[] = [];
  for (const node of resourceNodes(sourceCode).nodes) {
    const copy = copiedValue(node);
    if (!copy) continue;
    const target = referenceKey(copy.target, sourceCode);
    if (target !== undefined) copies.push({ node, copy, target, value: referenceKey(copy.value, sourceCode) });
  }
  copiesCache.set(sourceCode.ast, copies);
  return copies;
}

export function keyAliases(sourceCode: SourceCode): KeyAliases {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const aliases = new KeyAliases();
  for (const { target: key, value: valueKey } of keyedCopies(sourceCode)) {
    // A global is no object of the file: `this.socket = undefined` and `err = undefined` do not make
    // `this.socket` and `err` one object.
    if (valueKey !== undefined && !key.startsWith('global:') && !valueKey.startsWith('global:')) aliases.union(key, valueKey);
  }
  for (const [field, parameter] of parameterProperties(sourceCode)) aliases.union(field, parameter);
  cache.set(sourceCode.ast, aliases);
  return aliases;
}

/**
 * `constructor(private session: Session)`: `this.session` is the parameter `session`, as if the
 * constructor began with `this.session = session` (pairs of keys, field first).
 */
function parameterProperties(sourceCode: SourceCode): [string, string][] {
  const pairs: [string, string][] = [];
  for (const node of resourceNodes(sourceCode).constructors) {
    const classNode = node.parent.parent;
    for (const param of node.value.params) {
      if (param.type !== AST_NODE_TYPES.TSParameterProperty || param.parameter.type !== AST_NODE_TYPES.Identifier) continue;
      const key = referenceKey(param.parameter, sourceCode);
      if (key !== undefined) pairs.push([`this@${classNode.range[0]}.${param.parameter.name}`, key]);
    }
  }
  return pairs;
}

/** `target = value` as a declarator with an initialiser or a plain `=` assignment. */
export function copiedValue(node: TSESTree.Node): { target: TSESTree.Node; value: TSESTree.Node } | undefined {
  if (node.type === AST_NODE_TYPES.VariableDeclarator) return node.init ? { target: node.id, value: node.init } : undefined;
  if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=') return { target: node.left, value: node.right };
  return undefined;
}

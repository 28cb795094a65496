/**
 * Classes of the file that extend one of Node's servers (`class Relay extends net.Server`): in
 * their methods `this` is a server of that family, and its 'connection' listeners
 * (`this.on('connection', this.relay)`) receive its sockets as any server's listeners do.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { mayMention } from '../tokens.js';
import { outermost, skipWrappers } from './ast.js';
import { classBodyOf } from './classes.js';
import { traceModuleReferences, type TraceMap } from './file-facts.js';
import type { ServerFamily } from './node-api.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const { READ, ESM } = ASTUtils.ReferenceTracker;
const FAMILIES: readonly ServerFamily[] = ['net', 'tls', 'http', 'https'];
const TRACE_MAP = Object.fromEntries(
  FAMILIES.flatMap((family) => {
    const members = { Server: { [READ]: family } };
    const module = { [ESM]: true, ...members, default: members };
    return [
      [family, module],
      [`node:${family}`, module],
    ];
  }),
) as unknown as TraceMap;
const WORDS = ['Server'];

const cache = new WeakMap<TSESTree.Program, Map<TSESTree.Node, ServerFamily>>();

/** The file's classes' `extends` of Node's server classes (`net.Server`, `Server` imported from 'http'), with their family. */
function serverClassReads(sourceCode: SourceCode): Map<TSESTree.Node, ServerFamily> {
  let found = cache.get(sourceCode.ast);
  if (found) return found;
  found = new Map();
  if (mayMention(sourceCode, WORDS)) {
    const reads = found;
    // Only what a class extends (`extends net.Server`), not a type named `Server`.
    const noteIfExtended = (node: TSESTree.Node, family: ServerFamily): void => {
      const holder = outermost(node).parent;
      const extended = (holder?.type === AST_NODE_TYPES.ClassDeclaration || holder?.type === AST_NODE_TYPES.ClassExpression) && holder.superClass === outermost(node);
      if (extended) reads.set(node, family);
    };
    traceModuleReferences(sourceCode, TRACE_MAP, ({ node, type, info }) => {
      if (type !== READ) return;
      // `import { Server } from 'node:http'` is found at its specifier: its uses are the name's references.
      const named = node.type === AST_NODE_TYPES.ImportSpecifier ? (sourceCode.scopeManager?.getDeclaredVariables(node) ?? []) : [];
      for (const variable of named) for (const ref of variable.references) noteIfExtended(ref.identifier, info as ServerFamily);
      if (named.length === 0) noteIfExtended(node, info as ServerFamily);
    });
  }
  cache.set(sourceCode.ast, found);
  return found;
}

/** The server `self` (a `this`) is when its class extends one of Node's, as the detector answers it. */
export function serverClassMatch(self: TSESTree.ThisExpression, sourceCode: SourceCode): { family: ServerFamily; via: 'syntax' } | undefined {
  const superClass = classBodyOf(self)?.parent.superClass;
  const family = superClass ? serverClassReads(sourceCode).get(skipWrappers(superClass)) : undefined;
  return family && { family, via: 'syntax' };
}

/** Does the file read one of Node's server classes (to extend it)? Then `this` may be a server. */
export function readsServerClasses(sourceCode: SourceCode): boolean {
  return serverClassReads(sourceCode).size > 0;
}

/**
 * Classes of the file that extend one of Node's servers (`class Relay extends net.Server`): in
 * their methods `this` is a server of that family, and its 'connection' listeners
 * (`this.on('connection', this.relay)`) receive its sockets as any server's listeners do. So do
 * pre-ES2015 classes that build on one: a constructor that runs `net.Server.call(this)`, or one
 * given the server's prototype with `util.inherits(Relay, net.Server)`.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { mayMention } from '../tokens.js';
import { outermost, skipWrappers } from './ast.js';
import { classBodyOf } from './classes.js';
import { calleeName, dottedName, instanceOwner } from './prototypes.js';
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

interface ServerClasses {
  /** What classes extend (`extends net.Server`), with the family. */
  reads: Map<TSESTree.Node, ServerFamily>;
  /** Pre-ES2015 constructors built on a server (`net.Server.call(this)`, `util.inherits(C, net.Server)`), by name. */
  constructors: Map<string, ServerFamily>;
}

const cache = new WeakMap<TSESTree.Program, ServerClasses>();

/** The file's classes' `extends` of Node's server classes (`net.Server`, `Server` imported from 'http'), with their family. */
function serverClassReads(sourceCode: SourceCode): ServerClasses {
  let found = cache.get(sourceCode.ast);
  if (found) return found;
  found = { reads: new Map(), constructors: new Map() };
  if (mayMention(sourceCode, WORDS)) {
    const { reads, constructors } = found;
    // Only what a class extends (`extends net.Server`), not a type named `Server`.
    const noteIfExtended = (node: TSESTree.Node, family: ServerFamily): void => {
      const read = outermost(node);
      const holder = read.parent;
      const extended = (holder?.type === AST_NODE_TYPES.ClassDeclaration || holder?.type === AST_NODE_TYPES.ClassExpression) && holder.superClass === read;
      if (extended) reads.set(node, family);
      const owner = constructorBuiltOn(read, sourceCode);
      if (owner !== undefined) constructors.set(owner, family);
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

/**
 * The pre-ES2015 constructor the server class `read` is built into: `read.call(this, …)` (or
 * `apply`) in it, or `inherits(Constructor, read)`. Undefined for any other read.
 */
function constructorBuiltOn(read: TSESTree.Node, sourceCode: SourceCode): string | undefined {
  const holder = read.parent;
  if (holder?.type === AST_NODE_TYPES.MemberExpression && holder.object === read && holder.parent.type === AST_NODE_TYPES.CallExpression && holder.parent.callee === holder) {
    const method = holder.property.type === AST_NODE_TYPES.Identifier && !holder.computed ? holder.property.name : undefined;
    const [self] = holder.parent.arguments;
    return (method === 'call' || method === 'apply') && self?.type === AST_NODE_TYPES.ThisExpression ? instanceOwner(self, sourceCode) : undefined;
  }
  if (holder?.type !== AST_NODE_TYPES.CallExpression || holder.arguments[1] !== read || !holder.arguments[0]) return undefined;
  return calleeName(holder) === 'inherits' ? dottedName(holder.arguments[0]) : undefined;
}

/** The server `self` (a `this`) is when its class extends one of Node's, as the detector answers it. */
export function serverClassMatch(self: TSESTree.ThisExpression, sourceCode: SourceCode): { family: ServerFamily; via: 'syntax' } | undefined {
  const classes = serverClassReads(sourceCode);
  const superClass = classBodyOf(self)?.parent.superClass;
  let family = superClass ? classes.reads.get(skipWrappers(superClass)) : undefined;
  if (!family && classes.constructors.size > 0) {
    const owner = instanceOwner(self, sourceCode);
    family = owner === undefined ? undefined : classes.constructors.get(owner);
  }
  return family && { family, via: 'syntax' };
}

/** Does the file read one of Node's server classes (to extend it)? Then `this` may be a server. */
export function readsServerClasses(sourceCode: SourceCode): boolean {
  const classes = serverClassReads(sourceCode);
  return classes.reads.size > 0 || classes.constructors.size > 0;
}

/**
 * Node's networking modules held as values, and what a call of their members through such a value
 * makes: `const mod = secure ? https : http; mod.request(opts)`, or a table the file writes once
 * and never changes, `exports.protocols = { 'http:': http, 'https:': https }`, read as
 * `exports.protocols[url.protocol].request(opts)`. The call makes what `http.request()` makes when
 * every module the value may hold gives the same thing (`http.request` and `https.request` both
 * make a ClientRequest; `http.createServer` and `https.createServer` make servers of two families,
 * so neither is known).
 *
 * Precision first: a module is known only from `require('http')` (with no local `require`) or an
 * `import` of it, held by a variable written once; a table only when it is an object literal of
 * such modules (no spread, no method), held by a `const`/`var` written once whose every use reads
 * one of its entries, or by a dotted path (`exports.protocols`) the file assigns once and never
 * writes an entry of; a field of a pre-ES2015 class's instance given only such values. A module
 * the caller gives alone (`opts.httpModule`) is not one; as a fallback's override (`opts.httpModule
 * || http`) it counts, as it does for the ReferenceTracker, which passes through `||`.
 *
 * Answers are cached per node; the dotted paths written in the file are read once per file from
 * the model's walk (src/model/resource-walk.ts).
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { findVariable } from '../listeners.js';
import { calleeMember, propertyName, skipWrappers } from './ast.js';
import { NODE_MODULES, type Origin } from './node-api.js';
import { dottedName, instanceOwner, prototypeFields } from './prototypes.js';
import { resourceNodes } from './resource-walk.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The module names (without `node:`) a value may hold; undefined when any is not one of Node's. */
type Modules = readonly string[];

const modulesCache = new WeakMap<TSESTree.Node, Modules | null>();
const originCache = new WeakMap<TSESTree.Node, Origin | null>();
const pathWritesCache = new WeakMap<TSESTree.Program, Map<string, TSESTree.Node[]>>();
const MEMBERS: ReadonlySet<string> = new Set(Object.values(NODE_MODULES).flatMap((members) => Object.keys(members)));
/** The members whose call (or `new`) makes a socket in some module. */
const SOCKET_CALLS: ReadonlySet<string> = new Set(Object.values(NODE_MODULES).flatMap((members) => Object.keys(members).filter((name) => members[name]!.call?.socket)));
const SOCKET_CONSTRUCTS: ReadonlySet<string> = new Set(Object.values(NODE_MODULES).flatMap((members) => Object.keys(members).filter((name) => members[name]!.construct?.socket)));

function moduleName(specifier: unknown): string | undefined {
  if (typeof specifier !== 'string') return undefined;
  const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  return Object.hasOwn(NODE_MODULES, name) ? name : undefined;
}

/**
 * What `mod.request(…)` / `new mod.Socket()` makes when `mod` holds one of Node's networking modules
 * as a value (a variable given a choice of modules, or an entry of a static table). Undefined for a
 * plain `http.request()`: the file's ReferenceTracker answers those (src/model/file-facts.ts).
 */
export function moduleValueOrigin(node: TSESTree.CallExpression | TSESTree.NewExpression, sourceCode: SourceCode): Origin | undefined {
  // Cheap first, before the cache: a member named like one of the modules' members, on something other than a plain name.
  const member = moduleMember(node, MEMBERS);
  if (!member) return undefined;
  const { name, object } = member;
  const cached = originCache.get(node);
  if (cached !== undefined) return cached ?? undefined;
  const origin = findOrigin(node, name, object, sourceCode);
  originCache.set(node, origin ?? null);
  return origin;
}

/**
 * Can `node` make a socket through a module held as a value (`mod.connect()`, `new mod.Socket()`)?
 * From its syntax alone, without following the value: true for every node `moduleValueOrigin`
 * says makes a socket, and for some others.
 */
export function mayMakeSocketAsModuleValue(node: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  return moduleMember(node, node.type === AST_NODE_TYPES.CallExpression ? SOCKET_CALLS : SOCKET_CONSTRUCTS) !== undefined;
}

/** The member `node` calls or constructs, when it is one of `names` on something other than a plain name. */
function moduleMember(node: TSESTree.CallExpression | TSESTree.NewExpression, names: ReadonlySet<string>): { name: string; object: TSESTree.Node } | undefined {
  const member =
    node.type === AST_NODE_TYPES.CallExpression
      ? calleeMember(node)
      : (() => {
          const callee = skipWrappers(node.callee);
          const name = callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier ? callee.property.name : undefined;
          return name === undefined ? undefined : { object: (callee as TSESTree.MemberExpression).object, name };
        })();
  if (!member || !names.has(member.name)) return undefined;
  const object = skipWrappers(member.object);
  if (object.type !== AST_NODE_TYPES.Identifier && object.type !== AST_NODE_TYPES.MemberExpression && object.type !== AST_NODE_TYPES.ConditionalExpression) return undefined;
  return { name: member.name, object };
}

function findOrigin(node: TSESTree.CallExpression | TSESTree.NewExpression, name: string, object: TSESTree.Node, sourceCode: SourceCode): Origin | undefined {
  const modules = modulesOf(object, sourceCode);
  if (!modules || modules.length === 0) return undefined;
  let found: Origin | undefined;
  for (const module of modules) {
    const entry = NODE_MODULES[module]![name];
    const origin = node.type === AST_NODE_TYPES.CallExpression ? entry?.call : entry?.construct;
    if (!origin) return undefined;
    if (found && !sameOrigin(found, origin)) return undefined;
    found = origin;
  }
  return found;
}

function sameOrigin(a: Origin, b: Origin): boolean {
  return a.socket === b.socket && a.server === b.server && a.callbackParams === b.callbackParams && a.callbackMaxIndex === b.callbackMaxIndex;
}

/** The modules `node` may hold, when each of them is one of Node's networking modules. */
export function modulesOf(node: TSESTree.Node, sourceCode: SourceCode): Modules | undefined {
  const cached = modulesCache.get(node);
  if (cached !== undefined) return cached ?? undefined;
  modulesCache.set(node, null); // a value defined through itself is no module
  const modules = findModules(skipWrappers(node), sourceCode);
  modulesCache.set(node, modules ?? null);
  return modules;
}

function findModules(node: TSESTree.Node, sourceCode: SourceCode): Modules | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.CallExpression: {
      const [argument] = node.arguments;
      if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'require' || node.arguments.length !== 1) return undefined;
      if (!argument || argument.type !== AST_NODE_TYPES.Literal) return undefined;
      const binding = findVariable(sourceCode.getScope(node), 'require');
      if (binding && binding.defs.length > 0) return undefined; // a `require` of the file's own
      const name = moduleName(argument.value);
      return name === undefined ? undefined : [name];
    }
    case AST_NODE_TYPES.ConditionalExpression: {
      const consequent = modulesOf(node.consequent, sourceCode);
      const alternate = consequent && modulesOf(node.alternate, sourceCode);
      return consequent && alternate ? [...new Set([...consequent, ...alternate])] : undefined;
    }
    case AST_NODE_TYPES.Identifier: {
      const variable = findVariable(sourceCode.getScope(node), node);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (!variable || !def) return undefined;
      if (def.type === TSESLint.Scope.DefinitionType.ImportBinding) {
        const specifier = def.node;
        if (specifier.type !== AST_NODE_TYPES.ImportDefaultSpecifier && specifier.type !== AST_NODE_TYPES.ImportNamespaceSpecifier) return undefined;
        if (specifier.parent.importKind === 'type') return undefined;
        const name = moduleName(specifier.parent.source.value);
        return name === undefined ? undefined : [name];
      }
      const init = onlyInit(variable, def);
      return init ? modulesOf(init, sourceCode) : undefined;
    }
    case AST_NODE_TYPES.LogicalExpression: {
      // `options.httpModule || http`: the code uses whatever it gets as Node's module, as the
      // ReferenceTracker of src/model/file-facts.ts reads `x || http` too.
      if (node.operator === '&&') return undefined;
      return modulesOf(node.right, sourceCode);
    }
    case AST_NODE_TYPES.MemberExpression: {
      // A field of a pre-ES2015 class's instance given only modules (`self.httpModule = …`).
      const field = fieldValues(node, sourceCode);
      if (field) return allModules(field, sourceCode);
      // An entry of a static table: `protocols[url.protocol]`, `exports.protocols['http:']`.
      const table = tableOf(node.object, sourceCode);
      if (!table) return undefined;
      const values: TSESTree.Node[] = [];
      for (const property of table.properties) {
        if (property.type !== AST_NODE_TYPES.Property || property.kind !== 'init' || property.method) return undefined;
        values.push(property.value);
      }
      return allModules(values, sourceCode);
    }
    default:
      return undefined;
  }
}

/** The values of `this.x` / `self.x` of a pre-ES2015 class (src/model/prototypes.ts), when the file follows every write. */
function fieldValues(node: TSESTree.MemberExpression, sourceCode: SourceCode): readonly TSESTree.Node[] | undefined {
  if (node.computed) return undefined;
  const owner = instanceOwner(node.object, sourceCode);
  const name = owner === undefined ? undefined : propertyName(node);
  const member = name === undefined ? undefined : prototypeFields(owner!, sourceCode).get(name);
  return member && !member.opaque && member.values.length > 0 ? member.values : undefined;
}

function allModules(values: readonly TSESTree.Node[], sourceCode: SourceCode): Modules | undefined {
  const modules = new Set<string>();
  for (const value of values) {
    const found = modulesOf(value, sourceCode);
    if (!found) return undefined;
    for (const name of found) modules.add(name);
  }
  return [...modules];
}

/** The initialiser of a variable declared with one and written nowhere else. */
function onlyInit(variable: TSESLint.Scope.Variable, def: TSESLint.Scope.Definition): TSESTree.Expression | undefined {
  if (def.node.type !== AST_NODE_TYPES.VariableDeclarator || def.node.id !== def.name || !def.node.init) return undefined;
  if (variable.references.some((ref) => ref.isWrite() && !ref.init)) return undefined;
  return def.node.init;
}

/**
 * The object literal a static table is: the initialiser of a variable written once whose every
 * read reads one of its entries (it is never passed on, exported or written into), or the one value
 * the file assigns to a dotted path (`exports.protocols`) none of whose entries it writes.
 */
function tableOf(object: TSESTree.Node, sourceCode: SourceCode): TSESTree.ObjectExpression | undefined {
  const target = skipWrappers(object);
  if (target.type === AST_NODE_TYPES.Identifier) {
    const variable = findVariable(sourceCode.getScope(target), target);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    const init = variable && def ? onlyInit(variable, def) : undefined;
    if (!init || skipWrappers(init).type !== AST_NODE_TYPES.ObjectExpression) return undefined;
    const onlyEntriesRead = variable!.references.every((ref) => ref.init === true || (!ref.isWrite() && readsEntry(ref.identifier)));
    return onlyEntriesRead ? (skipWrappers(init) as TSESTree.ObjectExpression) : undefined;
  }
  if (target.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const path = dottedName(target);
  if (path === undefined) return undefined;
  const writes = pathWrites(sourceCode);
  const values = writes.get(path);
  if (values?.length !== 1) return undefined;
  // An entry written (`exports.protocols['ws:'] = …`, `exports.protocols.ws = …`).
  for (const written of writes.keys()) if (written.startsWith(`${path}.`)) return undefined;
  const value = skipWrappers(values[0]!);
  return value.type === AST_NODE_TYPES.ObjectExpression ? value : undefined;
}

/** Is `node` only the object of an entry read (`table[key]`, `table.http`), not written? */
function readsEntry(node: TSESTree.Node): boolean {
  const member = node.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== node) return false;
  const parent = member.parent;
  if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === member) return false;
  if (parent.type === AST_NODE_TYPES.UpdateExpression) return false;
  if (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'delete') return false;
  return true;
}

/**
 * The values the file assigns to each dotted path (`exports.protocols = …`; another operator
 * counts as the assignment itself; a computed entry, `exports.protocols[k] = …`, is keyed by its
 * object's path plus `.[]`), read once per file.
 */
function pathWrites(sourceCode: SourceCode): Map<string, TSESTree.Node[]> {
  let writes = pathWritesCache.get(sourceCode.ast);
  if (writes) return writes;
  writes = new Map();
  pathWritesCache.set(sourceCode.ast, writes);
  for (const node of resourceNodes(sourceCode).nodes) {
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.left.type !== AST_NODE_TYPES.MemberExpression) continue;
    const path = dottedName(node.left) ?? (node.left.computed ? withEntry(dottedName(node.left.object)) : undefined);
    if (path === undefined) continue;
    const list = writes.get(path) ?? [];
    list.push(node.operator === '=' ? node.right : node); // `+=` and the like: a value that is no table
    writes.set(path, list);
  }
  return writes;
}

/** A computed entry of a path, written under a key no dotted path has. */
function withEntry(path: string | undefined): string | undefined {
  return path === undefined ? undefined : `${path}.[]`;
}

const valueUseCache = new WeakMap<TSESTree.Program, boolean>();

/**
 * Does the file hold one of Node's networking modules as a value: a top-level variable given
 * `require('http')` or an `import` of it (default or namespace) that is read other than as
 * `http.member`? Then a call through that value may make a socket (for the "nothing here can be a
 * socket" answer of src/model/file-facts.ts). Read once per file, from its top-level variables.
 */
export function mayHoldModuleValues(sourceCode: SourceCode): boolean {
  const cached = valueUseCache.get(sourceCode.ast);
  if (cached !== undefined) return cached;
  let found = false;
  const globalScope = sourceCode.scopeManager?.globalScope;
  const scopes = globalScope ? [globalScope, ...globalScope.childScopes.filter((scope) => scope.type === TSESLint.Scope.ScopeType.module || (scope.type === TSESLint.Scope.ScopeType.function && scope.block.type === AST_NODE_TYPES.Program))] : [];
  for (const scope of scopes) {
    for (const variable of scope.variables) {
      const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
      if (!def || !(def.type === TSESLint.Scope.DefinitionType.ImportBinding || def.type === TSESLint.Scope.DefinitionType.Variable)) continue;
      if (!variable.references.some((ref) => ref.isRead() && !isMemberObject(ref.identifier))) continue;
      const name = def.name.type === AST_NODE_TYPES.Identifier ? def.name : undefined;
      if (name && modulesOf(name, sourceCode)) {
        found = true;
        break;
      }
    }
    if (found) break;
  }
  valueUseCache.set(sourceCode.ast, found);
  return found;
}

function isMemberObject(node: TSESTree.Node): boolean {
  return node.parent?.type === AST_NODE_TYPES.MemberExpression && node.parent.object === node;
}

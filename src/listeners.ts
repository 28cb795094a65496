/**
 * Listener lookup shared by the rules: recognising `target.on('event', fn)` calls, telling whether
 * two expressions name the same object, and finding the listeners registered on one object.
 *
 * Identity is syntactic and conservative: two expressions are the same object when they resolve to
 * the same variable (through the scope manager, so shadowing is respected) or are the same member
 * chain on the same variable or on `this` (`this.socket`, `conn.socket`). Anything else (calls,
 * computed members with non-literal keys) is never "the same", so callers do not report on a guess.
 */
import { TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { heldThis, propertyName, skipWrappers } from './model/ast.js';
import { LISTEN_METHODS } from './model/node-api.js';
import { methodOwnerOf } from './model/prototypes.js';

export { LISTEN_METHODS };

export interface ListenerCall {
  /** The call `target.on('event', listener)`. */
  call: TSESTree.CallExpression;
  /** The object the listener is registered on. */
  target: TSESTree.Expression;
  /** The registering method (`on`, `once`, ...). */
  method: string;
  /** The event name, when it is a static string. */
  event: string;
  /** The listener argument, if any. */
  listener: TSESTree.CallExpressionArgument | undefined;
}


/** The called name: `f` in `f()`, `on` in `s.on()` / `new net.Server()` -> `Server`; undefined otherwise. */
export function calleeName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
  const callee = skipWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression) return propertyName(callee);
  return undefined;
}

/** The specifier of `require('x')` as written (`'node:net'` stays so), or undefined for anything else. */
export function requiredModule(node: TSESTree.Node): string | undefined {
  if (
    node.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.Identifier &&
    node.callee.name === 'require' &&
    node.arguments.length === 1 &&
    node.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    typeof node.arguments[0].value === 'string'
  ) {
    return node.arguments[0].value;
  }
  return undefined;
}


/**
 * Reads `target.on('event', listener)` (any of LISTEN_METHODS, optional chaining allowed).
 * `scope` lets a `const EVENT = 'error'` count as the static string `'error'`.
 */
export function getListenerCall(node: TSESTree.CallExpression, scope?: TSESLint.Scope.Scope): ListenerCall | undefined {
  const callee = skipWrappers(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = propertyName(callee);
  if (method === undefined || !LISTEN_METHODS.has(method)) return undefined;
  const [eventArg, listener] = node.arguments;
  if (!eventArg || eventArg.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const event =
    eventArg.type === AST_NODE_TYPES.Literal && typeof eventArg.value === 'string' ? eventArg.value : ASTUtils.getStringIfConstant(eventArg, scope);
  if (event === null) return undefined;
  return { call: node, target: callee.object, method, event, listener };
}

/**
 * `getListenerCall(call, sourceCode.getScope(call))` for every module of the model: the callee's
 * name is checked before the scope is looked up (most calls of a file register nothing), and the
 * scope is only needed where the event is not written as a string (`const EVENT = 'error'`).
 */
export function listenerCallOf(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): ListenerCall | undefined {
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = propertyName(callee);
  if (method === undefined || !LISTEN_METHODS.has(method)) return undefined;
  const known = listenerCallCache.get(call);
  if (known !== undefined) return known ?? undefined;
  const event = call.arguments[0];
  const named = event?.type === AST_NODE_TYPES.Literal && typeof event.value === 'string';
  const listener = getListenerCall(call, named ? undefined : sourceCode.getScope(call));
  listenerCallCache.set(call, listener ?? null);
  return listener;
}

/** What `listenerCallOf` read of each registration: several modules of the model ask of the same calls, and get the same object. */
const listenerCallCache = new WeakMap<TSESTree.CallExpression, ListenerCall | null>();

type Scope = TSESLint.Scope.Scope;

/** Child scopes sorted by where they start, or null when two overlap (then they are scanned in order). */
const sortedChildScopes = new WeakMap<Scope, readonly Scope[] | null>();

/** The child scope of `scope` whose block holds `location`: a binary search over long lists. */
function childScopeAt(scope: Scope, location: number): Scope | undefined {
  const children = scope.childScopes;
  let sorted = children.length > 8 ? sortedChildScopes.get(scope) : null;
  if (sorted === undefined) {
    const byStart = [...children].sort((a, b) => a.block.range[0] - b.block.range[0]);
    const disjoint = byStart.every((child, index) => index === 0 || byStart[index - 1]!.block.range[1] <= child.block.range[0]);
    sorted = disjoint ? byStart : null;
    sortedChildScopes.set(scope, sorted);
  }
  if (!sorted) return children.find((child) => child.block.range[0] <= location && location < child.block.range[1]);
  let low = 0;
  let high = sorted.length - 1;
  let candidate: Scope | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const child = sorted[middle]!;
    if (child.block.range[0] <= location) {
      candidate = child;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return candidate && location < candidate.block.range[1] ? candidate : undefined;
}

/**
 * `ASTUtils.findVariable` with the same answers: by name up the scope chain from `initialScope`,
 * or, given an identifier, from the innermost scope below `initialScope` that holds it. That
 * scope is found by a binary search over the child scopes where eslint-utils scans them all, which
 * made every lookup in a long function cost as much as the function has callbacks and blocks.
 */
export function findVariable(initialScope: Scope, nameOrNode: string | TSESTree.Identifier): TSESLint.Scope.Variable | null {
  let scope: Scope | null = initialScope;
  let name = nameOrNode as string;
  if (typeof nameOrNode !== 'string') {
    name = nameOrNode.name;
    const location = nameOrNode.range[0];
    for (let child = childScopeAt(scope, location); child; child = childScopeAt(child, location)) scope = child;
  }
  for (; scope; scope = scope.upper) {
    const variable = scope.set.get(name);
    if (variable) return variable;
  }
  return null;
}

/**
 * The variable an identifier refers to, or `undefined` for globals that are not declared.
 * `scope` must be the scope the identifier appears in (`sourceCode.getScope(identifier)`).
 * Looked up by name up the scope chain: `findVariable(scope, node)` would rescan every child scope
 * by range on each call, which is quadratic in a function with many callbacks.
 */
export function resolveVariable(
  identifier: TSESTree.Identifier,
  scope: TSESLint.Scope.Scope,
): TSESLint.Scope.Variable | undefined {
  return findVariable(scope, identifier.name) ?? undefined;
}

/**
 * A key naming the object an expression denotes, equal for two expressions that name the same
 * object, or `undefined` when that cannot be told from syntax (calls, computed keys, ...).
 * Variables are keyed by identity, so the key is only comparable within one file's lint.
 */
export function referenceKey(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): string | undefined {
  // Several rules ask for the same nodes: the key depends on the node and its file only.
  let key = referenceKeys.get(node);
  if (key === undefined) {
    key = readReferenceKey(node, sourceCode) ?? null;
    referenceKeys.set(node, key);
  }
  return key ?? undefined;
}
const referenceKeys = new WeakMap<TSESTree.Node, string | null>();

function readReferenceKey(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): string | undefined {
  const path: string[] = [];
  let current = skipWrappers(node);
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(current) ?? boundKey(current, sourceCode);
    if (name === undefined) return undefined;
    path.unshift(name);
    current = skipWrappers(current.object);
  }
  let root: string;
  if (current.type === AST_NODE_TYPES.ThisExpression) {
    // `this` means the same object within one class body: key it by the enclosing class, or by
    // the constructor function of a pre-ES2015 class (`Conn.prototype.open = function () {…}`).
    const owner = thisRoot(current, sourceCode);
    if (owner === undefined) return undefined;
    root = owner;
  } else if (current.type === AST_NODE_TYPES.Identifier) {
    const variable = resolveVariable(current, sourceCode.getScope(current));
    if (!variable) return undefined;
    // `const self = this`: `self.socket` is `this.socket`, whichever of the two names a line uses.
    const instance = heldThis(variable);
    const owner = instance && thisRoot(instance, sourceCode);
    const declared = variable.defs[0]?.name ?? variable.identifiers[0];
    root = owner ?? (declared ? `var@${declared.range[0]}:${variable.name}` : `global:${variable.name}`);
  } else {
    return undefined;
  }
  return [root, ...path].join('.');
}

/**
 * `registry[id]` where `id` is a name bound once (a `const`, a parameter or a `let` never written
 * again): the entry under that binding, the same object wherever the same binding indexes the same
 * collection (`registry[id] = net.connect(…)`, then `registry[id].on('close', …)`).
 */
function boundKey(member: TSESTree.MemberExpression, sourceCode: Readonly<TSESLint.SourceCode>): string | undefined {
  if (!member.computed || member.property.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = resolveVariable(member.property, sourceCode.getScope(member.property));
  const declared = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || !declared || (declared.type !== TSESLint.Scope.DefinitionType.Variable && declared.type !== TSESLint.Scope.DefinitionType.Parameter)) return undefined;
  if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
  return `[var@${declared.name.range[0]}:${variable.name}]`;
}

/**
 * Was the variable a key starts from declared inside `node` (`var@<position>:name…`, see
 * `readReferenceKey`)? Such a name lives only as long as one run of `node`.
 */
export function keyDeclaredWithin(key: string, node: TSESTree.Node): boolean {
  const position = /^var@(\d+):/u.exec(key)?.[1];
  return position !== undefined && Number(position) >= node.range[0] && Number(position) < node.range[1];
}

/**
 * The root of `this`'s key: `this@<class start>` in a class body, `this@proto:<Name>` in a
 * pre-ES2015 class whose prototype the file gives methods (one by one, as a literal, or through
 * `extend(Name.prototype, { … })` / `Object.assign`: src/model/prototypes.ts).
 */
function thisRoot(node: TSESTree.ThisExpression, sourceCode: Readonly<TSESLint.SourceCode>): string | undefined {
  for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassDeclaration || current.type === AST_NODE_TYPES.ClassExpression) {
      return `this@${current.range[0]}`;
    }
    // A plain function rebinds `this`; arrow functions keep the class's.
    if (current.type === AST_NODE_TYPES.FunctionDeclaration || current.type === AST_NODE_TYPES.FunctionExpression) {
      if (current.parent.type !== AST_NODE_TYPES.MethodDefinition && current.parent.type !== AST_NODE_TYPES.PropertyDefinition) {
        const name = methodOwnerOf(current, sourceCode);
        return name === undefined ? undefined : `this@proto:${name}`;
      }
    }
  }
  return undefined;
}

/** Do the two expressions name the same object (by `referenceKey`)? */
export function isSameReference(
  a: TSESTree.Node,
  b: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  const keyA = referenceKey(a, sourceCode);
  return keyA !== undefined && keyA === referenceKey(b, sourceCode);
}

/**
 * Every listener call in `root` (a function body, a program) registering `event` on the object
 * `target` names, including chained registrations (`net.connect(...).on('error', fn)` is found
 * when `target` is that `net.connect(...)` call or the variable it is assigned to).
 */
export function findListenerCalls(
  root: TSESTree.Node,
  target: TSESTree.Node,
  event: string,
  sourceCode: Readonly<TSESLint.SourceCode>,
): ListenerCall[] {
  const targetKey = referenceKey(target, sourceCode);
  const bases = targetBases(target, sourceCode);
  const found: ListenerCall[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const listener = listenerCallOf(node, sourceCode);
      if (listener?.event === event && refersTo(listener.target, bases, targetKey, sourceCode)) found.push(listener);
    }
    for (const child of childNodes(node, sourceCode)) visit(child);
  };
  visit(root);
  return found;
}

/** `x.on('a', f).on('b', g)` -> `x`: EventEmitter methods return the emitter. */
export function stripListenerChain(node: TSESTree.Node): TSESTree.Node {
  let current = skipWrappers(node);
  while (current.type === AST_NODE_TYPES.CallExpression) {
    const inner = getListenerCall(current);
    if (!inner) break;
    current = skipWrappers(inner.target);
  }
  return current;
}

/**
 * The object `target` names, as the nodes a listener chain may start from: `target` itself and,
 * for a `const` (or never reassigned `let`) variable, the base of its initializer chain, so that
 * `const s = connect().on('error', f)` counts as a registration on `s`.
 */
function targetBases(target: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node[] {
  const bases = [skipWrappers(target)];
  const node = bases[0]!;
  if (node.type !== AST_NODE_TYPES.Identifier) return bases;
  const variable = resolveVariable(node, sourceCode.getScope(node));
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init && isNeverReassigned(variable!)) {
    bases.push(stripListenerChain(def.node.init));
  }
  return bases;
}

function isNeverReassigned(variable: TSESLint.Scope.Variable): boolean {
  return variable.references.every((reference) => !reference.isWrite() || reference.init === true);
}

/** `expr` is a listener chain starting on one of `bases`, or names the same object as `targetKey`. */
function refersTo(
  expr: TSESTree.Node,
  bases: readonly TSESTree.Node[],
  targetKey: string | undefined,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  const base = stripListenerChain(expr);
  if (bases.includes(base)) return true;
  return targetKey !== undefined && referenceKey(base, sourceCode) === targetKey;
}

/** The child nodes of `node`, by the parser's visitor keys. */
export function childNodes(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node[] {
  const keys = sourceCode.visitorKeys[node.type] ?? [];
  const children: TSESTree.Node[] = [];
  for (const key of keys) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) {
      children.push(value);
    }
  }
  return children;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * Listener calls collected in one traversal, to be queried after it (in `Program:exit` or a
 * function's `:exit`): rules call `add` from their `CallExpression` visitor instead of walking a
 * subtree per socket.
 */
export class ListenerIndex {
  readonly #calls: ListenerCall[] = [];
  readonly #sourceCode: Readonly<TSESLint.SourceCode>;

  constructor(sourceCode: Readonly<TSESLint.SourceCode>) {
    this.#sourceCode = sourceCode;
  }

  /** Records `node` when it registers a listener; returns what it read. */
  add(node: TSESTree.CallExpression): ListenerCall | undefined {
    const listener = getListenerCall(node, this.#sourceCode.getScope(node));
    if (listener) this.#calls.push(listener);
    return listener;
  }

  /** The recorded registrations of `event` on the object `target` names (optionally only inside `within`). */
  on(target: TSESTree.Node, event: string, within?: TSESTree.Node): ListenerCall[] {
    const targetKey = referenceKey(target, this.#sourceCode);
    const bases = targetBases(target, this.#sourceCode);
    return this.#calls.filter(
      (listener) =>
        listener.event === event &&
        (!within || (listener.call.range[0] >= within.range[0] && listener.call.range[1] <= within.range[1])) &&
        refersTo(listener.target, bases, targetKey, this.#sourceCode),
    );
  }
}

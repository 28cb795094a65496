/**
 * Which reference keys of the file name the same object through a plain copy
 * (`const s = this.socket`, `this.socket = socket`): a listener or a release on one counts for the
 * other. One answer per file.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { KeyAliases, referenceKey } from '../dead-socket.js';
import { enclosingFunction, type FunctionNode, propertyName, runtimeParams, skipWrappers } from './ast.js';
import { callSites, plainWrites } from './call-sites.js';
import { visitOutsideFunctions } from './classes.js';
import { emitterKey, listenerCallOf, variableOf } from './dead-socket.js';
import { callbackArgument } from './callback-params.js';
import { plainCallsByName, resolveFunction } from './functions.js';
import { addTo, resourceNodes } from './resource-walk.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const cache = new WeakMap<TSESTree.Program, KeyAliases>();

/** A copy of the file (`target = value`) with the keys of both sides, read once for key-aliases.ts and same-objects.ts. */
export interface KeyedCopy {
  node: TSESTree.Node;
  copy: { target: TSESTree.Node; value: TSESTree.Node };
  target: string;
  /** The key of the value (of `b` in `a = b = value`); undefined when it names no object (a call, a literal). */
  value: string | undefined;
}

const copiesCache = new WeakMap<TSESTree.Program, KeyedCopy[]>();

/** The file's copies whose target has a key, in source order. */
export function keyedCopies(sourceCode: SourceCode): readonly KeyedCopy[] {
  const cached = copiesCache.get(sourceCode.ast);
  if (cached) return cached;
  const copies: KeyedCopy[] = [];
  /** Copies of a call's result, by the function of the file that returns its parameter. */
  const throughHelper = new Map<FunctionNode, { copy: KeyedCopy; param: string }[]>();
  for (const node of resourceNodes(sourceCode).nodes) {
    const copy = copiedValue(node);
    if (!copy) continue;
    const target = referenceKey(copy.target, sourceCode);
    if (target === undefined) continue;
    const keyed: KeyedCopy = { node, copy, target, value: referenceKey(chainedTarget(copy.value), sourceCode) };
    copies.push(keyed);
    const helper = keyed.value === undefined ? parameterReturned(copy.value, sourceCode) : undefined;
    if (helper) addTo(throughHelper, helper.fn, { copy: keyed, param: helper.param });
  }
  // `this.socket = this.setUp(socket)` where `setUp` returns its parameter: the field is that
  // parameter, whose listeners `setUp` attaches. Only where every kept result goes to one reference
  // (two fields filled through one helper would become one object).
  for (const sites of throughHelper.values()) {
    if (new Set(sites.map(({ copy }) => copy.target)).size === 1) for (const { copy, param } of sites) copy.value = param;
  }
  copiesCache.set(sourceCode.ast, copies);
  return copies;
}

/** `a = b = value` (`const socket = this.socket = net.connect()`): `a` names what `b` names, whatever `value` is. */
function chainedTarget(value: TSESTree.Node): TSESTree.Node {
  const inner = skipWrappers(value);
  return inner.type === AST_NODE_TYPES.AssignmentExpression && inner.operator === '=' ? inner.left : value;
}

/**
 * For a call of a function of the file whose every `return` gives back one of its parameters
 * (reassigned, if at all, only before its first member use): that function and the parameter's key.
 */
function parameterReturned(value: TSESTree.Node, sourceCode: SourceCode): { fn: FunctionNode; param: string } | undefined {
  const call = skipWrappers(value);
  if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const fn = resolveFunction(call.callee, sourceCode);
  if (!fn || fn.body.type !== AST_NODE_TYPES.BlockStatement) return undefined;
  let returned: TSESTree.Identifier | undefined;
  let other = false;
  visitOutsideFunctions(fn.body, (node) => {
    if (node.type !== AST_NODE_TYPES.ReturnStatement) return;
    const argument = node.argument && skipWrappers(node.argument);
    if (argument?.type === AST_NODE_TYPES.Identifier && (!returned || returned.name === argument.name)) returned = argument;
    else other = true;
  }, sourceCode);
  if (!returned || other) return undefined;
  const name = returned.name;
  const param = fn.params.find((candidate): candidate is TSESTree.Identifier => candidate.type === AST_NODE_TYPES.Identifier && candidate.name === name);
  const variable = param && variableOf(param, sourceCode);
  if (!variable) return undefined;
  // A fallback made first (`if (!socket) socket = new Socket();`) still returns what it listens on:
  // every write comes before the first use of a member (`socket.on(…)`).
  const firstMemberUse = variable.references.find((ref) => ref.identifier.parent?.type === AST_NODE_TYPES.MemberExpression && ref.identifier.parent.object === ref.identifier);
  if (variable.references.some((ref) => ref.isWrite() && (!firstMemberUse || ref.identifier.range[0] > firstMemberUse.identifier.range[0]))) return undefined;
  const key = referenceKey(param, sourceCode);
  return key === undefined ? undefined : { fn, param: key };
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
  for (const [parameter, argument] of callbackParameters(sourceCode)) aliases.union(parameter, argument);
  for (const [parameter, argument] of helperParameters(sourceCode)) aliases.union(parameter, argument);
  for (const [parameter, argument] of boundParameters(sourceCode)) aliases.union(parameter, argument);
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

/**
 * `self.createSocket(opts, function (socket) { … })` where `createSocket` calls `cb(socket)`: the
 * callback's parameter is the object every call of it passes (src/model/callback-params.ts), as
 * if the callback began with `socket = <that object>` (pairs of keys, parameter first).
 */
function callbackParameters(sourceCode: SourceCode): [string, string][] {
  const pairs: [string, string][] = [];
  const key = (node: TSESTree.Node): string | undefined => referenceKey(node, sourceCode);
  for (const call of resourceNodes(sourceCode).callsAndCatches) {
    if (call.type !== AST_NODE_TYPES.CallExpression) continue;
    for (const argument of call.arguments) {
      if (argument.type !== AST_NODE_TYPES.FunctionExpression && argument.type !== AST_NODE_TYPES.ArrowFunctionExpression) continue;
      runtimeParams(argument).forEach((param, index) => {
        if (param.type !== AST_NODE_TYPES.Identifier) return;
        // A parameter given another value is that object only until then.
        if (variableOf(param, sourceCode)?.references.some((ref) => ref.isWrite()) !== false) return;
        const passed = callbackArgument(argument, index, key, sourceCode);
        const own = passed === undefined || passed.startsWith('global:') ? undefined : key(param);
        if (own !== undefined) pairs.push([own, passed!]);
      });
    }
  }
  return pairs;
}

/**
 * `function startKeepalive(socket) { … }` called only by name, each call passing the same object
 * there (`startKeepalive(socket)` in the 'open' listener): the parameter is that object, as if the
 * helper began with `socket = <it>` (pairs of keys, parameter first). Helpers called with different
 * objects, or used other than by a plain call, keep their parameters apart.
 */
function helperParameters(sourceCode: SourceCode): [string, string][] {
  const pairs: [string, string][] = [];
  const seen = new Set<FunctionNode>();
  for (const call of resourceNodes(sourceCode).callsAndCatches) {
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.Identifier || call.arguments.length === 0) continue;
    const fn = resolveFunction(call.callee, sourceCode);
    if (!fn || seen.has(fn)) continue;
    seen.add(fn);
    const calls = plainCallsByName(fn, sourceCode);
    if (!calls || calls.length === 0) continue;
    runtimeParams(fn).forEach((param, index) => {
      if (param.type !== AST_NODE_TYPES.Identifier) return;
      if (variableOf(param, sourceCode)?.references.some((ref) => ref.isWrite()) !== false) return;
      const passed = new Set(calls.map((site) => {
        const argument = site.arguments[index];
        return argument && argument.type !== AST_NODE_TYPES.SpreadElement ? referenceKey(argument, sourceCode) : undefined;
      }));
      const [only] = passed;
      if (passed.size !== 1 || only === undefined || only.startsWith('global:')) return;
      // Handed over from the object's own 'close' (or 'end', 'error') listener: what the helper then
      // registers on it never runs, and must not count as the object's cleanup.
      if (calls.some((site) => inDeathListenerOf(site, only, sourceCode))) return;
      const own = referenceKey(param, sourceCode);
      if (own !== undefined && own !== only) pairs.push([own, only]);
    });
  }
  return pairs;
}

/**
 * The same for a function the file binds with arguments (`conn.once('data', this.accept.bind(this,
 * socket))`), when the file sees every call of it (src/model/call-sites.ts; its plain calls through
 * `this` too): a parameter every call gives the same object is that object.
 */
function boundParameters(sourceCode: SourceCode): [string, string][] {
  const pairs: [string, string][] = [];
  const seen = new Set<FunctionNode>();
  const variables = { variableOf: (identifier: TSESTree.Identifier) => variableOf(identifier, sourceCode) ?? null, variableWrites: plainWrites };
  for (const call of resourceNodes(sourceCode).callsAndCatches) {
    // Only where the file binds arguments: a method called through `this` has its caller's objects at
    // hand, and reading every method's calls costs more than it finds.
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression || call.arguments.length < 2) continue;
    if (propertyName(call.callee) !== 'bind') continue;
    const target = call.callee.object;
    if (target.type !== AST_NODE_TYPES.MemberExpression && target.type !== AST_NODE_TYPES.Identifier) continue;
    const fn = resolveFunction(target, sourceCode);
    if (!fn || seen.has(fn)) continue;
    seen.add(fn);
    const sites = callSites(fn, sourceCode, variables);
    if (sites) pairs.push(...sameArguments(fn, sites, sourceCode));
  }
  // `new Connection(socket, frame)` of a class of the file, every `new` of it seen: its
  // constructor's parameter (also `private socket: Duplex`) is that socket.
  for (const constructor of resourceNodes(sourceCode).constructors) {
    const sites = constructions(constructor.parent.parent, sourceCode);
    if (sites) pairs.push(...sameArguments(constructor.value, sites, sourceCode));
  }
  return pairs;
}

/** A call, `bind()` or `new`, and the arguments it gives. */
type Site = { node: TSESTree.Node; args: readonly TSESTree.CallExpressionArgument[] };

/** Every `new C(…)` of the class, when the file uses its name no other way that could make one. */
function constructions(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression, sourceCode: SourceCode): Site[] | undefined {
  const holder = classNode.parent;
  const id = classNode.id ?? (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier ? holder.id : undefined);
  if (!id) return undefined;
  // The name outside the class, and the one the class binds in its own scope (`static create() { new C(…) }`).
  const variables = [...sourceCode.getDeclaredVariables(classNode), ...(holder?.type === AST_NODE_TYPES.VariableDeclarator ? sourceCode.getDeclaredVariables(holder) : [])];
  const sites: Site[] = [];
  for (const reference of variables.flatMap((variable) => variable.references)) {
    // A type annotation (`(c: Connection) => …`) makes nothing; nor does the declaration's own write.
    if (!reference.isValueReference || reference.init) continue;
    const { identifier } = reference;
    const parent = identifier.parent;
    if (parent?.type === AST_NODE_TYPES.NewExpression && parent.callee === identifier) sites.push({ node: parent, args: parent.arguments });
    // Exported, a static member read (`C.create(…)`) or an `instanceof` test: no construction.
    else if (parent?.type === AST_NODE_TYPES.MemberExpression ? parent.object !== identifier : parent?.type === AST_NODE_TYPES.BinaryExpression ? parent.operator !== 'instanceof' : parent?.type !== AST_NODE_TYPES.ExportSpecifier) return undefined;
  }
  return sites.length > 0 ? sites : undefined;
}

/** Pairs of keys (parameter, object) for each parameter of `fn` that every site gives the same object. */
function sameArguments(fn: TSESTree.FunctionLike, sites: readonly Site[], sourceCode: SourceCode): [string, string][] {
  const pairs: [string, string][] = [];
  runtimeParams(fn).forEach((param, index) => {
    const name = param.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param;
    if (name.type !== AST_NODE_TYPES.Identifier) return;
    if (variableOf(name, sourceCode)?.references.some((ref) => ref.isWrite()) !== false) return;
    const passed = new Set(sites.map(({ args }) => {
      const argument = args[index];
      return argument && argument.type !== AST_NODE_TYPES.SpreadElement ? referenceKey(argument, sourceCode) : undefined;
    }));
    const [only] = passed;
    if (passed.size !== 1 || only === undefined || only.startsWith('global:')) return;
    if (sites.some((site) => inDeathListenerOf(site.node, only, sourceCode))) return;
    const own = referenceKey(name, sourceCode);
    if (own !== undefined && own !== only) pairs.push([own, only]);
  });
  return pairs;
}

/** Does `node` run in a 'close', 'end' or 'error' listener registered (inline) on the object keyed `key`? */
function inDeathListenerOf(node: TSESTree.Node, key: string, sourceCode: SourceCode): boolean {
  const fn = enclosingFunction(node);
  const call = fn?.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
  const listener = listenerCallOf(call, sourceCode);
  return listener !== undefined && listener.listener === fn && DEATH_EVENTS.has(listener.event ?? '') && emitterKey(listener.target, sourceCode) === key;
}

const DEATH_EVENTS: ReadonlySet<string> = new Set(['close', 'end', 'error']);

/** `target = value` as a declarator with an initialiser or a plain `=` assignment. */
export function copiedValue(node: TSESTree.Node): { target: TSESTree.Node; value: TSESTree.Node } | undefined {
  if (node.type === AST_NODE_TYPES.VariableDeclarator) return node.init ? { target: node.id, value: node.init } : undefined;
  if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=') return { target: node.left, value: node.right };
  return undefined;
}

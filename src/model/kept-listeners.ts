/**
 * Listeners a connection adds to an emitter that outlives it and never takes away: in a server's
 * 'connection' listener, `bus.on('stopping', () => socket.close())` adds one closure per
 * connection to `bus`, a value of the module that lives as long as the process. Node keeps every
 * listener until it is removed: each closed connection stays reachable through its closure (with
 * its buffers), the emitter warns past ten listeners, and the next 'stopping' runs the closures of
 * every connection that ever came, on dead sockets.
 *
 * Only where the file shows it all: the listener is a function written inside the function that
 * serves one connection (`isConnection` says which of its parameters is the connection), the
 * emitter is a module-level name given no other value (`process`, an import, a `const` of the
 * module, or a property of one) or the connection of a serving function around the one that serves
 * the listener's connection (`outerConnectionRegistrations`), the registration is `on`, `addListener` or `prependListener` (a
 * one-time listener for a reply each connection waits for, `port.once('message', …)`, goes with
 * that reply) as a statement of its own (a call whose result is used may be an emitter that
 * returns a remover), and
 * the file never calls `off`/`removeListener`/`removeAllListeners` on that emitter or another name
 * for it.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { LIBRARY_OBJECTS } from '../libraries.js';
import { findVariable } from '../listeners.js';
import { enclosingFunction, functionName, type FunctionNode, propertyName, skipWrappers } from './ast.js';
import { contains, listenerCallOf, readMethodCall, referenceKey } from './dead-socket.js';
import { resolveFunction } from './functions.js';
import { keyAliases } from './key-aliases.js';
import { DETACHING_METHODS } from './node-api.js';
import { fileNodes } from './file-nodes.js';
import { resourceNodes } from './resource-walk.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;

/** The registrations that keep a listener until it is removed. */
const ADDING_METHODS: ReadonlySet<string> = new Set(['on', 'addListener', 'prependListener']);

export interface KeptListener {
  /** The registration, `emitter.on('event', listener)`. */
  call: TSESTree.CallExpression;
  /** The long-lived emitter, as the registration names it. */
  emitter: TSESTree.Expression;
  event: string;
  /** The listener: a function of the connection's. */
  listener: FunctionNode;
  /** The function serving the connection, and its connection parameter. */
  serving: FunctionNode;
  connection: TSESTree.Identifier;
}


const cache = new WeakMap<TSESTree.Program, readonly KeptListener[]>();

/**
 * The listeners functions serving one connection add to module-level emitters and that nothing in
 * the file removes. `isConnection(fn)` gives the connection parameter of a function that serves
 * one connection (a server's 'connection' listener), or undefined.
 */
export function keptListeners(sourceCode: SourceCode, isConnection: (fn: FunctionNode) => TSESTree.Identifier | undefined): readonly KeptListener[] {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const found: KeptListener[] = [];
  cache.set(sourceCode.ast, found);
  const candidates: KeptListener[] = [];
  for (const { call, variable } of moduleRegistrations(sourceCode)) {
    if (!sameForEveryConnection(variable)) continue;
    const registration = listenerCallOf(call, sourceCode);
    const listener = registration?.listener && registration.listener.type !== AST_NODE_TYPES.SpreadElement ? resolveFunction(registration.listener, sourceCode) : undefined;
    if (!registration || !listener || !registration.event || call.parent.type !== AST_NODE_TYPES.ExpressionStatement) continue;
    const emitter = skipWrappers(registration.target) as TSESTree.Expression;
    const serving = servingFunction(call, isConnection);
    if (!serving || !contains(serving.fn, listener) || keptElsewhere(registration.listener, sourceCode) || keyedPerConnection(emitter, serving.fn, sourceCode) || addedWhereMade(call, emitter, sourceCode)) continue;
    candidates.push({ call, emitter, event: registration.event, listener, serving: serving.fn, connection: serving.connection });
  }
  candidates.push(...outerConnectionRegistrations(sourceCode, isConnection));
  if (candidates.length === 0) return found;
  const removed = removedFrom(sourceCode);
  const aliases = keyAliases(sourceCode);
  for (const candidate of candidates) {
    const key = keyOf(candidate.emitter, sourceCode);
    if (!removed.some((other) => other === key || aliases.same(other, key))) found.push(candidate);
  }
  return found;
}

/**
 * `upstreams[id].on('data', …)` where `id` is declared in the function that serves the connection:
 * each connection's own entry, which goes with that connection, not one emitter they all share.
 */
function keyedPerConnection(emitter: TSESTree.Node, serving: FunctionNode, sourceCode: SourceCode): boolean {
  for (let node = skipWrappers(emitter); node.type === AST_NODE_TYPES.MemberExpression; node = skipWrappers(node.object)) {
    const key = node.computed ? skipWrappers(node.property) : undefined;
    if (key?.type !== AST_NODE_TYPES.Identifier) continue;
    const declared = findVariable(sourceCode.getScope(key), key.name)?.defs[0]?.name;
    if (declared && contains(serving, declared)) return true;
  }
  return false;
}

/**
 * `if (!pool[K]) { pool[K] = net.connect(…); pool[K].on('close', …); }`: a statement of the block
 * that makes the emitter, before the registration, so it is added once for each emitter made.
 */
function addedWhereMade(call: TSESTree.CallExpression, emitter: TSESTree.Node, sourceCode: SourceCode): boolean {
  const statement = call.parent;
  const block = statement.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement) return false;
  const key = keyOf(emitter, sourceCode);
  return block.body.slice(0, block.body.indexOf(statement as TSESTree.Statement)).some((earlier) => {
    const made = earlier.type === AST_NODE_TYPES.ExpressionStatement && earlier.expression.type === AST_NODE_TYPES.AssignmentExpression ? earlier.expression : undefined;
    const value = made && skipWrappers(made.right);
    return (value?.type === AST_NODE_TYPES.CallExpression || value?.type === AST_NODE_TYPES.NewExpression) && keyOf(made!.left, sourceCode) === key;
  });
}

/**
 * The registrations (`on`, `addListener`, `prependListener`) inside functions on a name of the
 * module's top scope or on `process` (`bus.on(…)`, `lifecycle.events.on(…)`, `parentPort!.on(…)`),
 * each with the variable of that name (none for an undeclared `process`), read from those names'
 * references: no walk of the file.
 */
function moduleRegistrations(sourceCode: SourceCode): { call: TSESTree.CallExpression; variable: Variable | undefined }[] {
  const global = sourceCode.scopeManager?.globalScope;
  if (!global) return [];
  const calls: { call: TSESTree.CallExpression; variable: Variable | undefined }[] = [];
  const read = (reference: TSESLint.Scope.Reference): void => {
    // Not a type (TypeScript's scopes), not at the top level, and the object of a member.
    if ((reference as { isTypeReference?: boolean }).isTypeReference === true || reference.from.variableScope.block.type === AST_NODE_TYPES.Program) return;
    let start: TSESTree.Node = reference.identifier;
    while (start.parent?.type === AST_NODE_TYPES.TSNonNullExpression) start = start.parent; // `parentPort!.on(…)`
    for (let object: TSESTree.Node = start; object.parent?.type === AST_NODE_TYPES.MemberExpression && object.parent.object === object; object = object.parent) {
      const member: TSESTree.MemberExpression = object.parent;
      const name = propertyName(member);
      if (member.parent.type === AST_NODE_TYPES.CallExpression && member.parent.callee === member && name !== undefined && ADDING_METHODS.has(name)) {
        calls.push({ call: member.parent, variable: reference.resolved ?? undefined });
      }
    }
  };
  for (const reference of global.through) if (reference.identifier.name === 'process') read(reference);
  for (const scope of [global, ...global.childScopes]) {
    if (scope.block.type !== AST_NODE_TYPES.Program) continue;
    for (const variable of scope.variables) for (const reference of variable.references) read(reference);
  }
  return calls;
}

/**
 * A connection that outlives another: in a WebSocket's 'connection' listener, a server whose every
 * connection `c` adds `ws.on('message', (m) => c.write(m))` to the outer `ws`. The outer connection
 * keeps one closure per inner connection until it closes itself, each holding a closed `c`. Read
 * where the emitter is the connection parameter of a serving function around the one that serves
 * the inner connection, never given another value, and the listener is written in the inner one.
 */
function outerConnectionRegistrations(sourceCode: SourceCode, isConnection: (fn: FunctionNode) => TSESTree.Identifier | undefined): KeptListener[] {
  const found: KeptListener[] = [];
  for (const call of fileNodes(sourceCode).calls) {
    const method = readMethodCall(call);
    const target = method && ADDING_METHODS.has(method.name) ? skipWrappers(method.object) : undefined;
    if (target?.type !== AST_NODE_TYPES.Identifier || call.parent.type !== AST_NODE_TYPES.ExpressionStatement) continue;
    const variable = findVariable(sourceCode.getScope(target), target.name);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== TSESLint.Scope.DefinitionType.Parameter) continue;
    const outer = def.node as FunctionNode;
    const inner = servingFunction(call, isConnection);
    if (!inner || inner.fn === outer || !contains(outer, inner.fn) || isConnection(outer) !== def.name) continue;
    if (variable!.references.some((reference) => reference.isWrite())) continue;
    const registration = listenerCallOf(call, sourceCode);
    const listener = registration?.listener && registration.listener.type !== AST_NODE_TYPES.SpreadElement ? resolveFunction(registration.listener, sourceCode) : undefined;
    if (!registration?.event || !listener || !contains(inner.fn, listener)) continue;
    found.push({ call, emitter: target, event: registration.event, listener, serving: inner.fn, connection: inner.connection });
  }
  return found;
}

/**
 * A listener given by name that the file also keeps or hands on (`socket.onShutdown = onShutdown`,
 * `track(onShutdown)`): another module may take it off again. Registering and calling it are fine.
 */
function keptElsewhere(listener: TSESTree.Node | undefined, sourceCode: SourceCode): boolean {
  if (listener?.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = findVariable(sourceCode.getScope(listener), listener.name);
  return !variable || variable.references.some(({ identifier }) => {
    const parent = identifier.parent;
    if (parent?.type !== AST_NODE_TYPES.CallExpression) return !(parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id === identifier);
    // Registered (`x.on('e', fn)`, any listener method) or called.
    return parent.callee !== identifier && listenerCallOf(parent, sourceCode)?.listener !== identifier;
  });
}

/** The innermost function around `node` that serves one connection, with its connection parameter. */
function servingFunction(node: TSESTree.Node, isConnection: (fn: FunctionNode) => TSESTree.Identifier | undefined): { fn: FunctionNode; connection: TSESTree.Identifier } | undefined {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const connection = isConnection(fn);
    if (connection) return { fn, connection };
  }
  return undefined;
}

/**
 * The variable of a module-level name holds the same object for every connection: `process`
 * (undeclared, or a configured global), an import, a `const`, a `let` never given another value.
 */
function sameForEveryConnection(variable: Variable | undefined): boolean {
  if (!variable) return true; // `process`, the only undeclared name read
  if (variable.defs.length === 0) return variable.name === 'process'; // a configured global
  const def = variable.defs[0]!;
  if (def.type !== TSESLint.Scope.DefinitionType.Variable && def.type !== TSESLint.Scope.DefinitionType.ImportBinding) return false;
  return variable.references.every((reference) => !reference.isWrite() || reference.init === true);
}

/** The keys of every object the file takes listeners away from. */
function removedFrom(sourceCode: SourceCode): string[] {
  const keys: string[] = [];
  for (const node of resourceNodes(sourceCode).nodes) {
    const method = node.type === AST_NODE_TYPES.CallExpression ? readMethodCall(node) : undefined;
    if (!method || !DETACHING_METHODS.has(method.name)) continue;
    keys.push(keyOf(method.object, sourceCode));
  }
  return keys;
}

/** The reference key of an emitter; a global's (`process`) is its text. */
function keyOf(emitter: TSESTree.Node, sourceCode: SourceCode): string {
  return referenceKey(emitter, sourceCode) ?? sourceCode.getText(emitter);
}

/**
 * The connection parameter of a function that serves one connection: a listener registered on a
 * server (`serverOf` says what is one) or the callback of the call that makes one
 * (`http.createServer((req, res) => …)`), whose parameter `isSocket` says is a socket; or a
 * WebSocket server's 'connection' listener (`wss.on('connection', (ws) => …)`, `serverSide`).
 */
export function connectionParameter(
  fn: FunctionNode,
  sourceCode: SourceCode,
  serverOf: (node: TSESTree.Node) => boolean,
  isSocket: (param: TSESTree.Identifier) => boolean,
  serverSide: (param: TSESTree.Identifier) => boolean,
): TSESTree.Identifier | undefined {
  const params = fn.params.filter((param): param is TSESTree.Identifier => param.type === AST_NODE_TYPES.Identifier);
  const own = params.find(serverSide);
  if (own) return own;
  // `function onConnection(this: WebSocketServer, socket: WebSocket)`: registered in another module.
  if (params[0]?.name === 'this' && isWsServerType(params[0].typeAnnotation?.typeAnnotation, sourceCode)) return params[1];
  return params.length > 0 && givenTo(fn, sourceCode).some(serverOf) ? params.find(isSocket) : undefined;
}

/**
 * What `fn` is given to, inline or by name: the emitter of a registration (`server` of
 * `server.on('connection', fn)`), or the call itself (`http.createServer(fn)`).
 */
function givenTo(fn: FunctionNode, sourceCode: SourceCode): TSESTree.Node[] {
  const uses: TSESTree.Node[] = [fn];
  const name = functionName(fn);
  if (name) {
    for (const reference of findVariable(sourceCode.getScope(name), name.name)?.references ?? []) uses.push(reference.identifier);
  }
  const receivers: TSESTree.Node[] = [];
  for (const use of uses) {
    const call = use.parent;
    if ((call?.type !== AST_NODE_TYPES.CallExpression && call?.type !== AST_NODE_TYPES.NewExpression) || !call.arguments.includes(use as TSESTree.Expression)) continue;
    const registration = call.type === AST_NODE_TYPES.CallExpression ? listenerCallOf(call, sourceCode) : undefined;
    receivers.push(registration?.listener === use ? registration.target : call);
  }
  return receivers;
}

/** `WebSocketServer`, `WS.Server`, `WebSocket.Server` as a type, imported from ws (or isomorphic-ws, which is ws in Node). */
function isWsServerType(type: TSESTree.TypeNode | undefined, sourceCode: SourceCode): boolean {
  if (type?.type !== AST_NODE_TYPES.TSTypeReference) return false;
  const name = type.typeName;
  const root = name.type === AST_NODE_TYPES.TSQualifiedName ? name.left : name;
  const member = name.type === AST_NODE_TYPES.TSQualifiedName ? name.right.name : undefined;
  if (root.type !== AST_NODE_TYPES.Identifier || (member ? member !== 'Server' && member !== 'WebSocketServer' : root.name !== 'WebSocketServer' && root.name !== 'Server')) return false;
  const def = findVariable(sourceCode.getScope(type), root.name)?.defs[0];
  return def?.type === TSESLint.Scope.DefinitionType.ImportBinding && def.parent.type === AST_NODE_TYPES.ImportDeclaration && isWsServerModule(def.parent.source.value);
}

function isWsServerModule(name: string): boolean {
  return LIBRARY_OBJECTS.some((entry) => entry.id === 'ws.WebSocketServer' && entry.modules.includes(name));
}

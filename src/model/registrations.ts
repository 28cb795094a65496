/**
 * Values the file puts in a collection (`clients.add(socket)`, `byId.set(id, socket)`,
 * `list.push(socket)`, `registry[id] = socket`), what kind of collection each is, and whether it
 * outlives the function that fills it. Whether the value is a socket is the rule's question.
 */
import {
  AST_NODE_TYPES,
  ESLintUtils,
  type ParserServicesWithTypeInformation,
  TSESLint,
  type TSESTree,
} from '@typescript-eslint/utils';

import { contains, emitterKey, readMethodCall, referenceKey, variableOf } from '../dead-socket.js';
import type { SocketMatch } from '../socket.js';
import { askType } from '../type-questions.js';
import { enclosingFunction, isFunction, isNullish, memberRoot, onceSetValue, propertyName, removedEntry, runtimeParams, skipWrappers } from './ast.js';
import { holdsThis } from './classes.js';
import { closeReach, listenerFacts } from './close-reach.js';
import { releaseIndex, releasesOf } from './releases.js';
import { copiedValue, keyAliases } from './key-aliases.js';
import { resourceNodes } from './resource-walk.js';
import { callsOf } from './file-nodes.js';
import { LISTEN_METHODS } from './node-api.js';
import { CONNECTION_EVENTS } from './server-events.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type CollectionForm = 'set' | 'map' | 'array' | 'object' | 'weak';

export interface Registration {
  node: TSESTree.Node;
  /** The expression statement of a call registration, where a fix can add a line after it. */
  statement: TSESTree.Node | undefined;
  collection: TSESTree.Expression;
  collectionKey: string;
  method: 'add' | 'set' | 'push' | 'index';
  /** The value put in the collection. */
  socket: TSESTree.Expression;
  mapKey: TSESTree.Node | undefined;
  /** `map.set(socket, state)`: `socket` is the map's key, not its value (see `keyedRegistrationsOf`). */
  keyed?: true;
}

interface RegistrationFacts {
  registrations: readonly Registration[];
  /** The collection each key is given: `const clients = new Set()`, a class field `clients = new Map()`. */
  forms: ReadonlyMap<string, CollectionForm>;
}

const cache = new WeakMap<TSESTree.Program, RegistrationFacts>();

function factsOf(sourceCode: SourceCode): RegistrationFacts {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const registrations: Registration[] = [];
  const forms = new Map<string, CollectionForm>();
  for (const node of resourceNodes(sourceCode).nodes) {
    const copy = copiedValue(node);
    // Most copies hold no new collection: the target's key is worked out only for one that does.
    const form = copy && formOf(copy.value);
    if (copy && form) {
      const key = referenceKey(copy.target, sourceCode);
      if (key !== undefined) forms.set(key, form);
    }
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const registration = callRegistration(node, sourceCode);
      if (registration) registrations.push(registration);
    } else if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=') {
      const registration = indexedRegistration(node, sourceCode);
      if (registration) registrations.push(registration);
    } else if (node.type === AST_NODE_TYPES.PropertyDefinition) {
      // `clients = new Set()` as a class field.
      if (!node.value || node.computed || node.static || node.key.type !== AST_NODE_TYPES.Identifier) continue;
      const form = formOf(node.value);
      const owner = node.parent.parent;
      if (form) forms.set(`this@${owner.range[0]}.${node.key.name}`, form);
    }
  }
  const facts = { registrations, forms };
  cache.set(sourceCode.ast, facts);
  return facts;
}

const keyedCache = new WeakMap<TSESTree.Program, readonly Registration[]>();

/**
 * The file's `map.set(key, value)` calls read the other way round: the key as the registered value
 * (`states.set(socket, { buffer: [] })` keeps the socket as long as its entry).
 */
export function keyedRegistrationsOf(sourceCode: SourceCode): readonly Registration[] {
  let keyed = keyedCache.get(sourceCode.ast);
  if (keyed) return keyed;
  keyed = registrationsOf(sourceCode).flatMap((registration) => {
    const key = registration.method === 'set' ? registration.mapKey : undefined;
    return key && (key.type === AST_NODE_TYPES.Identifier || key.type === AST_NODE_TYPES.MemberExpression) ? [{ ...registration, socket: key, keyed: true as const }] : [];
  });
  keyedCache.set(sourceCode.ast, keyed);
  return keyed;
}

/** The file's registrations in source order, whatever the value (see `Registration.socket`). */
export function registrationsOf(sourceCode: SourceCode): readonly Registration[] {
  return factsOf(sourceCode).registrations;
}

function callRegistration(node: TSESTree.CallExpression, sourceCode: SourceCode): Registration | undefined {
  const method = readMethodCall(node);
  if (!method || (method.name !== 'add' && method.name !== 'set' && method.name !== 'push')) return undefined;
  const socketArg = method.name === 'set' ? node.arguments[1] : node.arguments[0];
  if (!socketArg || socketArg.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const collectionKey = collectionKeyOf(method.object, sourceCode);
  if (collectionKey === undefined) return undefined;
  const statement = node.parent.type === AST_NODE_TYPES.ExpressionStatement ? node.parent : undefined;
  return {
    node,
    statement,
    collection: method.object,
    collectionKey,
    method: method.name,
    socket: socketArg,
    mapKey: method.name === 'set' ? node.arguments[0] : undefined,
  };
}

/** `registry[id] = value` (`registry[id] = null` is a release, see releases.ts). */
/**
 * The key of a collection, unless it is itself an entry under a name (`this.sockets[name].push(s)`):
 * another function reaches the same list under its own binding (`const list = this.sockets[key]`),
 * which no key matches, so its removals could not be told.
 */
function collectionKeyOf(collection: TSESTree.Expression, sourceCode: SourceCode): string | undefined {
  const key = referenceKey(collection, sourceCode);
  return key?.includes('.[var@') ? undefined : key;
}

function indexedRegistration(node: TSESTree.AssignmentExpression, sourceCode: SourceCode): Registration | undefined {
  const left = skipWrappers(node.left);
  if (left.type !== AST_NODE_TYPES.MemberExpression || !left.computed || isNullish(node.right)) return undefined;
  const collectionKey = collectionKeyOf(left.object, sourceCode);
  if (collectionKey === undefined) return undefined;
  return { node, statement: undefined, collection: left.object, collectionKey, method: 'index', socket: node.right, mapKey: undefined };
}

/** The collection a built-in class makes: `Set`, `Map`, `Array`, or a weak one. */
function formOfClass(name: string): CollectionForm | undefined {
  switch (name) {
    case 'Set':
      return 'set';
    case 'Map':
      return 'map';
    case 'Array':
      return 'array';
    case 'WeakSet':
    case 'WeakMap':
      return 'weak';
    default:
      return undefined;
  }
}

function formOf(init: TSESTree.Node): CollectionForm | undefined {
  const node = skipWrappers(init);
  if (node.type === AST_NODE_TYPES.ArrayExpression) return 'array';
  if (node.type === AST_NODE_TYPES.ObjectExpression) return 'object';
  if (node.type === AST_NODE_TYPES.NewExpression && node.callee.type === AST_NODE_TYPES.Identifier) {
    return formOfClass(node.callee.name);
  }
  if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
    const object = node.callee.object;
    const name = propertyName(node.callee);
    if (object.type === AST_NODE_TYPES.Identifier && object.name === 'Object' && name === 'create') return 'object';
  }
  return undefined;
}

/** What the registration's collection is: from the value the file gives it, else from its type. */
export function collectionForm(registration: Registration, context: Context): CollectionForm | undefined {
  const sourceCode = context.sourceCode;
  const known = factsOf(sourceCode).forms.get(registration.collectionKey);
  if (known) return known;
  if (!sourceCode.parserServices?.program) return undefined;
  const services = ESLintUtils.getParserServices(context, true) as ParserServicesWithTypeInformation;
  const type = askType(context, registration.collection, () => services.getTypeAtLocation(registration.collection));
  const name = (type.aliasSymbol ?? type.getSymbol())?.getName();
  if (name === 'Record') return 'object';
  const form = name === undefined ? undefined : formOfClass(name);
  return form ?? (services.program.getTypeChecker().isArrayType(type) ? 'array' : undefined);
}

/** Does the collection outlive the function that adds the value? */
export function outlives(registration: Registration, sourceCode: SourceCode): boolean {
  const root = memberRoot(registration.collection);
  if (root.type === AST_NODE_TYPES.ThisExpression) return true;
  if (root.type !== AST_NODE_TYPES.Identifier) return false;
  const declared = variableOf(root, sourceCode)?.defs[0]?.name;
  const fn = enclosingFunction(registration.node);
  return declared !== undefined && (!fn || !contains(fn, declared));
}

/**
 * Is the collection a variable of a function that serves one connection (one of its parameters is
 * a socket: `function stream(req, socket, head) { const upstreams = []; … }`)? It lives as long as
 * that connection's listeners do, not longer.
 */
export function perConnection(registration: Registration, isSocket: (node: TSESTree.Node) => boolean, sourceCode: SourceCode): boolean {
  const root = memberRoot(registration.collection);
  if (root.type !== AST_NODE_TYPES.Identifier) return false;
  const declared = variableOf(root, sourceCode)?.defs[0]?.name;
  const fn = declared && enclosingFunction(declared);
  return fn !== undefined && fn.params.some((param) => param.type === AST_NODE_TYPES.Identifier && param !== declared && isSocket(param));
}

/**
 * The key a removal takes an entry out by: `delete registry[key]`, `byId.delete(key)`. Only a
 * plain variable: it names one entry, the one a registration under the same variable made.
 */
function removedKey(removal: TSESTree.Node): { collection: TSESTree.Node; key: TSESTree.Identifier } | undefined {
  const removed = removal.type === AST_NODE_TYPES.AssignmentExpression ? undefined : removedEntry(removal);
  return removed?.key.type === AST_NODE_TYPES.Identifier ? { collection: removed.collection, key: removed.key } : undefined;
}

/** The variable of a registration's entry key: `registry[key] = v`, `byId.set(key, v)`. */
function addedKey(registration: Registration): TSESTree.Identifier | undefined {
  if (registration.method === 'set') return registration.mapKey?.type === AST_NODE_TYPES.Identifier ? registration.mapKey : undefined;
  if (registration.method !== 'index' || registration.node.type !== AST_NODE_TYPES.AssignmentExpression) return undefined;
  const left = skipWrappers(registration.node.left);
  return left.type === AST_NODE_TYPES.MemberExpression && left.computed && left.property.type === AST_NODE_TYPES.Identifier ? left.property : undefined;
}

/**
 * The registration, made in `fn`, whose entry `removal` takes out again by the same key variable
 * (`registry[key] = request` … `delete registry[key]`): an entry that lives as long as whatever
 * `fn` set up, one connection's. Whatever the value is: a request, a session.
 */
export function entryAddedIn(removal: TSESTree.Node, fn: TSESTree.Node | undefined, sourceCode: SourceCode): Registration | undefined {
  const removed = fn && removedKey(removal);
  if (!removed) return undefined;
  const variable = variableOf(removed.key, sourceCode);
  const collectionKey = referenceKey(removed.collection, sourceCode);
  if (!variable || collectionKey === undefined) return undefined;
  const aliases = keyAliases(sourceCode);
  return registrationsOf(sourceCode).find((registration) => {
    if (enclosingFunction(registration.node) !== fn || !aliases.same(registration.collectionKey, collectionKey)) return false;
    const key = addedKey(registration);
    return key !== undefined && variableOf(key, sourceCode) === variable;
  });
}

/** The collection the file itself gives the registration's collection (`new Set()`, `{}`, `[]`), without types. */
export function declaredCollectionForm(registration: Registration, sourceCode: SourceCode): CollectionForm | undefined {
  return factsOf(sourceCode).forms.get(registration.collectionKey);
}

/** The built-in collection the file makes and keeps where `node` reads (`const meta = new WeakMap()`), if any. */
export function collectionFormOf(node: TSESTree.Node, sourceCode: SourceCode): CollectionForm | undefined {
  const key = referenceKey(node, sourceCode);
  return key === undefined ? undefined : factsOf(sourceCode).forms.get(key);
}

/**
 * The socket a registered value wraps: `const client = new WebSocket(socket, …)`, or built from
 * the `arguments` of a function whose parameter is a socket (`new Client(...arguments)`), the value
 * never assigned again. The wrapper lives as long as its connection. Not when the constructor is a
 * global (`new Set([socket])`), nor when it is also handed the registry or its owner
 * (`new Client(this, socket)`): the wrapper can then take itself out.
 */
export function wrappedSocket(
  registration: Registration,
  matchSocket: (node: TSESTree.Node) => SocketMatch | undefined,
  sourceCode: SourceCode,
): TSESTree.Node | undefined {
  const value = skipWrappers(registration.socket);
  if (value.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = variableOf(value, sourceCode);
  const made = variable && onceSetValue(variable);
  if (!made) return undefined;
  if (made.type !== AST_NODE_TYPES.NewExpression || made.callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  if (!variableOf(made.callee, sourceCode)?.defs.length) return undefined; // a global class
  const collectionRoot = memberRoot(registration.collection);
  let socket: TSESTree.Node | undefined;
  for (const argument of made.arguments) {
    const passed = skipWrappers(argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : argument);
    const root = memberRoot(passed);
    if (holdsThis(root, sourceCode) && reachesCollection(passed, registration, sourceCode)) return undefined;
    if (sameRoot(root, collectionRoot, sourceCode)) return undefined;
    socket ??= matchSocket(passed) ? passed : socketInArguments(passed, matchSocket);
  }
  return socket;
}

/**
 * An argument rooted in `this` (or `self`) that may lead the wrapper back to the collection: `this`
 * itself, the collection, or an object on its path (`this.server` for `this.server.clients`).
 * Another field (`this.config`) does not.
 */
function reachesCollection(passed: TSESTree.Node, registration: Registration, sourceCode: SourceCode): boolean {
  const key = passed.type === AST_NODE_TYPES.MemberExpression ? referenceKey(passed, sourceCode) : undefined;
  if (key === undefined) return true;
  const name = registration.collectionKey;
  return name === key || name.startsWith(`${key}.`);
}

function sameRoot(a: TSESTree.Node, b: TSESTree.Node, sourceCode: SourceCode): boolean {
  if (a.type !== AST_NODE_TYPES.Identifier || b.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = variableOf(a, sourceCode);
  return variable !== undefined && variable === variableOf(b, sourceCode);
}

/**
 * `arguments`, or a copy of it (`Array.prototype.slice.call(arguments)`, `Array.from(arguments)`),
 * in a function whose parameter is a socket: that parameter.
 */
function socketInArguments(node: TSESTree.Node, matchSocket: (node: TSESTree.Node) => SocketMatch | undefined): TSESTree.Node | undefined {
  let source = skipWrappers(node);
  if (source.type === AST_NODE_TYPES.CallExpression) {
    const first = source.arguments.find((argument) => argument.type === AST_NODE_TYPES.Identifier && argument.name === 'arguments');
    if (!first) return undefined;
    source = first;
  }
  if (source.type !== AST_NODE_TYPES.Identifier || source.name !== 'arguments') return undefined;
  let fn: TSESTree.Node | undefined = source.parent;
  while (fn && (!isFunction(fn) || fn.type === AST_NODE_TYPES.ArrowFunctionExpression)) fn = fn.parent;
  if (!fn || !isFunction(fn)) return undefined;
  // The connection itself before what arrives on it (an upgrade listener's request).
  const matched = fn.params.filter((param) => param.type === AST_NODE_TYPES.Identifier && matchSocket(param) !== undefined);
  return matched.find((param) => matchSocket(param)!.kind === 'socket') ?? matched[0];
}

/**
 * Is the entry taken out, under the same key variable, when a connection whose 'close' listener
 * the registering function adds closes (`registry[key] = req; conn.on('close', () => delete
 * registry[key])`)? The entry belongs to that connection, whatever its value.
 */
export function removedWhenOwnerCloses(registration: Registration, sourceCode: SourceCode): boolean {
  const fn = enclosingFunction(registration.node);
  if (!fn) return false;
  const runners = releaseIndex(sourceCode).runners;
  for (const release of releasesOf(sourceCode, registration.collectionKey)) {
    if (entryAddedIn(release.node, fn, sourceCode) !== registration) continue;
    for (const listener of listenerFacts(sourceCode).byFunction.values()) {
      if (listener.event !== 'close' || enclosingFunction(listener.call) !== fn) continue;
      const target = emitterKey(listener.target, sourceCode);
      const reach = target === undefined ? undefined : closeReach(sourceCode, target);
      if (reach && runners.get(release)!.some((runner) => reach.has(runner))) return true;
    }
  }
  return false;
}

/**
 * When the socket a registration puts in the collection is a parameter of a helper of the file
 * (`addSocket(id, socket) { this.sockets.set(id, socket) }`): what every call of the helper the
 * file makes passes there (`this.addSocket(nodeID, socket)`). Undefined when the value is not a
 * plain parameter, the helper is a listener or never called by name, or a call passes nothing there.
 */
export function helperArguments(registration: Registration, sourceCode: SourceCode): TSESTree.Node[] | undefined {
  const value = skipWrappers(registration.socket);
  if (value.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = variableOf(value, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== TSESLint.Scope.DefinitionType.Parameter || !isFunction(def.node) || variable!.references.some((ref) => ref.isWrite())) return undefined;
  const fn = def.node;
  const index = runtimeParams(fn).findIndex((param) => param === def.name);
  if (index < 0) return undefined;
  const passed: TSESTree.Node[] = [];
  for (const call of callsOf(fn, sourceCode)) {
    const argument = call.arguments[index];
    if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
    passed.push(argument);
  }
  return passed.length > 0 ? passed : undefined;
}

/**
 * `registry.delete(this)` where `this` is the instance of the class whose method it is in (also
 * through arrows), and the entry's key is not `this`: it takes out another entry than the one
 * registered (`this.sessions.set(socket, …)`, then `socket.on('close', () => this.sessions.delete(this))`).
 */
export function deletesAnotherKey(release: TSESTree.Node, key: TSESTree.Node): boolean {
  if (release.type !== AST_NODE_TYPES.CallExpression || readMethodCall(release)?.name !== 'delete') return false;
  const [argument] = release.arguments;
  if (argument?.type !== AST_NODE_TYPES.ThisExpression || skipWrappers(key).type === AST_NODE_TYPES.ThisExpression) return false;
  let fn: TSESTree.Node | undefined = argument.parent;
  while (fn && (fn.type !== AST_NODE_TYPES.FunctionExpression && fn.type !== AST_NODE_TYPES.FunctionDeclaration)) fn = fn.parent;
  return fn?.type === AST_NODE_TYPES.FunctionExpression && fn.parent.type === AST_NODE_TYPES.MethodDefinition;
}


/**
 * `map.set(req.socket, n)` in a 'request' listener, where a 'connection' listener of the same
 * server registers its socket in the same collection: the request's socket is one of those
 * connections, put there first. That registration, released on close or reported, speaks for both.
 */
export function entryOfConnection(registration: Registration, sourceCode: SourceCode): boolean {
  const value = skipWrappers(registration.socket);
  const name = value.type === AST_NODE_TYPES.MemberExpression ? propertyName(value) : undefined;
  if ((name !== 'socket' && name !== 'connection') || value.type !== AST_NODE_TYPES.MemberExpression || value.object.type !== AST_NODE_TYPES.Identifier) return false;
  const server = listenedServer(value.object, 'request', sourceCode);
  if (server === undefined) return false;
  const aliases = keyAliases(sourceCode);
  const collection = aliases.root(registration.collectionKey);
  return [...registrationsOf(sourceCode), ...keyedRegistrationsOf(sourceCode)].some((other) => {
    const socket = skipWrappers(other.socket);
    if (other === registration || aliases.root(other.collectionKey) !== collection || socket.type !== AST_NODE_TYPES.Identifier) return false;
    return listenedServer(socket, 'connection', sourceCode) === server;
  });
}

/**
 * The key of the server whose `event` listener (or, for 'connection', 'secureConnection' or one
 * whose event is chosen between the two) receives `param` as its first parameter.
 */
function listenedServer(param: TSESTree.Identifier, event: string, sourceCode: SourceCode): string | undefined {
  const def = variableOf(param, sourceCode)?.defs[0];
  if (def?.type !== TSESLint.Scope.DefinitionType.Parameter || !isFunction(def.node) || runtimeParams(def.node)[0] !== def.name) return undefined;
  const call = def.node.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments[1] !== def.node) return undefined;
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !LISTEN_METHODS.has(propertyName(callee) ?? '')) return undefined;
  const events = eventsOf(call.arguments[0]);
  const matches = event === 'connection' ? events.length > 0 && events.every((name) => CONNECTION_EVENTS.has(name)) : events.length === 1 && events[0] === event;
  return matches ? referenceKey(callee.object, sourceCode) : undefined;
}

/** The event names an argument can be: a string, or either branch of `tls ? 'secureConnection' : 'connection'`. */
function eventsOf(node: TSESTree.Node | undefined): readonly string[] {
  if (node?.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return [node.value];
  if (node?.type === AST_NODE_TYPES.ConditionalExpression) {
    const both = [...eventsOf(node.consequent), ...eventsOf(node.alternate)];
    return both.length === 2 ? both : [];
  }
  return [];
}

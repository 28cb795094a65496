/**
 * A socket stored on the instance (`this.conn = net.connect(…)`, `self.conn = …` where
 * `self = this`) is in the hands of the class: it is handled when the file attaches an 'error'
 * listener to that field anywhere (`this.conn.on('error', …)`, also at the end of a listener
 * chain, or with an event it cannot read), hands the field's value on (passes it to a call,
 * returns it, stores it elsewhere), or neither listens to it nor carries traffic on it (whoever
 * uses the class may). A class that listens to 'connect', 'data' and 'close' on its connection and
 * never to 'error' is the shape of a crash on the first reset; so is one that listens through the
 * variable it stored (`this.stream = stream; stream.on('data', …)`), or one that writes, queries or
 * publishes on the field itself: the class wires the socket up itself.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { referenceKey, stripListenerChain } from '../listeners.js';
import { calleeMember, keyName, outermost, propertyName, skipWrappers } from './ast.js';
import { holdsThis, visitChildren } from './classes.js';
import { DETACHING_METHODS, LISTEN_METHODS } from './node-api.js';
import { listenerCallOf } from './dead-socket.js';
import { fileNodes } from './file-nodes.js';
import { resourceNodes } from './resource-walk.js';
import { lastCallback } from './udp-quiet.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** `this.name` / `self.name` (with `self` holding `this`): the field's name, else undefined. */
export function instanceFieldName(node: TSESTree.Node, sourceCode: SourceCode): string | undefined {
  const target = skipWrappers(node);
  if (target.type === AST_NODE_TYPES.CallExpression) return accessedField(target, sourceCode);
  if (target.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = propertyName(target);
  return name !== undefined && holdsThis(target.object, sourceCode) ? name : undefined;
}

/** `this.getStream()` where the file's only method of that name just returns a field (`return this.stream;`): that field. */
function accessedField(call: TSESTree.CallExpression, sourceCode: SourceCode): string | undefined {
  const callee = skipWrappers(call.callee);
  if (call.arguments.length > 0 || callee.type !== AST_NODE_TYPES.MemberExpression || !holdsThis(callee.object, sourceCode)) return undefined;
  const name = propertyName(callee);
  return name === undefined ? undefined : (fieldReturners(sourceCode).accessors.get(name) ?? undefined);
}

/**
 * Is `read` what a method without parameters only returns (`getStream() { return this.stream; }`,
 * see `fieldReturners`), where the class itself calls that method (`this.getStream().write(…)`)?
 * An accessor only the class's users call (`getConnection()`, "to handle its events") hands the
 * field on to them.
 */
function accessorReturn(read: TSESTree.Node, sourceCode: SourceCode): boolean {
  const statement = read.parent;
  const body = statement?.parent;
  const fn = body?.parent;
  if (statement?.type !== AST_NODE_TYPES.ReturnStatement || body?.type !== AST_NODE_TYPES.BlockStatement || body.body.length !== 1) return false;
  if ((fn?.type !== AST_NODE_TYPES.FunctionExpression && fn?.type !== AST_NODE_TYPES.ArrowFunctionExpression) || fn.params.length > 0) return false;
  const holder = fn.parent;
  const name =
    holder?.type === AST_NODE_TYPES.MethodDefinition || holder?.type === AST_NODE_TYPES.Property
      ? (holder.computed ? undefined : keyName(holder.key))
      : holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.left.type === AST_NODE_TYPES.MemberExpression
        ? propertyName(holder.left)
        : undefined;
  return name !== undefined && fileNodes(sourceCode).calls.some((call) => {
    const member = calleeMember(call);
    return member?.name === name && call.arguments.length === 0 && holdsThis(member.object, sourceCode);
  });
}

/** The file's methods that only return a field: getters by name, and methods without parameters by name. */
interface FieldReturners {
  /** `get socket() { return this.#socket; }`: `this.socket` is that field, and the getter's `return` hands nothing on. */
  getters: ReadonlyMap<string, string>;
  /**
   * A class method, a method of an object literal or one assigned to a prototype
   * (`Conn.prototype.getStream = function () { return this.stream; }`). A name two such methods
   * give different fields is left out (null).
   */
  accessors: ReadonlyMap<string, string | null>;
}

const returnersByProgram = new WeakMap<TSESTree.Program, FieldReturners>();

/** The file's getters and accessor methods (`FieldReturners`), read in one walk of the file. */
function fieldReturners(sourceCode: SourceCode): FieldReturners {
  const known = returnersByProgram.get(sourceCode.ast);
  if (known) return known;
  const getters = new Map<string, string>();
  const accessors = new Map<string, string | null>();
  const found = { getters, accessors };
  returnersByProgram.set(sourceCode.ast, found);
  const mayGet = /\bget\s+[\w$]+\s*\(/u.test(sourceCode.text);
  const mayAccess = /return\s+(?:this|self|that|_this)\.[\w$#]+\s*;?\s*\}/u.test(sourceCode.text);
  if (!mayGet && !mayAccess) return found;
  const getterNodes: TSESTree.MethodDefinition[] = [];
  const add = (name: string | undefined, fn: TSESTree.Node | null | undefined): void => {
    if (!mayAccess || name === undefined || (fn?.type !== AST_NODE_TYPES.FunctionExpression && fn?.type !== AST_NODE_TYPES.ArrowFunctionExpression) || fn.params.length > 0) return;
    const [only, ...rest] = fn.body.type === AST_NODE_TYPES.BlockStatement ? fn.body.body : [];
    const returned = rest.length === 0 && only?.type === AST_NODE_TYPES.ReturnStatement && only.argument ? skipWrappers(only.argument) : undefined;
    const field = returned?.type === AST_NODE_TYPES.MemberExpression && holdsThis(returned.object, sourceCode) ? propertyName(returned) : undefined;
    if (field === undefined) return;
    accessors.set(name, accessors.has(name) && accessors.get(name) !== field ? null : field);
  };
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.MethodDefinition && node.kind === 'get' && !node.computed) {
      if (mayGet) getterNodes.push(node);
    } else if (node.type === AST_NODE_TYPES.MethodDefinition && node.kind === 'method' && !node.computed) add(keyName(node.key), node.value);
    else if (node.type === AST_NODE_TYPES.Property && !node.computed && node.kind === 'init') add(keyName(node.key), node.value);
    else if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=' && node.left.type === AST_NODE_TYPES.MemberExpression) {
      const holder = skipWrappers(node.left.object);
      if (holder.type === AST_NODE_TYPES.MemberExpression && propertyName(holder) === 'prototype') add(propertyName(node.left), skipWrappers(node.right));
    }
    visitChildren(node, visit, sourceCode);
  };
  visit(sourceCode.ast);
  // Read once the accessors are known: a getter may return what one returns (`return this.getSock();`).
  for (const node of getterNodes) {
    const field = returnedField(node.value, sourceCode);
    const name = node.key.type === AST_NODE_TYPES.Identifier ? node.key.name : undefined;
    if (name !== undefined && field !== undefined && field !== name) getters.set(name, field);
  }
  return found;
}

/** What the file does with an instance field: listens for 'error' (or what it cannot read), for other events only, hands it on. */
interface FieldWiring {
  /** The file listens for 'error' on the field (or for an event it cannot read). */
  heard: boolean;
  /** The file listens to the field for events other than 'error' (and never for 'error'). */
  listensToOthers: boolean;
  /** The field's value is handed on somewhere (read once, when asked). */
  handedOn?: boolean;
}

const handledByProgram = new WeakMap<TSESTree.Program, Map<string, FieldWiring>>();

/**
 * Does the file attach an 'error' listener to the instance field `name`, or hand its value on?
 * `calls` are the file's calls. The answer depends on the file and the name only: asked once per
 * name and file (the assignment that stores the socket is never a hand-off: it is the left side).
 */
export function instanceFieldHandled(name: string, calls: readonly TSESTree.CallExpression[], sourceCode: SourceCode, owner?: string, kind?: 'udp', depth = 0): boolean {
  const wiring = fieldWiring(name, calls, sourceCode, owner);
  if (wiring.heard || handedOnOnce(wiring, name, sourceCode)) return true;
  // A field the file never listens to at all may be wired up by whoever uses the class; not one the
  // class carries traffic on itself (a pool it queries, a client it publishes on, a socket it
  // writes), nor a UDP socket it sends on with no callback to hear the error (a statsd client's).
  const used = wiring.listensToOthers || (kind === 'udp' ? sendsUnheard(name, calls, sourceCode) : callsItsMethods(name, calls, sourceCode));
  if (used) return false;
  // `this.connection = this.pending` once it connects: the socket goes on under the other field,
  // whose wiring decides (two copies deep).
  const copies = depth < 2 ? fieldCopies(name, sourceCode) : [];
  return copies.every((copy) => instanceFieldHandled(copy, calls, sourceCode, owner, kind, depth + 1));
}

/** The other instance fields the file copies the field `name` into (`this.connection = this.pending`). */
function fieldCopies(name: string, sourceCode: SourceCode): string[] {
  const copies = new Set<string>();
  for (const node of resourceNodes(sourceCode).nodes) {
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.operator !== '=' || instanceFieldName(node.right, sourceCode) !== name) continue;
    const copy = instanceFieldName(node.left, sourceCode);
    if (copy !== undefined && copy !== name) copies.add(copy);
  }
  return [...copies];
}

/** Methods that set an emitter up or read it, and carry no traffic: a class that only calls these leaves the field to its users. */
const SETUP_METHODS: ReadonlySet<string> = new Set([
  ...LISTEN_METHODS, ...DETACHING_METHODS, 'emit', 'setNoDelay', 'setKeepAlive', 'setTimeout', 'setEncoding', 'setMaxListeners',
  'getMaxListeners', 'listenerCount', 'listeners', 'rawListeners', 'eventNames', 'ref', 'unref', 'address',
]);

/**
 * Does the file carry traffic on the field itself (`this.conn.write(…)`, `this.client.connect()`,
 * `this.pool.query(…)`, `this.sub.publish(…)`): a method call other than one that only sets the
 * emitter up (`setNoDelay`, `setKeepAlive`, `unref`) or listens?
 */
function callsItsMethods(name: string, calls: readonly TSESTree.CallExpression[], sourceCode: SourceCode): boolean {
  return calls.some((call) => {
    const member = calleeMember(call);
    return member !== undefined && !SETUP_METHODS.has(member.name) && instanceFieldName(member.object, sourceCode) === name;
  });
}

/** Does the file call `send()` on the field where its last argument cannot be a callback (src/model/udp-quiet.ts)? */
function sendsUnheard(name: string, calls: readonly TSESTree.CallExpression[], sourceCode: SourceCode): boolean {
  return calls.some((call) => {
    const member = calleeMember(call);
    return member?.name === 'send' && instanceFieldName(member.object, sourceCode) === name && lastCallback(call) === 'none';
  });
}

/**
 * The socket in `stored` (a variable whose value an assignment puts on the instance field `name`)
 * is the class's to listen to: the file listens to the variable for events other than 'error', or
 * carries traffic on the field itself (`this.getStream().write(…)` through an accessor too),
 * and neither listens for 'error' on the field nor hands the field on (a field it never listens
 * to is otherwise left to whoever uses the class).
 */
export function storedAndWired(name: string, stored: TSESLint.Scope.Variable, calls: readonly TSESTree.CallExpression[], sourceCode: SourceCode): boolean {
  const wiring = fieldWiring(name, calls, sourceCode);
  if (wiring.heard || handedOnOnce(wiring, name, sourceCode)) return false;
  if (wiring.listensToOthers || callsItsMethods(name, calls, sourceCode)) return true;
  return stored.references.some((ref) => {
    const call = ref.identifier.parent;
    if (call?.type !== AST_NODE_TYPES.MemberExpression || call.object !== ref.identifier || call.parent.type !== AST_NODE_TYPES.CallExpression) return false;
    const listener = listenerCallOf(call.parent, sourceCode);
    return listener?.event !== undefined && listener.event !== 'error';
  });
}

/**
 * `owner` (the root of the field's reference key: `this@<class>`, `this@proto:Conn`), when known,
 * limits "listens to it for other events" to that class: another class of the file with a field
 * of the same name wires its own. Any class's 'error' listener on a field of that name counts.
 */
function fieldWiring(name: string, calls: readonly TSESTree.CallExpression[], sourceCode: SourceCode, owner?: string): FieldWiring {
  let byName = handledByProgram.get(sourceCode.ast);
  if (!byName) {
    byName = new Map();
    handledByProgram.set(sourceCode.ast, byName);
  }
  const cacheKey = owner === undefined ? name : `${owner}\n${name}`;
  let wiring = byName.get(cacheKey);
  if (wiring === undefined) {
    wiring = readWiring(name, calls, sourceCode, owner);
    byName.set(cacheKey, wiring);
  }
  return wiring;
}

function readWiring(name: string, calls: readonly TSESTree.CallExpression[], sourceCode: SourceCode, owner: string | undefined): FieldWiring {
  let listensToOthers = false;
  const getters = fieldReturners(sourceCode).getters;
  for (const call of calls) {
    const member = calleeMember(call);
    if (!member || !LISTEN_METHODS.has(member.name)) continue;
    const listener = listenerCallOf(call, sourceCode);
    const target = listener ? stripListenerChain(listener.target) : member.object;
    const read = instanceFieldName(target, sourceCode);
    if (read !== name && (read === undefined || getters.get(read) !== name)) continue;
    if (!listener || listener.event === 'error') return { heard: true, listensToOthers: false };
    if (owner === undefined || listensToOthers) {
      listensToOthers = true;
      continue;
    }
    const key = referenceKey(target, sourceCode);
    listensToOthers = key === undefined || key === `${owner}.${read}`;
  }
  // ws's WebSocket also takes the browser's handler properties: `this.ws.onerror = fn` listens.
  for (const node of HANDLER_PROPERTY.test(sourceCode.text) ? resourceNodes(sourceCode).nodes : []) {
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.left.type !== AST_NODE_TYPES.MemberExpression) continue;
    const event = handlerEvent(node);
    if (event === undefined) continue;
    const target = node.left.object;
    const read = instanceFieldName(target, sourceCode);
    if (read !== name && (read === undefined || getters.get(read) !== name)) continue;
    if (event === 'error') return { heard: true, listensToOthers: false };
    listensToOthers ||= owner === undefined || referenceKey(target, sourceCode) === `${owner}.${read}`;
  }
  return { heard: false, listensToOthers };
}

const HANDLER_PROPERTY = /\.on(?:error|open|message|close)\s*=[^=]/u;

/** The event of `x.onmessage = fn` (the handler properties of ws's WebSocket), else undefined. */
function handlerEvent(node: TSESTree.AssignmentExpression): string | undefined {
  if (node.operator !== '=' || node.left.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const property = propertyName(node.left);
  return property !== undefined && /^on(?:error|open|message|close)$/u.test(property) ? property.slice(2) : undefined;
}

/** The field a function only returns (`{ return this.#socket; }`). */
function returnedField(fn: TSESTree.FunctionExpression | TSESTree.TSEmptyBodyFunctionExpression, sourceCode: SourceCode): string | undefined {
  const [only, ...rest] = fn.body?.body ?? [];
  return rest.length === 0 && only?.type === AST_NODE_TYPES.ReturnStatement && only.argument ? instanceFieldName(only.argument, sourceCode) : undefined;
}

function handedOnOnce(wiring: FieldWiring, name: string, sourceCode: SourceCode): boolean {
  return (wiring.handedOn ??= handedOn(name, sourceCode));
}

/**
 * Is the field's value handed on anywhere in the file (by its name, or by a getter that returns
 * it)? A copy into another field of the instance (`this.connection = this.pending`) hands it on
 * only where that field is heard or handed on itself (`copies`: followed one copy deep).
 */
function handedOn(name: string, sourceCode: SourceCode, copies = true): boolean {
  let handedOn = false;
  const getters = fieldReturners(sourceCode).getters;
  const names = (read: string | undefined): boolean => read !== undefined && (read === name || getters.get(read) === name);
  const visit = (node: TSESTree.Node): void => {
    if (handedOn) return;
    if (node.type === AST_NODE_TYPES.MethodDefinition && node.kind === 'get' && !node.computed && node.key.type === AST_NODE_TYPES.Identifier && getters.has(node.key.name)) return;
    if (node.type === AST_NODE_TYPES.MemberExpression && names(instanceFieldName(node, sourceCode)) && !accessorReturn(node, sourceCode) && isHandedOn(node, sourceCode) && !(copies && copiedUnheard(node, name, sourceCode))) {
      handedOn = true;
      return;
    }
    visitChildren(node, visit, sourceCode);
  };
  visit(sourceCode.ast);
  return handedOn;
}

/** `this.connection = this.pending` where the file neither listens for 'error' on `connection` nor hands it on. */
function copiedUnheard(read: TSESTree.Node, name: string, sourceCode: SourceCode): boolean {
  const store = outermost(read).parent;
  if (store?.type !== AST_NODE_TYPES.AssignmentExpression || store.operator !== '=') return false;
  const copy = instanceFieldName(store.left, sourceCode);
  if (copy === undefined || copy === name) return false;
  return !fieldWiring(copy, fileNodes(sourceCode).calls, sourceCode).heard && !handedOn(copy, sourceCode, false);
}

/**
 * Is the field's value passed to a call, returned, stored elsewhere or put in an array/object? A
 * `const` that picks one of two fields (`const up = cond ? this.a : this.b`, `chosen`) hands it on
 * only where the copy is handed on or listened to for 'error'; any other copy counts as handed on.
 */
function isHandedOn(value: TSESTree.Node, sourceCode: SourceCode, depth = 0, chosen = false): boolean {
  const outer = outermost(value);
  const parent = outer.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.CallExpression:
      // `source.pipe(this.conn)` puts on its destination only the 'error' listener that re-emits.
      if (parent.arguments[0] === outer && calleeMember(parent)?.name === 'pipe') return false;
      if (bindsOwnMethod(parent, outer, sourceCode)) return false;
      return parent.arguments.includes(outer as TSESTree.CallExpressionArgument);
    case AST_NODE_TYPES.NewExpression:
      return parent.arguments.includes(outer as TSESTree.CallExpressionArgument);
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === outer;
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.init === outer && (depth > 2 || !chosen || copyHandsOn(parent, sourceCode, depth));
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.SpreadElement:
    case AST_NODE_TYPES.YieldExpression:
    case AST_NODE_TYPES.AwaitExpression:
      return true;
    case AST_NODE_TYPES.Property:
      return parent.value === outer;
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return parent.body === outer;
    case AST_NODE_TYPES.LogicalExpression:
      // `if (this.sock && this.sock.writable) return;` tests the field: the left of `&&` is its value
      // only when it holds no socket. Elsewhere the expression's value is followed (`pick(this.a || this.b)`).
      if (parent.operator === '&&' && parent.left === outer) return false;
      return isHandedOn(parent, sourceCode, depth, true);
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test !== outer && isHandedOn(parent, sourceCode, depth, true);
    default:
      return false;
  }
}

/** Is a `const` copy of the field handed on, or listened to for 'error' (or an event it cannot read)? */
function copyHandsOn(declarator: TSESTree.VariableDeclarator, sourceCode: SourceCode, depth: number): boolean {
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || declarator.parent.kind !== 'const') return true;
  const variable = sourceCode.getDeclaredVariables(declarator)[0];
  if (!variable) return true;
  return variable.references.some((ref) => {
    if (ref.init || !ref.isRead()) return false;
    const member = ref.identifier.parent;
    if (member?.type === AST_NODE_TYPES.MemberExpression && member.object === ref.identifier && member.parent.type === AST_NODE_TYPES.CallExpression && member.parent.callee === member) {
      const listener = LISTEN_METHODS.has(propertyName(member) ?? '') ? listenerCallOf(member.parent, sourceCode) : undefined;
      if (LISTEN_METHODS.has(propertyName(member) ?? '') && (!listener || listener.event === 'error')) return true;
    }
    return isHandedOn(ref.identifier, sourceCode, depth + 1);
  });
}

/**
 * Is `call` `x.method.bind(x, …)` with `x` the value `node` (`promisify(this.sock.write.bind(this.sock))`)?
 * The bound function only calls one of the socket's own methods: the socket is not handed on.
 */
export function bindsOwnMethod(call: TSESTree.CallExpression | TSESTree.NewExpression, node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const callee = skipWrappers(call.callee);
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== node || callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(callee) !== 'bind') return false;
  const method = skipWrappers(callee.object);
  if (method.type !== AST_NODE_TYPES.MemberExpression) return false;
  const key = referenceKey(node, sourceCode);
  return key !== undefined && referenceKey(method.object, sourceCode) === key;
}

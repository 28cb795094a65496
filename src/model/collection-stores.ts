/**
 * Is a value put in one of the file's collections at this node (`clients.add(ws)`,
 * `this.clients.push(ws)`, `byId[id] = ws`), rather than handed to code that may listen on it?
 * A Set, Map, array or plain object attaches no listener: whatever reads the value back does so in
 * a later callback at best, and an error arriving before that crashes the process.
 *
 * Looking it up or taking it out again (`clients.delete(ws)`, `list.indexOf(ws)`) hands nothing on
 * either. `push` is an array's, and `obj[key] = value` runs no code of the project; `add` and `set`
 * count only when the file gives the collection a built-in value (`new Set()`, `new Map()`), since
 * a registry class of the project (`room.add(ws)`) may well attach a listener. Built on src/model/registrations.ts,
 * indexed per Program.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { referenceKey, stripListenerChain } from '../listeners.js';
import { keyName, onceSetValue, propertyName, skipWrappers } from './ast.js';
import { variableOf } from './dead-socket.js';
import { fileErrorListeners, fileNodes } from './file-nodes.js';
import type { CallSummaryOf } from './hand-offs.js';
import { sameObjects } from './same-objects.js';
import { collectionFormOf, declaredCollectionForm, registrationsOf, type Registration } from './registrations.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const byNode = new WeakMap<TSESTree.Program, ReadonlyMap<TSESTree.Node, Registration>>();

function registrationAt(at: TSESTree.Node, sourceCode: SourceCode): Registration | undefined {
  let index = byNode.get(sourceCode.ast);
  if (!index) {
    index = new Map(registrationsOf(sourceCode).map((registration) => [registration.node, registration]));
    byNode.set(sourceCode.ast, index);
  }
  return index.get(at);
}

/**
 * Is `value` the value the call or assignment `at` puts in a collection that attaches no listener?
 * With `summaryOf` (src/model/hand-offs.ts), a value read back and handed at once to a function of
 * the file that listens (`this.watch(kind, this.links[kind])`) counts as listened to.
 */
export function keptInCollection(at: TSESTree.Node, value: TSESTree.Node, sourceCode: SourceCode, summaryOf?: CallSummaryOf): boolean {
  const registration = registrationAt(at, sourceCode);
  if (!registration) return pushedIntoEntry(at, value, sourceCode);
  if (registration.socket !== value) return false;
  if (registration.method !== 'push' && registration.method !== 'index' && declaredCollectionForm(registration, sourceCode) === undefined) return false;
  return !listenedOnReadBack(registration.collectionKey, sourceCode) && !(summaryOf && handedOnReadBack(registration.collectionKey, sourceCode, summaryOf));
}

/**
 * `clients[id] = { ws, rooms: [] }`, `peers.push({ socket, name })`: the socket is a property of a
 * record the file keeps in a collection it makes itself (`const members = {}`, `this.list = []`;
 * `assignments`: also one stored with `obj[key] =`).
 * Neither the record nor the collection attaches a listener, unless the file listens for 'error'
 * on something under that property's name (`entry.ws.on('error', …)`, or a `ws` read back).
 */
export function keptInRecord(property: TSESTree.Property, sourceCode: SourceCode, assignments: boolean): boolean {
  const record = property.parent;
  const name = keyName(property.key);
  if (record.type !== AST_NODE_TYPES.ObjectExpression || property.computed || name === undefined) return false;
  const holder = record.parent;
  if (holder.type === AST_NODE_TYPES.AssignmentExpression ? !assignments : holder.type !== AST_NODE_TYPES.CallExpression) return false;
  // Only a collection the file makes itself: a queue it never fills is someone else's to work off.
  const registration = registrationAt(holder, sourceCode);
  if (!registration || declaredCollectionForm(registration, sourceCode) === undefined || !keptInCollection(holder, record, sourceCode)) return false;
  return !fileErrorListeners(sourceCode).some(({ target }) => {
    const heard = skipWrappers(target);
    return heard.type === AST_NODE_TYPES.Identifier ? heard.name === name : heard.type === AST_NODE_TYPES.MemberExpression && propertyName(heard) === name;
  });
}

/**
 * Does the file add an 'error' listener to what it reads back from the collection `key` names
 * (`self.sockets[name].on('error', …)`, or through a variable set once to that read)? Then the
 * collection hands its values to code that listens, like a call of the file's own that does.
 */
function listenedOnReadBack(key: string, sourceCode: SourceCode): boolean {
  const { canonical } = sameObjects(sourceCode);
  const collection = canonical(key);
  return fileErrorListeners(sourceCode).some(({ target }) => {
    const read = readBackFrom(skipWrappers(stripListenerChain(target)), sourceCode);
    const readKey = read && referenceKey(read, sourceCode);
    return readKey !== undefined && canonical(readKey) === collection;
  });
}

/**
 * Does the file hand what it reads back from the collection `key` names to a function of its own
 * that listens on it at once (`this.watch(kind, this.links[kind])` where `watch` adds an 'error'
 * listener to its parameter)? Then that function's listener is the value's, as a direct one is.
 */
function handedOnReadBack(key: string, sourceCode: SourceCode, summaryOf: CallSummaryOf): boolean {
  const { canonical } = sameObjects(sourceCode);
  const collection = canonical(key);
  return fileNodes(sourceCode).calls.some((call) =>
    call.arguments.some((argument) => {
      const read = readBackFrom(skipWrappers(argument), sourceCode);
      const readKey = read && referenceKey(read, sourceCode);
      return readKey !== undefined && canonical(readKey) === collection && summaryOf(call, argument) === 'now';
    }),
  );
}

/**
 * `rooms[id].push(ws)`: an array kept under a key the code computes, in a collection the file
 * names. It attaches no listener, unless the file listens on what it reads back from that
 * collection (`rooms[id][0].on('error', …)`, `const peer = rooms[id][n]; peer.on('error', …)`).
 */
function pushedIntoEntry(at: TSESTree.Node, value: TSESTree.Node, sourceCode: SourceCode): boolean {
  if (at.type !== AST_NODE_TYPES.CallExpression || at.arguments.length !== 1 || at.arguments[0] !== value) return false;
  const callee = skipWrappers(at.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(callee) !== 'push') return false;
  const entry = skipWrappers(callee.object);
  if (entry.type !== AST_NODE_TYPES.MemberExpression || !entry.computed) return false;
  return entryUnheard(entry, sourceCode);
}

/**
 * `lists[topic] = [ws]`: the socket starts a list kept under an entry of a collection, as
 * `lists[topic].push(ws)` adds to one, and no listener comes with it.
 */
export function startedEntry(list: TSESTree.ArrayExpression, value: TSESTree.Node, sourceCode: SourceCode): boolean {
  const holder = list.parent;
  if (list.elements.length !== 1 || list.elements[0] !== value || holder.type !== AST_NODE_TYPES.AssignmentExpression || holder.right !== list) return false;
  const entry = skipWrappers(holder.left);
  return entry.type === AST_NODE_TYPES.MemberExpression && entry.computed && entryUnheard(entry, sourceCode);
}

/** Does the file listen for 'error' on nothing it reads back from the collection `entry` is under? */
function entryUnheard(entry: TSESTree.MemberExpression, sourceCode: SourceCode): boolean {
  const collectionKey = referenceKey(entry.object, sourceCode);
  if (collectionKey === undefined) return false;
  const { canonical } = sameObjects(sourceCode);
  const collection = canonical(collectionKey);
  return !fileErrorListeners(sourceCode).some(({ target }) => {
    let read = readBackFrom(skipWrappers(stripListenerChain(target)), sourceCode);
    while (read?.type === AST_NODE_TYPES.MemberExpression && read.computed) read = skipWrappers(read.object);
    const readKey = read && referenceKey(read, sourceCode);
    return readKey !== undefined && canonical(readKey) === collection;
  });
}

/** The collection `node` is read from: `c[k]` or `c.get(k)`, or a variable set once to one. */
function readBackFrom(node: TSESTree.Node, sourceCode: SourceCode): TSESTree.Node | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) {
    const variable = variableOf(node, sourceCode);
    const value = variable && onceSetValue(variable);
    if (!value) return undefined;
    node = value;
  }
  if (node.type === AST_NODE_TYPES.MemberExpression && node.computed) return node.object;
  if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression && propertyName(node.callee) === 'get') return node.callee.object;
  return undefined;
}

/** Lookups and removals on a collection, which take the value as their first argument and keep nothing. */
const LOOKUP_METHODS: ReadonlySet<string> = new Set(['delete', 'has', 'indexOf', 'lastIndexOf', 'includes']);

/** Is the call `at` a lookup or removal of `value` in a collection (`clients.delete(ws)`)? */
export function collectionLookup(at: TSESTree.Node, value: TSESTree.Node, sourceCode?: SourceCode): boolean {
  if (at.type !== AST_NODE_TYPES.CallExpression || at.arguments[0] !== value || at.arguments.length > 2) return false;
  const callee = skipWrappers(at.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = propertyName(callee);
  if (name === 'get' && at.arguments.length === 1 && sourceCode) {
    // `meta.get(ws)` on a Map or WeakMap the file makes: the value stored under the socket, not the socket.
    const form = collectionFormOf(callee.object, sourceCode);
    return form === 'map' || form === 'weak';
  }
  return name !== undefined && LOOKUP_METHODS.has(name);
}

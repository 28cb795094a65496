/**
 * Sockets (and wrappers of sockets) the file puts in a collection that outlives the function and
 * never takes out when they close: the registrations of `registrations.ts` judged against the
 * releases of `releases.ts`. What is left for cleanup-dead-socket is the message and the fix.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { contains, referenceKey, variableOf } from '../dead-socket.js';
import type { ListenerCall } from '../listeners.js';
import { calleeMember, enclosingFunction, skipWrappers } from './ast.js';
import { closedOnlyByApplication } from './close-reach.js';
import type { EndHook } from './end-hooks.js';
import { fileNodes } from './file-nodes.js';
import { instanceFieldName } from './instance-fields.js';
import { keyAliases } from './key-aliases.js';
import {
  type CollectionForm,
  collectionForm,
  deletesAnotherKey,
  entryOfConnection,
  helperArguments,
  keyedRegistrationsOf,
  outlives,
  perConnection,
  type Registration,
  registrationsOf,
  removedWhenOwnerCloses,
  wrappedSocket,
} from './registrations.js';
import { isRemovedFrom, judgeReleases, type Release, releasesOf, removalOnlyOnWrapperEvent } from './releases.js';
import { resourceNodes } from './resource-walk.js';
import type { SocketMatcher } from './timers.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** What became of one registration that nothing releases when its socket closes. */
export type KeptRegistration =
  /** A socket kept for ever; `quietDestroy` is the file's own `destroy()` that brings no event the removal runs on. */
  | { kind: 'socket'; registration: Registration; form: CollectionForm; quietDestroy: TSESTree.CallExpression | undefined }
  /** Released only in an 'end' listener or `end()` callback of the socket: a reset skips it. */
  | { kind: 'onEnd'; ends: { release: Release; hook: EndHook }[] }
  /** A wrapper of `socket` nothing takes out, or taken out only on an event of its own (`leavesOn`). */
  | { kind: 'wrapper'; registration: Registration; socket: TSESTree.Node; leavesOn: ListenerCall | undefined };

/** The registrations of the file whose socket (or wrapper) can stay in its collection after it closes. */
export function keptRegistrations(context: Context, matchSocket: SocketMatcher): KeptRegistration[] {
  const sourceCode = context.sourceCode;
  const found: KeptRegistration[] = [];
  const seen = new Set<string>();
  for (const registration of [...registrationsOf(sourceCode), ...keyedRegistrationsOf(sourceCode)]) {
    // A map keyed by something else than a socket (an id, a name) is the common case: asked first.
    if (registration.keyed && !matchSocket(registration.socket)) continue;
    if (!outlives(registration, sourceCode) || perConnection(registration, (node) => matchSocket(node) !== undefined, sourceCode)) continue;
    const socket = matchSocket(registration.socket);
    // A wrapper of a socket (`new Client(socket)`) registered and never taken out.
    const wrapped = socket || registration.keyed ? undefined : wrappedSocket(registration, matchSocket, sourceCode);
    // `registry[id] = value` is any indexed write: whether the value is a socket says more than the collection.
    if ((!socket && !wrapped) || closedOnlyByApplication(registration.socket, sourceCode)) continue;
    const form = collectionForm(registration, context) ?? idTable(registration, socket) ?? (registration.method === 'push' ? 'array' : undefined);
    if (!form || !fits(registration.method, form)) continue;
    if (wrapped) {
      const wrapper = keptWrapper(registration, wrapped, sourceCode);
      if (wrapper) found.push(wrapper);
      continue;
    }
    if (!socket || (socket.kind === 'server-response' && answeredWhereRemoved(registration, sourceCode))) continue;
    // Known by its name alone: which event ends it is unknown (socket.io's sockets emit
    // 'disconnect', never 'close'), so a removal from the collection anywhere in the file counts.
    if (socket.via === 'name' && releasesOf(sourceCode, registration.collectionKey).some((release) => !deletesAnotherKey(release.node, registration.socket))) continue;
    const socketKey = referenceKey(registration.socket, sourceCode) ?? entryKey(registration, sourceCode);
    if (socketKey === undefined) continue;
    // Asked only here: most files have no registration of a socket, and the aliases cost.
    const aliases = keyAliases(sourceCode);
    const dedupe = `${aliases.root(registration.collectionKey)}|${aliases.root(socketKey)}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    const filter = (release: Release) => !deletesAnotherKey(release.node, registration.socket);
    const judged = judgeReleases(sourceCode, matchSocket, { key: registration.collectionKey, socketKey, ownFunction: enclosingFunction(registration.node), filter });
    if (judged.released || removedWhenOwnerCloses(registration, sourceCode) || releasedByEveryCaller(registration, matchSocket, sourceCode)) continue;
    if (entryOfConnection(registration, sourceCode) || reconnectedInPlace(registration, socketKey, sourceCode)) continue;
    if (judged.onEnd.length > 0) found.push({ kind: 'onEnd', ends: judged.onEnd });
    else found.push({ kind: 'socket', registration, form, quietDestroy: judged.quietDestroy });
  }
  return found;
}

/**
 * A collection the file never shows being made, filled as `table[id] = net.connect(…)`: a socket
 * the file makes, stored under a name bound once, is an entry of a table kept by id.
 */
function idTable(registration: Registration, socket: ReturnType<SocketMatcher>): CollectionForm | undefined {
  const left = registration.node.type === AST_NODE_TYPES.AssignmentExpression ? registration.node.left : undefined;
  const indexedByName = left?.type === AST_NODE_TYPES.MemberExpression && left.property.type === AST_NODE_TYPES.Identifier;
  return indexedByName && shownSocket(registration) === left && socket?.via === 'syntax' ? 'object' : undefined;
}

/**
 * A table of responses waiting for a reply (`pending[id] = res`), each ended and deleted where the
 * reply comes (`const res = pending[msg.id]; res.end(reply); delete pending[msg.id];`): a response
 * lives as long as its request, and the entry as long as the wait, whether or not the client left.
 */
function answeredWhereRemoved(registration: Registration, sourceCode: SourceCode): boolean {
  const { collectionKey } = registration;
  // Through at most a few variables (`var a = b, b = a;` would go round for ever).
  const readsEntry = (node: TSESTree.Node, depth = 0): boolean => {
    const value = skipWrappers(node);
    if (value.type === AST_NODE_TYPES.MemberExpression) return value.computed && referenceKey(value.object, sourceCode) === collectionKey;
    if (value.type !== AST_NODE_TYPES.Identifier || depth > 3) return false;
    const declarator = variableOf(value, sourceCode)?.defs[0]?.node;
    return declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.init !== null && readsEntry(declarator.init, depth + 1);
  };
  return releasesOf(sourceCode, collectionKey).some((release) => {
    const fn = enclosingFunction(release.node);
    if (release.timer || !fn) return false;
    return fileNodes(sourceCode).calls.some((call) => {
      const member = calleeMember(call);
      return member?.name === 'end' && call.range[0] < release.node.range[0] && contains(fn, call) && readsEntry(member.object);
    });
  });
}

/** The node a message names the registered socket by: the entry, for `registry[id] = net.connect(…)`. */
export function shownSocket(registration: Registration): TSESTree.Node {
  const value = skipWrappers(registration.socket);
  const made = value.type === AST_NODE_TYPES.CallExpression || value.type === AST_NODE_TYPES.NewExpression;
  return made && registration.node.type === AST_NODE_TYPES.AssignmentExpression ? registration.node.left : registration.socket;
}

/** `registry[id] = net.connect(…)`: the socket is known by its entry, `registry[id]`. */
function entryKey(registration: Registration, sourceCode: SourceCode): string | undefined {
  return registration.method === 'index' && registration.node.type === AST_NODE_TYPES.AssignmentExpression ? referenceKey(registration.node.left, sourceCode) : undefined;
}

/** Does the collection take values the way the registration puts them (`add` on a Set, ...)? A WeakMap's entries go with their key. */
function fits(method: Registration['method'], form: CollectionForm): boolean {
  switch (method) {
    case 'add':
      return form === 'set';
    case 'set':
      return form === 'map';
    case 'push':
      return form === 'array';
    case 'index':
      return form === 'object' || form === 'array';
  }
}

/**
 * One socket an instance keeps for its whole life (`this.socket`, assigned once), connected again
 * in place after a failure (`this.socket.connect(…)` outside the function that registers it) and
 * taken out of the collection by another function of the file (the class's `destroy()`): its close
 * is no end of the connection, the instance's end is, and a removal on 'close' would drop a socket
 * that connects again a moment later.
 */
function reconnectedInPlace(registration: Registration, socketKey: string, sourceCode: SourceCode): boolean {
  const field = instanceFieldName(registration.socket, sourceCode);
  const own = enclosingFunction(registration.node);
  if (field === undefined || assignmentsOf(field, sourceCode) !== 1) return false;
  const aliases = keyAliases(sourceCode);
  const reconnects = fileNodes(sourceCode).calls.some((call) => {
    const member = calleeMember(call);
    const key = member?.name === 'connect' ? referenceKey(member.object, sourceCode) : undefined;
    return key !== undefined && aliases.same(key, socketKey) && enclosingFunction(call) !== own;
  });
  return reconnects && releasesOf(sourceCode, registration.collectionKey).some((release) => !release.timer && enclosingFunction(release.node) !== own && !deletesAnotherKey(release.node, registration.socket));
}

/** How many assignments of the file write the instance field `name` (`this.socket = …`). */
function assignmentsOf(name: string, sourceCode: SourceCode): number {
  return resourceNodes(sourceCode).nodes.filter((node) => node.type === AST_NODE_TYPES.AssignmentExpression && instanceFieldName(node.left, sourceCode) === name).length;
}

/** Registered by a helper: every socket the file passes it is taken out when it closes. */
function releasedByEveryCaller(registration: Registration, matchSocket: SocketMatcher, sourceCode: SourceCode): boolean {
  const passed = helperArguments(registration, sourceCode);
  return passed !== undefined && passed.every((argument) => {
    const key = referenceKey(argument, sourceCode);
    if (key === undefined) return false;
    const filter = (release: Release) => !deletesAnotherKey(release.node, registration.socket);
    const resource = { key: registration.collectionKey, socketKey: key, ownFunction: enclosingFunction(argument), filter };
    return judgeReleases(sourceCode, matchSocket, resource).released;
  });
}

/**
 * A wrapper is judged on what the file shows of its lifetime: a collection the file never
 * takes anything out of keeps every wrapper, and with it its dead socket. A removal anywhere
 * (a method the wrapper's module calls, the wrapper's own events) may be how it leaves, unless
 * every removal runs in a listener on the wrapper for an event of its own that is not its end.
 */
function keptWrapper(registration: Registration, socket: TSESTree.Node, sourceCode: SourceCode): KeptRegistration | undefined {
  if (!isRemovedFrom(sourceCode, registration.collectionKey)) return { kind: 'wrapper', registration, socket, leavesOn: undefined };
  const listener = removalOnlyOnWrapperEvent(sourceCode, registration.collectionKey, registration.socket);
  return listener ? { kind: 'wrapper', registration, socket, leavesOn: listener } : undefined;
}


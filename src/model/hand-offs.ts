/**
 * What the code does with a socket from where it obtains it: the 'error' listeners it attaches,
 * where the socket leaves the function's hands (returned, stored outside, passed to a call, given
 * to `pipeline`), and where it is destroyed, following the local variables that hold it and the
 * methods that return it (`socket.setTimeout(…).on(…)`).
 *
 * A hand-off to a function of the same file is followed into it (src/model/summaries.ts): the
 * socket is handled there only if that function listens or hands it on, and only as early as it
 * does. A hand-off to anything else counts as handled (the callee may attach a listener). Calls
 * that keep no listener (logging, `source.pipe(socket)`, our own `onSocketClose`/`endGracefully`)
 * are no hand-off.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ASTUtils, AST_NODE_TYPES } from '@typescript-eslint/utils';

import { isLoggingCall } from '../code-dispatch.js';
import { helperOf } from '../helper-imports.js';
import { LIBRARY_CHAIN_METHODS, libraryListensAt, type LibraryObject } from '../libraries.js';
import { getListenerCall, LISTEN_METHODS } from '../listeners.js';
import { propertyName, skipWrappers } from './ast.js';
import { collectionLookup, keptInCollection } from './collection-stores.js';
import { localFieldHolder } from './field-holders.js';
import { instanceFieldHandled, instanceFieldName } from './instance-fields.js';
import { fileCalls } from './listener-removals.js';
import { type Origin, type Owner, ownerOf, type Timing } from './listener-state.js';
import { handOffSummary } from './summaries.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;

/** What a use does to the socket: gives it an 'error' listener, hands it on, or destroys it. */
export type Effect = 'listener' | 'escape' | 'destroy';

export interface Use {
  effect: Effect;
  /** The node whose position says when it happens (the listener call, the hand-off). */
  at: Node;
  /** For a hand-off to a function of this file: when that function listens or hands the socket on. */
  when?: Timing;
}

export interface SocketFlow {
  origin: Origin;
  /** What is done with the socket, in the order the code is read. */
  uses: Use[];
  /** The variables the socket was stored in, in order (for messages and the suggestion). */
  names: TSESTree.Identifier[];
  /** Every read of a variable that holds the socket, whatever it does (for the paths without a listener). */
  reads: TSESTree.Identifier[];
  /** Set when the object is a library's (src/libraries.ts): its own chain methods and listener shapes. */
  library?: LibraryObject;
}

/** Methods that return the socket they are called on. */
const CHAIN_METHODS = new Set([
  ...LISTEN_METHODS,
  'off',
  'removeListener',
  'removeAllListeners',
  'setMaxListeners',
  'setTimeout',
  'setNoDelay',
  'setKeepAlive',
  'setEncoding',
  'ref',
  'unref',
  'pause',
  'resume',
  'cork',
  'uncork',
  'connect',
]);
const DESTROY_METHODS = new Set(['destroy', 'resetAndDestroy']);

/** What the code does with the socket `creation` makes (a call, a `new`, an awaited library call). */
export function followCreation(creation: Node, sourceCode: SourceCode, library?: LibraryObject): SocketFlow {
  const origin: Origin = { owner: ownerOf(creation, sourceCode), node: creation, from: creation.range[1] };
  const flow = newFlow(origin, library);
  follow(creation, flow, new Set(), sourceCode);
  return flow;
}

/** What `fn` does with the socket its parameter `identifier` receives, from the start of its body. */
export function followParameter(fn: TSESTree.FunctionLike, identifier: TSESTree.Identifier, sourceCode: SourceCode, library?: LibraryObject): SocketFlow {
  const origin: Origin = { owner: fn, node: identifier, from: fn.body ? fn.body.range[0] : fn.range[0] };
  const flow = newFlow(origin, library);
  const variable = variableOf(identifier, sourceCode);
  for (const ref of variable?.references ?? []) if (ref.isRead()) follow(ref.identifier, flow, new Set(variable ? [variable] : []), sourceCode);
  return flow;
}

function newFlow(origin: Origin, library: LibraryObject | undefined): SocketFlow {
  return library ? { origin, uses: [], names: [], reads: [], library } : { origin, uses: [], names: [], reads: [] };
}

function variableOf(identifier: TSESTree.Identifier, sourceCode: SourceCode): Variable | null {
  return ASTUtils.findVariable(sourceCode.getScope(identifier), identifier.name);
}

/** Follows the socket's value from `start` (a creation or a read of its variable) and records what is done with it. */
function follow(start: Node, flow: SocketFlow, seen: Set<Variable>, sourceCode: SourceCode): void {
  if (start.type === AST_NODE_TYPES.Identifier) flow.reads.push(start);
  let node = start;
  for (;;) {
    const parent = node.parent;
    if (!parent) return;
    switch (parent.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.ChainExpression:
      case AST_NODE_TYPES.SequenceExpression:
        if (parent.type === AST_NODE_TYPES.SequenceExpression && parent.expressions.at(-1) !== node) return;
        node = parent;
        continue;
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test === node) return;
        node = parent;
        continue;
      case AST_NODE_TYPES.LogicalExpression:
        if (parent.operator === '&&' && parent.left === node) return;
        node = parent;
        continue;
      case AST_NODE_TYPES.MemberExpression: {
        if (parent.object !== node) return flow.uses.push({ effect: 'escape', at: parent }), undefined;
        if (flow.library && libraryListensAt(parent, flow.library)) return flow.uses.push({ effect: 'listener', at: parent }), undefined;
        const call = parent.parent;
        if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return;
        const method = propertyName(parent) ?? '';
        if (LISTEN_METHODS.has(method)) {
          const listener = getListenerCall(call, sourceCode.getScope(call));
          // A listener for an event that is not a constant may well be the 'error' one.
          if (!listener || listener.event === 'error') {
            flow.uses.push({ effect: 'listener', at: call });
            return;
          }
        }
        if (DESTROY_METHODS.has(method) || flow.library?.releasedBy?.includes(method)) {
          flow.uses.push({ effect: 'destroy', at: call });
          return;
        }
        if (!(flow.library ? LIBRARY_CHAIN_METHODS : CHAIN_METHODS).has(method)) return;
        node = call;
        continue;
      }
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression: {
        if (parent.callee === node) return;
        const callee = skipWrappers(parent.callee);
        // `source.pipe(socket)` adds no listener that keeps errors from crashing, and returns the socket.
        if (callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'pipe') {
          node = parent;
          continue;
        }
        if (isLoggingCall(parent)) return;
        // A library object put in a Set or array, or looked up there, gets no listener (src/model/collection-stores.ts).
        if (flow.library && (keptInCollection(parent, node, sourceCode) || collectionLookup(parent, node))) return;
        if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === node && keepsNoErrorListener(parent, sourceCode)) return;
        const helper = parent.type === AST_NODE_TYPES.CallExpression ? handOffSummary(parent, node, sourceCode) : undefined;
        // A function of this file is followed: it handles the socket only if it listens or hands it on.
        if (helper === 'none') return;
        flow.uses.push(helper === undefined || helper === 'now' ? { effect: 'escape', at: parent } : { effect: 'escape', at: parent, when: helper });
        return;
      }
      case AST_NODE_TYPES.VariableDeclarator:
        if (parent.init !== node) return;
        if (parent.id.type === AST_NODE_TYPES.Identifier) track(parent.id, parent.id, flow, seen, sourceCode);
        else if (parent.id.type !== AST_NODE_TYPES.ObjectPattern) flow.uses.push({ effect: 'escape', at: parent });
        return;
      case AST_NODE_TYPES.AssignmentExpression:
        if (parent.right !== node) return;
        if (parent.left.type === AST_NODE_TYPES.Identifier) track(parent.left, parent, flow, seen, sourceCode);
        else if (!storedUnheard(parent.left, flow, sourceCode) && !(flow.library && keptInCollection(parent, node, sourceCode)) && !followField(parent, flow, seen, sourceCode)) {
          flow.uses.push({ effect: 'escape', at: parent });
        }
        node = parent;
        continue;
      case AST_NODE_TYPES.ExpressionStatement:
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
      case AST_NODE_TYPES.ForStatement:
      case AST_NODE_TYPES.UnaryExpression:
      case AST_NODE_TYPES.BinaryExpression:
      case AST_NODE_TYPES.TemplateLiteral:
      case AST_NODE_TYPES.SwitchStatement:
      case AST_NODE_TYPES.SwitchCase:
        return;
      case AST_NODE_TYPES.ArrowFunctionExpression:
        // What a listener returns is dropped; what any other arrow returns is handed on.
        if (parent.body !== node || isListenerArgument(parent)) return;
        flow.uses.push({ effect: 'escape', at: parent });
        return;
      default:
        // Returned, yielded, thrown, exported, put in an object or array, spread...: handed on.
        flow.uses.push({ effect: 'escape', at: parent });
        return;
    }
  }
}

/**
 * Our `onSocketClose(socket, …)` and `endGracefully(socket, …)` (imported from
 * `eslint-plugin-socket-errors/codes`) take no ownership of the socket: the first only waits for
 * 'close', the second listens to 'error' only while it ends the socket. The project's own
 * function of either name may attach a listener, so it still counts as a hand-off.
 */
function keepsNoErrorListener(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const helper = helperOf(call.callee, sourceCode.getScope(call), sourceCode);
  return helper === 'onSocketClose' || helper === 'endGracefully';
}

/** Is `fn` given to `x.on(event, fn)` or `createServer(fn)`, whose return value nobody reads? */
function isListenerArgument(fn: Node): boolean {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression && call?.type !== AST_NODE_TYPES.NewExpression) return false;
  if (!call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
  const callee = skipWrappers(call.callee);
  const name =
    callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : callee.type === AST_NODE_TYPES.Identifier ? callee.name : undefined;
  return name !== undefined && (LISTEN_METHODS.has(name) || name === 'createServer' || name === 'Server');
}

/**
 * Stored on the instance (`this.conn = net.connect()`), and the file never listens for 'error'
 * on that field nor hands it on (src/model/instance-fields.ts): still without a listener.
 * Only for Node's own sockets (library objects keep their own rules).
 */
function storedUnheard(target: TSESTree.Expression, flow: SocketFlow, sourceCode: SourceCode): boolean {
  if (flow.library) return false;
  const name = instanceFieldName(target, sourceCode);
  return name !== undefined && !instanceFieldHandled(name, fileCalls(sourceCode), sourceCode);
}

/**
 * Stored on a field of a local object (`endpoint.socket = net.connect()`, src/model/field-holders.ts):
 * the field's reads are followed, and the holder's hand-offs are the socket's. Node's sockets only.
 */
function followField(store: TSESTree.AssignmentExpression, flow: SocketFlow, seen: Set<Variable>, sourceCode: SourceCode): boolean {
  const held = flow.library ? undefined : localFieldHolder(store, sourceCode);
  if (!held) return false;
  for (const at of held.escapes) flow.uses.push({ effect: 'escape', at });
  for (const read of held.reads) follow(read, flow, seen, sourceCode);
  return true;
}

/** Is `variable` declared inside `owner` (so its other uses are still `owner`'s business)? */
function isLocalTo(variable: Variable, owner: Owner): boolean {
  const declared = variable.defs[0]?.name;
  if (!declared || declared.range[0] < owner.range[0] || declared.range[1] > owner.range[1]) return false;
  // `export const socket = ...` hands it to every importer.
  const declaration = variable.defs[0]?.parent;
  return declaration?.parent?.type !== AST_NODE_TYPES.ExportNamedDeclaration;
}

/** The socket was stored in `identifier`: a local variable is followed, anything else is handed on. */
function track(identifier: TSESTree.Identifier, at: Node, flow: SocketFlow, seen: Set<Variable>, sourceCode: SourceCode): void {
  const variable = variableOf(identifier, sourceCode);
  if (!variable || !isLocalTo(variable, flow.origin.owner)) {
    flow.uses.push({ effect: 'escape', at });
    return;
  }
  if (seen.has(variable)) return;
  seen.add(variable);
  flow.names.push(identifier);
  for (const ref of variable.references) {
    if (ref.isRead()) follow(ref.identifier, flow, seen, sourceCode);
  }
}

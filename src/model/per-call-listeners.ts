/**
 * Listeners a method adds to the socket an instance keeps for good, on every call: `command()`
 * writes to `this.client` and adds `this.client.on('data', …)` and `on('error', …)` each time it
 * runs, so one socket collects a listener per command. Node warns past ten
 * (`MaxListenersExceededWarning`), and every event runs all of them (measured:
 * test/live/per-call-listeners.live.test.ts).
 *
 * Only where the file shows it: the method neither makes nor replaces the socket it listens to (a
 * reconnect that does gets a new socket each time), it is called from at least two places of the
 * file, or from one that runs again and again (a listener, an interval, a loop), none of which
 * puts a new socket in the field first, and the file never takes a listener off that field.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import type { ListenerCall } from '../listeners.js';
import { calleeMember, enclosingFunction, type FunctionNode, keyName, propertyName } from './ast.js';
import { listenerCallOf } from './dead-socket.js';
import { callsOf, fileListeners, fileNodes } from './file-nodes.js';
import { instanceFieldName } from './instance-fields.js';
import { DETACHING_METHODS } from './node-api.js';
import { resourceNodes } from './resource-walk.js';
import { isGlobalCall } from './timers.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Methods that add a listener that stays (not `once`). */
const LASTING = new Set(['on', 'addListener', 'prependListener']);

export interface PerCallListener {
  listener: ListenerCall;
  /** The method that adds it on every call, and its name. */
  method: FunctionNode;
  name: string;
}

const cache = new WeakMap<TSESTree.Program, readonly PerCallListener[]>();

export function perCallListeners(sourceCode: SourceCode, isSocket: (node: TSESTree.Expression) => boolean): readonly PerCallListener[] {
  let found = cache.get(sourceCode.ast);
  if (!found) {
    found = findListeners(sourceCode, isSocket);
    cache.set(sourceCode.ast, found);
  }
  return found;
}

function findListeners(sourceCode: SourceCode, isSocket: (node: TSESTree.Expression) => boolean): PerCallListener[] {
  const found: PerCallListener[] = [];
  let detached: ReadonlySet<string> | undefined;
  let writes: readonly FieldWrite[] | undefined;
  for (const listener of fileListeners(sourceCode)) {
    if (!LASTING.has(listener.method) || !listener.listener) continue;
    const field = instanceFieldName(listener.target, sourceCode);
    const method = enclosingFunction(listener.call);
    const name = method && methodName(method);
    if (field === undefined || !method || name === undefined) continue;
    writes ??= fieldWrites(sourceCode);
    if (assignsField(method, field, writes) || !isSocket(listener.target)) continue;
    detached ??= detachedFields(sourceCode);
    if (detached.has(field) || !calledAgainAndAgain(method, field, writes, sourceCode)) continue;
    found.push({ listener, method, name });
  }
  return found;
}

interface FieldWrite {
  field: string;
  node: TSESTree.AssignmentExpression;
}

/** The assignments of the file to an instance field (`this.client = …`), read once. */
function fieldWrites(sourceCode: SourceCode): FieldWrite[] {
  const writes: FieldWrite[] = [];
  for (const node of resourceNodes(sourceCode).nodes) {
    const field = node.type === AST_NODE_TYPES.AssignmentExpression ? instanceFieldName(node.left, sourceCode) : undefined;
    if (field !== undefined) writes.push({ field, node: node as TSESTree.AssignmentExpression });
  }
  return writes;
}

/** The name of a method of a class, or of a function given to a prototype or an object literal as a method. */
function methodName(fn: FunctionNode): string | undefined {
  const holder = fn.parent;
  if (holder.type === AST_NODE_TYPES.MethodDefinition) return holder.kind === 'method' ? keyName(holder.key) : undefined;
  if (holder.type === AST_NODE_TYPES.AssignmentExpression) return holder.right === fn && holder.left.type === AST_NODE_TYPES.MemberExpression ? propertyName(holder.left) : undefined;
  return holder.type === AST_NODE_TYPES.Property && holder.value === fn ? keyName(holder.key) : undefined;
}

/** Does `fn` (or a function inside it) assign the instance field `field`? */
function assignsField(fn: FunctionNode, field: string, writes: readonly FieldWrite[]): boolean {
  return writes.some(({ field: written, node }) => written === field && node.range[0] >= fn.range[0] && node.range[1] <= fn.range[1]);
}

/** The instance fields the file takes listeners off (`this.client.removeListener(…)`, `off`, `removeAllListeners`). */
function detachedFields(sourceCode: SourceCode): ReadonlySet<string> {
  const fields = new Set<string>();
  for (const call of fileNodes(sourceCode).calls) {
    const member = calleeMember(call);
    const field = member && DETACHING_METHODS.has(member.name) ? instanceFieldName(member.object, sourceCode) : undefined;
    if (field !== undefined) fields.add(field);
  }
  return fields;
}

/**
 * Is `method` called from two places of the file, or from one that runs many times (a listener
 * of any emitter, an interval, a loop), none of them in a function that puts a new socket in the
 * field (a reconnect: each socket then gets its listeners once)?
 */
function calledAgainAndAgain(method: FunctionNode, field: string, writes: readonly FieldWrite[], sourceCode: SourceCode): boolean {
  const sites = callsOf(method, sourceCode);
  if (sites.length === 0) return false;
  for (const site of sites) {
    const caller = enclosingFunction(site);
    if (caller && assignsField(caller, field, writes)) return false;
  }
  return sites.length >= 2 || sites.some((site) => runsRepeatedly(site, sourceCode));
}

/** Does the call sit in a loop, or in a function given to a listener registration or `setInterval`? */
function runsRepeatedly(site: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  for (let node: TSESTree.Node | undefined = site.parent; node; node = node.parent) {
    switch (node.type) {
      case AST_NODE_TYPES.ForStatement:
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
        return true;
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.ArrowFunctionExpression: {
        const call = node.parent;
        if (call.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(node)) return false;
        const registration = listenerCallOf(call, sourceCode);
        return (registration !== undefined && LASTING.has(registration.method)) || isGlobalCall(call, ['setInterval'], sourceCode) !== undefined;
      }
      case AST_NODE_TYPES.FunctionDeclaration:
        return false;
      default:
        break;
    }
  }
  return false;
}

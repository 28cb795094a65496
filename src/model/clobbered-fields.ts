/**
 * A reopen that lets the old socket's listener clear the new one: a function ends (or destroys)
 * the socket a field holds, puts a new socket in that field at once, and gives the new socket a
 * 'close' (or 'end' / 'error') listener that sets the field to null. `end()` and `destroy()` do
 * not close a socket in the same turn: the old socket's own such listener (registered by the same
 * function the time before) runs after the new socket is in the field, and clears it (measured:
 * test/live/clobbered-fields.live.test.ts). The client then holds no socket while its connection
 * is up, and the next write throws or reconnects a second time.
 *
 * Only when the clearing is unconditional (not inside an `if` that reads the field, as in
 * `if (this.socket === socket) this.socket = null`) and the end of the old socket comes earlier in
 * the same function, outside its nested functions.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, type FunctionNode, isNullish, isPromiseExecutor, skipWrappers } from './ast.js';
import { visitOutsideFunctions } from './classes.js';
import { listenerCallOf, readMethodCall, referenceKey } from './dead-socket.js';
import { resolveFunction } from './functions.js';
import { instanceFieldName } from './instance-fields.js';
import { resourceNodes } from './resource-walk.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface ClobberingClear {
  /** `this.socket = null` in the new socket's listener. */
  clear: TSESTree.AssignmentExpression;
  /** The function that ends the old socket and opens the new one (around a promise executor that opens it). */
  opener: FunctionNode;
  /** Its name (`open` of a method `open()`, a function declaration's, a variable's), or undefined. */
  openerName: string | undefined;
  /** The field, as the opener writes it (`this.socket`). */
  field: TSESTree.MemberExpression;
}

const ENDING: ReadonlySet<string> = new Set(['end', 'destroy']);
/** What a socket assigned to a field can be written as. */
const MAY_BE_SOCKET: ReadonlySet<string> = new Set([AST_NODE_TYPES.CallExpression, AST_NODE_TYPES.NewExpression, AST_NODE_TYPES.Identifier, AST_NODE_TYPES.MemberExpression, AST_NODE_TYPES.AwaitExpression]);
const LAST_EVENTS = new Set(['close', 'end', 'error']);

const cache = new WeakMap<TSESTree.Program, readonly ClobberingClear[]>();

/** The clearings of the file that a reopen lets the old socket run on the new one; `isSocket` says what the opener makes. */
export function clobberingClears(sourceCode: SourceCode, isSocket: (value: TSESTree.Node) => boolean): readonly ClobberingClear[] {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const found: ClobberingClear[] = [];
  cache.set(sourceCode.ast, found);
  for (const node of resourceNodes(sourceCode).nodes) {
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.operator !== '=' || node.left.type !== AST_NODE_TYPES.MemberExpression) continue;
    if (!MAY_BE_SOCKET.has(skipWrappers(node.right).type)) continue; // `this.x = null`, `= 0`, `= {}`: no socket
    const opener = enclosingFunction(node);
    const key = opener && instanceFieldName(node.left, sourceCode) !== undefined ? referenceKey(node.left, sourceCode) : undefined;
    if (!opener || key === undefined || !endsFirst(opener, key, node, sourceCode) || !isSocket(skipWrappers(node.right))) continue;
    const named = isPromiseExecutor(opener) ? (enclosingFunction(opener) ?? opener) : opener;
    for (const clear of clearingListeners(opener, key, node, sourceCode)) found.push({ clear, opener: named, openerName: nameOf(named), field: node.left });
  }
  return found;
}

/**
 * Does `opener` end or destroy the field's socket before `assignment`, in its own body (or, for a
 * promise executor, which runs at once, in the body of the function that makes the promise)?
 */
function endsFirst(opener: FunctionNode, key: string, assignment: TSESTree.Node, sourceCode: SourceCode): boolean {
  const outer = isPromiseExecutor(opener) ? enclosingFunction(opener) : undefined;
  return endsIn(opener, key, assignment, sourceCode) || (outer !== undefined && endsIn(outer, key, assignment, sourceCode));
}

function endsIn(opener: FunctionNode, key: string, assignment: TSESTree.Node, sourceCode: SourceCode): boolean {
  return endingsIn(opener, sourceCode).some((ending) => ending.key === key && ending.at < assignment.range[0]);
}

const endings = new WeakMap<FunctionNode, readonly { key: string; at: number }[]>();

/** The `x.end()` / `x.destroy()` calls in `fn`'s own body: the key of each `x` and where the call ends. */
function endingsIn(fn: FunctionNode, sourceCode: SourceCode): readonly { key: string; at: number }[] {
  let found = endings.get(fn);
  if (!found) {
    const list: { key: string; at: number }[] = [];
    visitOutsideFunctions(fn.body, (node) => {
      const method = node.type === AST_NODE_TYPES.CallExpression ? readMethodCall(node) : undefined;
      const key = method && ENDING.has(method.name) ? referenceKey(method.object, sourceCode) : undefined;
      if (key !== undefined) list.push({ key, at: node.range[1] });
    }, sourceCode);
    endings.set(fn, (found = list));
  }
  return found;
}

/** `this.socket = null` written unconditionally in a last-event listener that `opener` registers on the field after `assignment`. */
function clearingListeners(opener: FunctionNode, key: string, assignment: TSESTree.Node, sourceCode: SourceCode): TSESTree.AssignmentExpression[] {
  const clears: TSESTree.AssignmentExpression[] = [];
  visitOutsideFunctions(opener.body, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression || node.range[0] < assignment.range[1]) return;
    const registration = listenerCallOf(node, sourceCode);
    if (!registration || !LAST_EVENTS.has(registration.event) || referenceKey(registration.target, sourceCode) !== key) return;
    const listener = registration.listener && registration.listener.type !== AST_NODE_TYPES.SpreadElement ? resolveFunction(registration.listener, sourceCode) : undefined;
    if (!listener || listener.body.type !== AST_NODE_TYPES.BlockStatement) return;
    for (const statement of listener.body.body) {
      const expression = statement.type === AST_NODE_TYPES.ExpressionStatement ? statement.expression : undefined;
      if (expression?.type === AST_NODE_TYPES.AssignmentExpression && expression.operator === '=' && isNullish(expression.right) && referenceKey(expression.left, sourceCode) === key) clears.push(expression);
    }
  }, sourceCode);
  return clears;
}

/** The name a function is called by: a method's key, a declaration's id, the variable or property it is assigned to. */
function nameOf(fn: FunctionNode): string | undefined {
  const parent = fn.parent;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id?.name;
  if ((parent.type === AST_NODE_TYPES.MethodDefinition || parent.type === AST_NODE_TYPES.Property) && parent.key.type === AST_NODE_TYPES.Identifier) return parent.key.name;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left.type === AST_NODE_TYPES.MemberExpression && parent.left.property.type === AST_NODE_TYPES.Identifier) return parent.left.property.name;
  return undefined;
}

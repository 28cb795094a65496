/**
 * The I/O a call of a helper of the file does on a socket from outside the helper: `bye()` where
 * `function bye() { socket.write('bye'); }`, `this.flush()` where `flush()` writes to
 * `this.socket` in a loop. A call made where that socket is dead then loses what it writes, as the
 * write would in the caller (no-use-after-dead reads the caller's paths, src/model/liveness.ts).
 *
 * Only the I/O a helper does whenever it runs to its end: a call not under a condition (an `if`,
 * `?:`, `&&`/`||`, a `switch` case, a `catch`) and after no `return` or `throw` of the helper (a
 * guard such as `if (!socket.writable) return;`); in a loop only when the loop's test reads no
 * state of a connection (`while (queue.length)`). Followed through the helpers it calls the same
 * way, three calls deep. A plain function's `this` is not the caller's: `this.x` counts only in
 * arrow functions and in methods called through `this`. A socket the helper first replaces on
 * every path (`this.socket = net.connect(…)`, on both branches of an `if`) is a new one there.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { referenceKey } from '../listeners.js';
import { type FunctionNode, isFunction, isLoop, type Loop, skipWrappers } from './ast.js';
import { holdsThis, visitChildren, visitOutsideFunctions } from './classes.js';
import { ANY_IO_METHOD, type MethodCall, readMethodCall } from './dead-socket.js';
import { resolveFunction } from './functions.js';
import { registrationOf } from './liveness-seeds.js';
import { isOuter } from './liveness-keys.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface HelperIo {
  /** The I/O call, in the helper (or in a helper it calls). */
  method: MethodCall;
  /** The socket's reference key, the same in the caller. */
  key: string;
}

const DEPTH = 3;
/** A loop test that reads the state of a connection may be what stops the loop on a dead one. */
const STATE_WORDS = /\b(?:writable|destroyed|readyState|connected|closed|closing|open|alive|ready|writableEnded|isConnected|socket|sock|conn)\b/u;

const byFunction = new WeakMap<FunctionNode, readonly HelperIo[]>();

/** What calling `call` does on outer sockets, when its callee is a helper of the file. */
export function helperIo(call: TSESTree.CallExpression, sourceCode: SourceCode, depth = 0): readonly HelperIo[] {
  const callee = skipWrappers(call.callee);
  const byThis = callee.type === AST_NODE_TYPES.MemberExpression && holdsThis(callee.object, sourceCode);
  if (callee.type !== AST_NODE_TYPES.Identifier && !byThis) return [];
  const fn = resolveFunction(callee, sourceCode);
  if (!fn || fn.async || fn.generator || fn.body.type !== AST_NODE_TYPES.BlockStatement) return [];
  // `this` is the caller's only in an arrow function or a method called through `this`.
  const thisShared = byThis || fn.type === AST_NODE_TYPES.ArrowFunctionExpression;
  return ioOf(fn, sourceCode, depth).filter(({ key }) => thisShared || !key.startsWith('this@'));
}

function ioOf(fn: FunctionNode, sourceCode: SourceCode, depth: number): readonly HelperIo[] {
  // Kept only when read from the top: deeper reads stop sooner. A helper that calls itself (at
  // the top) meets its own unfinished list and adds nothing more.
  const known = byFunction.get(fn);
  if (known) return known;
  const found: HelperIo[] = [];
  if (depth === 0) byFunction.set(fn, found);
  let stopped = false;
  /** The sockets the helper replaces on every path before what it does next (`this.socket = …`). */
  const replaced = new Set<string>();
  const visit = (node: TSESTree.Node): void => {
    if (stopped || isFunction(node)) return;
    if (node.type === AST_NODE_TYPES.ReturnStatement || node.type === AST_NODE_TYPES.ThrowStatement) {
      stopped = true;
      return;
    }
    if (node.type === AST_NODE_TYPES.IfStatement) {
      visit(node.test);
      // What runs on one branch only is conditional; a return there stops what follows.
      if (containsExit(node.consequent) || (node.alternate && containsExit(node.alternate))) stopped = true;
      for (const key of assignedKeys(node, sourceCode)) replaced.add(key);
      return;
    }
    // `this.socket = net.connect(…)` before the I/O: the helper writes to a new socket, not the caller's.
    if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=') {
      visit(node.right);
      const key = referenceKey(node.left, sourceCode);
      if (key !== undefined) replaced.add(key);
      return;
    }
    if (node.type === AST_NODE_TYPES.ConditionalExpression || node.type === AST_NODE_TYPES.SwitchStatement || node.type === AST_NODE_TYPES.TryStatement) {
      if (node.type === AST_NODE_TYPES.TryStatement) visit(node.block);
      else visit(node.type === AST_NODE_TYPES.SwitchStatement ? node.discriminant : node.test);
      return;
    }
    if (node.type === AST_NODE_TYPES.LogicalExpression) {
      visit(node.left);
      return;
    }
    if (isLoop(node) && STATE_WORDS.test(sourceCode.getText(loopTest(node) ?? node))) return;
    if (node.type === AST_NODE_TYPES.CallExpression) readCall(node);
    visitChildren(node, visit, sourceCode);
  };
  const readCall = (call: TSESTree.CallExpression): void => {
    const method = readMethodCall(call);
    if (method && ANY_IO_METHOD.has(method.name)) {
      const key = referenceKey(method.object, sourceCode);
      if (key !== undefined && !replaced.has(key) && isOuter(method.object, fn, sourceCode)) found.push({ method, key });
      return;
    }
    if (depth + 1 >= DEPTH) return;
    for (const inner of helperIo(call, sourceCode, depth + 1)) if (!replaced.has(inner.key) && isOuter(inner.method.object, fn, sourceCode)) found.push(inner);
  };
  visit(fn.body);
  return found;
}

/** The references `node` assigns on every path through it: a plain assignment, each statement of a block, both branches of an `if`. */
function assignedKeys(node: TSESTree.Node, sourceCode: SourceCode): string[] {
  if (node.type === AST_NODE_TYPES.ExpressionStatement) {
    const expression = node.expression;
    const key = expression.type === AST_NODE_TYPES.AssignmentExpression && expression.operator === '=' ? referenceKey(expression.left, sourceCode) : undefined;
    return key === undefined ? [] : [key];
  }
  if (node.type === AST_NODE_TYPES.BlockStatement) return node.body.flatMap((statement) => assignedKeys(statement, sourceCode));
  if (node.type !== AST_NODE_TYPES.IfStatement || !node.alternate) return [];
  const other = new Set(assignedKeys(node.alternate, sourceCode));
  return assignedKeys(node.consequent, sourceCode).filter((key) => other.has(key));
}

function containsExit(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.ReturnStatement || node.type === AST_NODE_TYPES.ThrowStatement) return true;
  if (node.type === AST_NODE_TYPES.BlockStatement) return node.body.some(containsExit);
  if (node.type === AST_NODE_TYPES.IfStatement) return containsExit(node.consequent) || (node.alternate !== null && containsExit(node.alternate));
  return false;
}

function loopTest(loop: Loop): TSESTree.Node | null {
  return loop.type === AST_NODE_TYPES.ForOfStatement || loop.type === AST_NODE_TYPES.ForInStatement ? loop.right : loop.test;
}

const DEATH_EVENTS: ReadonlySet<string> = new Set(['close', 'error']);
const DEATH_CALL_TEXT = /[dD]estroy|endGracefully/u;

/**
 * May `fn`, which has no I/O call of its own, still call a helper of the file that does I/O on a
 * socket dead there? Only a function where a socket can die (its own 'close' or 'error' listener, or
 * one that calls `destroy()`) is read, for a call (`flush()`, `this.flush()`) of a function with an
 * I/O call. The liveness model walks such a function (src/model/liveness.ts).
 */
export function mayCallIoHelper(fn: FunctionNode, sourceCode: SourceCode, ioCalls: { within: (node: TSESTree.Node) => boolean }): boolean {
  // `destroy()`, `resetAndDestroy()`, `endGracefully()` (a gate: a name spelt with escapes is only not followed).
  if (!DEATH_CALL_TEXT.test(sourceCode.text.slice(fn.range[0], fn.range[1])) && !DEATH_EVENTS.has(registrationOf(fn, sourceCode)?.event ?? '')) return false;
  let calls = false;
  visitOutsideFunctions(fn.body, (node) => {
    if (calls || node.type !== AST_NODE_TYPES.CallExpression) return;
    const callee = skipWrappers(node.callee);
    const helper = callee.type === AST_NODE_TYPES.Identifier || (callee.type === AST_NODE_TYPES.MemberExpression && holdsThis(callee.object, sourceCode)) ? resolveFunction(callee, sourceCode) : undefined;
    if (helper && ioCalls.within(helper)) calls = true;
  }, sourceCode);
  return calls;
}

/**
 * A one-shot timer whose callback first returns on a state the socket's 'close' listeners record
 * (`this.state = States.CLOSED` there, `if (this.state === States.CLOSED) return;` first thing in
 * the callback, before any call): once the socket has closed, the callback does nothing, so leaving
 * the timer to fire is harmless (src/model/death-flags.ts says which assignments are such states).
 * And a UDP socket's timer cleared wherever the file closes that socket.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { referenceKey } from '../listeners.js';
import { calleeMember, enclosingFunction, type FunctionNode, propertyName, skipWrappers } from './ast.js';
import { readsMemberNamed, visitOutsideFunctions } from './classes.js';
import { closedOnlyByApplication, closeReach } from './close-reach.js';
import { contains } from './dead-socket.js';
import { fileNodes } from './file-nodes.js';
import { keyAliases } from './key-aliases.js';
import { releasesOf } from './releases.js';
import { isStateFlag } from './death-flags.js';
import { resolveFunction } from './functions.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * Does `callback` return, before it calls anything, when a state that the close of `socketKey` sets
 * says so? A callback that only calls a function of the file (`() => this.flush()`) is that function.
 */
export function returnsOnceClosed(callback: FunctionNode, socketKey: string, sourceCode: SourceCode, depth = 0): boolean {
  const only = onlyCall(callback);
  const delegate = only && depth === 0 ? resolveFunction(only.callee, sourceCode) : undefined;
  if (delegate) return returnsOnceClosed(delegate, socketKey, sourceCode, 1);
  if (callback.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  let flags: Set<string> | undefined;
  for (const statement of callback.body.body) {
    if (statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate && returnsOnly(statement.consequent)) {
      flags ??= closeFlags(socketKey, sourceCode);
      if (flags.size > 0 && readsMemberNamed(statement.test, flags, sourceCode)) return true;
    }
    if (callsAnything(statement, sourceCode)) return false;
  }
  return false;
}

/** The one call a function's body makes and nothing else: `() => this.flush()`, `function () { self.flush(); }`. */
function onlyCall(fn: FunctionNode): TSESTree.CallExpression | undefined {
  let body: Node = fn.body;
  if (body.type === AST_NODE_TYPES.BlockStatement) {
    if (body.body.length !== 1 || body.body[0]!.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
    body = body.body[0].expression;
  }
  const call = skipWrappers(body);
  return call.type === AST_NODE_TYPES.CallExpression ? call : undefined;
}

/** `return;` alone, or a block that holds only that. */
function returnsOnly(node: Node): boolean {
  if (node.type === AST_NODE_TYPES.ReturnStatement) return true;
  return node.type === AST_NODE_TYPES.BlockStatement && node.body.length === 1 && node.body[0]!.type === AST_NODE_TYPES.ReturnStatement;
}

/** The members the 'close' listeners of the socket (and what they call) set to a state constant. */
function closeFlags(socketKey: string, sourceCode: SourceCode): Set<string> {
  const flags = new Set<string>();
  for (const fn of closeReach(sourceCode, socketKey)) {
    visitOutsideFunctions(fn.body, (node) => {
      if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.operator !== '=' || node.left.type !== AST_NODE_TYPES.MemberExpression) return;
      const name = propertyName(node.left);
      if (name !== undefined && isStateFlag(node.left, skipWrappers(node.right), fn, sourceCode)) flags.add(name);
    }, sourceCode);
  }
  return flags;
}

function callsAnything(statement: Node, sourceCode: SourceCode): boolean {
  let calls = false;
  visitOutsideFunctions(statement, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) calls = true;
  }, sourceCode);
  return calls;
}

/**
 * A UDP socket (`dgram.createSocket()`) closes only where the file calls its `close()` (no peer
 * ends it: src/model/close-reach.ts `closedOnlyByApplication`). A timer that uses one outlives it
 * only when some `close()` of it runs in a function that does not also clear the timer: a file
 * whose every `socket.close()` sits beside `clearTimeout(timer)` (wake-on-LAN's `done()`), or that
 * never closes the socket, leaves no timer running on a closed socket.
 */
export function clearedWithUdpClose(socket: Node, socketKey: string, handleKey: string, sourceCode: SourceCode, callback?: Node): boolean {
  if (!closedOnlyByApplication(socket, sourceCode)) return false;
  const aliases = keyAliases(sourceCode);
  const clears = releasesOf(sourceCode, handleKey).filter((release) => release.timer);
  return fileNodes(sourceCode).calls.every((call) => {
    const member = calleeMember(call);
    const key = member?.name === 'close' ? referenceKey(member.object, sourceCode) : undefined;
    // The timer's own `close()` runs once, when it fires: what it races is a close elsewhere.
    if (key === undefined || !aliases.same(key, socketKey) || (callback !== undefined && contains(callback, call))) return true;
    const closing = enclosingFunction(call);
    return clears.some((release) => enclosingFunction(release.node) === closing);
  });
}

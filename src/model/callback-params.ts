/**
 * Sockets handed to a callback: a function of the file takes a callback and calls it with a socket
 * (`Agent.prototype.createSocket = function (options, cb) { … cb(socket); }`), so the parameter of
 * each function given in that place is that socket (`self.createSocket(opts, function (socket) {
 * socket.on('close', …) })`). The reverse of src/model/call-sites.ts, which follows a socket into
 * the parameters of the function it is passed to.
 *
 * Only when the file sees every call of the callback: the function is written inline as the
 * argument; the callee resolves to one function of the file (src/model/functions.ts: names,
 * `this.m`, `self.m`, prototype methods); that function's parameter is never reassigned and is
 * only ever called (not stored, passed on or returned); and every such call passes a socket of the
 * same kind in that position. Cached per detector (the answer depends on its options).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { findVariable } from '../listeners.js';
import { isFunction, outermost, paramIdentifier, runtimeParams, skipWrappers } from './ast.js';
import { weakest } from './call-sites.js';
import { resolveFunction } from './functions.js';
import type { SocketMatch } from './options.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Match = (node: TSESTree.Node) => SocketMatch | undefined;

/** The calls of the callback parameter `index` of `fn`, when it is only ever called; else undefined. */
function callbackCalls(fn: TSESTree.FunctionLike, index: number, sourceCode: SourceCode): TSESTree.CallExpression[] | undefined {
  const param = runtimeParams(fn)[index];
  const identifier = param && paramIdentifier(param);
  if (!identifier || param !== identifier) return undefined; // a default or a pattern: not followed
  const variable = findVariable(sourceCode.getScope(identifier), identifier);
  if (!variable) return undefined;
  const calls: TSESTree.CallExpression[] = [];
  for (const ref of variable.references) {
    if (ref.identifier === identifier) continue;
    if (ref.isWrite()) return undefined;
    const read = outermost(ref.identifier);
    const call = read.parent;
    if (call?.type === AST_NODE_TYPES.CallExpression && call.callee === read) {
      calls.push(call);
      continue;
    }
    if (!isTest(read)) return undefined;
  }
  return calls.length > 0 ? calls : undefined;
}

/** `if (cb)`, `typeof cb`, `cb && cb(x)`: a test of the callback hands nothing on. */
function isTest(read: TSESTree.Node): boolean {
  const parent = read.parent;
  if (parent?.type === AST_NODE_TYPES.IfStatement) return parent.test === read;
  if (parent?.type === AST_NODE_TYPES.UnaryExpression) return parent.operator === 'typeof';
  return parent?.type === AST_NODE_TYPES.LogicalExpression && parent.operator === '&&' && parent.left === read;
}

/**
 * The detector's callback flow: `role(fn, index)` is the socket that every call of the callback
 * `fn` passes as its argument `index`, when `fn` is written inline as the argument of a call of a
 * function of the file that only ever calls that parameter. `match` is the detector's own answer
 * for an argument; make one per detector.
 */
export function createCallbackRoles(match: Match, sourceCode: SourceCode): (fn: TSESTree.FunctionLike, index: number) => SocketMatch | undefined {
  const cache = new WeakMap<TSESTree.FunctionLike, Map<number, SocketMatch | null>>();
  return (fn, index) => {
    if (fn.type !== AST_NODE_TYPES.FunctionExpression && fn.type !== AST_NODE_TYPES.ArrowFunctionExpression) return undefined;
    const call = outermost(fn).parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression && call?.type !== AST_NODE_TYPES.NewExpression) return undefined;
    let roles = cache.get(fn);
    if (!roles) {
      roles = new Map();
      cache.set(fn, roles);
    }
    if (roles.has(index)) return roles.get(index) ?? undefined;
    roles.set(index, null); // a callback that is handed its own parameter again adds nothing
    const found = roleAt(call, outermost(fn), index, match, sourceCode);
    roles.set(index, found ?? null);
    return found;
  };
}

function roleAt(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  argument: TSESTree.Node,
  index: number,
  match: Match,
  sourceCode: SourceCode,
): SocketMatch | undefined {
  let found: SocketMatch | undefined;
  for (const value of passedTo(call, argument, index, sourceCode) ?? []) {
    const here = value && match(value);
    if (!here || (found && found.kind !== here.kind)) return undefined;
    found = found ? { kind: found.kind, via: weakest(found.via, here.via) } : here;
  }
  return found;
}

/**
 * What each call of the callback `argument` (an argument of `call`) passes in position `index`
 * (undefined where a call passes nothing there), when the callee is a function of the file that
 * only ever calls that parameter; undefined when the file does not show every call.
 */
function passedTo(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  argument: TSESTree.Node,
  index: number,
  sourceCode: SourceCode,
): (TSESTree.Node | undefined)[] | undefined {
  if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const position = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
  if (position < 0 || call.arguments.slice(0, position).some((other) => other.type === AST_NODE_TYPES.SpreadElement)) return undefined;
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier && callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const target = resolveFunction(callee, sourceCode);
  if (!target || !isFunction(target)) return undefined;
  return callbackCalls(target, position, sourceCode)?.map((each) => {
    const spread = each.arguments.findIndex((value) => value.type === AST_NODE_TYPES.SpreadElement);
    return spread >= 0 && spread <= index ? undefined : each.arguments[index];
  });
}

/**
 * The one object every call of the inline callback `fn` passes as its parameter `index`
 * (`cb(socket)` in `createSocket`, for `self.createSocket(opts, function (socket) { … })`): the
 * parameter names that object. Undefined when the calls pass different things there, or the file
 * does not show them all.
 */
export function callbackArgument(fn: TSESTree.FunctionLike, index: number, key: (node: TSESTree.Node) => string | undefined, sourceCode: SourceCode): string | undefined {
  const call = outermost(fn).parent;
  if (!call || (call.type !== AST_NODE_TYPES.CallExpression && call.type !== AST_NODE_TYPES.NewExpression)) return undefined;
  const values = passedTo(call, outermost(fn), index, sourceCode);
  let found: string | undefined;
  for (const value of values ?? []) {
    const here = value && key(value);
    if (here === undefined || (found !== undefined && found !== here)) return undefined;
    found = here;
  }
  return found;
}

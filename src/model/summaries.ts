/**
 * What a function of this file does with the socket it receives in a parameter: gives it an
 * 'error' listener or hands it on right away ('now'), only in a callback that runs later
 * ('callback') or after an `await` ('await'), or never ('none'; destroying it on the spot counts
 * as 'now'). A socket passed to `kick(socket)` is the parameter of `kick`, so a hand-off to `kick`
 * handles the socket only as well as `kick` does.
 *
 * Each function and parameter is summarised once per file and the answer reused at every call
 * (cached on the function's node). A function that reaches itself again while it is being
 * summarised counts as handing the socket on there.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import type { LibraryObject } from '../libraries.js';
import { findVariable } from '../listeners.js';
import { destructuredProperty, literalKey, paramIdentifier, runtimeParams } from './ast.js';
import { resolveFunction } from './functions.js';
import { type CallSummaryOf, traceCreation, traceOptionsMember, traceParameter } from './hand-offs.js';
import { importedFunction } from './imported-functions.js';
import { listenerArrival } from './listener-state.js';
import type { ParameterSummary, SocketFlow } from './socket-flow.js';

export type { ParameterSummary } from './socket-flow.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const summaries = new WeakMap<TSESTree.Identifier, ParameterSummary | 'pending'>();

/**
 * What the function `call` runs does with the socket given at `argument`. Undefined when the
 * callee is not followed or its parameter cannot be (destructured, rest, after a spread argument,
 * a constructor's parameter property): the socket then counts as handed on.
 *
 * Followed: a function of this file (src/model/functions.ts), for `new` the constructor of a class
 * of the file or a constructor function (`function Conn(socket) { this.socket = socket; … }`), and with type
 * information a function or class constructor another module of the project declares
 * (src/model/imported-functions.ts), summarised in its own module. Without types a hand-off to
 * another module counts as handled.
 */
export function handOffSummary(call: TSESTree.CallExpression | TSESTree.NewExpression, argument: TSESTree.Node, sourceCode: SourceCode): ParameterSummary | undefined {
  const receiver = receivingParameter(call, argument, sourceCode);
  if (receiver === null) return 'none';
  if (receiver?.member !== undefined) return optionsMemberSummary(receiver.fn, receiver.param, receiver.member, sourceCode);
  return receiver && identifierSummary(receiver.fn, receiver.param, receiver.sourceCode);
}

const memberSummaries = new WeakMap<TSESTree.Identifier, Map<string, ParameterSummary | 'pending' | null>>();

/**
 * What `fn` does with the socket an object literal brings under `key` to its parameter `param`,
 * which keeps the object and reads the socket from it (`constructor(opts) { this.socket =
 * opts.socket; }`), summarised once per file.
 */
function optionsMemberSummary(fn: TSESTree.FunctionLike, param: TSESTree.Identifier, key: string, sourceCode: SourceCode): ParameterSummary | undefined {
  let byKey = memberSummaries.get(param);
  if (!byKey) {
    byKey = new Map<string, ParameterSummary | 'pending' | null>();
    memberSummaries.set(param, byKey);
  }
  const known = byKey.get(key);
  if (known === 'pending') return undefined;
  if (known !== undefined) return known ?? undefined;
  byKey.set(key, 'pending');
  const flow = traceOptionsMember(fn, param, key, sourceCode, summaryIn(sourceCode));
  const summary = flow && summaryOfFlow(flow, sourceCode);
  byKey.set(key, summary ?? null);
  return summary;
}

/**
 * The parameter of the function `call` runs that receives `argument`: an argument, or a property
 * of an object literal given as one (`join({ a, b: socket })`) which that function destructures
 * (`function join({ a, b })`). Null when that function never reads the property; undefined when
 * the function or its parameter is not followed.
 */
function receivingParameter(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  argument: TSESTree.Node,
  sourceCode: SourceCode,
): { fn: TSESTree.FunctionLike; param: TSESTree.Identifier; sourceCode: SourceCode; member?: string } | null | undefined {
  const property = argument.type === AST_NODE_TYPES.Property ? argument : undefined;
  const key = property && literalKey(property);
  if (property && !key) return undefined;
  const index = call.arguments.indexOf((property ? property.parent : argument) as TSESTree.CallExpressionArgument);
  if (index < 0 || call.arguments.slice(0, index).some((arg) => arg.type === AST_NODE_TYPES.SpreadElement)) return undefined;
  const own = call.type === AST_NODE_TYPES.CallExpression ? resolveFunction(call.callee, sourceCode) : constructorOf(call.callee, sourceCode);
  const target = own ? { fn: own, sourceCode } : importedFunction(call, sourceCode);
  if (!target) return undefined;
  const param = runtimeParams(target.fn)[index];
  // `constructor(private socket: Socket)` keeps the socket on the instance, for any method to listen.
  if (param?.type === AST_NODE_TYPES.TSParameterProperty) return undefined;
  // `constructor(opts) { this.socket = opts.socket; }`: a function of this file reading the property.
  if (key && own && param?.type === AST_NODE_TYPES.Identifier) return { fn: own, param, sourceCode, member: key };
  const identifier = key ? destructuredProperty(param, key) : param && paramIdentifier(param);
  if (identifier === null) return null;
  return identifier && identifier !== 'kept' ? { fn: target.fn, param: identifier, sourceCode: target.sourceCode } : undefined;
}

/**
 * The constructor `new callee(…)` runs, when the file declares it: a class's `constructor` (none
 * written: nothing to follow, the socket counts as handed on), or a function declared or assigned once.
 */
function constructorOf(callee: TSESTree.Node, sourceCode: SourceCode): TSESTree.FunctionLike | undefined {
  if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = findVariable(sourceCode.getScope(callee), callee);
  const definition = variable?.defs.length === 1 ? variable.defs[0]!.node : undefined;
  const body =
    definition?.type === AST_NODE_TYPES.ClassDeclaration
      ? definition.body
      : definition?.type === AST_NODE_TYPES.VariableDeclarator && definition.init?.type === AST_NODE_TYPES.ClassExpression
        ? definition.init.body
        : undefined;
  if (!body) return resolveFunction(callee, sourceCode);
  const constructor = body.body.find((member) => member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor');
  return constructor?.type === AST_NODE_TYPES.MethodDefinition ? constructor.value : undefined;
}

/**
 * What the code does with the socket `creation` makes (src/model/hand-offs.ts), following every
 * hand-off to a function of the file into that function.
 */
export function followCreation(creation: TSESTree.Node, sourceCode: SourceCode, library?: LibraryObject): SocketFlow {
  return traceCreation(creation, sourceCode, summaryIn(sourceCode), library);
}

/** What `fn` does with the socket its parameter `identifier` receives, following hand-offs into the file's functions. */
export function followParameter(fn: TSESTree.FunctionLike, identifier: TSESTree.Identifier, sourceCode: SourceCode, library?: LibraryObject): SocketFlow {
  return traceParameter(fn, identifier, sourceCode, summaryIn(sourceCode), library);
}

function summaryIn(sourceCode: SourceCode): CallSummaryOf {
  return (call, argument) => handOffSummary(call, argument, sourceCode);
}

/** What `fn` does with the socket in its runtime parameter `index`; undefined when that parameter cannot be followed. */
export function parameterSummary(fn: TSESTree.FunctionLike, index: number, sourceCode: SourceCode): ParameterSummary | undefined {
  const param = runtimeParams(fn)[index];
  // `constructor(private socket: Socket)` keeps the socket on the instance, for any method to listen.
  const identifier = param && param.type !== AST_NODE_TYPES.TSParameterProperty ? paramIdentifier(param) : undefined;
  return identifier && identifierSummary(fn, identifier, sourceCode);
}

/** What `fn` does with the socket its parameter binds to `identifier`, summarised once per file. */
function identifierSummary(fn: TSESTree.FunctionLike, identifier: TSESTree.Identifier, sourceCode: SourceCode): ParameterSummary | undefined {
  const known = summaries.get(identifier);
  if (known === 'pending') return undefined;
  if (known !== undefined) return known;
  summaries.set(identifier, 'pending');
  const summary = summaryOfFlow(followParameter(fn, identifier, sourceCode), sourceCode);
  summaries.set(identifier, summary);
  return summary;
}

/** A flow's summary: listened to (or destroyed) right away, in a later callback, after an await, or never. */
function summaryOfFlow(flow: SocketFlow, sourceCode: SourceCode): ParameterSummary {
  const { first, destroyed, handedOnFirst } = listenerArrival(flow, sourceCode);
  if (first === 'now' || destroyed) return 'now';
  if (first === undefined) return 'none';
  return handedOnFirst ? { handOff: first } : first;
}

/** A function of the file the socket is handed to, and the parameter that receives it. */
export interface Receiver {
  fn: TSESTree.FunctionLike;
  param: TSESTree.Identifier;
  /** The call that hands the socket over. */
  call: TSESTree.CallExpression;
}

/**
 * The functions of the file that `flow` hands its socket to right away (their summary is 'now'):
 * the caller counts on them, so their own paths decide whether the socket is covered on each.
 */
export function receiversOf(flow: SocketFlow, sourceCode: SourceCode): Receiver[] {
  const receivers: Receiver[] = [];
  for (const use of flow.uses) {
    if (use.effect !== 'escape' || use.when !== undefined || use.at.type !== AST_NODE_TYPES.CallExpression) continue;
    const call = use.at;
    let argument: TSESTree.Node = use.from;
    while (argument.parent && argument.parent !== call && argument.parent.type !== AST_NODE_TYPES.ObjectExpression) argument = argument.parent;
    if (handOffSummary(call, argument, sourceCode) !== 'now') continue;
    const receiver = receivingParameter(call, argument, sourceCode);
    if (receiver && receiver.member === undefined && receiver.sourceCode === sourceCode) receivers.push({ fn: receiver.fn, param: receiver.param, call });
  }
  return receivers;
}

/** Does `fn` attach an 'error' listener to the socket in its parameter `identifier` right away? */
export function listensRightAway(fn: TSESTree.FunctionLike, identifier: TSESTree.Identifier, sourceCode: SourceCode): boolean {
  return listenerArrival(followParameter(fn, identifier, sourceCode), sourceCode).listensNow;
}

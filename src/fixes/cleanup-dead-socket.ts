/**
 * The fixes of cleanup-dead-socket: a statement added after a timer or a registration that
 * releases it when the socket closes, and the texts of its suggestions.
 */
import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { contains, emitterKey, readMethodCall, referenceKey, variableOf } from '../dead-socket.js';
import { type FunctionNode, runtimeParams, skipWrappers } from '../model/ast.js';
import { closeEventOf, listenerFacts } from '../model/close-reach.js';
import type { EndHook } from '../model/end-hooks.js';
import { keyAliases } from '../model/key-aliases.js';
import type { CollectionForm, Registration } from '../model/registrations.js';
import type { Timer } from '../model/timers.js';
import type { KeptListener } from '../model/kept-listeners.js';
import { findVariable } from '../listeners.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const STATEMENT_LISTS = new Set<string>([
  AST_NODE_TYPES.Program,
  AST_NODE_TYPES.BlockStatement,
  AST_NODE_TYPES.StaticBlock,
  AST_NODE_TYPES.SwitchCase,
]);

/** Adds `<clear>(handle)` on the socket's 'close' (a library object's last event) after the timer's `const` declaration. */
export function clearTimerFix(timer: Timer, socket: TSESTree.Expression, socketKey: string, sourceCode: SourceCode): TSESLint.ReportFixFunction | null {
  const statement = timer.declaration?.parent.type === AST_NODE_TYPES.ExportNamedDeclaration ? timer.declaration.parent : timer.declaration;
  if (!statement || !STATEMENT_LISTS.has(statement.parent.type)) return null;
  const socketText = socketTextAt(socket, statement, timer.callback, sourceCode);
  if (socketText === undefined) return null;
  const clear = timer.kind === 'setInterval' ? 'clearInterval' : 'clearTimeout';
  const text = closeListenerText(socket, socketKey, socketText, `${clear}(${timer.handleText})`, statement, sourceCode);
  return text === undefined ? null : (fixer) => insertAfter(fixer, statement, text, sourceCode);
}

/** Adds the removal of the socket from a `Set` or `Map` on its 'close', after the registration. */
export function registryFix(registration: Registration, form: CollectionForm, sourceCode: SourceCode): TSESLint.ReportFixFunction | null {
  const { statement } = registration;
  if (!statement || !STATEMENT_LISTS.has(statement.parent!.type) || (form !== 'set' && form !== 'map')) return null;
  const socket = socketTextAt(registration.socket, statement, undefined, sourceCode);
  const collection = socketTextAt(registration.collection, statement, undefined, sourceCode);
  const socketKey = referenceKey(registration.socket, sourceCode);
  if (socket === undefined || collection === undefined || socketKey === undefined || socket.endsWith('?') || collection.endsWith('?')) return null;
  let cleanup: string;
  if (form === 'set' || registration.keyed) {
    cleanup = `${collection}.delete(${socket})`;
  } else {
    const mapKey = registration.mapKey && stableText(registration.mapKey, statement, sourceCode);
    if (mapKey === undefined) return null;
    // Delete only the entry this socket still owns: a reconnect may have replaced it meanwhile.
    const indent = indentOf(statement, sourceCode);
    cleanup = `{\n${indent}  if (${collection}.get(${mapKey}) === ${socket}) ${collection}.delete(${mapKey});\n${indent}}`;
  }
  const text = closeListenerText(registration.socket, socketKey, socket, cleanup, statement, sourceCode);
  return text === undefined ? null : (fixer) => insertAfter(fixer, statement, text, sourceCode);
}

/**
 * Moves the hook to 'close': the event name of the listener, or `s.once('close', cb).end(…)`. None
 * for a library object whose last event is not 'close' (the suggestion's message names 'close').
 */
export function moveToCloseFix(hook: EndHook, sourceCode: SourceCode): TSESLint.ReportFixFunction | undefined {
  if (closeEventOf(hook.socket, sourceCode) !== 'close') return undefined;
  if (hook.listener) {
    const eventNode = hook.listener.call.arguments[0];
    if (eventNode?.type !== AST_NODE_TYPES.Literal || typeof eventNode.value !== 'string') return undefined;
    const quote = sourceCode.getText(eventNode)[0] ?? "'";
    return (fixer) => fixer.replaceText(eventNode, `${quote}close${quote}`);
  }
  const call = hook.endCall!;
  const method = readMethodCall(call);
  if (!method || runtimeParams(hook.fn).length > 0 || call.arguments.at(-1) !== hook.fn) return undefined;
  const object = sourceCode.getText(call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee.object : method.object);
  const rest = call.arguments.slice(0, -1).map((argument) => sourceCode.getText(argument));
  return (fixer) => fixer.replaceText(call, `${object}.once('close', ${sourceCode.getText(hook.fn)}).end(${rest.join(', ')})`);
}

/** `socket.end(…)` as `socket.destroy()`: the whole call, or only the method name when nothing is dropped. */
export function destroyFix(call: TSESTree.CallExpression, sourceCode: SourceCode): { whole: TSESLint.ReportFixFunction; name: TSESLint.ReportFixFunction } {
  const callee = skipWrappers(call.callee) as TSESTree.MemberExpression;
  const destroyCall = `${sourceCode.getText(callee.object)}${callee.optional ? '?.' : '.'}destroy()`;
  const whole: TSESLint.ReportFixFunction = (fixer) => fixer.replaceText(call, destroyCall);
  return { whole, name: callee.computed ? whole : (fixer) => fixer.replaceText(callee.property, 'destroy') };
}

/**
 * The statement a fix adds to run `cleanup` when the socket closes: `socket.once('close', …)`
 * (`client.once('end', …)` for a library object whose last event is 'end'), or, when the socket's cleanup already goes through our `onSocketClose` (which also runs it for
 * a socket that closed before the listener was added), one more `onSocketClose(socket, …)`.
 * Undefined when that helper cannot be named at `statement`.
 */
function closeListenerText(
  socket: TSESTree.Node,
  socketKey: string,
  socketText: string,
  cleanup: string,
  statement: TSESTree.Node,
  sourceCode: SourceCode,
): string | undefined {
  const event = closeEventOf(socket, sourceCode);
  if (event === undefined) return undefined;
  const aliases = keyAliases(sourceCode);
  const helper = listenerFacts(sourceCode).helperCloses.find(({ socket }) => {
    const key = emitterKey(socket, sourceCode);
    return key !== undefined && aliases.same(key, socketKey);
  });
  if (!helper) return `${socketText}.once('${event}', () => ${cleanup});`;
  if (event !== 'close') return undefined; // `onSocketClose` watches 'close'
  const callee = helperCalleeAt(helper.call, statement, sourceCode);
  return callee === undefined || socketText.endsWith('?') ? undefined : `${callee}(${socketText}, () => ${cleanup});`;
}

/** The callee of a helper call as text that names the same helper at `statement` (not shadowed there). */
function helperCalleeAt(call: TSESTree.CallExpression, statement: TSESTree.Node, sourceCode: SourceCode): string | undefined {
  const callee = skipWrappers(call.callee);
  const root = callee.type === AST_NODE_TYPES.MemberExpression ? skipWrappers(callee.object) : callee;
  if (root.type === AST_NODE_TYPES.Identifier) {
    const there = findVariable(sourceCode.getScope(statement), root.name);
    if (!there || there !== variableOf(root, sourceCode)) return undefined;
  } else if (callee.type !== AST_NODE_TYPES.MemberExpression) {
    return undefined;
  }
  return sourceCode.getText(callee);
}

/** A map key that means the same when the 'close' listener runs later: a literal or an unchanging variable. */
function stableText(node: TSESTree.Node, statement: TSESTree.Node, sourceCode: SourceCode): string | undefined {
  if (node.type === AST_NODE_TYPES.Literal && (typeof node.value === 'string' || typeof node.value === 'number')) return sourceCode.getText(node);
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = variableOf(node, sourceCode);
  const def = variable?.defs[0];
  if (!variable || !def || variable.defs.length !== 1) return undefined;
  if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
  if (def.type !== TSESLint.Scope.DefinitionType.Parameter && def.name.range[0] >= statement.range[0]) return undefined;
  return node.name;
}

function indentOf(node: TSESTree.Node, sourceCode: SourceCode): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  return /^\s*/u.exec(line)?.[0] ?? '';
}

/** Inserts `text` as a statement of its own line after `statement` (after a comment on its line). */
function insertAfter(fixer: TSESLint.RuleFixer, statement: TSESTree.Node, text: string, sourceCode: SourceCode): TSESLint.RuleFix {
  let end: TSESTree.Node | TSESTree.Token = statement;
  for (const comment of sourceCode.getCommentsAfter(statement)) {
    if (comment.loc.start.line !== statement.loc.end.line) break;
    end = comment;
  }
  return fixer.insertTextAfter(end, `\n${indentOf(statement, sourceCode)}${text}`);
}

/** The socket as source text usable at `statement`, or undefined when it might not be in scope there. */
function socketTextAt(socket: TSESTree.Expression, statement: TSESTree.Node, inside: TSESTree.Node | undefined, sourceCode: SourceCode): string | undefined {
  let root: TSESTree.Node = socket;
  while (root.type === AST_NODE_TYPES.MemberExpression) {
    if (root.computed) return undefined;
    root = skipWrappers(root.object);
  }
  if (root.type === AST_NODE_TYPES.ThisExpression) {
    if (inside && inside.type !== AST_NODE_TYPES.ArrowFunctionExpression) return undefined;
  } else if (root.type === AST_NODE_TYPES.Identifier) {
    const variable = variableOf(root, sourceCode);
    const def = variable?.defs[0];
    if (!def) return undefined;
    if (inside && contains(inside, def.name)) return undefined;
    if (def.type !== TSESLint.Scope.DefinitionType.Parameter && def.name.range[0] >= statement.range[0]) return undefined;
  } else {
    return undefined;
  }
  const outer = socket.parent?.type === AST_NODE_TYPES.TSNonNullExpression ? socket.parent : socket;
  const member = outer.parent;
  const optional = member?.type === AST_NODE_TYPES.MemberExpression && member.object === outer && member.optional;
  return `${sourceCode.getText(outer)}${optional ? '?' : ''}`;
}

/**
 * Passes the socket to a remover that left it out (`self.removeSocket()` → `self.removeSocket(socket)`):
 * only for the first missing argument, and a socket variable the call can see under its name.
 */
export function passSocketFix(call: TSESTree.CallExpression, index: number, socket: TSESTree.Expression, sourceCode: SourceCode): TSESLint.ReportFixFunction | null {
  const target = skipWrappers(socket);
  if (index !== call.arguments.length || target.type !== AST_NODE_TYPES.Identifier) return null;
  const seen = findVariable(sourceCode.getScope(call), target.name);
  if (!seen || seen !== variableOf(target, sourceCode)) return null;
  const last = call.arguments.at(-1);
  const closing = sourceCode.getLastToken(call);
  if (!closing || closing.value !== ')') return null;
  return (fixer) => (last ? fixer.insertTextAfter(last, `, ${target.name}`) : fixer.insertTextBefore(closing, target.name));
}

/**
 * Destroys `socket` first thing in its 'timeout' listener `fn`: `() => done(err)` becomes
 * `() => { socket.destroy(); return done(err); }` (what a listener returns is dropped).
 */
export function destroyOnTimeoutFix(fn: FunctionNode, socket: string, sourceCode: SourceCode): TSESLint.ReportFixFunction {
  const body = fn.body;
  if (body.type === AST_NODE_TYPES.BlockStatement) return (fixer) => fixer.insertTextAfterRange([body.range[0], body.range[0] + 1], ` ${socket}.destroy();`);
  const [start, end] = ASTUtils.isParenthesized(body, sourceCode) ? [sourceCode.getTokenBefore(body)!.range[0], sourceCode.getTokenAfter(body)!.range[1]] : body.range;
  const text = sourceCode.text.slice(start, end);
  return (fixer) => fixer.replaceTextRange([start, end], `{ ${socket}.destroy(); return ${text}; }`);
}

/**
 * After `emitter.on('event', handler)` in a connection's function: takes `handler` off again when
 * the connection closes. Only for a listener given by name, with every name in scope there.
 */
export function removeOnCloseFix(kept: KeptListener, sourceCode: SourceCode): TSESLint.ReportFixFunction | null {
  const statement = kept.call.parent;
  const [eventNode, handler] = kept.call.arguments;
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement || !STATEMENT_LISTS.has(statement.parent.type)) return null;
  if (handler?.type !== AST_NODE_TYPES.Identifier || eventNode?.type !== AST_NODE_TYPES.Literal) return null;
  const global = kept.emitter.type === AST_NODE_TYPES.Identifier && !variableOf(kept.emitter, sourceCode)?.defs.length;
  const emitter = global ? sourceCode.getText(kept.emitter) : socketTextAt(kept.emitter, statement, undefined, sourceCode);
  const socketKey = referenceKey(kept.connection, sourceCode);
  if (emitter === undefined || socketKey === undefined || socketTextAt(kept.connection, statement, undefined, sourceCode) === undefined) return null;
  const cleanup = `${emitter}.off(${sourceCode.getText(eventNode)}, ${handler.name})`;
  const text = closeListenerText(kept.connection, socketKey, kept.connection.name, cleanup, statement, sourceCode);
  return text === undefined ? null : (fixer) => insertAfter(fixer, statement, text, sourceCode);
}

/** `if (i !== -1) list.splice(i, 1)`: before a `splice(indexOf(…), 1)` statement, the test of its lookup. */
export function checkFirstFix(call: TSESTree.CallExpression, sourceCode: SourceCode): TSESLint.ReportFixFunction | undefined {
  const statement = call.parent.type === AST_NODE_TYPES.ExpressionStatement ? call.parent : undefined;
  const lookup = call.arguments[0];
  return statement && lookup ? (fixer) => fixer.insertTextBefore(statement, `if (${sourceCode.getText(lookup)} !== -1) `) : undefined;
}

/**
 * A probe: a socket made only to learn whether something answers at a Unix socket path, which
 * never reads nor writes and whose connect callback ends it or the process on every run
 * (`net.connect(path, () => { throw inUse; })`, `const probe = net.connect(path, () => {
 * probe.destroy(); resolve(true); })`): the stale-socket check of a server that found its path
 * taken. Its 'error' listener hears only a failed connect (ENOENT, ECONNREFUSED), never the errors
 * a connection raises when it ends (ECONNRESET, EPIPE, ENOTCONN...): no connection outlives the
 * callback, and a Unix socket is never reset (measured on Node 20:
 * test/live/probe-sockets.live.test.ts). Over TCP a server that resets what it accepts at once
 * fails the connect with ECONNRESET (measured there too): a TCP probe is no probe here.
 *
 * A path is known by its spelling (a string that is no number, an options object with `path`) or by
 * what the file does with the same expression: unlinks it, or listens on it.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { findVariable } from '../listeners.js';
import { type FunctionNode, isFunction, propertyName, skipWrappers } from './ast.js';
import { fileNodes } from './file-nodes.js';
import { packageOf } from './import-bindings.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Calls on a probe that neither read nor write. */
const PROBE_METHODS: ReadonlySet<string> = new Set(['destroy', 'setTimeout', 'unref', 'ref', 'setNoDelay', 'setKeepAlive', 'removeListener', 'off', 'removeAllListeners']);
const LISTEN = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
/** Events whose listeners neither read nor write by being there (a 'data' listener reads). */
const PROBE_EVENTS: ReadonlySet<string> = new Set(['error', 'close', 'timeout', 'lookup']);

/** Is the socket an 'error' listener is registered on (`target`) a probe (see above)? */
export function isProbeSocket(target: TSESTree.Node, sourceCode: SourceCode): boolean {
  const value = skipWrappers(target);
  if (value.type === AST_NODE_TYPES.CallExpression) return probeCallback(value, sourceCode) !== undefined && !chainedUses(value);
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = findVariable(sourceCode.getScope(value), value.name);
  const declarator = variable?.defs[0]?.node;
  if (variable?.defs.length !== 1 || declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.parent.kind !== 'const' || !declarator.init) return false;
  const creation = skipWrappers(declarator.init);
  const callback = creation.type === AST_NODE_TYPES.CallExpression ? probeCallback(creation, sourceCode, variable.name) : undefined;
  return callback !== undefined && variable.references.every((ref) => ref.init || probeUse(ref.identifier));
}

/** `net.connect(path, cb)` / `net.createConnection(path, cb)` whose `cb` ends the socket or the process on every run. */
function probeCallback(call: TSESTree.CallExpression, sourceCode: SourceCode, name?: string): FunctionNode | undefined {
  const callee = skipWrappers(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : callee.type === AST_NODE_TYPES.Identifier ? callee.name : undefined;
  if ((method !== 'connect' && method !== 'createConnection') || (callee.type === AST_NODE_TYPES.MemberExpression && !isNetModule(callee.object, sourceCode))) return undefined;
  const [address, callback] = call.arguments;
  if (!isFunction(callback) || call.arguments.length !== 2 || !address || !isUnixPath(address, sourceCode)) return undefined;
  const statements = callback.body.type === AST_NODE_TYPES.BlockStatement ? callback.body.body : [callback.body];
  return statements.some((statement) => endsEverything(statement, name)) ? callback : undefined;
}

/** `net` of `import net from 'node:net'` or `require('net')`: not a socket's own `connect()`. */
function isNetModule(object: TSESTree.Node, sourceCode: SourceCode): boolean {
  const target = skipWrappers(object);
  const from = target.type === AST_NODE_TYPES.Identifier ? packageOf(target, sourceCode) : undefined;
  return from === 'net' || from === 'node:net';
}

/** Is the address a Unix socket path: spelled as one, or unlinked or listened on by the file? */
function isUnixPath(address: TSESTree.Node, sourceCode: SourceCode): boolean {
  const value = skipWrappers(address);
  if (value.type === AST_NODE_TYPES.Literal) return typeof value.value === 'string' && Number.isNaN(Number(value.value));
  if (value.type === AST_NODE_TYPES.ObjectExpression) {
    return value.properties.some((property) => property.type === AST_NODE_TYPES.Property && !property.computed && property.key.type === AST_NODE_TYPES.Identifier && property.key.name === 'path');
  }
  const text = sourceCode.getText(value);
  return fileNodes(sourceCode).calls.some((call) => {
    const callee = skipWrappers(call.callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : callee.type === AST_NODE_TYPES.Identifier ? callee.name : undefined;
    const [first] = call.arguments;
    return (method === 'unlink' || method === 'unlinkSync' || method === 'listen') && first !== undefined && first !== value && sourceCode.getText(first) === text;
  });
}

/** `throw …`, `process.exit(…)`, or `probe.destroy()`: a statement after which the probe is gone. */
function endsEverything(statement: TSESTree.Node, name: string | undefined): boolean {
  if (statement.type === AST_NODE_TYPES.ThrowStatement) return true;
  const expression = statement.type === AST_NODE_TYPES.ExpressionStatement ? skipWrappers(statement.expression) : skipWrappers(statement);
  if (expression.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipWrappers(expression.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = skipWrappers(callee.object);
  const method = propertyName(callee);
  if (object.type === AST_NODE_TYPES.Identifier && object.name === 'process') return method === 'exit';
  return method === 'destroy' && name !== undefined && object.type === AST_NODE_TYPES.Identifier && object.name === name;
}

/** Does the chain on the creation (`net.connect(…).on('error', f)`) read, write or keep the socket? */
function chainedUses(creation: TSESTree.CallExpression): boolean {
  let current: TSESTree.Node = creation;
  while (current.parent?.type === AST_NODE_TYPES.MemberExpression && current.parent.object === current) {
    const call: TSESTree.Node | undefined = current.parent.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== current.parent || !allowedCall(call, current.parent)) return true;
    current = call;
  }
  // The end of the chain is a statement of its own: the socket is not kept anywhere.
  return current.parent?.type !== AST_NODE_TYPES.ExpressionStatement;
}

/** A reference of the probe's variable: the object of a call that neither reads nor writes. */
function probeUse(identifier: TSESTree.Node): boolean {
  const member = identifier.parent;
  const call = member?.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== identifier || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return false;
  return allowedCall(call, member);
}

function allowedCall(call: TSESTree.CallExpression, member: TSESTree.MemberExpression): boolean {
  const method = propertyName(member) ?? '';
  if (PROBE_METHODS.has(method)) return true;
  if (!LISTEN.has(method)) return false;
  const [event] = call.arguments;
  return event?.type === AST_NODE_TYPES.Literal && typeof event.value === 'string' && PROBE_EVENTS.has(event.value);
}

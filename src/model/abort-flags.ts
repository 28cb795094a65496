/**
 * A flag a module raises as it aborts its own request, and an 'error' listener that stops on it:
 * `self._aborted = true; req.abort();` with `req.on('error', (err) => { if (self._aborted) return;
 * self.emit('error', err); })`, or a variable both close over (`finished = true; req.abort();`). The "socket hang up" the abort provokes then never reaches the
 * re-emit, so the listener is no handler of the module's own shutdown (src/model/error-handlers.ts).
 * The same holds of a raw socket the module ends (`self._failed = true; socket.end();`), and of a
 * listener that does everything under one `if` that needs the flag down (`if (!self._failed &&
 * !self._ready) { … self.emit('error', err); }`).
 *
 * Also a flag under a name (`req[kAborted] = true`) and a flag among other reasons to return
 * (`if (!req || req[kAborted]) return;`). A call in the request's own 'response' listener (a
 * redirect followed) provokes no error (measured: test/live/abort-flags.live.test.ts); when every
 * closing call is such a one, the listener hears none of the module's own.
 *
 * Only when every closing call of the object (`abort()` / `destroy()` of a request, `end()` /
 * `destroySoon()` of a socket: `methods`) comes after such a flag is set to `true`
 * in the same function (an earlier statement of the block around the call, or of a block around
 * that), and the listener returns when that flag (the same object by src/model/same-objects.ts's
 * keys) is set, in an `if` among its own statements. Read from the file's calls (src/model/file-nodes.ts).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { calleeName } from '../listeners.js';
import { enclosingFunction, type FunctionNode, isFunction, skipWrappers } from './ast.js';
import { objectKey } from './close-calls.js';
import { listenerCallOf, referenceKey } from './dead-socket.js';
import { fileNodes } from './file-nodes.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;
type Canonical = (key: string) => string;

/** What closes a request (both make it emit "socket hang up") and what ends a raw socket. */
export const ABORTS: ReadonlySet<string> = new Set(['abort', 'destroy']);
export const ENDS: ReadonlySet<string> = new Set(['end', 'destroySoon']);

/**
 * The flags (canonical keys) set to `true` before every call of `methods` on `object`; empty when
 * one has none; 'none' when no such call can provoke an error (each is in the request's own
 * 'response' listener).
 */
function abortFlags(object: string, methods: ReadonlySet<string>, canonical: Canonical, sourceCode: SourceCode): ReadonlySet<string> | 'none' {
  let common: Set<string> | undefined;
  for (const call of fileNodes(sourceCode).calls) {
    const name = calleeName(call);
    const callee = skipWrappers(call.callee);
    if (name === undefined || !methods.has(name) || callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const key = objectKey(callee.object, sourceCode);
    if (key === undefined || canonical(key) !== object || inOwnResponseListener(call, object, canonical, sourceCode)) continue;
    const flags = flagsBefore(call, canonical, sourceCode);
    common = common ? new Set([...common].filter((flag) => flags.has(flag))) : flags;
    if (common.size === 0) return common;
  }
  return common ?? 'none';
}

/**
 * Is `call` made in a 'response' listener of `object` itself? A request that has its response
 * emits no 'error' when aborted or destroyed (measured: test/live/abort-flags.live.test.ts).
 */
function inOwnResponseListener(call: TSESTree.CallExpression, object: string, canonical: Canonical, sourceCode: SourceCode): boolean {
  const fn = enclosingFunction(call);
  const registration = fn?.parent.type === AST_NODE_TYPES.CallExpression ? listenerCallOf(fn.parent, sourceCode) : undefined;
  if (registration?.event !== 'response' || registration.listener !== fn) return false;
  const key = objectKey(registration.target, sourceCode);
  return key !== undefined && canonical(key) === object;
}

/** The members set to `true` by earlier statements of the blocks around `call`, in its own function. */
function flagsBefore(call: TSESTree.CallExpression, canonical: Canonical, sourceCode: SourceCode): Set<string> {
  const flags = new Set<string>();
  for (let node: Node = call; node.parent && !isFunction(node); node = node.parent) {
    const parent: Node = node.parent;
    const body: readonly Node[] | undefined = parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program ? parent.body : parent.type === AST_NODE_TYPES.SwitchCase ? parent.consequent : undefined;
    for (const statement of body ?? []) {
      if (statement === node) break;
      const flag = raisedFlag(statement, sourceCode);
      if (flag !== undefined) flags.add(canonicalFlag(flag, canonical));
    }
  }
  return flags;
}

/** `x.flag = true;` or `flag = true;` (a variable the listener's closure shares) as a statement: its key. */
function raisedFlag(statement: Node, sourceCode: SourceCode): string | undefined {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
  const assignment = statement.expression;
  if (assignment.type !== AST_NODE_TYPES.AssignmentExpression || assignment.operator !== '=') return undefined;
  if (assignment.left.type !== AST_NODE_TYPES.MemberExpression && assignment.left.type !== AST_NODE_TYPES.Identifier) return undefined;
  const value = skipWrappers(assignment.right);
  return value.type === AST_NODE_TYPES.Literal && value.value === true ? flagKey(assignment.left, sourceCode) : undefined;
}

/**
 * The key of a flag: a reference (`self._aborted`, `finished`), or a member under a name of the
 * file (`req[kAborted]`, the key a symbol): the object's key with that name.
 */
function flagKey(node: Node, sourceCode: SourceCode): string | undefined {
  if (node.type === AST_NODE_TYPES.MemberExpression && node.computed && node.property.type === AST_NODE_TYPES.Identifier) {
    const object = referenceKey(node.object, sourceCode);
    return object === undefined ? undefined : `${object}[${node.property.name}]`;
  }
  return referenceKey(node, sourceCode);
}

/** A flag key with its object's part made canonical. */
function canonicalFlag(key: string, canonical: Canonical): string {
  const bracket = key.endsWith(']') ? key.lastIndexOf('[') : -1;
  return bracket > 0 ? `${canonical(key.slice(0, bracket))}${key.slice(bracket)}` : canonical(key);
}

/**
 * Does `listener` stop when a flag the file raises before every closing call (`methods`) of
 * `object` is set: `if (self._aborted) return;` among its own statements, or a body that is one
 * `if` (no `else`) whose test needs the flag down (`!self._failed && …`)?
 */
export function stopsOnAbortFlag(listener: FunctionNode, object: string, methods: ReadonlySet<string>, canonical: Canonical, sourceCode: SourceCode): boolean {
  const flags = abortFlags(object, methods, canonical, sourceCode);
  if (flags === 'none') return true; // nothing the module does to it makes an error
  if (listener.body.type !== AST_NODE_TYPES.BlockStatement || flags.size === 0) return false;
  const isFlag = (node: Node): boolean => {
    const test = skipWrappers(node);
    if (test.type !== AST_NODE_TYPES.MemberExpression && test.type !== AST_NODE_TYPES.Identifier) return false;
    const key = flagKey(test, sourceCode);
    return key !== undefined && flags.has(canonicalFlag(key, canonical));
  };
  const [only, ...rest] = listener.body.body;
  if (only?.type === AST_NODE_TYPES.IfStatement && !only.alternate && rest.length === 0) {
    if (operands(only.test, '&&').some((part) => part.type === AST_NODE_TYPES.UnaryExpression && part.operator === '!' && isFlag(part.argument))) return true;
  }
  // `if (self._aborted) return;`, also as one of several reasons to return (`if (!req || req[kAborted]) return;`).
  return listener.body.body.some((statement) => statement.type === AST_NODE_TYPES.IfStatement && returnsAtOnce(statement.consequent) && operands(statement.test, '||').some(isFlag));
}

/** `a && b && c` (or `a || b || c`) as its parts. */
function operands(test: Node, operator: '&&' | '||'): Node[] {
  const node = skipWrappers(test);
  return node.type === AST_NODE_TYPES.LogicalExpression && node.operator === operator ? [...operands(node.left, operator), ...operands(node.right, operator)] : [node];
}

function returnsAtOnce(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.ReturnStatement) return true;
  return statement.type === AST_NODE_TYPES.BlockStatement && statement.body[0]?.type === AST_NODE_TYPES.ReturnStatement;
}

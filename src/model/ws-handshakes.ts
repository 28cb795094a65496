/**
 * ws's client WebSocket while its handshake is under way: `close()` and `terminate()` abort it and
 * emit 'error' ("WebSocket was closed before the connection was established") on the next tick.
 * With its listeners stripped first, that error crashes the process; once the WebSocket is open,
 * or closing, neither emits anything (measured: test/live/stripped-listeners.live.test.ts).
 * A server's connection is open from the start: only `new WebSocket(url)` of the file counts.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { libraryObjects } from '../libraries.js';
import { listenerCallOf, referenceKey } from '../listeners.js';
import { calleeMember, enclosingFunction, EXITS, isFunction, propertyName } from './ast.js';
import { namingReferences } from './functions.js';
import { filledWhenOpen, guardedOpen, isOpenTest, type Keys, registeredAt, runsOnlyAsListener } from './ws-open-state.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Node = TSESTree.Node;


/** What aborts a handshake under way. */
export const HANDSHAKE_ABORTS: ReadonlySet<string> = new Set(['close', 'terminate']);

/** Is one of `keys` where the file stores a `new WebSocket(url)` of ws (`const ws = …`, `this.ws = …`)? */
export function holdsWsClient(keys: Keys, sourceCode: SourceCode): boolean {
  for (const [creation, entry] of libraryObjects(sourceCode)) {
    if (entry.id !== 'ws.WebSocket') continue;
    let value: Node = creation;
    while (value.parent && (value.parent.type === AST_NODE_TYPES.TSAsExpression || value.parent.type === AST_NODE_TYPES.TSNonNullExpression)) value = value.parent;
    const store = value.parent;
    const target =
      store?.type === AST_NODE_TYPES.VariableDeclarator && store.init === value
        ? store.id
        : store?.type === AST_NODE_TYPES.AssignmentExpression && store.right === value
          ? store.left
          : undefined;
    if (target && keys.has(referenceKey(target, sourceCode))) return true;
  }
  return false;
}

/**
 * May `abort` (a `close()`/`terminate()` of the WebSocket in `fn`) run while the handshake is still
 * under way? Not under a test that the WebSocket is open (`readyState === WebSocket.OPEN`, without
 * `CONNECTING`), nor in a listener of the WebSocket itself ('open' comes once it is open; 'error',
 * 'close' once it is closing), nor in a named function only such listeners call.
 */
export function mayAbortHandshake(abort: TSESTree.CallExpression, fn: Node | undefined, keys: Keys, sourceCode: SourceCode): boolean {
  if (testedOpen(abort, fn, keys, sourceCode) || guardedOpen(abort, fn, keys, sourceCode)) return false;
  const object = calleeMember(abort)?.object;
  if (object && filledWhenOpen(object, keys, sourceCode)) return false;
  if (!fn || listensTo(fn, keys, sourceCode)) return !fn;
  if (runsOnlyAsListener(fn, keys, sourceCode)) return false;
  const runs = runsOfNamed(fn, keys, sourceCode);
  return runs === undefined || runs.length === 0 || runs.includes('anytime');
}

/** Is `node` in the branch of a test, within `fn`, that the WebSocket is open? */
function testedOpen(node: Node, fn: Node | undefined, keys: Keys, sourceCode: SourceCode): boolean {
  for (let child = node, parent = node.parent; parent && parent !== fn; child = parent, parent = parent.parent) {
    const test =
      (parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) && parent.consequent === child
        ? parent.test
        : parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator === '&&' && parent.right === child
          ? parent.left
          : undefined;
    if (test && isOpenTest(test, keys, sourceCode)) return true;
  }
  return false;
}

/** Is `fn` a listener of the WebSocket (given inline: `ws.on('open', () => …)`, `ws.onclose = …`)? */
function listensTo(fn: Node | undefined, keys: Keys, sourceCode: SourceCode): boolean {
  const holder = fn?.parent;
  if (holder?.type === AST_NODE_TYPES.CallExpression) return registeredAt(holder, fn!, keys, sourceCode);
  return holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.right === fn && holder.left.type === AST_NODE_TYPES.MemberExpression && keys.has(referenceKey(holder.left.object, sourceCode));
}


/**
 * When a named function (`function finish() {}`, `const finish = () => {}`) runs, at each place the
 * file names it: 'listener' when the WebSocket's own listener runs it (called there, or given as
 * one), 'anytime' elsewhere (a timer, a public method). Undefined when it is no named function.
 */
function runsOfNamed(fn: Node, keys: Keys, sourceCode: SourceCode): ('listener' | 'anytime')[] | undefined {
  const references = isFunction(fn) ? namingReferences(fn, sourceCode) : undefined;
  return references?.flatMap((ref) => {
    const call = ref.identifier.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression) return ['anytime' as const];
    if (call.callee === ref.identifier) return [listensTo(enclosingFunction(call), keys, sourceCode) ? ('listener' as const) : ('anytime' as const)];
    return [registeredAt(call, ref.identifier, keys, sourceCode) ? ('listener' as const) : ('anytime' as const)];
  });
}

/**
 * The `close()`/`terminate()` of the WebSocket that `removal` strips, earlier in the same function
 * `fn` with no 'error' listener added between them or after it there: the 'error' the abort
 * queues for the next tick then finds none (measured: test/live/stripped-listeners.live.test.ts).
 * `calls` are the file's calls in source order, `index` the removal's.
 */
export function abortedJustBefore(calls: readonly TSESTree.CallExpression[], index: number, fn: Node | undefined, keys: Keys, sourceCode: SourceCode): TSESTree.CallExpression | undefined {
  const onObject = (call: TSESTree.CallExpression): string | undefined => {
    const callee = call.callee.type === AST_NODE_TYPES.ChainExpression ? call.callee.expression : call.callee;
    return callee.type === AST_NODE_TYPES.MemberExpression && enclosingFunction(call) === fn && keys.has(referenceKey(callee.object, sourceCode)) ? propertyName(callee) : undefined;
  };
  const listensForError = (call: TSESTree.CallExpression): boolean => onObject(call) !== undefined && listenerCallOf(call, sourceCode)?.event === 'error';
  for (const call of calls.slice(index + 1)) {
    if (fn && call.range[0] >= fn.range[1]) break;
    if (listensForError(call)) return undefined;
  }
  for (let before = index - 1; before >= 0; before--) {
    const call = calls[before]!;
    if (fn && call.range[1] <= fn.range[0]) return undefined;
    if (listensForError(call)) return undefined;
    if (HANDSHAKE_ABORTS.has(onObject(call) ?? '')) return followedInItsBlock(call, calls[index]!) && mayAbortHandshake(call, fn, keys, sourceCode) ? call : undefined;
  }
  return undefined;
}

/** Does `later` run whenever `call` has, in a statement after `call`'s own in the same block (not another `case`, branch or callback)? */
function followedInItsBlock(call: Node, later: Node): boolean {
  let statement: Node = call;
  while (statement.parent && !isStatementList(statement.parent)) statement = statement.parent;
  const list = statement.parent;
  if (!list) return false;
  const body: readonly Node[] = list.type === AST_NODE_TYPES.SwitchCase ? list.consequent : (list as TSESTree.BlockStatement).body;
  const at = body.indexOf(statement);
  return body.slice(at + 1).some((next) => next.range[0] <= later.range[0] && later.range[1] <= next.range[1]) && !body.slice(at + 1).some((next) => next.range[1] <= later.range[0] && EXITS.has(next.type));
}

function isStatementList(node: Node): boolean {
  return node.type === AST_NODE_TYPES.BlockStatement || node.type === AST_NODE_TYPES.SwitchCase || node.type === AST_NODE_TYPES.Program || node.type === AST_NODE_TYPES.StaticBlock;
}

/**
 * A socket stopped in an `if` that goes on (`if (full) { socket.write(BUSY); socket.destroy(); }`
 * with no `return`), then used again after that `if`: whenever the branch was taken, the use meets
 * the stopped socket. The path analysis (src/model/liveness.ts) knows only deaths on every path;
 * this is the shape of a forgotten `return`, which the path analysis sees as "alive on the other
 * path". Read from the syntax of one statement list: the `if` and the use are statements of the
 * same block, and nothing between them leaves, gives the name a new value or reconnects it.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { referenceKey } from '../listeners.js';
import { isFunction, isLoop, skipWrappers } from './ast.js';
import { visitChildren } from './classes.js';
import { ENDED_IO, lifecycleEffect } from './liveness-calls.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Node = TSESTree.Node;

export interface FallThroughStop {
  /** The `destroy()` / `end()` in the branch. */
  stop: TSESTree.CallExpression;
  /** Its statement, the one a `return` would follow. */
  statement: TSESTree.Statement;
  branch: TSESTree.IfStatement;
  type: 'destroyed' | 'ended';
  detail: string;
  /** May a `return;` after the stop leave the right thing (the branch is in a function, in no loop or switch)? */
  returnLeaves: boolean;
}

/**
 * The `if` before `use` (an I/O call `method` on the socket `key`) whose branch stops that socket
 * and goes on to the statement of `use`; undefined when there is none, or the use is reached any
 * other way than as a plain statement after it.
 */
export function stopFallingThrough(use: TSESTree.CallExpression, key: string, method: string, sourceCode: SourceCode): FallThroughStop | undefined {
  const statement = plainStatementOf(use);
  const list = statement && statementList(statement.parent);
  if (!statement || !list) return undefined;
  // The nearest `if` above whose branch stops the socket, found by the statements' types first:
  // only then are the statements between read whole (a long function asks this of every write).
  const at = list.indexOf(statement);
  for (let index = at - 1; index >= 0; index--) {
    const before = list[index]!;
    const found = before.type === AST_NODE_TYPES.IfStatement ? stopIn(before, key, method, sourceCode) : undefined;
    if (!found) continue;
    // Something between may leave, or give the socket a new value: the use is not plainly reached.
    return list.slice(index + 1, at).some((between) => mayLeaveOrRenew(between, key, sourceCode)) ? undefined : found;
  }
  return undefined;
}

/** The statement `use` is a plain part of (`socket.write(x);`, `const ok = socket.write(x);`, `return socket.write(x);`). */
function plainStatementOf(use: Node): TSESTree.Statement | undefined {
  let node: Node = use;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    switch (parent.type) {
      case AST_NODE_TYPES.ExpressionStatement:
      case AST_NODE_TYPES.ReturnStatement:
        return parent;
      case AST_NODE_TYPES.VariableDeclarator:
        if (parent.init !== node) return undefined;
        continue;
      case AST_NODE_TYPES.VariableDeclaration:
        return parent;
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.ChainExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
        continue;
      default:
        return undefined;
    }
  }
  return undefined;
}

function statementList(holder: Node | undefined): readonly TSESTree.Statement[] | undefined {
  if (holder?.type === AST_NODE_TYPES.BlockStatement) return holder.body;
  if (holder?.type === AST_NODE_TYPES.SwitchCase) return holder.consequent;
  if (holder?.type === AST_NODE_TYPES.Program) return holder.body.filter((statement): statement is TSESTree.Statement => !statement.type.startsWith('Import') && !statement.type.startsWith('Export'));
  return undefined;
}

/** The branch of `branch` that stops the socket `key` and goes on past the `if`. */
function stopIn(branch: TSESTree.IfStatement, key: string, method: string, sourceCode: SourceCode): FallThroughStop | undefined {
  const body = branch.consequent.type === AST_NODE_TYPES.BlockStatement ? branch.consequent.body : [branch.consequent];
  for (const statement of body) {
    const call = statement.type === AST_NODE_TYPES.ExpressionStatement ? skipWrappers(statement.expression) : undefined;
    const stop = call?.type === AST_NODE_TYPES.AwaitExpression ? skipWrappers(call.argument) : call;
    if (stop?.type !== AST_NODE_TYPES.CallExpression) continue;
    const effect = lifecycleEffect(stop, sourceCode);
    if ((effect?.type !== 'destroyed' && effect?.type !== 'ended') || effect.key !== key) continue;
    if (effect.type === 'ended' && !ENDED_IO.has(method)) continue;
    // A branch that may leave (a `return` anywhere in it, a `throw`, a `break`) is not plainly passed through.
    if (body.some((other) => mayLeaveOrRenew(other, key, sourceCode))) return undefined;
    return { stop, statement, branch, type: effect.type, detail: effect.detail, returnLeaves: returnLeaves(branch) };
  }
  return undefined;
}

/**
 * Does `statement` hold a way out (`return`, `throw`, `break`, `continue`), a new value for `key`,
 * or a `connect()` of it? Functions inside it are not walked: they run later, if at all.
 */
function mayLeaveOrRenew(statement: Node, key: string, sourceCode: SourceCode): boolean {
  let found = false;
  const visit = (node: Node): void => {
    if (found || (node !== statement && isFunction(node))) return;
    switch (node.type) {
      case AST_NODE_TYPES.ReturnStatement:
      case AST_NODE_TYPES.ThrowStatement:
      case AST_NODE_TYPES.BreakStatement:
      case AST_NODE_TYPES.ContinueStatement:
        found = true;
        return;
      case AST_NODE_TYPES.AssignmentExpression: {
        const target = referenceKey(node.left, sourceCode);
        if (target !== undefined && (target === key || key.startsWith(`${target}.`))) found = true;
        break;
      }
      case AST_NODE_TYPES.CallExpression:
        if (lifecycleEffect(node, sourceCode)?.type === 'connected') found = true;
        break;
      default:
        break;
    }
    visitChildren(node, visit, sourceCode);
  };
  visit(statement);
  return found;
}

/** Is the `if` in a function's own statements, in no loop and no `switch`, where `return;` leaves just the function? */
function returnLeaves(branch: TSESTree.IfStatement): boolean {
  for (let node: Node | undefined = branch.parent; node; node = node.parent) {
    if (isFunction(node)) return true;
    if (isLoop(node) || node.type === AST_NODE_TYPES.SwitchStatement || node.type === AST_NODE_TYPES.Program) return false;
  }
  return false;
}

/**
 * The suggestions of require-error-listener: the listener to add, and where it goes (right after
 * the statement that stores a new socket, chained onto a creation that is not stored, or as the
 * first statement of the listener that receives the socket).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { libraryListener, type LibraryObject } from '../libraries.js';
import type { SocketFlow } from '../model/socket-flow.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** Builds the suggestion's fix once the socket's name is known; undefined when there is no safe place for it. */
export type ListenerFix = (name: string) => TSESLint.ReportFixFunction | undefined;

/** Node's sockets are destroyed on error; a library object is left to the library (it logs). */
function listenerFor(name: string, library: LibraryObject | undefined): string {
  return library ? libraryListener(name) : `${name}.on('error', () => ${name}.destroy())`;
}

/**
 * The listener the suggestion names: on the socket's name when it has one, else chained onto the
 * creation (a library's listener, or one that logs).
 */
export function suggestedListener(name: string, named: boolean, library: LibraryObject | undefined): string {
  if (library) return libraryListener(named ? name : undefined);
  return named ? listenerFor(name, undefined) : ".on('error', (err) => console.error(err))";
}

function leadingWhitespace(sourceCode: SourceCode, node: Node): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  return /^\s*/u.exec(line)?.[0] ?? '';
}

/** Inserts `name.on('error', ...)` after the statement that stores a new socket in `name`. */
export function afterStatementFix(flow: SocketFlow, creation: Node, sourceCode: SourceCode, library?: LibraryObject): ListenerFix {
  return (name) => {
    const holder = flow.names[0];
    if (holder) {
      let statement: Node | undefined = holder.parent;
      // The declaration or assignment that stores the creation itself, as a statement of a block.
      while (statement && statement.type !== AST_NODE_TYPES.VariableDeclaration && statement.type !== AST_NODE_TYPES.ExpressionStatement) {
        statement = statement.parent;
      }
      if (
        !statement ||
        (statement.type === AST_NODE_TYPES.ExpressionStatement && holder.parent?.type !== AST_NODE_TYPES.AssignmentExpression) ||
        !(creation.range[0] >= statement.range[0] && creation.range[1] <= statement.range[1])
      ) {
        return undefined;
      }
      const container = statement.parent;
      if (
        container?.type !== AST_NODE_TYPES.BlockStatement &&
        container?.type !== AST_NODE_TYPES.Program &&
        container?.type !== AST_NODE_TYPES.SwitchCase &&
        container?.type !== AST_NODE_TYPES.StaticBlock
      ) {
        return undefined;
      }
      const indent = leadingWhitespace(sourceCode, statement);
      const target = statement;
      const listener = listenerFor(name, library);
      return (fixer) => fixer.insertTextAfter(target, `\n${indent}${listener};`);
    }
    // `(await amqp.connect(url)).on(…)` would need parentheses the statement may not have.
    if (creation.type === AST_NODE_TYPES.AwaitExpression) return undefined;
    // Not stored: chain the listener onto the creation itself (`on` returns the socket).
    if (creation.type === AST_NODE_TYPES.NewExpression && !sourceCode.getText(creation).trimEnd().endsWith(')')) return undefined;
    return (fixer) => fixer.insertTextAfter(creation, ".on('error', (err) => console.error(err))");
  };
}

/** Inserts `socket.on('error', ...)` as the first statement of the listener that receives it. */
export function bodyStartFix(fn: TSESTree.FunctionLike, sourceCode: SourceCode, library?: LibraryObject): ListenerFix {
  return (name) => {
    const body = fn.body;
    if (body?.type !== AST_NODE_TYPES.BlockStatement) return undefined;
    const first = body.body[0];
    const ownLine = first !== undefined && first.loc.start.line !== body.loc.start.line;
    const indent = ownLine ? leadingWhitespace(sourceCode, first) : `${leadingWhitespace(sourceCode, body)}  `;
    const text = `${listenerFor(name, library)};`;
    return ownLine
      ? (fixer) => fixer.insertTextBefore(first, `${text}\n${indent}`)
      : (fixer) => fixer.insertTextAfterRange([body.range[0], body.range[0] + 1], `\n${indent}${text}`);
  };
}

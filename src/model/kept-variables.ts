/**
 * A variable outside the function that obtains a socket, which only keeps it for the file's own
 * use: `let current = null;` at the top of the module, `current = socket;` in a 'connection'
 * listener, `current.write(…)` in a `send()` elsewhere. Storing the socket there hands it to no one:
 * nothing can attach an 'error' listener through the variable unless the file itself does.
 *
 * Every read of the variable must use the socket it holds without passing it on: a method call
 * other than a listener's (`write`, `end`, `destroy`, `pipe(dest)`), a property read, a test or a
 * comparison (`if (current)`, `current === socket`, `current && current.write(…)`). Any other read
 * (passed to a call, stored elsewhere, returned, exported, `current.on(…)`, `current.onerror = …`)
 * hands the socket on.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, TSESLint } from '@typescript-eslint/utils';

import { isEquality, outermost, propertyName } from './ast.js';
import { LISTEN_METHODS, SOCKET_RESULT_METHODS } from './node-api.js';

type Variable = TSESLint.Scope.Variable;

/** Methods whose value is the socket they are called on. */
const RETURNS_SOCKET: ReadonlySet<string> = new Set([...SOCKET_RESULT_METHODS, 'end', 'connect', 'cork', 'uncork']);

/** Is the value of `call` thrown away (`current.end();`, `current?.end();`)? */
function dropped(call: TSESTree.CallExpression): boolean {
  return outermost(call).parent?.type === AST_NODE_TYPES.ExpressionStatement;
}

/** Does `variable`, declared in this file and not exported, only keep what it holds for the file's own use? */
export function onlyKeeps(variable: Variable): boolean {
  const def = variable.defs[0];
  if (!def || variable.defs.length > 1 || def.type !== TSESLint.Scope.DefinitionType.Variable) return false;
  if (def.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return false;
  return variable.references.every((ref) => !ref.isRead() || usesOnly(ref.identifier as TSESTree.Identifier));
}

/**
 * An undeclared name the file assigns (`syslogd = dgram.createSocket(…)` with no `var`, an implicit
 * global in a CommonJS file): kept only for the file's own use when every read of the name in the
 * file uses what it holds in place, as `onlyKeeps` reads a variable. Another module could read the
 * global too, but that is no hand-off a reader would rely on; a name the configuration declares as
 * a global is a variable, not this.
 */
export function onlyKeepsUndeclared(identifier: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const through = sourceCode.scopeManager?.globalScope?.through;
  if (!through) return false;
  return through.every((ref) => ref.identifier.name !== identifier.name || !ref.isRead() || usesOnly(ref.identifier as TSESTree.Identifier));
}

/** A read of the variable that uses its socket in place and gives it to nothing. */
function usesOnly(identifier: TSESTree.Identifier): boolean {
  // `current!.write(…)`, `(current as Socket).end()`: the same read.
  const read = outermost(identifier);
  const parent = read.parent!;
  switch (parent.type) {
    case AST_NODE_TYPES.MemberExpression: {
      if (parent.object !== read) return false;
      const name = propertyName(parent);
      if (name === undefined || LISTEN_METHODS.has(name) || name === 'onerror') return false;
      const use = parent.parent;
      // `current.x = …` may add a handler (`onerror`, `onclose`) or wire the socket into something.
      if (use.type === AST_NODE_TYPES.AssignmentExpression && use.left === parent) return false;
      // `const same = current.setTimeout(…)`: the socket again, kept where the file may hand it on.
      return !(use.type === AST_NODE_TYPES.CallExpression && use.callee === parent && RETURNS_SOCKET.has(name) && !dropped(use));
    }
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test === read;
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!' || parent.operator === 'typeof';
    case AST_NODE_TYPES.BinaryExpression:
      return isEquality(parent);
    case AST_NODE_TYPES.LogicalExpression:
      // `current && current.write(…)`: the value is the left side only when that is no socket.
      return parent.left === read && parent.operator === '&&';
    default:
      return false;
  }
}

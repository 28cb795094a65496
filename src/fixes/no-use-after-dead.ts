/**
 * The suggestion of `no-use-after-dead`: guard the use with the liveness check that fits the call
 * and the kind of socket, in the form the rule itself accepts as a guard.
 */
import { ASTUtils, AST_NODE_TYPES, AST_TOKEN_TYPES, ESLintUtils, type TSESLint } from '@typescript-eslint/utils';

import type { MethodCall } from '../model/dead-socket.js';
import { skipWrappers } from '../model/ast.js';
import type { SocketKind } from '../model/node-api.js';
import type { SocketDetector } from '../model/sockets.js';
import { askType } from '../type-questions.js';

/** Writes that a stream's `writable` guards. */
const WRITE_METHODS = new Set(['write', 'end', 'cork', 'uncork']);
/** Calls that throw once the headers are out: `headersSent` guards them. */
const HEADER_SETTERS = new Set(['writeHead', 'setHeader']);
/**
 * HTTP's OutgoingMessage (a response, a client request) keeps `writable === true` for good, even
 * after `destroy()` or `end()` (measured on Node 20): its guards are `destroyed` and `writableEnded`.
 */
const OUTGOING_KINDS = new Set<SocketKind>(['server-response', 'client-request']);
/** `ts.TypeFlags.Any`, a constant of TypeScript's public API. */
const TYPE_FLAG_ANY = 1;

/**
 * `writable` for a stream's writes (false once it is destroyed or ended), `headersSent` before
 * headers, `writableEnded`/`destroyed` on HTTP's OutgoingMessage, whose `writable` stays true for
 * good, and `destroyed` for everything else.
 */
export function guardProperty(methodName: string, kind: SocketKind, ended: boolean): { property: string; negated: boolean } {
  if (HEADER_SETTERS.has(methodName)) return { property: 'headersSent', negated: true };
  if (WRITE_METHODS.has(methodName) && !OUTGOING_KINDS.has(kind)) return { property: 'writable', negated: false };
  if (WRITE_METHODS.has(methodName) && ended) return { property: 'writableEnded', negated: true };
  return { property: 'destroyed', negated: true };
}

/**
 * `if (socket.writable) socket.write(x);`: offered only when the call is a whole statement
 * (the edit stays local), never as a fix (it changes what the code does).
 */
export function guardSuggestion(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  sockets: SocketDetector,
  method: MethodCall,
  kind: SocketKind,
  ended: boolean,
  /** The reference may hold null (a field its 'close' listener clears): the guard reads it with `?.`. */
  nullable = false,
): TSESLint.ReportSuggestionArray<'guardUse'> | undefined {
  const sourceCode = context.sourceCode;
  const expression = method.call.parent.type === AST_NODE_TYPES.ChainExpression ? method.call.parent : method.call;
  const statement = expression.parent;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression !== expression) return undefined;
  // `if (ok) socket.write(x); else …`: the new `if` would take the `else`.
  const next = sourceCode.getTokenAfter(statement);
  if (next?.type === AST_TOKEN_TYPES.Keyword && next.value === 'else') return undefined;
  const callee = skipWrappers(method.call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const { property, negated } = guardProperty(method.name, kind, ended);
  if (!hasProperty(context, sockets, callee.object, property)) return undefined;
  const objectText = sourceCode.getText(callee.object);
  const object = ASTUtils.isParenthesized(callee.object, sourceCode) ? `(${objectText})` : objectText;
  const guard = `${negated ? '!' : ''}${object}${callee.optional || nullable ? '?.' : '.'}${property}`;
  return [
    {
      messageId: 'guardUse',
      data: { method: method.name, guard },
      fix: (fixer) => fixer.insertTextBefore(statement, `if (${guard}) `),
    },
  ];
}

/** With types, the guard must type-check: a `socketTypes` class may lack `writable`. */
function hasProperty(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  sockets: SocketDetector,
  object: MethodCall['object'],
  property: string,
): boolean {
  if (!sockets.hasTypes) return true;
  const services = ESLintUtils.getParserServices(context);
  const checker = services.program.getTypeChecker();
  const type = checker.getNonNullableType(askType(context, object, () => services.getTypeAtLocation(object)));
  // ts.TypeFlags.Any (the fixes do not load TypeScript themselves): an untyped value reads anything.
  if ((type.flags & TYPE_FLAG_ANY) !== 0) return true;
  return checker.getPropertyOfType(checker.getApparentType(type), property) !== undefined;
}

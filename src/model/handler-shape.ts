/**
 * The shape of a listener of an event Node's HTTP servers share with other emitters: whether it
 * reads its arguments as Node's `(req, socket, head)`.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { calleeName, findVariable } from '../listeners.js';
import { propertyName, runtimeParams } from './ast.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** What only an HTTP message has, of what a handler reads of its first parameter (a client request's 'connect' passes the response). */
const REQUEST_MEMBERS = new Set(['url', 'headers', 'rawHeaders', 'method', 'httpVersion', 'socket', 'connection', 'statusCode', 'statusMessage']);
/** What a handler does with a socket it is handed: write to it, end it, listen to it, pipe it. */
const SOCKET_MEMBERS = new Set(['write', 'end', 'destroy', 'pipe', 'unpipe', 'on', 'once', 'addListener', 'removeListener', 'removeAllListeners', 'setTimeout', 'setNoDelay', 'setKeepAlive', 'unshift', 'resume', 'pause', 'remoteAddress', 'remotePort', 'writable', 'destroyed']);

/**
 * Does a listener of 'connect' on an emitter the file cannot identify treat its
 * parameters as Node's `(req, socket, head)`: read a request's members of the first, use the second
 * as a stream, or hand both on together (`proxy.handle(req, socket, head)`, not an `emit()` that
 * passes the event on as it came)? Other emitters have
 * events of these names with other arguments (a blockchain's `'connect'` passes
 * `(entry, block, view)`): a listener that does none of these is not an HTTP server's.
 */
export function readsLikeHttpHandler(fn: TSESTree.FunctionLike, sourceCode: SourceCode): boolean {
  const [request, socket] = runtimeParams(fn).map((param) => (param.type === AST_NODE_TYPES.Identifier ? findVariable(sourceCode.getScope(param), param) : null));
  const uses = (variable: TSESLint.Scope.Variable | null | undefined, members: ReadonlySet<string>): boolean =>
    (variable?.references ?? []).some(({ identifier }) => {
      const parent = identifier.parent;
      if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) return members.has(propertyName(parent) ?? '');
      // `source.pipe(socket)`, `pipeline(a, socket, b)`.
      if (members === SOCKET_MEMBERS && parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(identifier as TSESTree.Expression)) {
        const callee = calleeName(parent);
        return callee === 'pipe' || callee === 'pipeline';
      }
      return false;
    });
  if (uses(request, REQUEST_MEMBERS) || uses(socket, SOCKET_MEMBERS)) return true;
  const requestCalls = new Set((request?.references ?? []).map(({ identifier }) => identifier.parent));
  // `this.emit('connect', entry, block)` passes the event on as it came: it says nothing of what the arguments are.
  return (socket?.references ?? []).some(({ identifier }) => (identifier.parent.type === AST_NODE_TYPES.CallExpression || identifier.parent.type === AST_NODE_TYPES.NewExpression) && requestCalls.has(identifier.parent) && calleeName(identifier.parent) !== 'emit');
}

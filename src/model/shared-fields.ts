/**
 * A method that serves one connection and keeps the socket it makes for it on a field of the
 * instance that serves them all: `wss.on('connection', (client) => this.onClient(client))`, and
 * in `onClient(client)`, `this.target = net.createConnection(…)` with the client's listeners
 * using `this.target` (`client.on('message', (m) => this.target.write(m))`). The second
 * connection replaces the field: the first client's data then goes to the second's socket, the
 * first's 'close' ends the second's, and the first socket is never closed.
 *
 * Read where a 'connection' listener calls the method (`this.m(c)`, `self.m(c)`) with its
 * connection parameter first, the method assigns the field a socket it makes, in its own body, and
 * a listener the method registers on that parameter calls a method of the field.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import type { ListenerCall } from '../listeners.js';
import { calleeMember, enclosingFunction, type FunctionNode, paramIdentifier, propertyName, skipWrappers } from './ast.js';
import { holdsThis } from './classes.js';
import { contains } from './dead-socket.js';
import { fileListeners, fileNodes } from './file-nodes.js';
import { resolveFunction } from './functions.js';
import { resourceNodes } from './resource-walk.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface SharedField {
  /** `this.field = net.createConnection(…)`. */
  assignment: TSESTree.AssignmentExpression;
  field: string;
  /** The 'connection' listener whose every run calls the method. */
  connection: ListenerCall;
}

/** The fields of the instance that each connection's run fills with a socket of its own. */
export function sharedConnectionFields(sourceCode: SourceCode, makesSocket: (made: TSESTree.CallExpression | TSESTree.NewExpression) => boolean): SharedField[] {
  const found: SharedField[] = [];
  const seen = new Set<TSESTree.AssignmentExpression>();
  const listeners = fileListeners(sourceCode);
  for (const connection of listeners) {
    const serving = connection.event === 'connection' && connection.listener ? resolveFunction(connection.listener, sourceCode) : undefined;
    const client = serving?.params[0] && paramIdentifier(serving.params[0]);
    if (!serving || !client) continue;
    for (const method of methodsServing(serving, client, sourceCode)) {
      const param = method.params[0] && paramIdentifier(method.params[0]);
      if (!param) continue;
      for (const node of resourceNodes(sourceCode).nodes) {
        if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.operator !== '=' || enclosingFunction(node) !== method) continue;
        const left = skipWrappers(node.left);
        const field = left.type === AST_NODE_TYPES.MemberExpression && holdsThis(left.object, sourceCode) ? propertyName(left) : undefined;
        const value = skipWrappers(node.right);
        const made = value.type === AST_NODE_TYPES.CallExpression || value.type === AST_NODE_TYPES.NewExpression ? value : undefined;
        if (field === undefined || !made || !makesSocket(made)) continue;
        if (seen.has(node) || !listeners.some((listener) => usesFieldFor(listener, param, method, field, sourceCode))) continue;
        seen.add(node);
        found.push({ assignment: node, field, connection });
      }
    }
  }
  return found;
}

/** The methods of the instance that `serving` calls with its connection first (`this.onClient(client)`). */
function methodsServing(serving: FunctionNode, client: TSESTree.Identifier, sourceCode: SourceCode): FunctionNode[] {
  const methods: FunctionNode[] = [];
  for (const call of resourceNodes(sourceCode).callsIn.get(serving) ?? []) {
    const member = calleeMember(call);
    const first = call.arguments[0];
    if (!member || !holdsThis(member.object, sourceCode) || first?.type !== AST_NODE_TYPES.Identifier || first.name !== client.name) continue;
    const method = resolveFunction(call.callee, sourceCode);
    if (method && method !== serving) methods.push(method);
  }
  return methods;
}

/** Is `listener` registered in `method` on its connection parameter, and does it call a method of `this.field`? */
function usesFieldFor(listener: ListenerCall, param: TSESTree.Identifier, method: FunctionNode, field: string, sourceCode: SourceCode): boolean {
  const target = skipWrappers(listener.target);
  if (target.type !== AST_NODE_TYPES.Identifier || target.name !== param.name || enclosingFunction(listener.call) !== method || !listener.listener) return false;
  const fn = resolveFunction(listener.listener, sourceCode);
  return (
    fn !== undefined &&
    fileNodes(sourceCode).calls.some((call) => {
      const member = contains(fn, call) ? calleeMember(call) : undefined;
      const object = member && skipWrappers(member.object);
      return object?.type === AST_NODE_TYPES.MemberExpression && propertyName(object) === field && holdsThis(object.object, sourceCode);
    })
  );
}

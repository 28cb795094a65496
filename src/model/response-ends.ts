/**
 * An HTTP client whose request finishes only in its response's 'end' listener
 * (`res.on('end', () => resolve(body))`). When the server dies in the middle of the body, the
 * response emits 'aborted' and 'close', never 'end', and, with no 'error' listener of its own, no
 * 'error' either; the request emits only 'close' (measured on Node 20:
 * test/live/response-ends.live.test.ts). The promise or callback then waits for ever: a CLI
 * hangs, a poller stops.
 *
 * Found where the first parameter of a client request's callback (`http.get(url, (res) => …)`,
 * `req.on('response', (res) => …)`) gets an 'end' listener that calls a parameter of a function
 * around it (a promise's `resolve`, a `callback`), and the file gives that response no 'close',
 * 'aborted' or 'error' listener and hands it to nothing (`pipeline(res, …)`, `finished(res, …)`
 * and the like see the premature close themselves).
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { stripListenerChain } from '../listeners.js';
import { calleeMember, type FunctionNode, isFunction, outermost, runtimeParams } from './ast.js';
import { visitOutsideFunctions } from './classes.js';
import { listenerFacts } from './close-reach.js';
import { variableOf } from './dead-socket.js';
import { fileListeners } from './file-nodes.js';
import { isResponseParameter } from './fed-streams.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** A response's events that tell the request is over without 'end'. */
const OTHER_ENDS = new Set(['close', 'aborted', 'error']);

/** The 'end' registrations that alone finish a client request; `isClientRequest` says which calls make one. */
export function endOnlyResponses(sourceCode: SourceCode, isClientRequest: (call: TSESTree.CallExpression) => boolean): TSESTree.CallExpression[] {
  const found: TSESTree.CallExpression[] = [];
  const registered = listenerFacts(sourceCode).registered;
  for (const [fn, listener] of registered) {
    if (listener.event !== 'end' || listener.target.type !== AST_NODE_TYPES.Identifier) continue;
    const variable = variableOf(listener.target, sourceCode);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== TSESLint.Scope.DefinitionType.Parameter || !(isResponseParameter(listener.target, sourceCode) || isClientRequestCallback(def.node, def.name, isClientRequest))) continue;
    if (!settlesOuter(fn, sourceCode)) continue;
    const handled = variable!.references.some((ref) => {
      const read = outermost(ref.identifier);
      const parent = read.parent;
      // Handed to a call (`pipeline(res, …)`, `finished(res, done)`), iterated, or given another listener.
      if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(read as TSESTree.CallExpressionArgument)) return true;
      if (parent?.type === AST_NODE_TYPES.ForOfStatement && parent.right === read) return true;
      if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === read) {
        const call = parent.parent;
        const member = call?.type === AST_NODE_TYPES.CallExpression ? calleeMember(call) : undefined;
        if (member?.name === 'pipe') return true;
      }
      return false;
    });
    if (handled) continue;
    // Also further down a chain: `res.on('data', …).on('error', …)`; and a listener given by a name
    // that is no function of the file (`res.on('error', reject)`).
    const heard = fileListeners(sourceCode).some((other) => {
      const target = OTHER_ENDS.has(other.event) ? stripListenerChain(other.target) : undefined;
      return target?.type === AST_NODE_TYPES.Identifier && variableOf(target, sourceCode) === variable;
    });
    if (!heard) found.push(listener.call);
  }
  return found;
}

/** Is `param` the first parameter of the callback of a call that makes a client request (`http.get(url, (res) => …)`)? */
function isClientRequestCallback(fn: TSESTree.Node, param: TSESTree.Node, isClientRequest: (call: TSESTree.CallExpression) => boolean): boolean {
  if (!isFunction(fn) || runtimeParams(fn)[0] !== param) return false;
  const call = outermost(fn).parent;
  return call?.type === AST_NODE_TYPES.CallExpression && call.arguments.at(-1) === outermost(fn) && isClientRequest(call);
}

/** Does the 'end' listener call a parameter of a function around it (`resolve(body)`, `callback(null, body)`)? */
function settlesOuter(fn: FunctionNode, sourceCode: SourceCode): boolean {
  let settles = false;
  visitOutsideFunctions(fn.body, (node) => {
    if (settles || node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.Identifier) return;
    const def = variableOf(node.callee, sourceCode)?.defs[0];
    settles = def?.type === TSESLint.Scope.DefinitionType.Parameter && def.node !== fn;
  }, sourceCode);
  return settles;
}

/**
 * A recovery that a socket's 'close' listener runs for every loss, which its 'error' listener also
 * runs for one code: `ws.on('close', () => reconnect(peer))` beside `ws.on('error', (err) => { if
 * (err.code === 'ECONNREFUSED') reconnect(peer); })`. The codes the branch leaves out are not
 * dropped: a socket (or a `ws` WebSocket) that emits 'error' emits 'close' right after it, whose
 * listener runs the same recovery (measured with ws: a reset brings 'error' then 'close', and a
 * refused connect the same).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { dottedName, enclosingFunction } from './ast.js';
import { visitOutsideFunctions } from './classes.js';
import { fileListeners } from './file-nodes.js';
import { resolveFunction } from './functions.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Node = TSESTree.Node;

/**
 * Does the branch that `site` (a code test in an 'error' listener) decides call a function that a
 * 'close' listener of the same object calls unconditionally?
 */
export function recoveredOnClose(site: Node, sourceCode: SourceCode): boolean {
  const branch = branchOf(site);
  const handler = enclosingFunction(site);
  if (!branch || !handler) return false;
  const listeners = fileListeners(sourceCode);
  const errorListener = listeners.find((listener) => listener.event === 'error' && listener.listener && resolveFunction(listener.listener, sourceCode) === handler);
  const target = errorListener && dottedName(errorListener.target);
  if (!target) return false;
  const registeredIn = enclosingFunction(errorListener.call);
  const branchCallees = new Set<string>();
  for (const statement of branch) {
    visitOutsideFunctions(statement, (node) => {
      if (node.type === AST_NODE_TYPES.CallExpression) branchCallees.add(sourceCode.getText(node.callee));
    }, sourceCode);
  }
  if (branchCallees.size === 0) return false;
  return listeners.some((listener) => {
    if (listener.event !== 'close' || !listener.listener || dottedName(listener.target) !== target || enclosingFunction(listener.call) !== registeredIn) return false;
    const onClose = resolveFunction(listener.listener, sourceCode);
    return onClose !== undefined && unconditionalCalls(onClose).some((call) => branchCallees.has(sourceCode.getText(call.callee)));
  });
}

/**
 * The statements `site` decides: the `if` (or `?:`) whose test is `site` or an `||` of it, or the
 * `case` it labels. A negated test (`!==`, `!list.includes(code)`) decides the other codes: none.
 */
function branchOf(site: Node): readonly Node[] | undefined {
  if (site.type === AST_NODE_TYPES.BinaryExpression && (site.operator === '!==' || site.operator === '!=')) return undefined;
  let child: Node = site;
  let node = site.parent;
  while (node?.type === AST_NODE_TYPES.LogicalExpression && node.operator === '||') [child, node] = [node, node.parent];
  if ((node?.type === AST_NODE_TYPES.IfStatement || node?.type === AST_NODE_TYPES.ConditionalExpression) && node.test === child) return [node.consequent];
  if (node?.type === AST_NODE_TYPES.SwitchCase && node.test === child) return node.consequent;
  return undefined;
}

/** The calls a function makes as statements of its own body, on every run. */
function unconditionalCalls(fn: TSESTree.FunctionLike): TSESTree.CallExpression[] {
  if (!fn.body) return [];
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return fn.body.type === AST_NODE_TYPES.CallExpression ? [fn.body] : [];
  return fn.body.body.flatMap((statement) =>
    statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.CallExpression ? [statement.expression] : [],
  );
}

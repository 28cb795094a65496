/**
 * Library objects whose only 'error' is one they relay from an object the file gave them, or none.
 *
 * ws's `WebSocketServer` emits 'error' only for its HTTP server (ws's constructor): with `port` it
 * makes that server and relays its errors; with `server: x` it adds a listener to `x` that re-emits
 * x's errors; with `noServer: true` it has no server and emits no 'error' at all. Given a server the
 * file makes and never listens to, the WebSocket server adds no crash (x's listen failure ends the
 * process with or without it) and a listener on the WebSocket server alone would swallow that
 * failure, leaving a process that serves nothing (measured: test/live/libraries.live.test.ts). Only
 * where the file listens on `x` (or cannot tell: a server handed in) does the relay turn an error
 * the application handles into a crash.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { isNullish, literalKey, skipWrappers } from './ast.js';
import { referenceKey, variableOf } from './dead-socket.js';
import { fileErrorListeners } from './file-nodes.js';
import { instanceFieldName } from './instance-fields.js';
import { keyAliases } from './key-aliases.js';
import { resourceNodes } from './resource-walk.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * Does the WebSocket server `creation` (`new WebSocketServer({ … })`, options written as an object
 * literal) relay no error the process would survive without it: `noServer: true`, or a `server` the
 * file makes itself and gives no 'error' listener?
 */
export function relaysNoNewError(creation: TSESTree.Node, sourceCode: SourceCode): boolean {
  const made = skipWrappers(creation);
  if (made.type !== AST_NODE_TYPES.NewExpression && made.type !== AST_NODE_TYPES.CallExpression) return false;
  const entries = optionEntries(made.arguments[0], sourceCode);
  if (!entries) return false;
  let server: TSESTree.Node | undefined;
  let noServer = false;
  for (const [key, value] of entries) {
    if (key === 'port' || key === undefined) return false;
    if (key === 'server') server = value;
    if (key === 'noServer') noServer = value.type === AST_NODE_TYPES.Literal && value.value === true;
  }
  if (!server) return noServer;
  const value = skipWrappers(server);
  // A server made right here: nobody else can listen to it.
  if (value.type === AST_NODE_TYPES.CallExpression || value.type === AST_NODE_TYPES.NewExpression) return true;
  if (value.type === AST_NODE_TYPES.Identifier) {
    // A server handed in by the caller may well have a listener of the caller's.
    const variable = variableOf(value, sourceCode);
    if (!variable || variable.defs.some((def) => def.type !== TSESLint.Scope.DefinitionType.Variable)) return false;
  } else if (value.type !== AST_NODE_TYPES.MemberExpression || !madeForField(value, sourceCode)) {
    return false;
  }
  const key = referenceKey(value, sourceCode);
  if (key === undefined) return false;
  const aliases = keyAliases(sourceCode);
  return !fileErrorListeners(sourceCode).some((listener) => {
    const target = referenceKey(listener.target, sourceCode);
    return target !== undefined && aliases.same(target, key);
  });
}

type Entries = [string | undefined, TSESTree.Node][];

/**
 * The options as key and value: an object literal (a spread or a computed key makes the answer
 * undefined), or a variable declared with one that the file fills in field by field (`const opts =
 * {}; opts.server = server;`), never passed anywhere else before the call, nor written whole.
 */
function optionEntries(argument: TSESTree.Node | undefined, sourceCode: SourceCode): Entries | undefined {
  const options = argument && skipWrappers(argument);
  if (options?.type === AST_NODE_TYPES.ObjectExpression) return literalEntries(options);
  if (options?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = variableOf(options, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  const init = def?.node.type === AST_NODE_TYPES.VariableDeclarator ? def.node.init : undefined;
  if (!variable || init?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const entries = literalEntries(init);
  for (const ref of variable.references) {
    if (ref.init || ref.identifier === options) continue;
    const member = ref.identifier.parent;
    const store = member?.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== ref.identifier || member.computed) return undefined;
    if (store?.type !== AST_NODE_TYPES.AssignmentExpression || store.left !== member || store.operator !== '=') return undefined;
    entries?.push([member.property.type === AST_NODE_TYPES.Identifier ? member.property.name : undefined, store.right]);
  }
  return entries;
}

function literalEntries(literal: TSESTree.ObjectExpression): Entries | undefined {
  const entries: Entries = [];
  for (const property of literal.properties) {
    if (property.type !== AST_NODE_TYPES.Property) return undefined; // a spread may hold anything
    entries.push([literalKey(property), property.value]);
  }
  return entries;
}

/**
 * `this.server` (or `self.server`), written in the file only with servers it makes there
 * (`this.server = http.createServer(app)`): nobody else can listen to it before the file does.
 */
function madeForField(value: TSESTree.MemberExpression, sourceCode: SourceCode): boolean {
  const name = instanceFieldName(value, sourceCode);
  const key = name === undefined ? undefined : referenceKey(value, sourceCode);
  if (key === undefined) return false;
  let made = false;
  for (const node of resourceNodes(sourceCode).nodes) {
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || referenceKey(node.left, sourceCode) !== key) continue;
    const written = skipWrappers(node.right);
    if (written.type !== AST_NODE_TYPES.CallExpression && written.type !== AST_NODE_TYPES.NewExpression && !isNullish(written)) return false;
    made ||= !isNullish(written);
  }
  return made;
}

/**
 * Emitters whose `emit('error', err)` never throws: eventemitter3's `EventEmitter` (also its
 * default export, the same class) returns `false` when nobody listens for 'error', where Node's
 * throws (measured: test/live/safe-emitters.live.test.ts). A re-emit on an instance of a class of
 * the file that extends it cannot end the process, whatever the error.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { skipWrappers } from './ast.js';
import { classBodyOf, thisAliased } from './classes.js';
import { variableOf } from './dead-socket.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const SAFE_MODULES: ReadonlySet<string> = new Set(['eventemitter3']);

/** Is `emitter` (`this`, or `self` where `const self = this`) an instance of a class extending such an emitter? */
export function emitNeverThrows(emitter: TSESTree.Node, sourceCode: SourceCode): boolean {
  let target = skipWrappers(emitter);
  if (target.type === AST_NODE_TYPES.Identifier) target = thisAliased(target, sourceCode) ?? target;
  if (target.type !== AST_NODE_TYPES.ThisExpression) return false;
  const superClass = classBodyOf(target)?.parent.superClass;
  return superClass ? isSafeEmitterClass(skipWrappers(superClass), sourceCode) : false;
}

/** `EventEmitter` imported or required from a safe module, or `require('eventemitter3')` itself (`.EventEmitter` of it too). */
function isSafeEmitterClass(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  if (node.type === AST_NODE_TYPES.MemberExpression) return isSafeEmitterClass(skipWrappers(node.object), sourceCode);
  if (node.type === AST_NODE_TYPES.CallExpression) return requiredModule(node) !== undefined;
  if (node.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = variableOf(node, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type === TSESLint.Scope.DefinitionType.ImportBinding) {
    const declaration = def.parent;
    return declaration?.type === AST_NODE_TYPES.ImportDeclaration && SAFE_MODULES.has(String(declaration.source.value));
  }
  if (def?.type !== TSESLint.Scope.DefinitionType.Variable || !def.node.init || variable!.references.some((ref) => ref.isWrite() && !ref.init)) return false;
  let init = skipWrappers(def.node.init);
  while (init.type === AST_NODE_TYPES.MemberExpression) init = skipWrappers(init.object);
  return init.type === AST_NODE_TYPES.CallExpression && requiredModule(init) !== undefined;
}

/** The safe module `require('…')` names, when `call` is such a call. */
function requiredModule(call: TSESTree.CallExpression): string | undefined {
  const [argument] = call.arguments;
  if (call.callee.type !== AST_NODE_TYPES.Identifier || call.callee.name !== 'require' || argument?.type !== AST_NODE_TYPES.Literal) return undefined;
  return typeof argument.value === 'string' && SAFE_MODULES.has(argument.value) ? argument.value : undefined;
}

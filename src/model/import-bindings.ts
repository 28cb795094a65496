/**
 * Which package a name of the file is bound to, by syntax: a namespace or default import, a whole
 * `require()` (`packageOf`), or one export of it, imported or destructured from `require()`
 * (`importedName`). Specifiers as written (`'node:fs'` stays so).
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { findVariable, requiredModule } from '../listeners.js';
import { keyName, propertyName, skipWrappers } from './ast.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The package a namespace is: `import * as base from 'p'`, `import base from 'p'`, `const base = require('p')`. */
export function packageOf(identifier: TSESTree.Identifier, sourceCode: SourceCode): string | undefined {
  const def = definitionOf(identifier, sourceCode);
  if (def?.type === TSESLint.Scope.DefinitionType.ImportBinding && def.node.type !== AST_NODE_TYPES.ImportSpecifier) {
    return def.parent?.type === AST_NODE_TYPES.ImportDeclaration ? def.parent.source.value : undefined;
  }
  if (def?.type === TSESLint.Scope.DefinitionType.Variable && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.id === def.name && def.node.init) {
    return requiredModule(def.node.init);
  }
  return undefined;
}

/** The package and exported name a local name is bound to by an import or a destructured `require()`. */
export function importedName(identifier: TSESTree.Identifier, sourceCode: SourceCode): { from: string; name: string } | undefined {
  const def = definitionOf(identifier, sourceCode);
  if (def?.type === TSESLint.Scope.DefinitionType.ImportBinding && def.node.type === AST_NODE_TYPES.ImportSpecifier) {
    const imported = def.node.imported;
    const from = def.node.parent.source?.value;
    return from === undefined ? undefined : { from, name: imported.type === AST_NODE_TYPES.Identifier ? imported.name : imported.value };
  }
  if (def?.type !== TSESLint.Scope.DefinitionType.Variable || def.node.type !== AST_NODE_TYPES.VariableDeclarator || def.node.id.type !== AST_NODE_TYPES.ObjectPattern || !def.node.init) {
    return undefined;
  }
  const from = requiredModule(def.node.init);
  if (from === undefined) return undefined;
  for (const property of def.node.id.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed || property.value !== def.name) continue;
    const name = keyName(property.key);
    return name === undefined ? undefined : { from, name };
  }
  return undefined;
}

function definitionOf(identifier: TSESTree.Identifier, sourceCode: SourceCode): TSESLint.Scope.Definition | undefined {
  const variable = findVariable(sourceCode.getScope(identifier), identifier);
  return variable?.defs.length === 1 ? variable.defs[0] : undefined;
}

/** The package and export a callee names: `base.TCPHelper` (`base` bound to a package), `TCPHelper` imported, `require('p').x`. */
export function calleeExport(callee: TSESTree.Node, sourceCode: SourceCode): { from: string; name: string } | undefined {
  const target = skipWrappers(callee);
  if (target.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(target);
    const object = skipWrappers(target.object);
    const from = object.type === AST_NODE_TYPES.Identifier ? packageOf(object, sourceCode) : requiredModule(object);
    return name !== undefined && from !== undefined ? { from, name } : undefined;
  }
  return target.type === AST_NODE_TYPES.Identifier ? importedName(target, sourceCode) : undefined;
}

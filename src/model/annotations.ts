/**
 * A type annotation that names one of Node's socket classes is syntax: `socket: net.Socket`,
 * `sock?: Socket` with `Socket` imported from `node:net` (`import type` too), `res: http.ServerResponse`,
 * `import net = require('net')` then `net.Socket`. It counts in every config, with or without type
 * information: the code says what the value is as plainly as `net.connect()` does.
 *
 * Only the names themselves count (unions with `null`/`undefined` included); an alias, a generic or
 * an interface that extends a socket class is left to the type checker.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { findVariable } from '../listeners.js';
import { NODE_TYPES, type SocketKind } from './node-api.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The kind of socket `annotation` names, or undefined when it names anything else. */
export function annotatedSocketKind(annotation: TSESTree.TypeNode | undefined, sourceCode: SourceCode): SocketKind | undefined {
  if (!annotation) return undefined;
  switch (annotation.type) {
    case AST_NODE_TYPES.TSUnionType: {
      let kind: SocketKind | undefined;
      for (const member of annotation.types) {
        if (member.type === AST_NODE_TYPES.TSNullKeyword || member.type === AST_NODE_TYPES.TSUndefinedKeyword) continue;
        const found = annotatedSocketKind(member, sourceCode);
        if (!found || (kind && kind !== found)) return undefined;
        kind = found;
      }
      return kind;
    }
    case AST_NODE_TYPES.TSTypeReference:
      return annotation.typeArguments ? undefined : namedKind(annotation.typeName, sourceCode);
    default:
      return undefined;
  }
}

function namedKind(name: TSESTree.EntityName, sourceCode: SourceCode): SocketKind | undefined {
  if (name.type === AST_NODE_TYPES.Identifier) {
    const imported = importedName(name, sourceCode);
    return imported && kindOf(imported.module, imported.name);
  }
  if (name.type !== AST_NODE_TYPES.TSQualifiedName || name.left.type !== AST_NODE_TYPES.Identifier) return undefined;
  const module = namespaceModule(name.left, sourceCode);
  return module === undefined ? undefined : kindOf(module, name.right.name);
}

function kindOf(module: string, name: string): SocketKind | undefined {
  return NODE_TYPES[name]?.find((hit) => hit.module === module)?.socket;
}

/** `Socket` of `import { Socket } from 'node:net'` (renamed or type-only too): its module and exported name. */
function importedName(identifier: TSESTree.Identifier, sourceCode: SourceCode): { module: string; name: string } | undefined {
  const def = definitionOf(identifier, sourceCode);
  if (def?.node.type !== AST_NODE_TYPES.ImportSpecifier) return undefined;
  const imported = def.node.imported;
  const name = imported.type === AST_NODE_TYPES.Identifier ? imported.name : String(imported.value);
  const source = def.node.parent.type === AST_NODE_TYPES.ImportDeclaration ? def.node.parent.source : undefined;
  return source ? { module: moduleName(source.value), name } : undefined;
}

/** `net` of `import net from 'net'`, `import * as net from 'node:net'`, `import net = require('net')`. */
function namespaceModule(identifier: TSESTree.Identifier, sourceCode: SourceCode): string | undefined {
  const def = definitionOf(identifier, sourceCode);
  if (!def) return undefined;
  if (def.node.type === AST_NODE_TYPES.ImportDefaultSpecifier || def.node.type === AST_NODE_TYPES.ImportNamespaceSpecifier) {
    return moduleName(def.node.parent.source.value);
  }
  if (def.node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
    const reference = def.node.moduleReference;
    return reference.type === AST_NODE_TYPES.TSExternalModuleReference ? moduleName(reference.expression.value) : undefined;
  }
  return undefined;
}

function definitionOf(identifier: TSESTree.Identifier, sourceCode: SourceCode): TSESLint.Scope.Definition | undefined {
  const variable = findVariable(sourceCode.getScope(identifier), identifier.name);
  return variable?.defs.length === 1 ? variable.defs[0] : undefined;
}

function moduleName(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

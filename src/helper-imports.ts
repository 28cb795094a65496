/**
 * Recognises calls of the convention helpers (`onSocketClose`, `endGracefully`,
 * `ignoreBenignClose`, see `docs/conventions.md`) by where they are imported from, never by name
 * alone: a project's own `onSocketClose` may do anything.
 *
 * Accepted shapes, all from `eslint-plugin-socket-errors/codes`:
 * - `import { onSocketClose } from '…/codes'`, also renamed (`{ onSocketClose as onClose }`);
 * - `import * as codes from '…/codes'` then `codes.onSocketClose(...)`;
 * - `const { onSocketClose } = require('…/codes')` (also renamed), `const codes = require('…/codes')`
 *   then `codes.onSocketClose(...)`, and `require('…/codes').onSocketClose(...)`.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { findVariable, requiredModule } from './listeners.js';
import { visitSpellings } from './tokens.js';
import { propertyName, skipWrappers } from './model/ast.js';

export type ConventionHelper = 'onSocketClose' | 'endGracefully' | 'ignoreBenignClose';

/** The module specifiers the helpers are published under. */
export const HELPER_MODULES: ReadonlySet<string> = new Set(['eslint-plugin-socket-errors/codes']);

const HELPERS: ReadonlySet<string> = new Set<ConventionHelper>(['onSocketClose', 'endGracefully', 'ignoreBenignClose']);

function isHelper(name: string | undefined): name is ConventionHelper {
  return name !== undefined && HELPERS.has(name);
}

function isHelperModule(value: unknown): boolean {
  return typeof value === 'string' && HELPER_MODULES.has(value);
}

/** `require('eslint-plugin-socket-errors/codes')`. */
function isHelperRequire(node: TSESTree.Node): boolean {
  return isHelperModule(requiredModule(node));
}

function definitionOf(identifier: TSESTree.Identifier, scope: TSESLint.Scope.Scope): TSESLint.Scope.Definition | undefined {
  const variable = findVariable(scope, identifier.name);
  // Two definitions (a redeclared `var`, a function overloading the import) make it unclear.
  return variable?.defs.length === 1 ? variable.defs[0] : undefined;
}

/** `const codes = require('…/codes')` or `import * as codes from '…/codes'`. */
function isHelperNamespace(identifier: TSESTree.Identifier, scope: TSESLint.Scope.Scope): boolean {
  const def = definitionOf(identifier, scope);
  if (!def) return false;
  if (def.type === TSESLint.Scope.DefinitionType.ImportBinding) {
    return def.node.type === AST_NODE_TYPES.ImportNamespaceSpecifier && isHelperModule(def.node.parent.source.value);
  }
  return (
    def.type === TSESLint.Scope.DefinitionType.Variable &&
    def.node.type === AST_NODE_TYPES.VariableDeclarator &&
    def.node.id === def.name &&
    def.node.parent.kind === 'const' &&
    def.node.init !== null &&
    isHelperRequire(skipWrappers(def.node.init))
  );
}

const mentions = new WeakMap<TSESTree.Program, boolean>();

/**
 * Whether the file names one of our modules in a string literal at all: every shape `helperOf`
 * accepts needs one, so a file without it (most files) is answered without any scope lookup.
 * Computed once per file from the tokens; a parser that gives no tokens gets the full check. A
 * rule that asks about many calls checks this once first: `mayUseHelpers(context.sourceCode)`.
 */
export function mayUseHelpers(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const program = sourceCode.ast;
  let found = mentions.get(program);
  if (found === undefined) {
    // Only the strings where the text names our module or has a backslash are read (src/tokens.ts).
    found = visitSpellings(sourceCode, [...HELPER_MODULES], (value, kind) => kind === 'string' && (value === null || HELPER_MODULES.has(value)));
    mentions.set(program, found);
  }
  return found;
}

/**
 * Which helper `callee` is, when it is one imported from our module; `undefined` for anything else
 * (a local function of the same name, an unresolved global, a computed member).
 */
export function helperOf(
  callee: TSESTree.Node,
  scope: TSESLint.Scope.Scope,
  sourceCode: Readonly<TSESLint.SourceCode>,
): ConventionHelper | undefined {
  if (!mayUseHelpers(sourceCode)) return undefined;
  const target = skipWrappers(callee);
  if (target.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(target);
    if (!isHelper(name)) return undefined;
    const object = skipWrappers(target.object);
    if (isHelperRequire(object)) return name;
    return object.type === AST_NODE_TYPES.Identifier && isHelperNamespace(object, scope) ? name : undefined;
  }
  if (target.type !== AST_NODE_TYPES.Identifier) return undefined;
  const def = definitionOf(target, scope);
  if (!def) return undefined;
  if (def.type === TSESLint.Scope.DefinitionType.ImportBinding) {
    if (def.node.type !== AST_NODE_TYPES.ImportSpecifier || !isHelperModule(def.node.parent.source?.value)) return undefined;
    // Type-only imports (`import type { ... }`) never reach here as values.
    const imported = def.node.imported.type === AST_NODE_TYPES.Identifier ? def.node.imported.name : def.node.imported.value;
    return isHelper(imported) ? imported : undefined;
  }
  if (
    def.type === TSESLint.Scope.DefinitionType.Variable &&
    def.node.type === AST_NODE_TYPES.VariableDeclarator &&
    def.node.id.type === AST_NODE_TYPES.ObjectPattern &&
    def.node.parent.kind === 'const' &&
    def.node.init !== null &&
    isHelperRequire(skipWrappers(def.node.init))
  ) {
    // `const { onSocketClose: onClose } = require(...)`: the key names the helper.
    for (const property of def.node.id.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.value !== def.name) continue;
      const key = property.computed ? undefined : property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : undefined;
      return isHelper(key) ? key : undefined;
    }
  }
  return undefined;
}

/** `call` when it is a call of `helper` imported from our module. */
export function isHelperCall(
  node: TSESTree.Node | null | undefined,
  helper: ConventionHelper,
  scope: TSESLint.Scope.Scope,
  sourceCode: Readonly<TSESLint.SourceCode>,
): node is TSESTree.CallExpression {
  return node?.type === AST_NODE_TYPES.CallExpression && helperOf(node.callee, scope, sourceCode) === helper;
}

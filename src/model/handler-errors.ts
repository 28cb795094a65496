/**
 * Which nodes of an error handler hold its error: the handler's error variable, the variables it
 * copies the error into (`lastError = err`), or a field another handler stored it in
 * (`this._error`). Read by the handler walk (src/model/handler-sinks.ts) at each test and call.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { findVariable } from '../listeners.js';
import { propertyName, skipWrappers } from './ast.js';
import { visitOutsideFunctions } from './classes.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** Where a handler's error is held (the handler walk's own state has these). */
export interface ErrorHolders {
  sourceCode: SourceCode;
  /** The variable holding the error, and those the handler copies it into. */
  errVariables: ReadonlySet<TSESLint.Scope.Variable>;
  /** Reads of this field hold the error too. */
  errField: string | undefined;
}

/**
 * The error's variable and the variables the handler copies it into (`lastError = err;`,
 * `const cause = err;`), in source order: `this.emit('error', lastError)` re-emits the error.
 */
export function copiesOf(errVariable: TSESLint.Scope.Variable, body: Node, sourceCode: SourceCode): Set<TSESLint.Scope.Variable> {
  const variables = new Set([errVariable]);
  const holdsError = (node: Node | null | undefined): boolean => {
    const value = node && skipWrappers(node);
    if (value?.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = findVariable(sourceCode.getScope(value), value.name);
    return variable !== null && variables.has(variable);
  };
  const copyInto = (name: Node): void => {
    if (name.type !== AST_NODE_TYPES.Identifier) return;
    const variable = findVariable(sourceCode.getScope(name), name.name);
    if (variable) variables.add(variable);
  };
  visitOutsideFunctions(body, (node) => {
    if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=' && holdsError(node.right)) copyInto(node.left);
    else if (node.type === AST_NODE_TYPES.VariableDeclarator && holdsError(node.init)) copyInto(node.id);
  }, sourceCode);
  return variables;
}

export function isError(node: Node, walk: ErrorHolders): boolean {
  const target = skipWrappers(node);
  if (target.type === AST_NODE_TYPES.MemberExpression && walk.errField !== undefined) return propertyName(target) === walk.errField;
  if (target.type !== AST_NODE_TYPES.Identifier || !errNames(walk).has(target.name)) return false;
  const variable = findVariable(walk.sourceCode.getScope(target), target.name);
  return variable !== null && walk.errVariables.has(variable);
}

/** `err.message` of the error. */
export function isErrorMessage(node: Node, walk: ErrorHolders): boolean {
  const target = skipWrappers(node);
  return target.type === AST_NODE_TYPES.MemberExpression && propertyName(target) === 'message' && isError(target.object, walk);
}

/** The names of the variables holding the error (a variable is only found under its own name). */
function errNames(walk: ErrorHolders): ReadonlySet<string> {
  let names = namesCache.get(walk.errVariables);
  if (!names) namesCache.set(walk.errVariables, (names = new Set([...walk.errVariables].map((variable) => variable.name))));
  return names;
}

const namesCache = new WeakMap<ReadonlySet<TSESLint.Scope.Variable>, ReadonlySet<string>>();

export function mentionsError(node: Node, walk: ErrorHolders): boolean {
  // Cheap first: without a field to follow, the error is only mentioned where one of its names is written.
  if (walk.errField === undefined && !mayWriteName(node, errNames(walk), walk.sourceCode)) return false;
  let found = false;
  visitOutsideFunctions(node, (child) => {
    if (!found && (child.type === AST_NODE_TYPES.Identifier || child.type === AST_NODE_TYPES.MemberExpression) && isError(child, walk)) found = true;
  }, walk.sourceCode);
  return found;
}

/**
 * Can an identifier of one of these names be written in the node's text? Not when no name appears
 * in it (and no `\\` escape that could spell one).
 */
function mayWriteName(node: Node, names: ReadonlySet<string>, sourceCode: SourceCode): boolean {
  if (names.size === 0) return false;
  const text = sourceCode.text.slice(node.range[0], node.range[1]);
  if (text.includes('\\')) return true;
  for (const name of names) if (text.includes(name)) return true;
  return false;
}

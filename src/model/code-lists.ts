/**
 * A list of error codes that stands by itself: declared in one module for another module to test
 * (`export const CONNECTION_LOST = ['ECONNRESET', 'ENOTCONN']`, `exports.CODES = [...]`, or returned
 * by an exported function, as `os.constants.errno` numbers too). The dispatch that reads it is in
 * another file, so the list is all a rule can judge here.
 *
 * What is not such a list: a list the file reads itself (its dispatches are judged where they
 * are), a list that is configuration data (a property of an options object, the default of `??`
 * or `||`, an argument), a list with an element that is not a code, or one changed after its
 * declaration. Syntax only, answered for the array asked about (no walk of the file).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { findVariable } from '../listeners.js';
import { enclosingFunction, outermost, propertyName, skipWrappers } from './ast.js';
import { ERRNO_STYLE, readString, type NamedCode } from './code-reads.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** A list of codes that another module tests. */
export interface StandaloneCodeList {
  array: TSESTree.ArrayExpression;
  /** Each element as a code, in order (anchored on the list, for a suggestion that extends it). */
  codes: NamedCode[];
  /**
   * The elements are `os.constants.errno.X` numbers: only libuv's errno names can be in it (no
   * `ERR_*` code), and a code is added as `<object>.X` (the text of the first element's object).
   */
  errnoObject: string | null;
}

/** `os.constants.errno.EPIPE`, `constants.errno.EPIPE`, `errno.EPIPE`: the errno name, or null. */
function errnoName(node: Node): { name: string; object: TSESTree.Expression } | null {
  const target = skipWrappers(node);
  if (target.type !== AST_NODE_TYPES.MemberExpression) return null;
  const name = propertyName(target);
  if (name === undefined || !/^E[A-Z0-9_]+$/.test(name)) return null;
  const object = skipWrappers(target.object);
  const holder =
    object.type === AST_NODE_TYPES.Identifier ? object.name : object.type === AST_NODE_TYPES.MemberExpression ? propertyName(object) : undefined;
  return holder === 'errno' ? { name, object: target.object } : null;
}

/** `module.exports`, `exports`, `module.exports.X`, `exports.X`. */
function isExportsTarget(node: Node): boolean {
  const target = skipWrappers(node);
  if (target.type === AST_NODE_TYPES.Identifier) return target.name === 'exports';
  if (target.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = skipWrappers(target.object);
  if (object.type === AST_NODE_TYPES.Identifier && object.name === 'module') return propertyName(target) === 'exports';
  return object.type === AST_NODE_TYPES.Identifier ? object.name === 'exports' : isModuleExports(object);
}

function isModuleExports(node: Node): boolean {
  return (
    node.type === AST_NODE_TYPES.MemberExpression &&
    propertyName(node) === 'exports' &&
    skipWrappers(node.object).type === AST_NODE_TYPES.Identifier &&
    (skipWrappers(node.object) as TSESTree.Identifier).name === 'module'
  );
}

/** Does this reference only export the name (`export { X }`, `exports.X = X`, `module.exports = { X }`)? */
function isExportReference(identifier: TSESTree.Identifier): boolean {
  const parent = identifier.parent;
  if (parent.type === AST_NODE_TYPES.ExportSpecifier) return parent.local === identifier;
  if (parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
  if (parent.type === AST_NODE_TYPES.AssignmentExpression) return parent.right === identifier && isExportsTarget(parent.left);
  if (parent.type === AST_NODE_TYPES.Property && parent.value === identifier && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
    const holder = parent.parent.parent;
    return holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.right === parent.parent && isExportsTarget(holder.left);
  }
  return false;
}

/** Is the declared name used only to export it, and exported at least once (or declared with `export`)? */
function onlyExported(variable: TSESLint.Scope.Variable | null | undefined, declaredExported: boolean): boolean {
  if (!variable || variable.defs.length !== 1) return false;
  const uses = variable.references.filter((reference) => !reference.init);
  if (uses.some((reference) => reference.isWrite())) return false;
  const reads = uses.map((reference) => reference.identifier as TSESTree.Identifier);
  return reads.every(isExportReference) && (declaredExported || reads.length > 0);
}

/** Where a list can stand by itself, read from the syntax alone. */
type Place =
  | { type: 'exported' }
  | { type: 'const'; declarator: TSESTree.VariableDeclarator & { id: TSESTree.Identifier }; exported: boolean }
  | { type: 'return'; fn: TSESTree.FunctionDeclaration & { id: TSESTree.Identifier } }
  | null;

/**
 * Where the list sits, if it can stand by itself: exported directly, held by a `const`, or returned
 * by a named function declaration. Syntax only, so most arrays are left before their elements are read.
 */
function placeOf(array: TSESTree.ArrayExpression): Place {
  // `new Set([...])` and `Object.freeze([...])` hold the same list.
  let value: Node = outermost(array);
  const holder = value.parent;
  if (
    holder &&
    ((holder.type === AST_NODE_TYPES.NewExpression && holder.callee.type === AST_NODE_TYPES.Identifier && holder.callee.name === 'Set') ||
      (holder.type === AST_NODE_TYPES.CallExpression &&
        holder.callee.type === AST_NODE_TYPES.MemberExpression &&
        skipWrappers(holder.callee.object).type === AST_NODE_TYPES.Identifier &&
        (skipWrappers(holder.callee.object) as TSESTree.Identifier).name === 'Object' &&
        propertyName(holder.callee) === 'freeze')) &&
    holder.arguments.length === 1 &&
    holder.arguments[0] === value
  ) {
    value = outermost(holder);
  }
  const parent = value.parent;
  if (!parent) return null;
  // `exports.CODES = [...]`, `module.exports.CODES = [...]`
  if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === value) {
    return parent.left.type === AST_NODE_TYPES.MemberExpression && isExportsTarget(parent.left) ? { type: 'exported' } : null;
  }
  // `export const CODES = [...]`, `const CODES = [...]; module.exports = { CODES }`
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === value && parent.id.type === AST_NODE_TYPES.Identifier) {
    const declaration = parent.parent;
    if (declaration.kind !== 'const') return null;
    const exported = declaration.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration;
    return { type: 'const', declarator: parent as TSESTree.VariableDeclarator & { id: TSESTree.Identifier }, exported };
  }
  // `function tcpErrors() { return [...]; }`, exported and not called here.
  if (parent.type === AST_NODE_TYPES.ReturnStatement && parent.argument === value) {
    const fn = enclosingFunction(parent);
    return fn?.type === AST_NODE_TYPES.FunctionDeclaration && fn.id ? { type: 'return', fn: fn as TSESTree.FunctionDeclaration & { id: TSESTree.Identifier } } : null;
  }
  return null;
}

/** Does the list at `place` stand by itself: is the name that holds it only exported? */
function standsByItself(place: NonNullable<Place>, sourceCode: SourceCode): boolean {
  switch (place.type) {
    case 'exported':
      return true;
    case 'const': {
      const { declarator, exported } = place;
      const variable = sourceCode.getDeclaredVariables(declarator).find((candidate) => candidate.name === declarator.id.name);
      return onlyExported(variable, exported);
    }
    case 'return': {
      const { fn } = place;
      const exported = fn.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || fn.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration;
      return onlyExported(findVariable(sourceCode.getScope(fn), fn.id), exported);
    }
  }
}

const lists = new WeakMap<TSESTree.ArrayExpression, StandaloneCodeList | null>();

/**
 * The list of codes this array is, when it stands by itself for another module to test, or null.
 * Every element must be a code: a string in the shape of Node's codes, or an errno number.
 */
export function standaloneCodeList(array: TSESTree.ArrayExpression, sourceCode: SourceCode): StandaloneCodeList | null {
  // Most arrays fail the syntax check: answered without an entry in the cache.
  if (!mayBeCodeList(array)) return null;
  let answer = lists.get(array);
  if (answer === undefined) {
    answer = readStandalone(array, sourceCode);
    lists.set(array, answer);
  }
  return answer;
}

/**
 * Cheap first: two elements or more, every one a string, a name or a member
 * (`os.constants.errno.X`), and every literal a string in the shape of a code.
 */
function mayBeCodeList(array: TSESTree.ArrayExpression): boolean {
  if (array.elements.length < 2) return false;
  const simple = array.elements.every(
    (element) =>
      element?.type === AST_NODE_TYPES.Literal ||
      element?.type === AST_NODE_TYPES.TemplateLiteral ||
      element?.type === AST_NODE_TYPES.Identifier ||
      element?.type === AST_NODE_TYPES.MemberExpression,
  );
  if (!simple) return false;
  return !array.elements.some((element) => element?.type === AST_NODE_TYPES.Literal && !(typeof element.value === 'string' && ERRNO_STYLE.test(element.value)));
}

function readStandalone(array: TSESTree.ArrayExpression, sourceCode: SourceCode): StandaloneCodeList | null {
  // A literal that is no code (mayBeCodeList), or a place where no list stands by itself, ends it
  // before the scope is asked for.
  const place = placeOf(array);
  if (!place) return null;
  const anchor = { type: 'list', list: array } as const;
  const codes: NamedCode[] = [];
  let errnoObject: string | null = null;
  let strings = 0;
  const scope = sourceCode.getScope(array);
  for (const element of array.elements) {
    if (!element || element.type === AST_NODE_TYPES.SpreadElement) return null;
    const errno = errnoName(element);
    if (errno) {
      errnoObject ??= sourceCode.getText(errno.object);
      codes.push({ value: errno.name, node: element, literal: false, anchor, site: element });
      continue;
    }
    const value = readString(element, scope);
    if (!value || !ERRNO_STYLE.test(value.value)) return null;
    strings += 1;
    codes.push({ ...value, anchor, site: element });
  }
  // One list, one shape: strings and errno numbers mixed are not a list of codes we can read.
  if (strings > 0 && errnoObject !== null) return null;
  return standsByItself(place, sourceCode) ? { array, codes, errnoObject } : null;
}

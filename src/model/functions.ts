/**
 * Which function of this file a callee or a listener argument runs: the one answer the rules share
 * when they follow a socket into a helper (`tunnel(req, socket)`), a listener given by reference
 * (`socket.on('close', onClose)`, `server.on('upgrade', this.handleUpgrade.bind(this))`) or a
 * method of a pre-ES2015 class (`Conn.prototype.onError = function (err) { … }`, or given in an
 * object literal: `Conn.prototype = { … }`, `Object.assign(Conn.prototype, { … })`; called as
 * `self.onError(err)` where `var self = this`; src/model/prototypes.ts).
 *
 * Precision first: a name that may hold another function (reassigned, a parameter, an import, a
 * property of an object other than `this`) resolves to nothing.
 */
import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { type FunctionNode, isFunction, propertyName, skipWrappers } from './ast.js';
import { prototypeIndex, prototypeOwnerOf } from './prototypes.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;

/**
 * The function `node` runs when called: an inline function, a function declaration or a variable
 * that only ever holds one function, `this.method` / `self.method` of the class (or constructor
 * function's prototype) that `this` is, and `f.bind(thisArg)` of any of these (`bind` with more
 * arguments shifts the parameters, so it resolves to nothing).
 */
export function resolveFunction(node: TSESTree.Node, sourceCode: SourceCode, depth = 0): FunctionNode | undefined {
  const target = skipWrappers(node);
  if (isFunction(target)) return target;
  if (depth > 3) return undefined;
  switch (target.type) {
    case AST_NODE_TYPES.Identifier: {
      const variable = ASTUtils.findVariable(sourceCode.getScope(target), target);
      const value = variable ? onlyValue(variable) : undefined;
      if (!value) return undefined;
      return value.type === AST_NODE_TYPES.FunctionDeclaration ? value : resolveFunction(value, sourceCode, depth + 1);
    }
    case AST_NODE_TYPES.MemberExpression: {
      const name = propertyName(target);
      const owner = name === undefined ? undefined : thisOwner(target.object, sourceCode);
      return owner && name !== undefined ? ownerMethod(owner, name, sourceCode) : undefined;
    }
    case AST_NODE_TYPES.CallExpression: {
      const callee = skipWrappers(target.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'bind' && target.arguments.length <= 1) {
        return resolveFunction(callee.object, sourceCode, depth + 1);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The one value a variable ever holds: a function declaration's own node, or the initialiser of a
 * variable written nowhere else. Undefined for parameters, imports, and reassigned variables.
 */
function onlyValue(variable: Variable): TSESTree.Node | undefined {
  const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def) return undefined;
  // A parameter's definition also points at its function: only the function's own name holds it.
  if (def.type === TSESLint.Scope.DefinitionType.FunctionName && def.node.type === AST_NODE_TYPES.FunctionDeclaration) {
    return variable.references.some((ref) => ref.isWrite()) ? undefined : def.node;
  }
  if (def.type !== TSESLint.Scope.DefinitionType.Variable || def.node.type !== AST_NODE_TYPES.VariableDeclarator) return undefined;
  if (def.node.id !== def.name || !def.node.init) return undefined;
  if (variable.references.some((ref) => ref.isWrite() && !ref.init)) return undefined;
  return def.node.init;
}

/** What `this` is where `node` is: a class body, or a constructor function's name (pre-ES2015). */
type ThisOwner = { type: 'class'; body: TSESTree.ClassBody } | { type: 'prototype'; constructorName: string };

/** The owner of `this` when `object` is `this`, or a variable that holds `this` (`var self = this`). */
function thisOwner(object: TSESTree.Node, sourceCode: SourceCode): ThisOwner | undefined {
  const target = skipWrappers(object);
  if (target.type === AST_NODE_TYPES.ThisExpression) return ownerOfThis(target, sourceCode);
  if (target.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(sourceCode.getScope(target), target);
  const value = variable ? onlyValue(variable) : undefined;
  return value && skipWrappers(value).type === AST_NODE_TYPES.ThisExpression ? ownerOfThis(value, sourceCode) : undefined;
}

/**
 * `this` belongs to the nearest non-arrow function: a class method or field initialiser makes it the
 * instance; so does a method of a pre-ES2015 class, or its constructor (src/model/prototypes.ts).
 */
function ownerOfThis(node: TSESTree.Node, sourceCode: SourceCode): ThisOwner | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.PropertyDefinition || current.type === AST_NODE_TYPES.AccessorProperty) {
      return current.static || current.parent.type !== AST_NODE_TYPES.ClassBody ? undefined : { type: 'class', body: current.parent };
    }
    if (current.type === AST_NODE_TYPES.StaticBlock || current.type === AST_NODE_TYPES.Program) return undefined;
    if (current.type === AST_NODE_TYPES.FunctionExpression || current.type === AST_NODE_TYPES.FunctionDeclaration) {
      const holder = current.parent;
      if (holder.type === AST_NODE_TYPES.MethodDefinition) return holder.static ? undefined : { type: 'class', body: holder.parent };
      const constructorName = prototypeOwnerOf(current, sourceCode);
      return constructorName === undefined ? undefined : { type: 'prototype', constructorName };
    }
  }
  return undefined;
}

function ownerMethod(owner: ThisOwner, name: string, sourceCode: SourceCode): FunctionNode | undefined {
  if (owner.type === 'class') {
    for (const element of owner.body.body) {
      if (element.type !== AST_NODE_TYPES.MethodDefinition && element.type !== AST_NODE_TYPES.PropertyDefinition) continue;
      if (element.static || element.computed) continue;
      const key =
        element.key.type === AST_NODE_TYPES.Identifier
          ? element.key.name
          : element.key.type === AST_NODE_TYPES.PrivateIdentifier
            ? `#${element.key.name}`
            : undefined;
      if (key !== name || !element.value) continue;
      const value = skipWrappers(element.value);
      if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind !== 'method') return undefined;
      return isFunction(value) ? value : undefined;
    }
    return undefined;
  }
  return prototypeIndex(sourceCode).methods.get(`${owner.constructorName}.${name}`) ?? undefined;
}

/**
 * Pre-ES2015 classes of the file: a constructor function (`function Conn() {}`, `var Conn =
 * function () {}`, `internals.Listener = function () {}`) and the methods its prototype is given,
 * one by one (`Conn.prototype.connect = function () {}`), as an object literal (`Conn.prototype =
 * { connect() {} }`), or copied in by a call (`Object.assign(Conn.prototype, { … })`,
 * `extend(Conn.prototype, { … })`, `util._extend`, `_.extend`: any call whose first argument is the
 * prototype), or by the constructor itself on each instance (`this.connect = function () {}` in its body). What `this` is inside each of them, and what the instance's fields hold (`this.sock =
 * …`, also through `var self = this`), so a socket kept on a field is followed from method to method
 * as in a class. A top-level object literal's methods are read the same way, as the methods of one
 * object (`const Rcon = make({ connect() { this.sock = … }, reset() { this.sock = null; } })`).
 *
 * Read at the top level of the file only, once per file (cached on the Program). A constructor is
 * named by its dotted path (`Conn`, `internals.Listener`); a method name given two functions maps
 * to `null` (either may run).
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { type FunctionNode, isFunction, literalKey, propertyName, skipWrappers } from './ast.js';
import { type ClassMember, recordMemberUse, thisAliased, visitChildren } from './classes.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type NonArrow = TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

export interface PrototypeIndex {
  /** `Conn.connect` → the function `Conn.prototype.connect` runs (`null`: given more than one). */
  methods: Map<string, FunctionNode | null>;
  /** Every function whose `this` is an instance of a constructor: its methods, and the constructor itself. */
  owners: Map<FunctionNode, string>;
}

/** The owner name of an object literal's methods: this prefix and where the literal starts. */
const OBJECT_OWNER = '@object:';

const indexCache = new WeakMap<TSESTree.Program, PrototypeIndex>();
const fieldsCache = new WeakMap<TSESTree.Program, Map<string, Map<string, ClassMember>>>();

/** `Conn` or `internals.Listener` (identifiers and non-computed members only), else undefined. */
export function dottedName(node: TSESTree.Node): string | undefined {
  const target = skipWrappers(node);
  if (target.type === AST_NODE_TYPES.Identifier) return target.name;
  if (target.type !== AST_NODE_TYPES.MemberExpression || target.computed) return undefined;
  const owner = dottedName(target.object);
  const name = propertyName(target);
  return owner === undefined || name === undefined ? undefined : `${owner}.${name}`;
}

/** `Conn` for `Conn.prototype`, else undefined. */
function prototypeOf(node: TSESTree.Node): string | undefined {
  const target = skipWrappers(node);
  if (target.type !== AST_NODE_TYPES.MemberExpression || propertyName(target) !== 'prototype') return undefined;
  return dottedName(target.object);
}

export function prototypeIndex(sourceCode: SourceCode): PrototypeIndex {
  const program = sourceCode.ast;
  let index = indexCache.get(program);
  if (index) return index;
  const methods = new Map<string, FunctionNode | null>();
  const constructors = new Map<string, NonArrow>();
  const owners = new Map<FunctionNode, string>();
  const inherited = new Set<string>();
  index = { methods, owners };
  indexCache.set(program, index);

  const addMethod = (owner: string, name: string, value: TSESTree.Node): void => {
    const key = `${owner}.${name}`;
    const fn = skipWrappers(value);
    methods.set(key, methods.has(key) || !isFunction(fn) ? null : fn);
    if (isFunction(fn) && fn.type !== AST_NODE_TYPES.ArrowFunctionExpression) owners.set(fn, owner);
  };
  const addLiteral = (owner: string, literal: TSESTree.ObjectExpression): void => {
    for (const property of literal.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.computed || property.kind !== 'init') continue;
      const name = literalKey(property);
      if (name !== undefined) addMethod(owner, name, property.value);
    }
  };
  const addConstructor = (name: string | undefined, value: TSESTree.Node): void => {
    const fn = skipWrappers(value);
    if (name !== undefined && (fn.type === AST_NODE_TYPES.FunctionExpression || fn.type === AST_NODE_TYPES.FunctionDeclaration)) constructors.set(name, fn);
  };
  /** `a = b = function () {}`: each name on the left may be the constructor. */
  const assignmentChain = (assignment: TSESTree.AssignmentExpression): void => {
    const owner = prototypeOf(assignment.left);
    const right = skipWrappers(assignment.right);
    if (owner !== undefined && right.type === AST_NODE_TYPES.ObjectExpression) return addLiteral(owner, right);
    if (assignment.left.type === AST_NODE_TYPES.MemberExpression) {
      const methodOwner = prototypeOf(assignment.left.object);
      const name = propertyName(assignment.left);
      if (methodOwner !== undefined && name !== undefined) return addMethod(methodOwner, name, assignment.right);
    }
    const last = innermostValue(assignment);
    for (let link: TSESTree.Node = assignment; link.type === AST_NODE_TYPES.AssignmentExpression && link.operator === '='; link = skipWrappers(link.right)) {
      addConstructor(dottedName(link.left), last);
    }
  };

  /**
   * An object literal given to a name, to `module.exports`, to `export default`, or to a call that
   * makes one (`const Rcon = make({ connect() { this.socket = … }, reset() { … } })`): its methods
   * are called on the object, so `this` in them is one object, named by where the literal starts.
   */
  const addObject = (value: TSESTree.Node | null | undefined): void => {
    const target = value && skipWrappers(value);
    if (target?.type === AST_NODE_TYPES.ObjectExpression) addLiteral(`${OBJECT_OWNER}${target.range[0]}`, target);
    else if (target?.type === AST_NODE_TYPES.CallExpression) for (const argument of target.arguments) if (argument.type === AST_NODE_TYPES.ObjectExpression) addObject(argument);
  };

  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) addObject(statement.declaration);
    const inner = statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportDefaultDeclaration ? statement.declaration : statement;
    if (!inner) continue;
    if (inner.type === AST_NODE_TYPES.FunctionDeclaration && inner.id) {
      constructors.set(inner.id.name, inner);
    } else if (inner.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of inner.declarations) {
        if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) continue;
        const init = skipWrappers(declarator.init);
        addConstructor(declarator.id.name, init.type === AST_NODE_TYPES.AssignmentExpression ? innermostValue(init) : init);
        if (init.type === AST_NODE_TYPES.AssignmentExpression) assignmentChain(init);
        else addObject(init);
      }
    } else if (inner.type === AST_NODE_TYPES.ExpressionStatement) {
      const expression = skipWrappers(inner.expression);
      if (expression.type === AST_NODE_TYPES.AssignmentExpression && expression.operator === '=') {
        assignmentChain(expression);
        if (prototypeOf(expression.left) === undefined) addObject(innermostValue(expression));
      } else if (expression.type === AST_NODE_TYPES.CallExpression) {
        // `Object.assign(Conn.prototype, { … })`, `extend(Conn.prototype, { … })`: the literal's methods land on the prototype.
        const [first, ...rest] = expression.arguments;
        // `util.inherits(Conn, EventEmitter)`: `Conn` makes instances.
        if (first && calleeName(expression) === 'inherits') inherited.add(dottedName(first) ?? '');
        const owner = first && prototypeOf(first);
        if (owner === undefined) continue;
        for (const argument of rest) if (argument.type === AST_NODE_TYPES.ObjectExpression) addLiteral(owner, argument);
      }
    }
  }
  // `function Ctl(opts) { this.connect = function (cb) { … }; }`: methods a constructor gives each
  // instance itself, called on it like the prototype's.
  for (const [name, fn] of constructors) {
    for (const statement of fn.body.body) {
      const assignment = statement.type === AST_NODE_TYPES.ExpressionStatement ? skipWrappers(statement.expression) : undefined;
      if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.operator !== '=' || assignment.left.type !== AST_NODE_TYPES.MemberExpression) continue;
      const method = assignment.left.object.type === AST_NODE_TYPES.ThisExpression ? propertyName(assignment.left) : undefined;
      if (method !== undefined && isFunction(skipWrappers(assignment.right))) addMethod(name, method, assignment.right);
    }
  }
  // A function declaration is an instance's constructor as before; a function expression only when
  // its prototype is given methods in this file, or another class's (`inherits()`): else it may be
  // a plain callback stored on a name.
  const withMethods = new Set([...methods.keys()].map((key) => key.slice(0, key.lastIndexOf('.'))));
  for (const [name, fn] of constructors) {
    if (fn.type === AST_NODE_TYPES.FunctionDeclaration || withMethods.has(name) || inherited.has(name)) owners.set(fn, name);
  }
  adoptThisHelpers(program, owners, (name) => withMethods.has(name) || inherited.has(name), sourceCode);
  return index;
}

/**
 * A pre-ES2015 class's private helpers: a top-level `function listen() { this.client.on(…) }` that
 * the file only ever calls as `listen.call(this, …)` (or `.apply(this, …)`) from the class's own
 * methods, and a `function (data) { … }.bind(this)` written in them: their `this` is the
 * instance, so they are the class's methods as far as its fields go. Followed through helpers
 * that call helpers (a few rounds); a declaration that is a class itself (methods of its own, or
 * `inherits()`) stays one.
 */
function adoptThisHelpers(program: TSESTree.Program, owners: Map<FunctionNode, string>, isClass: (name: string) => boolean, sourceCode: SourceCode): void {
  const sites = new Map<NonArrow, TSESTree.ThisExpression[]>();
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.FunctionDeclaration || !statement.id || isClass(statement.id.name)) continue;
    const thisArgs: TSESTree.ThisExpression[] = [];
    const references = sourceCode.getDeclaredVariables(statement)[0]?.references ?? [];
    const onlyCalledWithThis = references.length > 0 && references.every((reference) => {
      const member = reference.identifier.parent;
      const call = member?.parent;
      const method = member?.type === AST_NODE_TYPES.MemberExpression && member.object === reference.identifier ? propertyName(member) : undefined;
      const [thisArg] = call?.type === AST_NODE_TYPES.CallExpression && call.callee === member ? call.arguments : [];
      if ((method !== 'call' && method !== 'apply') || thisArg?.type !== AST_NODE_TYPES.ThisExpression) return false;
      thisArgs.push(thisArg);
      return true;
    });
    if (onlyCalledWithThis) sites.set(statement, thisArgs);
  }
  if (sites.size === 0) return;
  // `function (…) { … }.bind(this)` inside one of the helpers, methods or constructors.
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.FunctionExpression && node.parent.type === AST_NODE_TYPES.MemberExpression && node.parent.object === node && propertyName(node.parent) === 'bind') {
      const call = node.parent.parent;
      const [thisArg] = call.type === AST_NODE_TYPES.CallExpression && call.callee === node.parent ? call.arguments : [];
      if (thisArg?.type === AST_NODE_TYPES.ThisExpression) sites.set(node, [thisArg]);
    }
    visitChildren(node, visit, sourceCode);
  };
  for (const fn of [...sites.keys(), ...owners.keys()]) if (fn.type === AST_NODE_TYPES.FunctionDeclaration || fn.type === AST_NODE_TYPES.FunctionExpression) visit(fn.body);
  for (let round = 0; round < 4; round++) {
    let changed = false;
    for (const [fn, thisArgs] of sites) {
      const found = new Set(thisArgs.map((thisArg) => {
        const around = thisFunction(thisArg);
        return around && owners.get(around);
      }));
      const [owner] = found;
      if (found.size !== 1 || owner === undefined || owners.get(fn) === owner || !isClass(owner)) continue;
      owners.set(fn, owner);
      changed = true;
    }
    if (!changed) break;
  }
}

function innermostValue(assignment: TSESTree.AssignmentExpression): TSESTree.Node {
  let value = skipWrappers(assignment.right);
  while (value.type === AST_NODE_TYPES.AssignmentExpression && value.operator === '=') value = skipWrappers(value.right);
  return value;
}

/** The constructor whose instance `this` is inside `fn` (a method or the constructor), else undefined. */
export function prototypeOwnerOf(fn: FunctionNode, sourceCode: SourceCode): string | undefined {
  return prototypeIndex(sourceCode).owners.get(fn);
}

/**
 * Like `prototypeOwnerOf`, but a constructor counts only when the file gives its prototype at least
 * one method: a lone top-level function declaration may be called with any `this` (a callback).
 */
export function methodOwnerOf(fn: FunctionNode, sourceCode: SourceCode): string | undefined {
  const index = prototypeIndex(sourceCode);
  const owner = index.owners.get(fn);
  if (owner === undefined) return undefined;
  let withMethods = withMethodsCache.get(index);
  if (!withMethods) {
    withMethods = new Set([...index.methods.keys()].map((key) => key.slice(0, key.lastIndexOf('.'))));
    withMethodsCache.set(index, withMethods);
  }
  return withMethods.has(owner) ? owner : undefined;
}

const withMethodsCache = new WeakMap<PrototypeIndex, ReadonlySet<string>>();

/** The constructor name when `fn` is the constructor of a pre-ES2015 class with methods (not one of its methods). */
export function constructorOwnerOf(fn: FunctionNode, sourceCode: SourceCode): string | undefined {
  const owner = methodOwnerOf(fn, sourceCode);
  if (owner === undefined) return undefined;
  for (const [key, method] of prototypeIndex(sourceCode).methods) if (method === fn && key.startsWith(`${owner}.`)) return undefined;
  return owner;
}

/** The nearest non-arrow function around `node`: the one whose `this` it sees. */
function thisFunction(node: TSESTree.Node): NonArrow | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.FunctionExpression || current.type === AST_NODE_TYPES.FunctionDeclaration) return current;
    if (
      current.type === AST_NODE_TYPES.PropertyDefinition ||
      current.type === AST_NODE_TYPES.AccessorProperty ||
      current.type === AST_NODE_TYPES.StaticBlock ||
      current.type === AST_NODE_TYPES.ClassBody
    ) {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The constructor whose instance `object` holds: `this` in a method or constructor of a pre-ES2015
 * class, or a variable only ever given that `this` (`var self = this`).
 */
export function instanceOwner(object: TSESTree.Node, sourceCode: SourceCode): string | undefined {
  const target = skipWrappers(object);
  if (target.type === AST_NODE_TYPES.ThisExpression) {
    const fn = thisFunction(target);
    return fn && prototypeOwnerOf(fn, sourceCode);
  }
  if (target.type !== AST_NODE_TYPES.Identifier) return undefined;
  const held = thisAliased(target, sourceCode);
  return held && instanceOwner(held, sourceCode);
}

/**
 * What the methods and the constructor of `owner` assign to and read of each field, through `this`
 * or `self` (including in their nested callbacks). A class is more than its prototype only when
 * another module writes its fields; that is not seen here, as for ES2015 classes.
 */
export function prototypeFields(owner: string, sourceCode: SourceCode): Map<string, ClassMember> {
  let byOwner = fieldsCache.get(sourceCode.ast);
  if (!byOwner) {
    byOwner = new Map();
    fieldsCache.set(sourceCode.ast, byOwner);
  }
  let fields = byOwner.get(owner);
  if (fields) return fields;
  const found = new Map<string, ClassMember>();
  fields = found;
  byOwner.set(owner, found);
  const fieldNamed = (name: string): ClassMember => {
    let member = found.get(name);
    if (!member) {
      member = { reads: [], values: [], opaque: false };
      found.set(name, member);
    }
    return member;
  };
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.MemberExpression && !node.computed && instanceOwner(node.object, sourceCode) === owner) {
      const name = propertyName(node);
      if (name !== undefined) recordMemberUse(fieldNamed(name), node);
    }
    visitChildren(node, visit, sourceCode);
  };
  for (const [fn, name] of prototypeIndex(sourceCode).owners) {
    if (name !== owner) continue;
    for (const param of fn.params) visit(param);
    visit(fn.body);
  }
  return found;
}

/**
 * The reads of a pre-ES2015 class's method through its instance (`this.onConnect`, `self.onConnect`),
 * when the method name holds that one function and the instance's field of that name is never written.
 */
export function prototypeMethodReads(fn: TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node[] {
  const owner = prototypeOwnerOf(fn, sourceCode);
  if (owner === undefined) return [];
  for (const [key, method] of prototypeIndex(sourceCode).methods) {
    if (method !== fn || !key.startsWith(`${owner}.`)) continue;
    const member = prototypeFields(owner, sourceCode).get(key.slice(owner.length + 1));
    return member && !member.opaque && member.values.length === 0 ? member.reads : [];
  }
  return [];
}

/** `inherits` of `inherits(a, b)` and `util.inherits(a, b)`, the name a call's callee ends with. */
export function calleeName(call: TSESTree.CallExpression): string | undefined {
  const callee = skipWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  return callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
}

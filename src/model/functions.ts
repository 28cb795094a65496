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
import { AST_NODE_TYPES, AST_TOKEN_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { findVariable } from '../listeners.js';
import { functionName, type FunctionNode, isFunction, isPromiseExecutor, keyName, literalKey, outermost, paramIdentifier, propertyName, skipWrappers } from './ast.js';
import { type ClassMember, classMembers } from './classes.js';
import { prototypeFields, prototypeIndex, prototypeOwnerOf } from './prototypes.js';

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
      const variable = findVariable(sourceCode.getScope(target), target);
      const value = variable ? onlyValue(variable) : undefined;
      if (!value) return undefined;
      return value.type === AST_NODE_TYPES.FunctionDeclaration ? value : resolveFunction(value, sourceCode, depth + 1);
    }
    case AST_NODE_TYPES.MemberExpression: {
      const name = propertyName(target);
      if (name === undefined) return undefined;
      const owner = thisOwner(target.object, sourceCode);
      if (owner) {
        // A field is followed where it is given as a value (a listener), not where it is called
        // (`this.emit(…)`, inherited and never a field: reading the class's fields for it costs).
        const called = target.parent.type === AST_NODE_TYPES.CallExpression && target.parent.callee === target;
        return ownerMethod(owner, name, sourceCode) ?? (called ? undefined : boundField(owner, name, sourceCode, depth));
      }
      // `this._handlers.onClose`: a table of the instance's handlers, filled once.
      const entry = handlerTableEntry(target.object, name, sourceCode);
      return entry && resolveFunction(entry, sourceCode, depth + 1);
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

/** Parameter names that hold a callback in Node code (`close(cb) { socket.end(cb); }`). */
const CALLBACK_PARAMETER = /^(?:cb|callback|done|next|resolve|reject|fn)$/i;

/**
 * Is `node` a function rather than data: a function, one `resolveFunction` finds, the resolve or
 * reject of a `new Promise` executor, or a parameter named as a callback (`cb`, `done`, …)?
 * `socket.end(x)` sends nothing when `x` is one.
 */
export function isFunctionValue(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const target = skipWrappers(node);
  if (target.type !== AST_NODE_TYPES.Identifier) return isFunction(target) || resolveFunction(target, sourceCode) !== undefined;
  const definition = findVariable(sourceCode.getScope(target), target)?.defs[0];
  if (definition?.type !== TSESLint.Scope.DefinitionType.Parameter) return resolveFunction(target, sourceCode) !== undefined;
  return CALLBACK_PARAMETER.test(target.name) || isPromiseSettler(target, sourceCode);
}

/** Is the name a parameter of a `new Promise(…)` executor (its resolve or reject)? */
export function isPromiseSettler(name: TSESTree.Identifier, sourceCode: SourceCode): boolean {
  const definition = findVariable(sourceCode.getScope(name), name)?.defs[0];
  if (definition?.type !== TSESLint.Scope.DefinitionType.Parameter) return false;
  const executor = definition.node;
  if (!isFunction(executor) || !executor.params.some((param) => paramIdentifier(param)?.name === name.name)) return false;
  return isPromiseExecutor(executor);
}

/**
 * The one value a variable ever holds: a function declaration's own node, or the initialiser of a
 * variable written nowhere else. Undefined for parameters, imports, and reassigned variables.
 */
function onlyValue(variable: Variable): TSESTree.Node | undefined {
  const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def) return undefined;
  // A parameter's definition node is its function too: only the function's own name counts.
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
  if (target.type !== AST_NODE_TYPES.Identifier || literalAssignments(sourceCode)?.thisHolders.has(target.name) === false) return undefined;
  const variable = findVariable(sourceCode.getScope(target), target);
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

function ownerMethod(owner: ThisOwner, name: string, sourceCode: SourceCode, depth = 0): FunctionNode | undefined {
  if (owner.type === 'class') {
    for (const element of owner.body.body) {
      if (element.type !== AST_NODE_TYPES.MethodDefinition && element.type !== AST_NODE_TYPES.PropertyDefinition) continue;
      if (element.static || element.computed) continue;
      const key = keyName(element.key);
      if (key !== name || !element.value) continue;
      const value = skipWrappers(element.value);
      if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind !== 'method') return undefined;
      return isFunction(value) ? value : undefined;
    }
    // Inherited from a class of the file (`class Client extends Tunnel`, `class Tunnel extends Stoppable`).
    const base = depth < 3 ? baseClassOf(owner.body.parent, sourceCode) : undefined;
    return base && ownerMethod({ ...owner, body: base.body }, name, sourceCode, depth + 1);
  }
  return prototypeIndex(sourceCode).methods.get(`${owner.constructorName}.${name}`) ?? undefined;
}

/**
 * A function kept on an instance field, assigned once in the class (`this._onClose =
 * this.onClose.bind(this)` in the constructor, then `socket.on('close', this._onClose)`).
 */
function boundField(owner: ThisOwner, name: string, sourceCode: SourceCode, depth: number): FunctionNode | undefined {
  const member = owner.type === 'class' ? classMembers(owner.body, sourceCode).get(name) : prototypeFields(owner.constructorName, sourceCode).get(name);
  const [value] = member && !member.opaque && member.values.length === 1 ? member.values : [];
  return value && resolveFunction(value, sourceCode, depth + 1);
}

/** The class of the file a class extends by name (`extends Stoppable`, also `extends Base<T>`), if any. */
function baseClassOf(node: TSESTree.Node, sourceCode: SourceCode): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  if (node.type !== AST_NODE_TYPES.ClassDeclaration && node.type !== AST_NODE_TYPES.ClassExpression) return undefined;
  const superClass = node.superClass && skipWrappers(node.superClass);
  if (superClass?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const definition = findVariable(sourceCode.getScope(superClass), superClass)?.defs;
  const declared = definition?.length === 1 ? definition[0]!.node : undefined;
  if (declared?.type === AST_NODE_TYPES.ClassDeclaration) return declared;
  return declared?.type === AST_NODE_TYPES.VariableDeclarator && declared.init?.type === AST_NODE_TYPES.ClassExpression ? declared.init : undefined;
}

/**
 * The value of property `name` in a table of handlers kept on the instance, `this.field = { name:
 * this.onX.bind(this), … }` (as in a constructor), when `table` is `this.field` / `self.field`:
 * the field is given that one object literal and nothing else, and no entry of it is written
 * afterwards (`this.field.name = …`, `this.field[key] = …`); a spread in the literal makes it unknown.
 */
function handlerTableEntry(table: TSESTree.Node, name: string, sourceCode: SourceCode): TSESTree.Node | undefined {
  const target = skipWrappers(table);
  if (target.type !== AST_NODE_TYPES.MemberExpression || target.computed) return undefined;
  const field = propertyName(target);
  // Cheap first: a table is an object literal given to a field of that name somewhere in the file.
  if (field === undefined || literalAssignments(sourceCode)?.tableFields.has(field) === false) return undefined;
  const owner = thisOwner(target.object, sourceCode);
  if (!owner || field === undefined) return undefined;
  const member: ClassMember | undefined = owner.type === 'class' ? classMembers(owner.body, sourceCode).get(field) : prototypeFields(owner.constructorName, sourceCode).get(field);
  if (!member || member.opaque || member.values.length !== 1) return undefined;
  const literal = skipWrappers(member.values[0]!);
  if (literal.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  if (member.reads.some((read) => entryWritten(read))) return undefined;
  let value: TSESTree.Node | undefined;
  for (const property of literal.properties) {
    if (property.type !== AST_NODE_TYPES.Property) return undefined;
    if (property.computed || property.kind !== 'init') continue;
    const key = literalKey(property);
    if (key === name) value = property.value;
  }
  return value;
}

/**
 * The reverse of `handlerTableEntry`: where the entry whose value is `value` is read back
 * (`this._handlers = { upgrade: this.onUpgrade.bind(this) }` gives every `this._handlers.upgrade`
 * and `self._handlers.upgrade`), and the reads of a variable given one such read once (`var
 * onUpgrade = this._handlers.upgrade`). Empty unless the table is one `handlerTableEntry` accepts.
 */
export function tableEntryReads(value: TSESTree.Node, sourceCode: SourceCode): TSESTree.Node[] {
  const property = value.parent;
  if (property?.type !== AST_NODE_TYPES.Property || property.value !== value || property.computed || property.kind !== 'init') return [];
  const key = literalKey(property);
  const holder = outermost(property.parent).parent;
  const field = holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.operator === '=' ? holder.left : undefined;
  if (key === undefined || field?.type !== AST_NODE_TYPES.MemberExpression) return [];
  const name = propertyName(field);
  // The same table, entry for entry, as `this.field.key` resolves to.
  if (name === undefined || handlerTableEntry(field, key, sourceCode) !== value) return [];
  const owner = thisOwner(field.object, sourceCode)!;
  const member = owner.type === 'class' ? classMembers(owner.body, sourceCode).get(name) : prototypeFields(owner.constructorName, sourceCode).get(name);
  const reads: TSESTree.Node[] = [];
  for (const read of member?.reads ?? []) {
    const entry = read.parent;
    if (entry.type !== AST_NODE_TYPES.MemberExpression || entry.object !== read || propertyName(entry) !== key) continue;
    reads.push(entry);
    const declarator = outermost(entry).parent;
    if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.id.type !== AST_NODE_TYPES.Identifier) continue;
    const variable = findVariable(sourceCode.getScope(declarator), declarator.id);
    if (variable && onlyValue(variable) === declarator.init) reads.push(...variable.references.filter((ref) => ref.isRead()).map((ref) => ref.identifier));
  }
  return reads;
}

/** `read.x = …`, `read[k] = …`, `delete read.x`, `read.x++`: an entry of the table is replaced. */
function entryWritten(read: TSESTree.MemberExpression): boolean {
  const parent = read.parent;
  if (parent.type !== AST_NODE_TYPES.MemberExpression || parent.object !== read) return false;
  const holder = parent.parent;
  return (
    (holder.type === AST_NODE_TYPES.AssignmentExpression && holder.left === parent) ||
    (holder.type === AST_NODE_TYPES.UpdateExpression && holder.argument === parent) ||
    (holder.type === AST_NODE_TYPES.UnaryExpression && holder.operator === 'delete')
  );
}

interface LiteralAssignments {
  /** Names of the variables declared with `this` as their value (`var self = this`). */
  thisHolders: ReadonlySet<string>;
  /** Names of the fields given an object literal: `x.name = { … }`, a class field `name = { … }`. */
  tableFields: ReadonlySet<string>;
}

const assignmentsCache = new WeakMap<TSESTree.Program, LiteralAssignments | null>();

/**
 * What the file assigns `this` and object literals to, read once per file from its `=` tokens (any
 * time, even while the linter is still walking the tree): a variable that holds `this` or a field
 * that holds a table has such an `=`, followed by the value's first token (`this`, `{`, or the `(`
 * / `<` of a wrapper). Only the nodes those tokens belong to are looked at. Undefined when the
 * parser gave no tokens: then nothing is ruled out.
 */
function literalAssignments(sourceCode: SourceCode): LiteralAssignments | undefined {
  const known = assignmentsCache.get(sourceCode.ast);
  if (known !== undefined) return known ?? undefined;
  const tokens = sourceCode.ast.tokens;
  if (!tokens) {
    assignmentsCache.set(sourceCode.ast, null);
    return undefined;
  }
  const thisHolders = new Set<string>();
  const tableFields = new Set<string>();
  const text = sourceCode.text;
  for (let at = text.indexOf('='); at !== -1; at = text.indexOf('=', at + 1)) {
    // An `=` followed by what may begin such a value: `{`, `(`, `<`, `this`, or a comment (or
    // a character past ASCII), where the tokens decide.
    let start = at + 1;
    while (start < text.length && ASCII_SPACES.has(text.charCodeAt(start))) start += 1;
    const first = text.charCodeAt(start);
    if (!VALUE_STARTS.has(first) && first <= 127 && !text.startsWith('this', start)) continue;
    // Only a token that is exactly `=` (not `==`, `<=`, nor one in a string or a comment).
    const index = tokenStartingAt(tokens, at);
    if (index < 0 || index + 1 >= tokens.length || tokens[index]!.value !== '=') continue;
    const next = tokens[index + 1]!.value;
    if (next !== '{' && next !== 'this' && next !== '(' && next !== '<') continue;
    // Most are told by their tokens: a name declared with a value that is not `this` (`const
    // onError = (err) => …`, `a, b = {`) or a member given one that is no object (`this.onError = (`).
    let valueStart = index + 1;
    while (tokens[valueStart]?.value === '(') valueStart += 1;
    const value = tokens[valueStart]?.value;
    if (tokens[index - 1]?.type === AST_TOKEN_TYPES.Identifier) {
      const before = index >= 2 ? tokens[index - 2]!.value : '';
      if ((before === 'const' || before === 'let' || before === 'var' || before === ',') && value !== 'this' && value !== '<') continue;
      if (before === '.' && value !== '{' && value !== '<') continue;
    }
    const token = tokens[index]!;
    const node = nodeOwning(sourceCode, token.range[0]);
    if (node.type === AST_NODE_TYPES.VariableDeclarator) {
      if (node.id.type === AST_NODE_TYPES.Identifier && node.init && skipWrappers(node.init).type === AST_NODE_TYPES.ThisExpression) thisHolders.add(node.id.name);
    } else if (node.type === AST_NODE_TYPES.AssignmentExpression) {
      const name = node.left.type === AST_NODE_TYPES.MemberExpression ? propertyName(node.left) : undefined;
      if (name !== undefined && skipWrappers(node.right).type === AST_NODE_TYPES.ObjectExpression) tableFields.add(name);
    } else if (node.type === AST_NODE_TYPES.PropertyDefinition || node.type === AST_NODE_TYPES.AccessorProperty) {
      const key = node.key;
      const name = keyName(key);
      if (name !== undefined && node.value && skipWrappers(node.value).type === AST_NODE_TYPES.ObjectExpression) tableFields.add(name);
    }
  }
  const answer = { thisHolders, tableFields };
  assignmentsCache.set(sourceCode.ast, answer);
  return answer;
}

/** Tab, line feed, vertical tab, form feed, carriage return, space. */
const ASCII_SPACES: ReadonlySet<number> = new Set([9, 10, 11, 12, 13, 32]);
/** `{`, `(`, `<`, `/`. */
const VALUE_STARTS: ReadonlySet<number> = new Set([123, 40, 60, 47]);

/** The index of the token that starts at `position`, or -1 (the tokens are in source order). */
function tokenStartingAt(tokens: readonly TSESTree.Token[], position: number): number {
  let low = 0;
  let high = tokens.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const start = tokens[middle]!.range[0];
    if (start === position) return middle;
    if (start < position) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** The innermost node whose own text holds the position (a token that belongs to no child). */
function nodeOwning(sourceCode: SourceCode, position: number): TSESTree.Node {
  let node: TSESTree.Node = sourceCode.ast;
  descend: for (;;) {
    for (const key of sourceCode.visitorKeys[node.type] ?? []) {
      const value: unknown = (node as unknown as Record<string, unknown>)[key];
      const children: readonly (TSESTree.Node | null)[] | undefined = Array.isArray(value) ? (value as (TSESTree.Node | null)[]) : undefined;
      const count = children ? children.length : 1;
      for (let index = 0; index < count; index += 1) {
        const child: TSESTree.Node | null | undefined = children ? children[index] : (value as TSESTree.Node | null | undefined);
        const range = child?.range;
        if (range && range[0] <= position && position < range[1]) {
          node = child!;
          continue descend;
        }
      }
    }
    return node;
  }
}

/**
 * The references (other than its definition) of the variable that names `fn`: a function
 * declaration's name, or the `const`/`let`/`var` it is the value of. Undefined when no variable names it.
 */
export function namingReferences(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.Scope.Reference[] | undefined {
  const name = functionName(fn);
  if (!name) return undefined;
  const variable = findVariable(sourceCode.getScope(fn), name);
  return variable?.references.filter((reference) => !reference.init);
}

/**
 * The calls of `fn` by the name the file gives it, when every use of that name is a plain call
 * (`connect()`, not `setTimeout(connect)` or `return connect`); empty when no variable names it or
 * nothing uses the name. Undefined when some use is not a call.
 */
export function plainCallsByName(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.CallExpression[] | undefined {
  const calls: TSESTree.CallExpression[] = [];
  for (const { identifier } of namingReferences(fn, sourceCode) ?? []) {
    const call = identifier.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== identifier) return undefined;
    calls.push(call);
  }
  return calls;
}

/**
 * What a class says of `this.x`: where `this` is an instance of a class body, and for each member
 * the values the class assigns to it, where it reads it, and its declared type. The socket detector
 * reads it to know what `this.socket` holds (one answer per class body, cached per file's nodes).
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { findVariable } from '../listeners.js';
import { heldThis, isFunction, isNullish, keyName, propertyName, skipWrappers } from './ast.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface ClassMember {
  /** `this.name` reads, in methods and fields of the class itself. */
  reads: TSESTree.MemberExpression[];
  /** Non-nullish values assigned with `this.name = v` or a field initialiser. */
  values: TSESTree.Node[];
  /** Written in a way the detector does not follow (`+=`, destructuring, `++`). */
  opaque: boolean;
  /** The declared type of a field or constructor parameter property (`private socket: net.Socket`). */
  annotation?: TSESTree.TypeNode;
}

const classCache = new WeakMap<TSESTree.ClassBody, Map<string, ClassMember>>();

export function classBodyOf(node: TSESTree.Node): TSESTree.ClassBody | undefined {
  // `this` belongs to the nearest non-arrow function; it is the instance when that function is a
  // method or field initialiser of a class.
  let current: TSESTree.Node | undefined = node.parent;
  while (current) {
    if (current.type === AST_NODE_TYPES.PropertyDefinition || current.type === AST_NODE_TYPES.AccessorProperty) {
      return current.static || current.parent.type !== AST_NODE_TYPES.ClassBody ? undefined : current.parent;
    }
    if (current.type === AST_NODE_TYPES.StaticBlock) return undefined;
    if (current.type === AST_NODE_TYPES.FunctionExpression || current.type === AST_NODE_TYPES.FunctionDeclaration) {
      const owner = current.parent;
      return owner?.type === AST_NODE_TYPES.MethodDefinition && !owner.static && owner.value === current
        ? owner.parent
        : undefined;
    }
    if (
      current.type === AST_NODE_TYPES.ClassBody ||
      current.type === AST_NODE_TYPES.Program ||
      current.type === AST_NODE_TYPES.TSModuleBlock
    ) {
      return undefined;
    }
    current = current.parent;
  }
  return undefined;
}

export function classMembers(body: TSESTree.ClassBody, sourceCode: SourceCode): Map<string, ClassMember> {
  const cached = classCache.get(body);
  if (cached) return cached;
  const members = new Map<string, ClassMember>();
  classCache.set(body, members);
  const memberNamed = (name: string): ClassMember => {
    let member = members.get(name);
    if (!member) {
      member = { reads: [], values: [], opaque: false };
      members.set(name, member);
    }
    return member;
  };
  const selfOf = (identifier: TSESTree.Identifier): boolean => {
    const self = thisAliased(identifier, sourceCode);
    return self !== undefined && classBodyOf(self) === body;
  };
  // The walk outside nested functions, in order: `this.x` uses, `x.y` uses that may go through a
  // `self` alias, and the nested functions (where only `self` can name the instance), walked
  // afterwards in their place. A `self` of this class is declared where `this` is the instance,
  // so outside nested functions: with no such declaration, nothing else can be a use.
  type Step = { use: TSESTree.MemberExpression; self: boolean } | { nested: TSESTree.Node };
  const steps: Step[] = [];
  const aliasNames = new Set<string>();
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) return;
    if (node.type === AST_NODE_TYPES.FunctionExpression || node.type === AST_NODE_TYPES.FunctionDeclaration) {
      steps.push({ nested: node });
      return;
    }
    if (node.type === AST_NODE_TYPES.MemberExpression) {
      const object = node.object;
      if (object.type === AST_NODE_TYPES.ThisExpression) steps.push({ use: node, self: false });
      else if (object.type === AST_NODE_TYPES.Identifier) steps.push({ use: node, self: true });
    } else if (node.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.Identifier && node.init) {
      if (skipWrappers(node.init).type === AST_NODE_TYPES.ThisExpression) aliasNames.add(node.id.name);
    }
    visitChildren(node, visit, sourceCode);
  };
  const isSelf = (object: TSESTree.Identifier): boolean => aliasNames.has(object.name) && selfOf(object);
  const record = (node: TSESTree.MemberExpression): void => {
    const name = propertyName(node);
    if (name !== undefined) recordMemberUse(memberNamed(name), node);
  };
  // Inside a function of a method, where `this` means something else but `self` (in
  // `const self = this`) still names the instance.
  const visitNested = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) return;
    if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.Identifier && isSelf(node.object)) record(node);
    visitChildren(node, visitNested, sourceCode);
  };
  const walk = (root: TSESTree.Node): void => {
    const start = steps.length;
    visit(root);
    const mine = steps.splice(start);
    for (const step of mine) {
      if ('nested' in step) {
        if (aliasNames.size > 0) visitNested(step.nested);
      } else if (!step.self || isSelf(step.use.object as TSESTree.Identifier)) {
        record(step.use);
      }
    }
  };
  for (const element of body.body) {
    if (element.type === AST_NODE_TYPES.MethodDefinition) {
      if (element.static) continue;
      const fn = element.value;
      if (element.kind === 'constructor') {
        for (const param of fn.params) {
          if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
          const bound = param.parameter.type === AST_NODE_TYPES.AssignmentPattern ? param.parameter.left : param.parameter;
          if (bound.type === AST_NODE_TYPES.Identifier && bound.typeAnnotation) memberNamed(bound.name).annotation = bound.typeAnnotation.typeAnnotation;
        }
      }
      for (const param of fn.params) walk(param);
      if (fn.body) walk(fn.body);
    } else if (element.type === AST_NODE_TYPES.PropertyDefinition || element.type === AST_NODE_TYPES.AccessorProperty) {
      if (element.static) continue;
      const name = element.computed ? undefined : keyName(element.key);
      if (name !== undefined && element.typeAnnotation) memberNamed(name).annotation = element.typeAnnotation.typeAnnotation;
      if (!element.value) continue;
      if (name !== undefined && !isNullish(element.value)) memberNamed(name).values.push(element.value);
      walk(element.value);
    }
  }
  return members;
}

/**
 * The `this` that `self` holds in `const self = this` (one definition, never written again), or
 * undefined: then `self.name` names the same member as `this.name` there.
 */
export function thisAliased(identifier: TSESTree.Identifier, sourceCode: SourceCode): TSESTree.ThisExpression | undefined {
  const variable = findVariable(sourceCode.getScope(identifier), identifier);
  return variable ? heldThis(variable) : undefined;
}

/** `this`, or a name that holds it (`thisAliased`), through wrappers: the one reading of "the instance" the model has. */
export function holdsThis(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const target = skipWrappers(node);
  return target.type === AST_NODE_TYPES.ThisExpression || (target.type === AST_NODE_TYPES.Identifier && thisAliased(target, sourceCode) !== undefined);
}

/** Files `this.name` (or `self.name`) under the member's values, reads, or as written in a way not followed. */
export function recordMemberUse(member: ClassMember, node: TSESTree.MemberExpression): void {
  const parent = node.parent;
  if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === node) {
    if (parent.operator !== '=') member.opaque = true;
    else if (!isNullish(parent.right)) member.values.push(parent.right);
  } else if (
    (parent.type === AST_NODE_TYPES.UpdateExpression && parent.argument === node) ||
    parent.type === AST_NODE_TYPES.ArrayPattern ||
    (parent.type === AST_NODE_TYPES.Property && parent.parent.type === AST_NODE_TYPES.ObjectPattern) ||
    parent.type === AST_NODE_TYPES.RestElement ||
    (parent.type === AST_NODE_TYPES.AssignmentPattern && (parent.left as TSESTree.Node) === node) ||
    parent.type === AST_NODE_TYPES.ForInStatement ||
    parent.type === AST_NODE_TYPES.ForOfStatement
  ) {
    member.opaque = true;
  } else if (!(parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'delete')) {
    // `delete this.socket` empties the member as `this.socket = undefined` does: no value, no read.
    member.reads.push(node);
  }
}

export function visitChildren(node: TSESTree.Node, visit: (child: TSESTree.Node) => void, sourceCode: SourceCode): void {
  // A node type the parser did not describe is searched whole: a missed write would make a guess.
  const keys = sourceCode.visitorKeys[node.type] ?? Object.keys(node).filter((key) => key !== 'parent');
  for (const key of keys) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) visit(child);
    } else if (isNode(value)) {
      visit(value);
    }
  }
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Calls `fn` on every node under `root`, not entering nested functions. */
export function visitOutsideFunctions(root: TSESTree.Node, fn: (node: TSESTree.Node) => void, sourceCode: SourceCode): void {
  fn(root);
  visitChildren(root, (child) => {
    if (!isFunction(child)) visitOutsideFunctions(child, fn, sourceCode);
  }, sourceCode);
}

/** Does `root` (outside the functions in it) read a member named one of `names` (`this.state`, `self.callbacks`)? */
export function readsMemberNamed(root: TSESTree.Node, names: ReadonlySet<string>, sourceCode: SourceCode): boolean {
  let reads = false;
  visitOutsideFunctions(root, (node) => {
    if (!reads && node.type === AST_NODE_TYPES.MemberExpression && names.has(propertyName(node) ?? '')) reads = true;
  }, sourceCode);
  return reads;
}

/**
 * `this.name` where the class gives the field values and every one of them passes `isValue`
 * (`this.ws = new WebSocket(…)` in each method that sets it): the field only ever holds such values.
 */
export function fieldOnlyHolds(node: TSESTree.Node, isValue: (value: TSESTree.Node) => boolean, sourceCode: SourceCode): boolean {
  if (node.type !== AST_NODE_TYPES.MemberExpression || node.object.type !== AST_NODE_TYPES.ThisExpression) return false;
  const body = classBodyOf(node);
  const name = propertyName(node);
  const member = body && name !== undefined ? classMembers(body, sourceCode).get(name) : undefined;
  return member !== undefined && !member.opaque && member.values.length > 0 && member.values.every(isValue);
}

/**
 * A socket stored on a field of a local object (`endpoint.socket = net.connect(…)`, then
 * `endpoint.pipe(endpoint.socket).pipe(endpoint)`): where does the code read it back, and where
 * does the object that holds it leave the function's hands?
 *
 * The reads are `holder.field` after the store (not on a sibling branch), in the function that holds the variable (its
 * callbacks included); what they do is followed like a variable's reads (src/model/hand-offs.ts).
 * The holder is handed on where it is passed to a call, returned or stored anywhere but a
 * collection of the file (src/model/collection-stores.ts): its new owner may listen on the field.
 * A file that listens for 'error' on a field of that name on any object is left as it was (the
 * store counts as a hand-off): `undefined`. Instance fields (`this.socket`, `self.socket`) are src/model/instance-fields.ts's.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { findVariable, LISTEN_METHODS, stripListenerChain } from '../listeners.js';
import { calleeMember, enclosingFunction, outermost, propertyName, skipWrappers } from './ast.js';
import { collectionLookup, keptInCollection } from './collection-stores.js';
import { listenerCallOf } from './dead-socket.js';
import { fileNodes } from './file-nodes.js';
import { instanceFieldName } from './instance-fields.js';
import { exclusive } from './listener-state.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface FieldHolder {
  /** `holder.field` read after the store: the socket again. */
  reads: TSESTree.MemberExpression[];
  /** Where the holder itself is handed on (the socket with it). */
  escapes: TSESTree.Node[];
}

const listenedFields = new WeakMap<TSESTree.Program, ReadonlySet<string>>();

/** Field names the file listens for 'error' on, on any object (`x.socket.on('error', …)`), or with an event it cannot read. */
function fieldsListenedOn(sourceCode: SourceCode): ReadonlySet<string> {
  let names = listenedFields.get(sourceCode.ast);
  if (names) return names;
  const found = new Set<string>();
  for (const call of fileNodes(sourceCode).calls) {
    const member = calleeMember(call);
    if (!member || !LISTEN_METHODS.has(member.name)) continue;
    const listener = listenerCallOf(call, sourceCode);
    if (listener && listener.event !== 'error') continue;
    const target = skipWrappers(listener ? stripListenerChain(listener.target) : member.object);
    const name = target.type === AST_NODE_TYPES.MemberExpression ? propertyName(target) : undefined;
    if (name !== undefined) found.add(name);
  }
  names = found;
  listenedFields.set(sourceCode.ast, names);
  return names;
}

/**
 * The store `assignment` (`holder.field = socket`) when `holder` is a variable of the function
 * that makes the socket: the field's reads after it and the holder's hand-offs. Undefined when the
 * store is not of that shape, or the file may listen on the field elsewhere.
 */
export function localFieldHolder(assignment: TSESTree.AssignmentExpression, sourceCode: SourceCode): FieldHolder | undefined {
  const target = skipWrappers(assignment.left);
  if (assignment.operator !== '=' || target.type !== AST_NODE_TYPES.MemberExpression || target.computed) return undefined;
  const holder = skipWrappers(target.object);
  const field = propertyName(target);
  if (holder.type !== AST_NODE_TYPES.Identifier || field === undefined || instanceFieldName(target, sourceCode) !== undefined) return undefined;
  if (fieldsListenedOn(sourceCode).has(field)) return undefined;
  const variable = findVariable(sourceCode.getScope(holder), holder);
  const owner = enclosingFunction(assignment);
  const declared = variable?.defs[0]?.name;
  if (!variable || !owner || !declared || declared.range[0] < owner.range[0] || declared.range[1] > owner.range[1]) return undefined;
  const reads: TSESTree.MemberExpression[] = [];
  const escapes: TSESTree.Node[] = [];
  for (const ref of variable.references) {
    const read = ref.identifier;
    // After the store, and not on a sibling branch (where the variable may hold another object).
    if (!ref.isRead() || read.range[0] < assignment.range[1] || exclusive(read, assignment)) continue;
    const member = read.parent;
    if (member?.type === AST_NODE_TYPES.MemberExpression && member.object === read) {
      if (propertyName(member) === field && !isWrittenTo(member)) reads.push(member);
      continue;
    }
    const escape = holderEscape(outermost(read), sourceCode);
    if (escape) escapes.push(escape);
  }
  return { reads, escapes };
}

/** `holder.field = …` again, or `holder.field.x = …`'s left side: not a read of the socket. */
function isWrittenTo(member: TSESTree.MemberExpression): boolean {
  const parent = member.parent;
  return parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === member;
}

/** Where the holder's value goes when it is not a member access: handed on, or not (kept, piped into, tested). */
function holderEscape(value: TSESTree.Node, sourceCode: SourceCode): TSESTree.Node | undefined {
  const parent = value.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression: {
      if (parent.callee === value) return undefined;
      if (keptInCollection(parent, value, sourceCode) || collectionLookup(parent, value)) return undefined;
      // `socket.pipe(holder)`: the destination takes data, not ownership.
      const callee = skipWrappers(parent.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'pipe') return undefined;
      return parent;
    }
    case AST_NODE_TYPES.AssignmentExpression: {
      if (parent.right !== value) return undefined;
      // `registry[key] = holder` runs no code that could listen, whatever the registry.
      const left = skipWrappers(parent.left);
      if (left.type === AST_NODE_TYPES.MemberExpression && left.computed) return undefined;
      return keptInCollection(parent, value, sourceCode) ? undefined : parent;
    }
    case AST_NODE_TYPES.ExpressionStatement:
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.TemplateLiteral:
      return undefined;
    default:
      // Returned, put in an object or array, initialising another variable...: handed on.
      return parent;
  }
}

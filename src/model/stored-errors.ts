/**
 * A connection's error kept for later: a socket's 'error' listener stores it in a field
 * (`websocket._error = err`) and another function of the file re-emits what the field holds
 * (`const err = this._error; if (err) this.emit('error', err);`, as the socket closes). That
 * function then receives the socket's error as surely as the listener did, so it is a handler of
 * its own (kind `stored`), with the listener's timing (does the module end or reconnect the
 * socket?) and only the codes that reached the store.
 *
 * The field is matched by name across the file, so it must hold nothing else: every write of a
 * field of that name is the error of such a listener or `null`/`undefined`.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { readString } from '../code-dispatch.js';
import { calleeName, findVariable } from '../listeners.js';
import { enclosingFunction, type FunctionNode, isFunction, isNullish, outermost, propertyName, skipWrappers } from './ast.js';
import type { ErrorHandler } from './error-handlers.js';
import { fileNodes } from './file-nodes.js';
import { handlerStores, type Reach, type SinkQuestion, union, without } from './handler-sinks.js';
import { resourceNodes } from './resource-walk.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** Where a stored error comes from: the listeners that store it and the field's name. */
export interface StoredFrom {
  origins: readonly ErrorHandler[];
  field: string;
}

/**
 * The functions that re-emit an error the file's socket 'error' listeners stored in a field, one
 * handler per function and field, with the listeners' timing (`closeTime`, `reconnects`) as they read it.
 */
export function storedErrorHandlers(handlers: readonly ErrorHandler[], sourceCode: SourceCode): ErrorHandler[] {
  const stores = storedFields(handlers, sourceCode);
  if (stores.size === 0) return [];
  const found = new Map<string, ErrorHandler>();
  for (const call of fileNodes(sourceCode).calls) {
    const read = reemittedField(call, stores, sourceCode);
    const fn = read && enclosingFunction(call);
    if (!read || !fn) continue;
    const origins = stores.get(read.field)!;
    // The listener's own re-emit is its sink already.
    if (origins.some((origin) => origin.fn === fn)) continue;
    const id = `${fn.range[0]}:${read.field}`;
    if (found.has(id)) continue;
    found.set(id, storedHandler(fn, read, origins));
  }
  return [...found.values()];
}

/** The codes that reach the stores of the field in its listeners, for a question put to them. */
export function storedReach(from: StoredFrom, question: SinkQuestion, sourceCode: SourceCode): Reach {
  let reach: Reach = new Set();
  for (const origin of from.origins) {
    const start = origin.excluded ? without(question.start, origin.excluded) : question.start;
    for (const store of handlerStores(origin, { ...question, start }, sourceCode)) {
      if (store.field === from.field) reach = union(reach, store.reach);
    }
  }
  return reach;
}

function storedHandler(fn: FunctionNode, read: { field: string; name: TSESTree.Identifier | undefined }, origins: ErrorHandler[]): ErrorHandler {
  return {
    kind: 'stored',
    label: 'stored error',
    body: fn.body,
    fn,
    errName: read.name,
    errField: read.field,
    errParam: undefined,
    inline: false,
    // Read when asked, as the listeners' own timing is (src/model/error-handlers.ts).
    get closeTime() {
      return origins.some((origin) => origin.closeTime);
    },
    get reconnects() {
      return origins.some((origin) => origin.reconnects);
    },
    throwIsFatal: false,
    // The field is empty until an error arrives, and emptied again.
    mayHaveNoError: true,
    storedFrom: { origins, field: read.field },
  };
}

/**
 * Fields (by name) that only ever hold the error of a socket's 'error' listener: name -> the
 * listeners storing it. A field also written with anything but that error or nullish is left out.
 */
function storedFields(handlers: readonly ErrorHandler[], sourceCode: SourceCode): Map<string, ErrorHandler[]> {
  const fields = new Map<string, ErrorHandler[]>();
  const stores = new Set<Node>();
  for (const handler of handlers) {
    // A library object's error has its own codes; a callback's error is not a listener's.
    if (handler.kind !== 'listener' || handler.libraryCodes || !handler.errName) continue;
    const variable = findVariable(sourceCode.getScope(handler.errName), handler.errName.name);
    if (!variable) continue;
    // A store `x.f = err` is a read of the error's variable: its references are the candidates
    // (instead of a walk of the handler), each kept when it sits in the handler's own code.
    for (const reference of variable.references) {
      const node = outermost(reference.identifier).parent;
      if (node?.type !== AST_NODE_TYPES.AssignmentExpression || node.operator !== '=' || node.left.type !== AST_NODE_TYPES.MemberExpression) continue;
      const field = propertyName(node.left);
      const value = skipWrappers(node.right);
      if (field === undefined || value !== reference.identifier || !outsideFunctionsUnder(node, handler.body)) continue;
      if (findVariable(sourceCode.getScope(value), value.name) !== variable) continue;
      stores.add(node);
      const list = fields.get(field) ?? [];
      if (!list.includes(handler)) list.push(handler);
      fields.set(field, list);
    }
  }
  if (fields.size === 0) return fields;
  for (const node of resourceNodes(sourceCode).nodes) {
    const field = writtenField(node);
    if (field === undefined || !fields.has(field) || stores.has(node)) continue;
    const value = node.type === AST_NODE_TYPES.AssignmentExpression ? node.right : node.type === AST_NODE_TYPES.PropertyDefinition ? node.value : null;
    if (value && !isNullish(skipWrappers(value))) fields.delete(field);
  }
  return fields;
}

/** Is `node` the root or under it, with no function between them (what `visitOutsideFunctions(root)` visits)? */
function outsideFunctionsUnder(node: Node, root: Node): boolean {
  for (let current: Node | undefined = node; current; current = current.parent) {
    if (current === root) return true;
    if (isFunction(current)) return false;
  }
  return false;
}

/** The field name an assignment (`x.f = v`, `x.f ||= v`) or a class field (`f = v`) writes. */
function writtenField(node: Node): string | undefined {
  if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.MemberExpression) return propertyName(node.left);
  if (node.type === AST_NODE_TYPES.PropertyDefinition && !node.computed && node.key.type === AST_NODE_TYPES.Identifier) return node.key.name;
  return undefined;
}

/**
 * `x.emit('error', this._error)`, or `x.emit('error', err)` where `const err = this._error` and
 * `err` is never assigned again: the field read, and the name holding it.
 */
function reemittedField(
  call: TSESTree.CallExpression,
  fields: ReadonlyMap<string, unknown>,
  sourceCode: SourceCode,
): { field: string; name: TSESTree.Identifier | undefined } | undefined {
  const [first, second] = call.arguments;
  if (calleeName(call) !== 'emit' || !first || !second || second.type === AST_NODE_TYPES.SpreadElement) return undefined;
  if (readString(first, sourceCode.getScope(call))?.value !== 'error') return undefined;
  const value = skipWrappers(second);
  const fieldOf = (node: Node): string | undefined => {
    const field = node.type === AST_NODE_TYPES.MemberExpression ? propertyName(node) : undefined;
    return field !== undefined && fields.has(field) ? field : undefined;
  };
  const direct = fieldOf(value);
  if (direct !== undefined) return { field: direct, name: undefined };
  if (value.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = findVariable(sourceCode.getScope(value), value.name);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || def?.node.type !== AST_NODE_TYPES.VariableDeclarator || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return undefined;
  if (variable.references.some((ref) => ref.isWrite() && !ref.init)) return undefined;
  const field = fieldOf(skipWrappers(def.node.init));
  return field === undefined ? undefined : { field, name: def.node.id };
}

/**
 * What tells a file that ws's client WebSocket is open (or was, and is closed now): a test of its
 * `readyState` against `OPEN`, a getter of the class that returns such a test
 * (`get connected() { return this.ws?.readyState === WebSocket.OPEN; }`), or a field of the class set
 * to `true` only in the WebSocket's 'open' listeners (`this.connected = true` in `onOpen()`, bound
 * as `this.ws.on('open', this.onOpen.bind(this))`). Code under such a test, or after a guard that
 * returns unless it holds (`if (!this.connected) return;`), never meets the handshake under way:
 * `close()` and `terminate()` there emit nothing (src/model/ws-handshakes.ts).
 *
 * Also which methods of a class run only as the WebSocket's listeners: given bound
 * (`this.ws.on('close', this.onClose.bind(this))`, `this.ws.onclose = this.onClose.bind(this)`), or
 * called only from such listeners.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { listenerCallOf, referenceKey } from '../listeners.js';
import { boundCall, enclosingFunction, isFunction, keyName, outermost, propertyName, skipWrappers } from './ast.js';
import { classMembers, holdsThis } from './classes.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Node = TSESTree.Node;

/** The reference keys that name one WebSocket. */
export interface Keys {
  has(key: string | undefined): boolean;
}

/** Is `test` true only while (or after) the WebSocket is open? */
export function isOpenTest(test: Node, keys: Keys, sourceCode: SourceCode, depth = 0): boolean {
  const node = skipWrappers(test);
  if (node.type === AST_NODE_TYPES.LogicalExpression && node.operator === '&&') {
    return isOpenTest(node.left, keys, sourceCode, depth) || isOpenTest(node.right, keys, sourceCode, depth);
  }
  const text = sourceCode.getText(node);
  if (/\breadyState\b/u.test(text) && /\bOPEN\b|===?\s*1\b/u.test(text) && !/\bCONNECTING\b/u.test(text)) return true;
  if (depth > 0 || node.type !== AST_NODE_TYPES.MemberExpression || !holdsThis(node.object, sourceCode)) return false;
  const name = propertyName(node);
  const body = classBodyAround(node);
  if (name === undefined || !body) return false;
  return openGetter(body, name, keys, sourceCode) || openFlag(body, name, keys, sourceCode);
}

/** Does a statement of `fn`'s body before `node` return (or throw) unless the WebSocket is open? */
export function guardedOpen(node: Node, fn: Node | undefined, keys: Keys, sourceCode: SourceCode): boolean {
  if (!fn || !isFunction(fn) || fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  for (const statement of fn.body.body) {
    if (statement.range[0] >= node.range[0]) return false;
    if (statement.type !== AST_NODE_TYPES.IfStatement || !leaves(statement.consequent)) continue;
    const test = skipWrappers(statement.test);
    if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!' && isOpenTest(test.argument, keys, sourceCode)) return true;
  }
  return false;
}

/** `return;`, `throw …`, or a block that ends with one. */
function leaves(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.ReturnStatement || statement.type === AST_NODE_TYPES.ThrowStatement) return true;
  const last = statement.type === AST_NODE_TYPES.BlockStatement ? statement.body.at(-1) : undefined;
  return last !== undefined && (last.type === AST_NODE_TYPES.ReturnStatement || last.type === AST_NODE_TYPES.ThrowStatement);
}

function classBodyAround(node: Node): TSESTree.ClassBody | undefined {
  for (let current: Node | undefined = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassBody) return current;
  }
  return undefined;
}

/**
 * `get name() { return <a readyState OPEN test>; }` in the class, also after guards that return
 * `false` (`if (!this.socket) return false;`).
 */
function openGetter(body: TSESTree.ClassBody, name: string, keys: Keys, sourceCode: SourceCode): boolean {
  return body.body.some((member) => {
    if (member.type !== AST_NODE_TYPES.MethodDefinition || member.kind !== 'get' || member.computed || keyName(member.key) !== name) return false;
    const statements = member.value.body?.body ?? [];
    const last = statements.at(-1);
    const guards = statements.slice(0, -1).every((statement) => statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate && returnsFalse(statement.consequent));
    return guards && last?.type === AST_NODE_TYPES.ReturnStatement && last.argument !== null && isOpenTest(last.argument, keys, sourceCode, 1);
  });
}

function returnsFalse(statement: TSESTree.Statement): boolean {
  const only = statement.type === AST_NODE_TYPES.BlockStatement && statement.body.length === 1 ? statement.body[0]! : statement;
  return only.type === AST_NODE_TYPES.ReturnStatement && only.argument?.type === AST_NODE_TYPES.Literal && only.argument.value === false;
}

/** Every `this.name = true` of the class is in a function that runs only as the WebSocket's 'open' listener (at least one). */
function openFlag(body: TSESTree.ClassBody, name: string, keys: Keys, sourceCode: SourceCode): boolean {
  const member = classMembers(body, sourceCode).get(name);
  const truthy = (member?.values ?? []).filter((value) => value.type === AST_NODE_TYPES.Literal && value.value === true);
  return truthy.length > 0 && truthy.every((value) => {
    const fn = enclosingFunction(value);
    return fn !== undefined && runsOnlyAsListener(fn, keys, sourceCode, OPEN_EVENTS);
  });
}

/**
 * Is `object` a field of the class (`this.ws`) given a WebSocket only in its 'open' listeners
 * (`onOpen(ws) { this.ws = ws; }`, bound as `ws.once('open', this.onOpen.bind(this, ws))`), and
 * otherwise only null? Whenever it holds one, that one is open.
 */
export function filledWhenOpen(object: Node, keys: Keys, sourceCode: SourceCode): boolean {
  const target = skipWrappers(object);
  if (target.type !== AST_NODE_TYPES.MemberExpression || !holdsThis(target.object, sourceCode)) return false;
  const name = propertyName(target);
  const body = classBodyAround(target);
  const member = name === undefined || !body ? undefined : classMembers(body, sourceCode).get(name);
  if (!member || member.opaque || member.values.length === 0) return false;
  return member.values.every((value) => {
    const fn = enclosingFunction(value);
    return fn !== undefined && runsOnlyAsListener(fn, keys, sourceCode, OPEN_EVENTS);
  });
}

const OPEN_EVENTS: ReadonlySet<string> = new Set(['open']);

/**
 * Does `fn` run only as a listener of the WebSocket (for one of `events`, any event when undefined):
 * given inline, or a method of the class given bound or by `this.m`, or called only from such listeners?
 */
export function runsOnlyAsListener(fn: Node, keys: Keys, sourceCode: SourceCode, events?: ReadonlySet<string>, depth = 0): boolean {
  const holder = outermost(fn).parent;
  if (holder?.type === AST_NODE_TYPES.CallExpression) return registeredAt(holder, outermost(fn), keys, sourceCode, events);
  if (holder?.type === AST_NODE_TYPES.AssignmentExpression) return handlerProperty(holder, keys, sourceCode, events);
  if (holder?.type !== AST_NODE_TYPES.MethodDefinition || holder.kind !== 'method' || holder.static || depth > 2) return false;
  const name = keyName(holder.key);
  const reads = name === undefined ? undefined : classMembers(holder.parent, sourceCode).get(name)?.reads;
  return (
    reads !== undefined &&
    reads.length > 0 &&
    reads.every((read) => {
      // `this.onOpen.bind(this)` or `this.onOpen` given as the listener.
      const given = boundCall(read) ?? read;
      const site = given.parent;
      if (site?.type === AST_NODE_TYPES.CallExpression && site.callee !== given) return registeredAt(site, given, keys, sourceCode, events);
      if (site?.type === AST_NODE_TYPES.AssignmentExpression && site.right === given) return handlerProperty(site, keys, sourceCode, events);
      // `this.onOpen()` called from a listener of the WebSocket.
      if (site?.type === AST_NODE_TYPES.CallExpression && site.callee === read) {
        const caller = enclosingFunction(site);
        return caller !== undefined && runsOnlyAsListener(caller, keys, sourceCode, events, depth + 1);
      }
      return false;
    })
  );
}

/** Does `call` register `listener` on the WebSocket (for one of `events`, any event when undefined)? */
export function registeredAt(call: TSESTree.CallExpression, listener: Node, keys: Keys, sourceCode: SourceCode, events?: ReadonlySet<string>): boolean {
  const registered = listenerCallOf(call, sourceCode);
  return registered?.listener === listener && (!events || events.has(registered.event)) && keys.has(referenceKey(registered.target, sourceCode));
}

/** `ws.onopen = f`: a listener of the WebSocket for 'open'. */
function handlerProperty(assignment: TSESTree.AssignmentExpression, keys: Keys, sourceCode: SourceCode, events: ReadonlySet<string> | undefined): boolean {
  const left = assignment.left;
  if (left.type !== AST_NODE_TYPES.MemberExpression || !keys.has(referenceKey(left.object, sourceCode))) return false;
  const property = propertyName(left);
  return property !== undefined && /^on[a-z]+$/u.test(property) && (!events || events.has(property.slice(2)));
}

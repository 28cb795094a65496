/**
 * Callbacks that wait for a reply on a connection (`this.callbacks.push(fn)` in a request method,
 * called back when the reply comes) are failed only in the socket's 'error' listener: a peer that
 * closes cleanly (a FIN, a graceful restart) emits 'end' and 'close' without any 'error'
 * (measured: test/live/cleanup-dead-socket-entries.live.test.ts), so the waiting callbacks are
 * never called and their requests hang for ever.
 *
 * Found where a socket's 'error' listener (or a function of the file it calls, two calls deep,
 * given the error) calls, with that error, each callback it takes from a
 * collection kept on the instance (`this.pending`, `self.callbacks`): `forEach`, `for … of`, or a
 * loop that `shift()`s or `pop()`s them; the file adds functions to that collection elsewhere
 * (`push`, `unshift`, `set`); and the socket's 'close' and 'end' listeners (three calls deep)
 * never name the collection (which they would to fail, clear or hand over its callbacks).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import type { ListenerCall } from '../listeners.js';
import { calleeMember, enclosingFunction, type FunctionNode, isFunction, outermost, propertyName, runtimeParams, skipWrappers } from './ast.js';
import { readsMemberNamed, visitChildren, visitOutsideFunctions } from './classes.js';
import { listenerFacts, listenerReach } from './close-reach.js';
import { emitterKey, variableOf } from './dead-socket.js';
import { fileNodes } from './file-nodes.js';
import { resolveFunction } from './functions.js';
import { instanceFieldName } from './instance-fields.js';
import { resourceNodes } from './resource-walk.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

export interface ErrorOnlyDrain {
  /** The call in the 'error' listener that fails the callbacks (the loop's call, or the helper's). */
  node: TSESTree.Node;
  /** The socket the listener is registered on. */
  socket: TSESTree.Expression;
  /** The collection's field name. */
  field: string;
}

/** Methods that put a callback in a collection. */
const ADDS = new Set(['push', 'unshift', 'set']);
/** The socket events a file hears a clean close by. */
const CLEAN_CLOSE = new Set(['close', 'end']);
/** Every way a socket's end reaches the file. */
const ANY_END = new Set(['close', 'end', 'error']);
/** Methods that take the oldest waiting callback out. */
const TAKES = new Set(['shift', 'pop']);
/** How many functions deep a drain is followed from the listener. */
const DEPTH = 2;

/** The 'error' listeners of the file's sockets that alone fail the callbacks waiting on them. */
export function errorOnlyDrains(sourceCode: SourceCode, isSocket: (node: TSESTree.Expression) => boolean): ErrorOnlyDrain[] {
  const found: ErrorOnlyDrain[] = [];
  let filled: ReadonlyMap<string, Node> | undefined;
  for (const [fn, listener] of listenerFacts(sourceCode).registered) {
    if (listener.event !== 'error' || !isSocket(listener.target)) continue;
    const first = runtimeParams(fn)[0];
    const errorParam = first?.type === AST_NODE_TYPES.Identifier ? first.name : undefined;
    if (errorParam === undefined) continue;
    const drains = drainsIn(fn, new Map(), new Set([errorParam]), sourceCode, 0);
    if (drains.length === 0) continue;
    filled ??= filledFields(sourceCode).fields;
    const key = emitterKey(listener.target, sourceCode);
    if (key === undefined) continue;
    const onClose = listenerReach(sourceCode, key, CLEAN_CLOSE);
    for (const drain of drains) {
      if (!filled.has(drain.field) || [...onClose].some((closer) => readsMemberNamed(closer.body, new Set([drain.field]), sourceCode))) continue;
      if (!found.some((other) => other.field === drain.field && other.socket === listener.target)) found.push({ ...drain, socket: listener.target });
    }
  }
  return found;
}

/**
 * The collections `fn` fails with an error: `fields` maps `fn`'s parameters to the instance field
 * its caller gave (a helper `fail(err, self.callbacks)`), `errors` names the values holding the error.
 */
function drainsIn(fn: FunctionNode, fields: ReadonlyMap<string, string>, errors: ReadonlySet<string>, sourceCode: SourceCode, depth: number): Omit<ErrorOnlyDrain, 'socket'>[] {
  const found: Omit<ErrorOnlyDrain, 'socket'>[] = [];
  /** The field a collection expression names: `this.pending`, `self.callbacks`, a mapped parameter, `x.splice(0)` of one. */
  const fieldOf = (node: Node): string | undefined => {
    let target = skipWrappers(node);
    while (target.type === AST_NODE_TYPES.CallExpression && target.callee.type === AST_NODE_TYPES.MemberExpression && ['splice', 'slice', 'values', 'concat'].includes(propertyName(target.callee) ?? '')) {
      target = skipWrappers(target.callee.object);
    }
    if (target.type === AST_NODE_TYPES.Identifier) return fields.get(target.name);
    return instanceFieldName(target, sourceCode);
  };
  visitOutsideFunctions(fn.body, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const member = calleeMember(node);
      // `pending.forEach((cb) => cb(err))`
      if (member?.name === 'forEach') {
        const field = fieldOf(member.object);
        const callback = node.arguments[0] && resolveFunction(node.arguments[0], sourceCode);
        const first = callback && runtimeParams(callback)[0];
        const item = first?.type === AST_NODE_TYPES.Identifier ? first.name : undefined;
        if (field !== undefined && callback && item !== undefined && callsWithError(callback.body, item, errors, sourceCode)) found.push({ node, field });
        return;
      }
      // `fail(err, self.callbacks)`: a function of the file given the error and the collection.
      if (depth < DEPTH) {
        const callee = resolveFunction(node.callee, sourceCode);
        if (!callee || callee === fn) return;
        const mapped = new Map<string, string>();
        const mappedErrors = new Set<string>();
        node.arguments.forEach((argument, index) => {
          const param = runtimeParams(callee)[index];
          if (param?.type !== AST_NODE_TYPES.Identifier || argument.type === AST_NODE_TYPES.SpreadElement) return;
          const field = fieldOf(argument);
          if (field !== undefined) mapped.set(param.name, field);
          else if (argument.type === AST_NODE_TYPES.Identifier && errors.has(argument.name)) mappedErrors.add(param.name);
        });
        if (mappedErrors.size === 0) return;
        for (const drain of drainsIn(callee, mapped, mappedErrors, sourceCode, depth + 1)) found.push({ node, field: drain.field });
      }
      return;
    }
    // `for (const cb of pending) cb(err)`
    if (node.type === AST_NODE_TYPES.ForOfStatement && node.left.type === AST_NODE_TYPES.VariableDeclaration) {
      const id = node.left.declarations[0]?.id;
      const field = fieldOf(node.right);
      if (field !== undefined && id?.type === AST_NODE_TYPES.Identifier && callsWithError(node.body, id.name, errors, sourceCode)) found.push({ node, field });
      return;
    }
    // `for (var fn; fn = fns.shift();) fn(err)`, `while ((cb = queue.pop())) cb(err)`
    if ((node.type === AST_NODE_TYPES.ForStatement || node.type === AST_NODE_TYPES.WhileStatement) && node.test) {
      const test = skipWrappers(node.test);
      if (test.type !== AST_NODE_TYPES.AssignmentExpression || test.left.type !== AST_NODE_TYPES.Identifier) return;
      const taken = skipWrappers(test.right);
      const member = taken.type === AST_NODE_TYPES.CallExpression ? calleeMember(taken) : undefined;
      const field = member && (member.name === 'shift' || member.name === 'pop') ? fieldOf(member.object) : undefined;
      if (field !== undefined && callsWithError(node.body, test.left.name, errors, sourceCode)) found.push({ node, field });
    }
  }, sourceCode);
  return found;
}

/** Does `body` call `item` (or a method of it: `item.reject(err)`) with one of `errors` as an argument? */
function callsWithError(body: Node, item: string, errors: ReadonlySet<string>, sourceCode: SourceCode): boolean {
  let calls = false;
  const visit = (node: Node): void => {
    if (calls) return;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipWrappers(node.callee);
      const base = callee.type === AST_NODE_TYPES.MemberExpression ? skipWrappers(callee.object) : callee;
      if (base.type === AST_NODE_TYPES.Identifier && base.name === item && node.arguments.some((argument) => argument.type === AST_NODE_TYPES.Identifier && errors.has(argument.name))) {
        calls = true;
        return;
      }
    }
    visitChildren(node, (child) => (isFunction(child) ? undefined : visit(child)), sourceCode);
  };
  visit(body);
  return calls;
}

/**
 * Instance fields the file adds callbacks to (`this.callbacks.push(fn)`, `self.pending.set(id, {
 * resolve, reject })`, `this.queue[id] = { decoder, callback }`), with the first such call or
 * assignment; `perRequest` holds those filled by a function that also writes (a request: `send()`
 * keeps the callback under the request's id and writes the request).
 */
function filledFields(sourceCode: SourceCode): { fields: Map<string, Node>; perRequest: Set<string> } {
  const fields = new Map<string, Node>();
  const perRequest = new Set<string>();
  const add = (field: string | undefined, at: Node, added: Node | undefined, key?: Node): void => {
    if (field === undefined || !added || !holdsCallback(added, sourceCode) || givenToWrite(added, sourceCode) || failedByTimer(added, sourceCode)) return;
    if (!fields.has(field)) fields.set(field, at);
    const fn = enclosingFunction(at);
    if (key && REQUEST_KEY.test(keyName(key) ?? '') && fn && writesIn(fn, sourceCode)) perRequest.add(field);
  };
  for (const call of fileNodes(sourceCode).calls) {
    const member = calleeMember(call);
    if (member && ADDS.has(member.name)) add(instanceFieldName(member.object, sourceCode), call, call.arguments.at(-1), member.name === 'set' ? call.arguments[0] : undefined);
  }
  for (const node of resourceNodes(sourceCode).nodes) {
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.operator !== '=' || node.left.type !== AST_NODE_TYPES.MemberExpression || !node.left.computed) continue;
    add(instanceFieldName(node.left.object, sourceCode), node, node.right, node.left.property);
  }
  return { fields, perRequest };
}

/** A key that numbers a request (`correlationId`, `seq`, `req.id`), not a topic or a type. */
const REQUEST_KEY = /(?:id|seq|sequence|serial|correlation|nonce|xid|tag)$/iu;

/** The name a key is read by: `id`, `request.correlationId`. */
function keyName(key: Node): string | undefined {
  const value = skipWrappers(key);
  if (value.type === AST_NODE_TYPES.Identifier) return value.name;
  return value.type === AST_NODE_TYPES.MemberExpression ? propertyName(value) : undefined;
}

/**
 * Is the callback kept (a name: `callback`, `resolve`) also called by a timer the same function
 * arms (`setTimeout(() => callback(new Error('timed out')), ms)`)? Each request then fails on its
 * own when no reply comes, closed connection or not.
 */
function failedByTimer(added: Node, sourceCode: SourceCode): boolean {
  const value = skipWrappers(added);
  const names = value.type === AST_NODE_TYPES.Identifier ? [value.name] : value.type === AST_NODE_TYPES.ObjectExpression ? callbackNames(value) : [];
  const fn = enclosingFunction(added);
  if (names.length === 0 || !fn) return false;
  let failed = false;
  visitOutsideFunctions(fn.body, (node) => {
    if (failed || node.type !== AST_NODE_TYPES.CallExpression) return;
    const callee = skipWrappers(node.callee);
    const timer = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
    const [callback] = node.arguments;
    if (timer !== 'setTimeout' || !callback || !isFunction(callback)) return;
    const visit = (child: Node): void => {
      if (child.type === AST_NODE_TYPES.CallExpression && child.callee.type === AST_NODE_TYPES.Identifier && names.includes(child.callee.name)) failed = true;
      else visitChildren(child, visit, sourceCode);
    };
    visit(callback.body);
  }, sourceCode);
  return failed;
}

/** The names a record of callbacks holds: `{ resolve, reject }`, `{ done: done }`. */
function callbackNames(record: TSESTree.ObjectExpression): string[] {
  return record.properties.flatMap((property) => (property.type === AST_NODE_TYPES.Property && property.value.type === AST_NODE_TYPES.Identifier ? [property.value.name] : []));
}

/** Does `fn` itself call `write()` on something (a request written out)? */
function writesIn(fn: FunctionNode, sourceCode: SourceCode): boolean {
  let writes = false;
  visitOutsideFunctions(fn.body, (node) => {
    if (!writes && node.type === AST_NODE_TYPES.CallExpression && calleeMember(node)?.name === 'write') writes = true;
  }, sourceCode);
  return writes;
}

export interface UnfailedReplies {
  /** The first call (or assignment) that puts a callback in the collection. */
  node: Node;
  socket: TSESTree.Expression;
  field: string;
}

/**
 * Callbacks that only a reply calls: the socket's 'data' listener (or a function of the file it
 * calls, two calls deep) takes the oldest from a collection on the instance and calls it
 * (`this.waiting.shift()(null, reply)`, `this.queue.shift().resolve(reply)`), the file adds
 * callbacks to that collection, and none of the socket's 'close', 'end' or 'error' listeners
 * (three calls deep) names it. A peer that closes or resets leaves every waiting callback uncalled.
 */
export function unfailedReplies(sourceCode: SourceCode, isSocket: (node: TSESTree.Expression) => boolean): UnfailedReplies[] {
  const found: UnfailedReplies[] = [];
  let filled: ReturnType<typeof filledFields> | undefined;
  const registered = listenerFacts(sourceCode).registered;
  for (const [fn, listener] of registered) {
    if (listener.event !== 'data' || !isSocket(listener.target)) continue;
    filled ??= filledFields(sourceCode);
    const taken = new Set<string>();
    // The reply comes by the 'data' listener, or by the listeners of a parser it feeds the chunk to.
    for (const reader of [fn, ...fedParserListeners(fn, registered, sourceCode)]) for (const field of takenIn(reader, sourceCode, 0, filled.perRequest)) taken.add(field);
    if (taken.size === 0) continue;
    const key = emitterKey(listener.target, sourceCode);
    if (key === undefined) continue;
    const onEnd = [...listenerReach(sourceCode, key, ANY_END)];
    for (const field of taken) {
      const node = filled.fields.get(field);
      if (!node || onEnd.some((closer) => readsMemberNamed(closer.body, new Set([field]), sourceCode))) continue;
      if (!found.some((other) => other.field === field)) found.push({ node, socket: listener.target, field });
    }
  }
  return found;
}

/**
 * The instance fields `fn` takes a callback from and calls it: `this.waiting.shift()(…)`,
 * `const cb = self.queue.shift(); cb.resolve(…)`, or one looked up by the reply's id and deleted
 * there (`const h = this.pending.get(msg.id); this.pending.delete(msg.id); h.resolve(…)`), or the
 * oldest read first and shifted out (`const cb = this.handlers[0]; … this.handlers.shift(); cb(…)`),
 * also by functions of the file it calls: a table of handlers the reply only looks up
 * (`this.handlers.get(msg.type)(msg)`) waits on nothing.
 */
function takenIn(
  fn: FunctionNode,
  sourceCode: SourceCode,
  depth: number,
  perRequest: ReadonlySet<string> = new Set(),
  seen = { looked: new Set<string>(), removed: new Set<string>(), peeked: new Set<string>(), shifted: new Set<string>() },
): Set<string> {
  const fields = new Set<string>();
  const { looked, removed, peeked, shifted } = seen;
  visitOutsideFunctions(fn.body, (node) => {
    // `this.handlers[0]`, its value called: the oldest callback, read before it is shifted out.
    if (node.type === AST_NODE_TYPES.MemberExpression && node.computed && node.property.type === AST_NODE_TYPES.Literal && node.property.value === 0) {
      const field = instanceFieldName(node.object, sourceCode);
      if (field !== undefined && isCalled(node, sourceCode)) peeked.add(field);
      return;
    }
    // `this.queue[reply.id]`, its value called: a lookup of the reply's request.
    if (node.type === AST_NODE_TYPES.MemberExpression && node.computed && node.property.type !== AST_NODE_TYPES.Literal) {
      const field = instanceFieldName(node.object, sourceCode);
      if (field !== undefined && isCalled(node, sourceCode)) looked.add(field);
      return;
    }
    if (node.type !== AST_NODE_TYPES.CallExpression) return;
    const member = calleeMember(node);
    const field = member && (TAKES.has(member.name) || member.name === 'get' || member.name === 'delete') ? instanceFieldName(member.object, sourceCode) : undefined;
    if (field !== undefined && member!.name === 'delete') removed.add(field);
    else if (field !== undefined && isCalled(node, sourceCode)) (member!.name === 'get' ? looked : fields).add(field);
    else if (field !== undefined && member!.name === 'shift') shifted.add(field);
    if (field !== undefined || depth >= DEPTH) return;
    // `dequeue.call(this, reply)`: the helper runs with the instance as `this`.
    const called = skipWrappers(node.callee);
    const viaCall = called.type === AST_NODE_TYPES.MemberExpression && (propertyName(called) === 'call' || propertyName(called) === 'apply') && node.arguments[0]?.type === AST_NODE_TYPES.ThisExpression;
    const callee = resolveFunction(viaCall ? called.object : node.callee, sourceCode);
    if (callee && callee !== fn) for (const inner of takenIn(callee, sourceCode, depth + 1, perRequest, seen)) fields.add(inner);
  }, sourceCode);
  if (depth === 0) {
    // Looked up and deleted, or looked up in a table each request fills (a table of handlers set up once is neither).
    for (const field of looked) if (removed.has(field) || perRequest.has(field)) fields.add(field);
    for (const field of peeked) if (shifted.has(field)) fields.add(field);
  }
  return fields;
}

/**
 * The listeners of a parser the 'data' listener `fn` feeds its chunk to (`this.parser.update(data)`,
 * `parser.execute(chunk)`) and that the file registers on it (`this.parser.on('response', …)`):
 * the replies come by them.
 */
function fedParserListeners(fn: FunctionNode, registered: readonly (readonly [FunctionNode, ListenerCall])[], sourceCode: SourceCode): FunctionNode[] {
  const chunk = runtimeParams(fn)[0];
  if (chunk?.type !== AST_NODE_TYPES.Identifier) return [];
  const parsers = new Set<string>();
  visitOutsideFunctions(fn.body, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression || !node.arguments.some((argument) => argument.type === AST_NODE_TYPES.Identifier && argument.name === chunk.name)) return;
    const member = calleeMember(node);
    const key = member ? emitterKey(member.object, sourceCode) : undefined;
    if (key !== undefined) parsers.add(key);
  }, sourceCode);
  if (parsers.size === 0) return [];
  return registered.flatMap(([listenerFn, listener]) => (listener.event !== 'error' && parsers.has(emitterKey(listener.target, sourceCode) ?? '') ? [listenerFn] : []));
}

/** Is the value of `taken` called, or a method of it, directly or through the `const` it is kept in? */
function isCalled(taken: Node, sourceCode: SourceCode, seen = new Set<Node>()): boolean {
  // A name declared twice (`const next = …; const next = …;`, which parses) reaches itself again.
  if (seen.has(taken)) return false;
  seen.add(taken);
  const value = outermost(taken);
  const parent = value.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === value) return true;
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === value) return parent.parent?.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent;
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.id.type !== AST_NODE_TYPES.Identifier) return false;
  return (variableOf(parent.id, sourceCode)?.references ?? []).some((ref) => ref.identifier !== parent.id && isCalled(ref.identifier, sourceCode, seen));
}

/** Methods whose last argument the stream calls back itself, with an error if it closes first. */
const WRITE_METHODS = new Set(['write', 'end']);

/**
 * Is the callback kept in the collection also the callback of a write (`socket.write(data, cb)`, or
 * put in the arguments of `socket.write.apply(socket, args)`)? A stream calls every write's
 * callback, with an error when it is destroyed first (measured: 50 pending writes, all called
 * back after the peer's FIN and after a destroy), so nothing waits on that collection for ever.
 */
function givenToWrite(added: Node, sourceCode: SourceCode): boolean {
  const value = skipWrappers(added);
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const writes = (call: Node | undefined, argument: Node): boolean => {
    if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(argument as TSESTree.CallExpressionArgument)) return false;
    const callee = calleeMember(call);
    if (!callee) return false;
    if (WRITE_METHODS.has(callee.name)) return true;
    // `socket.write.apply(socket, args)`, `socket.write.call(socket, data, cb)`
    const inner = (callee.name === 'apply' || callee.name === 'call') && callee.object.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee.object) : undefined;
    return inner !== undefined && WRITE_METHODS.has(inner);
  };
  return (variableOf(value, sourceCode)?.references ?? []).some(({ identifier }) => {
    if (writes(identifier.parent, identifier)) return true;
    // `args[args.length - 1] = cb;` then `socket.write.apply(socket, args)`
    const store = identifier.parent;
    if (store?.type !== AST_NODE_TYPES.AssignmentExpression || store.right !== identifier || store.left.type !== AST_NODE_TYPES.MemberExpression) return false;
    const list = skipWrappers(store.left.object);
    if (list.type !== AST_NODE_TYPES.Identifier) return false;
    return (variableOf(list, sourceCode)?.references ?? []).some((ref) => writes(ref.identifier.parent, ref.identifier));
  });
}

/**
 * A function, a name that may hold one (a parameter, a variable), or an object with one of those
 * in it (`{ resolve, reject }`, `{ fulfill: fulfill }`, `{ done: () => … }`).
 */
function holdsCallback(node: Node, sourceCode: SourceCode, inObject = false): boolean {
  const value = skipWrappers(node);
  if (isFunction(value)) return true;
  if (value.type === AST_NODE_TYPES.Identifier) return variableOf(value, sourceCode) !== undefined;
  if (value.type === AST_NODE_TYPES.ObjectExpression && !inObject) {
    return value.properties.some((property) => property.type === AST_NODE_TYPES.Property && holdsCallback(property.value, sourceCode, true));
  }
  return false;
}

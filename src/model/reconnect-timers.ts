/**
 * A reconnect the class's own `close()` leaves scheduled: `this.retry = setTimeout(() =>
 * this.connect(), 5000)` (typically in the connection's 'close' listener), and a `close()`
 * (`disconnect()`, `stop()`, ...) that never names `this.retry`. Closed while the timer waits, the
 * client reconnects anyway: the timer runs `connect()`, which opens a new connection after the
 * application asked for none (and often clears the flag `close()` set).
 *
 * Only where the reconnect method keeps a new socket on the instance (`this.ws = new WebSocket(url)`),
 * and not when the timer's callback or the reconnect method itself tests a field that `close()`
 * assigns (`if (this.closing) return;`): the close then stops it.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { type FunctionNode, isFunction, isNullish, keyName, propertyName, skipWrappers } from './ast.js';
import { classMembers, visitChildren, visitOutsideFunctions } from './classes.js';
import { contains } from './dead-socket.js';
import { fileNodes } from './file-nodes.js';
import { isGlobalCall } from './timers.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface KeptReconnect {
  /** The class's close method. */
  close: Method;
  /** The field that holds the timer; undefined for a timer whose handle is dropped. */
  field: string | undefined;
  /** The `setTimeout(…)` call. */
  timer: TSESTree.CallExpression;
  /** The reconnect method the timer runs. */
  reconnect: string;
}

/** A method with a body. */
type Method = TSESTree.MethodDefinition & { value: TSESTree.FunctionExpression };

const CLOSE_METHODS = /^(?:close|disconnect|destroy|stop|end|shutdown|terminate|quit)$/u;
const RECONNECT_METHODS = /connect|open|dial|start/iu;

/** The close methods of the file's classes that leave a reconnect timer scheduled. */
export function keptReconnects(sourceCode: SourceCode, isSocket: (value: TSESTree.Node) => boolean): KeptReconnect[] {
  const found: KeptReconnect[] = [];
  for (const scope of sourceCode.scopeManager?.scopes ?? []) {
    const block = scope.block;
    if (block.type === AST_NODE_TYPES.ClassDeclaration || block.type === AST_NODE_TYPES.ClassExpression) found.push(...reconnectsAfterClose(block.body, sourceCode, isSocket));
  }
  return found;
}

function reconnectsAfterClose(classBody: TSESTree.ClassBody, sourceCode: SourceCode, isSocket: (value: TSESTree.Node) => boolean): KeptReconnect[] {
  const found: KeptReconnect[] = [];
  const methods = new Map<string, Method>();
  for (const member of classBody.body) {
    const name = member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'method' && !member.computed && !member.static ? keyName(member.key) : undefined;
    if (name !== undefined && member.type === AST_NODE_TYPES.MethodDefinition && member.value.type === AST_NODE_TYPES.FunctionExpression) methods.set(name, member as Method);
  }
  const closes = [...methods].filter(([name]) => CLOSE_METHODS.test(name));
  if (closes.length === 0) return found;
  /** The reconnect `timer` runs, when it runs a method of the class that keeps a new socket, with the callback. */
  const reconnectOf = (timer: TSESTree.CallExpression): { callback: FunctionNode; target: Method; reconnect: string } | undefined => {
    const callback = timer.arguments[0];
    const reconnect = callback && isFunction(callback) ? thisCallIn(callback) : undefined;
    const target = reconnect === undefined ? undefined : methods.get(reconnect);
    if (!target || !isFunction(callback) || !keepsSocket(target.value, isSocket, sourceCode)) return undefined;
    return { callback, target, reconnect: reconnect! };
  };
  /** Does the close method stop it: names the field, or assigns a field the callback or the reconnect method tests? */
  const stops = (close: Method, field: string | undefined, { callback, target }: { callback: FunctionNode; target: Method }): boolean => {
    const assigned = assignedFields(close.value, methods, sourceCode);
    // The reconnect method's test of the socket field it fills itself (`if (this.conn && …) return;
    // this.conn = net.connect(…)`) guards against a second connect: a close that only empties that
    // field lets the test pass, and the reconnect goes ahead.
    const renewed = socketFields(target.value, isSocket, sourceCode);
    const testedThere = new Set([...assigned.fields].filter((name) => !(renewed.has(name) && assigned.nulled.has(name))));
    return (field !== undefined && assigned.mentions.has(field)) || testsAny(callback, assigned.fields, sourceCode) || testsAny(target.value, testedThere, sourceCode);
  };
  for (const [field, member] of classMembers(classBody, sourceCode)) {
    if (member.opaque) continue;
    for (const value of member.values) {
      const timer = skipWrappers(value);
      if (timer.type !== AST_NODE_TYPES.CallExpression || !isGlobalCall(timer, ['setTimeout', 'setInterval'], sourceCode)) continue;
      const run = reconnectOf(timer);
      if (!run) continue;
      // A teardown of the class that runs a close method and clears the timer: the close methods are its steps.
      if ([...methods.values()].some((method) => tearsDown(method.value, field, closes, sourceCode))) continue;
      for (const [, close] of closes) {
        if (!stops(close, field, run)) found.push({ close, field, timer, reconnect: run.reconnect });
      }
    }
  }
  // `setTimeout(() => this.connect(), delay);` with its handle dropped: no close method can clear it.
  for (const timer of fileNodes(sourceCode).calls) {
    if (!contains(classBody, timer) || timer.parent.type !== AST_NODE_TYPES.ExpressionStatement || !isGlobalCall(timer, ['setTimeout'], sourceCode)) continue;
    const run = reconnectOf(timer);
    const close = run && closes.find(([, method]) => !contains(method, timer) && !stops(method, undefined, run));
    if (close) found.push({ close: close[1], field: undefined, timer, reconnect: run.reconnect });
  }
  return found;
}

/**
 * `this.connect(…)` as a statement of the callback (or its expression body), also awaited or first
 * in a `try` block (an async retry that logs its failure): the method's name.
 */
function thisCallIn(callback: FunctionNode): string | undefined {
  const statements = callback.body.type === AST_NODE_TYPES.BlockStatement ? callback.body.body.flatMap(statementValues) : [callback.body];
  for (const node of statements) {
    const value = skipWrappers(node);
    const call = value.type === AST_NODE_TYPES.AwaitExpression ? skipWrappers(value.argument) : value;
    const callee = call.type === AST_NODE_TYPES.CallExpression ? skipWrappers(call.callee) : undefined;
    if (callee?.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.ThisExpression) {
      const name = propertyName(callee);
      if (name !== undefined && RECONNECT_METHODS.test(name)) return name;
    }
  }
  return undefined;
}

/** What a statement runs unconditionally: an expression statement's value, the first statement of a `try`. */
function statementValues(statement: TSESTree.Statement): TSESTree.Node[] {
  if (statement.type === AST_NODE_TYPES.ExpressionStatement) return [statement.expression];
  if (statement.type === AST_NODE_TYPES.TryStatement && statement.block.body[0]) return statementValues(statement.block.body[0]);
  return [statement];
}

/**
 * The fields the close method (and the methods of the class it calls) assigns, those it only ever
 * assigns `null` or `undefined` (`nulled`), and every field it names.
 */
function assignedFields(fn: FunctionNode, methods: ReadonlyMap<string, Method>, sourceCode: SourceCode): { fields: Set<string>; nulled: Set<string>; mentions: Set<string> } {
  const fields = new Set<string>();
  const valued = new Set<string>();
  const mentions = new Set<string>();
  const seen = new Set<FunctionNode>();
  const read = (body: FunctionNode): void => {
    if (seen.has(body)) return;
    seen.add(body);
    const visit = (node: TSESTree.Node): void => {
      if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression) {
        const name = propertyName(node);
        if (name !== undefined) {
          mentions.add(name);
          if (node.parent.type === AST_NODE_TYPES.AssignmentExpression && node.parent.left === node) {
            fields.add(name);
            if (!isNullish(node.parent.right)) valued.add(name);
          }
          const method = node.parent.type === AST_NODE_TYPES.CallExpression && node.parent.callee === node ? methods.get(name) : undefined;
          if (method) read(method.value);
        }
      }
      visitChildren(node, visit, sourceCode);
    };
    visit(body.body);
  };
  read(fn);
  return { fields, nulled: new Set([...fields].filter((name) => !valued.has(name))), mentions };
}

/**
 * Does `fn` both call one of the close methods (`this.terminate()`) and clear the timer
 * (`clearTimeout(this.retry)`)? `killAll() { this.terminate(); clearTimeout(this.retry); }`
 * makes `terminate()` one step of the class's teardown, and a reconnect may be what it is for.
 */
function tearsDown(fn: FunctionNode, field: string, closes: readonly (readonly [string, Method])[], sourceCode: SourceCode): boolean {
  let closing = false;
  let clearing = false;
  visitOutsideFunctions(fn.body, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return;
    const callee = skipWrappers(node.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.ThisExpression) closing ||= closes.some(([name]) => name === propertyName(callee));
    const target = node.arguments[0] ? skipWrappers(node.arguments[0]) : undefined;
    if (target?.type === AST_NODE_TYPES.MemberExpression && target.object.type === AST_NODE_TYPES.ThisExpression && propertyName(target) === field) {
      clearing ||= isGlobalCall(node, ['clearTimeout', 'clearInterval'], sourceCode) !== undefined;
    }
  }, sourceCode);
  return closing && clearing;
}

/** Does the method keep a new socket on the instance (`this.ws = new WebSocket(url)`)? */
function keepsSocket(fn: FunctionNode, isSocket: (value: TSESTree.Node) => boolean, sourceCode: SourceCode): boolean {
  return socketFields(fn, isSocket, sourceCode).size > 0;
}

/** The fields the method puts a new socket in (`this.ws = new WebSocket(url)`). */
function socketFields(fn: FunctionNode, isSocket: (value: TSESTree.Node) => boolean, sourceCode: SourceCode): Set<string> {
  const fields = new Set<string>();
  visitOutsideFunctions(fn.body, (node) => {
    if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.MemberExpression && node.left.object.type === AST_NODE_TYPES.ThisExpression && isSocket(node.right)) {
      const name = propertyName(node.left);
      if (name !== undefined) fields.add(name);
    }
  }, sourceCode);
  return fields;
}

/** Does a condition of `fn` itself (an `if`, `?:`, `&&`, `||`; not of the functions in it) read one of the fields? */
function testsAny(fn: FunctionNode, fields: ReadonlySet<string>, sourceCode: SourceCode): boolean {
  let tests = false;
  const reads = (node: TSESTree.Node): void => {
    if (tests) return;
    if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression && fields.has(propertyName(node) ?? '')) tests = true;
    else visitChildren(node, reads, sourceCode);
  };
  visitOutsideFunctions(fn.body, (node) => {
    if (node.type === AST_NODE_TYPES.IfStatement || node.type === AST_NODE_TYPES.ConditionalExpression) reads(node.test);
    else if (node.type === AST_NODE_TYPES.LogicalExpression) reads(node.left);
  }, sourceCode);
  return tests;
}

/**
 * What a handler of a connection's error does with it: the statements that end the process, hand
 * the error on or record it (its sinks: `throw`, `process.exit()`, `assert.ifError(err)`, a
 * configured fatal function, `emitter.emit('error', err)`, `reject(err)`, a log call) and, for each sink, which error codes can reach it once
 * the handler's `if`/`switch`/`err.code` tests have narrowed them (`if (err.code === 'EPIPE')
 * return;` keeps EPIPE from every sink after it).
 *
 * Facts, not reports: every sink is listed with the codes that reach it; the rule decides which
 * ones are fatal (a rethrow awaited by a caller is not, a re-emit only counts at close time).
 * One answer per handler body and question, cached on the body node.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { isLoggingCall, readCode, readCodeSwitch, readCodeTest, readString } from '../code-dispatch.js';
import { SOCKET_ERROR_KINDS, socketErrorCodesOfKind, type SocketErrorKind } from '../codes.js';
import { calleeName, findVariable } from '../listeners.js';
import { dottedName, inTest, propertyName, runtimeParams, skipWrappers } from './ast.js';
import { visitChildren, visitOutsideFunctions } from './classes.js';
import { resolveFunction } from './functions.js';
import { keepsErrorListener, listenerCountGuard } from './listener-guards.js';
import { emitNeverThrows } from './safe-emitters.js';
import { copiesOf, isError, isErrorMessage, mentionsError } from './handler-errors.js';
import { messageMayBe } from './code-messages.js';
import { BENIGN_CODES, intersect, NO_ERROR, NOTHING, onlyNoError, type Reach, union, without } from './reach.js';

export { BENIGN_CODES, intersect, NO_ERROR, type Reach, union, without } from './reach.js';
export { dottedName } from './ast.js';
export { visitOutsideFunctions } from './classes.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;


const TIMER_CALLS = new Set(['setTimeout', 'setImmediate', 'queueMicrotask', 'nextTick']);
const ASSERT_CALLEES = new Set(['assert', 'assert.ok', 'assert.strict', 'assert.strict.ok', 'strict', 'ok']);

/** The statements that run with the error, and the name holding it. */
export interface HandlerBody {
  body: TSESTree.BlockStatement | TSESTree.Expression;
  /** The parameter (or catch binding) holding the error, when it is a plain name. */
  errName: TSESTree.Identifier | undefined;
  /** A field the error was stored in by another handler (`this._error`): its reads hold the error too. */
  errField?: string;
}

export interface SinkQuestion {
  /** The codes that may arrive, plus `NO_ERROR` when the handler also runs without an error. */
  start: Reach;
  /** Codes a test of the handler may name: a test mentioning one that cannot be read is trusted to exclude it. */
  codes: readonly string[];
  /** Predicates that return true for benign close errors (`isBenignCloseError` and the configured ones). */
  guardNames: ReadonlySet<string>;
  /** Functions of the user's that end the process, by name or dotted path. */
  fatalFunctions: readonly string[];
}

/**
 * `throw`, `process.exit()`/`abort()`, an assertion on the error, a configured fatal function,
 * `emit('error', err)`, `reject(err)`, a logging call (`console.error(err)`). A handler whose
 * sinks are all `log` only logs; one with none does nothing with the error.
 */
export type SinkKind = 'throw' | 'exit' | 'assert' | 'fatal-function' | 'reemit' | 'reject' | 'log';

export interface Sink {
  kind: SinkKind;
  node: TSESTree.ThrowStatement | TSESTree.CallExpression;
  /** What a message calls it: `throw`, `process.exit()`, `socket.emit('error', ...)`. */
  label: string;
  /** The sink uses the error itself (`throw err`, `assert.ifError(err)`): it only fires when there is one. */
  consumesError: boolean;
  /** The codes (and `NO_ERROR`) that reach it. */
  reach: Reach;
}

/** `this._error = err`: the handler keeps the error in a field, for other code of the file to read. */
export interface Store {
  node: TSESTree.AssignmentExpression;
  field: string;
  /** The codes (and `NO_ERROR`) that reach the assignment. */
  reach: Reach;
}

interface Answer {
  sinks: Sink[];
  stores: Store[];
}

interface Walk {
  sourceCode: SourceCode;
  question: SinkQuestion;
  /** The variable holding the error, and those the handler copies it into (`lastError = err`). */
  errVariables: ReadonlySet<TSESLint.Scope.Variable>;
  /** Reads of this field hold the error too (`this._error`, stored by another handler). */
  errField: string | undefined;
  /** A `throw` here is caught by a `try` inside the handler. */
  caught: boolean;
  /** Inside a `catch` of the handler: a throw there rethrows some other error. */
  inNestedCatch: boolean;
  sinks: Sink[];
  stores: Store[];
  /** The functions of the file being walked for this handler (the handler's own body first): no recursion. */
  within: readonly Node[];
  /** Parameters of the function followed into that the call gives a constant truth (`fail(err, true)`). */
  constants?: ReadonlyMap<TSESLint.Scope.Variable, boolean>;
}

/** How many calls deep a handler is followed into the file's own functions (`(err) => this.fail(err)`). */
const CALL_DEPTH = 3;

interface Flow {
  next: Reach;
  /** Codes that leave the innermost `switch` through `break`. */
  broken: Reach;
}


/** The call's callee is one of `names`: a dotted path exactly, a bare name also as a method. */
export function matchesName(call: TSESTree.CallExpression, names: Iterable<string>): boolean {
  const full = dottedName(call.callee);
  const last = calleeName(call);
  for (const name of names) {
    if (name === full || (!name.includes('.') && name === last)) return true;
  }
  return false;
}

/** A question already put to a handler body, and its answer. */
interface Asked {
  question: SinkQuestion;
  errField: string | undefined;
  errName: string | undefined;
  answer: Answer;
}

const cache = new WeakMap<Node, Asked[]>();

/** The handler's sinks, each with the codes that reach it (in source order of the walk). */
export function handlerSinks(handler: HandlerBody, question: SinkQuestion, sourceCode: SourceCode): readonly Sink[] {
  return walkHandler(handler, question, sourceCode).sinks;
}

/** Where the handler keeps the error in a field (`this._error = err`), each with the codes that reach it. */
export function handlerStores(handler: HandlerBody, question: SinkQuestion, sourceCode: SourceCode): readonly Store[] {
  return walkHandler(handler, question, sourceCode).stores;
}

function walkHandler(handler: HandlerBody, question: SinkQuestion, sourceCode: SourceCode): Answer {
  const errName = handler.errName?.name;
  let asked = cache.get(handler.body);
  if (!asked) cache.set(handler.body, (asked = []));
  const known = asked.find((entry) => entry.errField === handler.errField && entry.errName === errName && sameQuestion(entry.question, question));
  if (known) return known.answer;
  const errVariable = handler.errName ? findVariable(sourceCode.getScope(handler.errName), handler.errName.name) : null;
  const errVariables = errVariable ? copiesOf(errVariable, handler.body, sourceCode) : new Set<TSESLint.Scope.Variable>();
  const walk: Walk = { sourceCode, question, errVariables, errField: handler.errField, caught: false, inNestedCatch: false, sinks: [], stores: [], within: [handler.body] };
  if (handler.body.type === AST_NODE_TYPES.BlockStatement) walkStatements(handler.body.body, question.start, walk);
  else walkExpression(handler.body, question.start, walk);
  const answer = { sinks: walk.sinks, stores: walk.stores };
  asked.push({ question, errField: handler.errField, errName, answer });
  return answer;
}

/** The same codes arriving, the same codes, guards and fatal functions (in the same order). */
function sameQuestion(a: SinkQuestion, b: SinkQuestion): boolean {
  return (
    a.start.size === b.start.size &&
    [...a.start].every((code) => b.start.has(code)) &&
    sameItems(a.codes, b.codes) &&
    sameItems(a.guardNames, b.guardNames) &&
    sameItems(a.fatalFunctions, b.fatalFunctions)
  );
}

function sameItems(a: Iterable<string>, b: Iterable<string>): boolean {
  if (a === b) return true;
  const first = [...a];
  const second = [...b];
  return first.length === second.length && first.every((item, index) => item === second[index]);
}

// --- Which codes reach a branch ---------------------------------------------------------------

/** Does a test look at codes in a way `narrowLeaf` could not read? Then it is trusted to exclude them. */
function mentionsCodes(node: Node, walk: Walk): boolean {
  let found = false;
  visitOutsideFunctions(node, (child) => {
    if (found) return;
    if (child.type === AST_NODE_TYPES.MemberExpression && ['code', 'errno'].includes(propertyName(child) ?? '')) found = true;
    else if (child.type === AST_NODE_TYPES.CallExpression && (matchesName(child, walk.question.guardNames) || calleeName(child) === 'classifySocketError')) {
      found = true;
    } else if (child.type === AST_NODE_TYPES.Literal) {
      const text = typeof child.value === 'string' ? child.value : 'regex' in child ? child.regex.pattern : '';
      if (walk.question.codes.some((code) => text.includes(code))) found = true;
    }
  }, walk.sourceCode);
  return found;
}

function kindCodes(kind: string): ReadonlySet<string> | undefined {
  return (SOCKET_ERROR_KINDS as readonly string[]).includes(kind) ? new Set(socketErrorCodesOfKind(kind as SocketErrorKind)) : undefined;
}

function isClassifyCall(node: Node): boolean {
  const target = skipWrappers(node);
  return target.type === AST_NODE_TYPES.CallExpression && calleeName(target) === 'classifySocketError';
}

/** The codes that reach the branch where `test` is `truth`. */
function narrow(test: Node, truth: boolean, reach: Reach, walk: Walk): Reach {
  if (reach.size === 0) return reach;
  const target = skipWrappers(test);
  if (target.type === AST_NODE_TYPES.UnaryExpression && target.operator === '!') return narrow(target.argument, !truth, reach, walk);
  if (target.type === AST_NODE_TYPES.LogicalExpression && target.operator !== '??') {
    const leftTrue = narrow(target.left, true, reach, walk);
    const leftFalse = narrow(target.left, false, reach, walk);
    if (target.operator === '&&') {
      return truth ? narrow(target.right, true, leftTrue, walk) : join(leftFalse, narrow(target.right, false, leftTrue, walk));
    }
    return truth ? join(leftTrue, narrow(target.right, true, leftFalse, walk)) : narrow(target.right, false, leftFalse, walk);
  }
  return narrowLeaf(target, truth, reach, walk);
}

function narrowLeaf(target: Node, truth: boolean, reach: Reach, walk: Walk): Reach {
  // `if (!quiet) throw err` in a function the call gives `quiet = true`: the branch never runs.
  const constant = walk.constants && target.type === AST_NODE_TYPES.Identifier ? constantParam(target, walk) : undefined;
  if (constant !== undefined) return constant === truth ? reach : NOTHING;
  // The codes without "no error", read only by the branches that need it.
  const present = (): Reach => without(reach, NO_ERROR);
  const scope = (): TSESLint.Scope.Scope => walk.sourceCode.getScope(target);
  if (isError(target, walk)) return truth ? present() : onlyNoError(reach);
  if (target.type === AST_NODE_TYPES.BinaryExpression && target.left.type !== AST_NODE_TYPES.PrivateIdentifier) {
    const { left, right, operator } = target;
    if (operator === 'in' && isError(right, walk)) return truth ? present() : onlyNoError(reach);
    if (operator === 'instanceof' && isError(left, walk)) return truth ? present() : reach;
    if (['==', '===', '!=', '!=='].includes(operator)) {
      const equal = operator === '==' || operator === '===';
      const loose = operator === '==' || operator === '!=';
      for (const [side, other] of [[left, right], [right, left]] as const) {
        const value = skipWrappers(other);
        const nullish =
          (value.type === AST_NODE_TYPES.Literal && value.value === null && !('regex' in value)) ||
          (value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined');
        if (isError(side, walk) && nullish) return truth === equal ? onlyNoError(reach) : loose ? present() : reach;
        // `err.message === 'unexpected server response (429)'`: only the codes an error with that message can have.
        const text = isErrorMessage(side, walk) ? readString(other, scope())?.value : undefined;
        if (text !== undefined && truth === equal) return new Set([...reach].filter((code) => code !== NO_ERROR && messageMayBe(text, code)));
        const typeOf = skipWrappers(side);
        if (typeOf.type === AST_NODE_TYPES.UnaryExpression && typeOf.operator === 'typeof' && isError(typeOf.argument, walk)) {
          const kind = readString(other, scope());
          if (kind?.value === 'object') return truth === equal ? present() : onlyNoError(reach);
        }
        // classifySocketError(err) === 'connection-lost'
        if (isClassifyCall(side)) {
          const kind = readString(other, scope());
          const codes = kind && kindCodes(kind.value);
          if (codes) return truth === equal ? intersect(reach, codes) : without(reach, codes);
        }
      }
    }
  }
  const codeTest = target.type === AST_NODE_TYPES.BinaryExpression || target.type === AST_NODE_TYPES.CallExpression ? readCodeTest(target, scope()) : null;
  if (codeTest && !codeTest.read.byNameOnly) {
    const named = new Set(codeTest.codes.map((code) => code.value));
    if (truth === codeTest.matches) return intersect(reach, named);
    return codeTest.open ? NOTHING : without(reach, named);
  }
  if (target.type === AST_NODE_TYPES.MemberExpression && readCode(target, scope())) {
    return truth ? present() : onlyNoError(reach);
  }
  if (target.type === AST_NODE_TYPES.CallExpression) {
    if (calleeName(target) === 'isBenignCloseError') return truth ? intersect(reach, BENIGN_CODES) : without(reach, BENIGN_CODES);
    if (matchesName(target, walk.question.guardNames)) return truth ? present() : onlyNoError(reach);
  }
  return mentionsCodes(target, walk) ? NOTHING : reach;
}

/** The union of two reaches, without a copy when one adds nothing (a reach is never changed in place). */
function join(a: Reach, b: Reach): Reach {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  return union(a, b);
}

// --- Walking the handler ----------------------------------------------------------------------

function walkStatements(statements: readonly TSESTree.Statement[], reach: Reach, walk: Walk): Flow {
  let next = reach;
  let broken: Reach = NOTHING;
  for (const statement of statements) {
    const flow = walkStatement(statement, next, walk);
    next = flow.next;
    broken = join(broken, flow.broken);
  }
  return { next, broken };
}

const through = (next: Reach): Flow => ({ next, broken: NOTHING });

function walkStatement(statement: TSESTree.Statement, reach: Reach, walk: Walk): Flow {
  switch (statement.type) {
    case AST_NODE_TYPES.BlockStatement:
      return walkStatements(statement.body, reach, walk);
    case AST_NODE_TYPES.ExpressionStatement:
      walkExpression(statement.expression, reach, walk);
      return through(isProcessExit(statement.expression) ? NOTHING : reach);
    case AST_NODE_TYPES.ThrowStatement:
      walkExpression(statement.argument, reach, walk);
      recordThrow(statement, reach, walk);
      return through(NOTHING);
    case AST_NODE_TYPES.ReturnStatement:
      if (statement.argument) walkExpression(statement.argument, reach, walk);
      return through(NOTHING);
    case AST_NODE_TYPES.IfStatement: {
      walkExpression(statement.test, reach, walk);
      const consequent = walkStatement(statement.consequent, narrow(statement.test, true, reach, walk), walk);
      const otherwise = narrow(statement.test, false, reach, walk);
      const alternate = statement.alternate ? walkStatement(statement.alternate, otherwise, walk) : through(otherwise);
      return { next: join(consequent.next, alternate.next), broken: join(consequent.broken, alternate.broken) };
    }
    case AST_NODE_TYPES.SwitchStatement:
      return through(walkSwitch(statement, reach, walk));
    case AST_NODE_TYPES.TryStatement: {
      const block = walkStatement(statement.block, reach, { ...walk, caught: walk.caught || statement.handler !== null });
      const handler = statement.handler
        ? walkStatement(statement.handler.body, reach, { ...walk, inNestedCatch: true })
        : through(NOTHING);
      const finalizer = statement.finalizer ? walkStatement(statement.finalizer, reach, walk) : undefined;
      const next = finalizer && finalizer.next.size === 0 && reach.size > 0 ? NOTHING : join(block.next, handler.next);
      return { next, broken: join(block.broken, handler.broken) };
    }
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement: {
      for (const key of ['init', 'test', 'update', 'right'] as const) {
        const part = (statement as unknown as Record<string, unknown>)[key];
        if (isNode(part)) walkExpressionOrDeclaration(part, reach, walk);
      }
      const bodyReach = statement.type === AST_NODE_TYPES.WhileStatement || statement.type === AST_NODE_TYPES.ForStatement
        ? statement.test
          ? narrow(statement.test, true, reach, walk)
          : reach
        : reach;
      walkStatement(statement.body, bodyReach, walk);
      // Loops are not followed: what runs after one sees every code.
      return through(reach);
    }
    case AST_NODE_TYPES.LabeledStatement: {
      const body = walkStatement(statement.body, reach, walk);
      return through(join(reach, body.next));
    }
    case AST_NODE_TYPES.BreakStatement:
      return { next: NOTHING, broken: statement.label ? NOTHING : reach };
    case AST_NODE_TYPES.ContinueStatement:
      return through(NOTHING);
    case AST_NODE_TYPES.VariableDeclaration:
      for (const declarator of statement.declarations) if (declarator.init) walkExpression(declarator.init, reach, walk);
      return through(reach);
    default:
      return through(reach);
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function walkExpressionOrDeclaration(node: Node, reach: Reach, walk: Walk): void {
  if (node.type === AST_NODE_TYPES.VariableDeclaration) {
    for (const declarator of node.declarations) if (declarator.init) walkExpression(declarator.init, reach, walk);
  } else {
    walkExpression(node, reach, walk);
  }
}

function walkSwitch(statement: TSESTree.SwitchStatement, reach: Reach, walk: Walk): Reach {
  walkExpression(statement.discriminant, reach, walk);
  const scope = walk.sourceCode.getScope(statement);
  const codeSwitch = readCodeSwitch(statement, scope);
  const kindSwitch = !codeSwitch && isClassifyCall(statement.discriminant);
  // The codes each case label sends into its body; null: not a label read as a code.
  const labelCodes = (test: TSESTree.Expression): ReadonlySet<string> | null => {
    const value = readString(test, scope);
    if (!value) return null;
    if (kindSwitch) return kindCodes(value.value) ?? new Set();
    return new Set([value.value]);
  };
  let named: ReadonlySet<string> = NOTHING;
  let open = false;
  if (codeSwitch || kindSwitch) {
    for (const switchCase of statement.cases) {
      if (!switchCase.test) continue;
      const codes = labelCodes(switchCase.test);
      if (codes) named = join(named, codes);
      else open = true;
    }
  }
  let running: Reach = NOTHING;
  let out: Reach = NOTHING;
  for (const switchCase of statement.cases) {
    let entry: Reach;
    if (!codeSwitch && !kindSwitch) entry = reach;
    else if (!switchCase.test) entry = open ? NOTHING : without(reach, named);
    else entry = intersect(reach, labelCodes(switchCase.test) ?? NOTHING);
    const flow = walkStatements(switchCase.consequent, join(running, entry), walk);
    out = join(out, flow.broken);
    running = flow.next;
  }
  out = join(out, running);
  const hasDefault = statement.cases.some((switchCase) => !switchCase.test);
  if (!hasDefault) out = join(out, codeSwitch || kindSwitch ? (open ? NOTHING : without(reach, named)) : reach);
  return out;
}

function walkExpression(expression: Node, reach: Reach, walk: Walk): void {
  switch (expression.type) {
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.ClassExpression:
      return;
    case AST_NODE_TYPES.LogicalExpression: {
      walkExpression(expression.left, reach, walk);
      const right =
        expression.operator === '&&'
          ? narrow(expression.left, true, reach, walk)
          : expression.operator === '||'
            ? narrow(expression.left, false, reach, walk)
            : reach;
      walkExpression(expression.right, right, walk);
      return;
    }
    case AST_NODE_TYPES.ConditionalExpression:
      walkExpression(expression.test, reach, walk);
      walkExpression(expression.consequent, narrow(expression.test, true, reach, walk), walk);
      walkExpression(expression.alternate, narrow(expression.test, false, reach, walk), walk);
      return;
    case AST_NODE_TYPES.AssignmentExpression:
      recordStore(expression, reach, walk);
      visitChildren(expression, (child) => walkExpression(child, reach, walk), walk.sourceCode);
      return;
    case AST_NODE_TYPES.CallExpression: {
      recordCall(expression, reach, walk);
      walkExpression(expression.callee, reach, walk);
      const timer = TIMER_CALLS.has(calleeName(expression) ?? '');
      for (const argument of expression.arguments) {
        const value = skipWrappers(argument);
        if (timer && (value.type === AST_NODE_TYPES.ArrowFunctionExpression || value.type === AST_NODE_TYPES.FunctionExpression)) {
          // A throw in a timer callback is uncaught all the same.
          const inner = { ...walk, caught: false, inNestedCatch: false };
          if (value.body.type === AST_NODE_TYPES.BlockStatement) walkStatements(value.body.body, reach, inner);
          else walkExpression(value.body, reach, inner);
        } else {
          walkExpression(argument, reach, walk);
        }
      }
      return;
    }
    default:
      visitChildren(expression, (child) => walkExpression(child, reach, walk), walk.sourceCode);
  }
}

// --- Sinks ------------------------------------------------------------------------------------

function isProcessExit(node: Node): boolean {
  const target = skipWrappers(node);
  if (target.type !== AST_NODE_TYPES.CallExpression) return false;
  const name = dottedName(target.callee);
  return name === 'process.exit' || name === 'process.abort';
}

function recordThrow(statement: TSESTree.ThrowStatement, reach: Reach, walk: Walk): void {
  if (walk.caught || inTest(statement)) return;
  // Thrown only while nobody listens for 'error': what Node does without this listener.
  if (listenerCountGuard(statement, walk.sourceCode) === 'none') return;
  const consumesError = mentionsError(statement.argument, walk);
  if (walk.inNestedCatch && !consumesError) return;
  walk.sinks.push({ kind: 'throw', node: statement, label: 'throw', consumesError, reach });
}

function recordCall(call: TSESTree.CallExpression, reach: Reach, walk: Walk): void {
  const name = dottedName(call.callee);
  const method = calleeName(call);
  const push = (kind: SinkKind, label: string, consumesError: boolean): void => {
    walk.sinks.push({ kind, node: call, label, consumesError, reach });
  };
  if (name === 'process.exit' || name === 'process.abort') return push('exit', `${name}()`, false);
  const [first, second] = call.arguments;
  // Only an assertion's name makes the rest of this test worth asking (is it in a test?).
  if (!walk.caught && (method === 'ifError' || (name !== undefined && ASSERT_CALLEES.has(name))) && !inTest(call)) {
    if (method === 'ifError' && first && mentionsError(first, walk)) return push('assert', `${name ?? 'ifError'}()`, true);
    const negated = first && skipWrappers(first);
    if (
      name !== undefined &&
      ASSERT_CALLEES.has(name) &&
      negated?.type === AST_NODE_TYPES.UnaryExpression &&
      negated.operator === '!' &&
      isError(negated.argument, walk)
    ) {
      return push('assert', `${name}(!${walk.sourceCode.getText(negated.argument)})`, true);
    }
  }
  const { fatalFunctions } = walk.question;
  if (fatalFunctions.length > 0 && matchesName(call, fatalFunctions)) {
    return push('fatal-function', `${name ?? method}()`, call.arguments.some((argument) => mentionsError(argument, walk)));
  }
  if (method === 'emit' && first && second) {
    const event = readString(first, walk.sourceCode.getScope(call));
    if (event?.value === 'error' && mentionsError(second, walk)) {
      // `if (this.listenerCount('error') > 0) this.emit('error', err)` cannot go unhandled.
      const emitter = call.callee.type === AST_NODE_TYPES.MemberExpression ? walk.sourceCode.getText(skipWrappers(call.callee.object)) : undefined;
      if (emitter !== undefined && listenerCountGuard(call, walk.sourceCode, emitter) === 'some') return;
      // `res.on('error', stop)` earlier: the emitter keeps a listener of the file's for good.
      if (call.callee.type === AST_NODE_TYPES.MemberExpression && keepsErrorListener(call.callee.object, walk.sourceCode)) return;
      // An eventemitter3 emitter: an 'error' nobody hears is dropped, not thrown.
      if (call.callee.type === AST_NODE_TYPES.MemberExpression && emitNeverThrows(call.callee.object, walk.sourceCode)) return;
      return push('reemit', `${name ?? 'emit'}('error', ...)`, true);
    }
  }
  // Whether the call passes the error on is asked only of a `reject` and a logging call.
  const passesError = (): boolean => call.arguments.some((argument) => mentionsError(argument, walk));
  if (method === 'reject' && passesError()) return push('reject', `${name ?? 'reject'}()`, true);
  if (isLoggingCall(call)) return push('log', `${name ?? method ?? 'log'}()`, passesError());
  followCall(call, reach, walk);
}

/**
 * `(err) => this.fail(err)`, `onError(err)`: the error handed to a function of the file reaches
 * that function's sinks, with the codes that reach the call. Each kind of sink met there is one
 * sink at the call (what a message names, and where a guard goes); async and generator functions
 * are not followed (a throw there rejects a promise), nor calls inside a `catch` of the handler.
 */
function followCall(call: TSESTree.CallExpression, reach: Reach, walk: Walk): void {
  if (walk.within.length > CALL_DEPTH || walk.inNestedCatch) return;
  const index = call.arguments.findIndex((argument) => isError(argument, walk));
  if (index < 0) return;
  const callee = resolveFunction(call.callee, walk.sourceCode);
  if (!callee || callee.async || callee.generator || walk.within.includes(callee.body)) return;
  const param = runtimeParams(callee)[index];
  if (param?.type !== AST_NODE_TYPES.Identifier) return;
  const variable = findVariable(walk.sourceCode.getScope(param), param.name);
  if (!variable) return;
  const inner: Walk = {
    ...walk,
    errVariables: copiesOf(variable, callee.body, walk.sourceCode),
    errField: undefined,
    inNestedCatch: false,
    sinks: [],
    stores: [],
    within: [...walk.within, callee.body],
    constants: constantParams(call, callee, walk.sourceCode),
  };
  if (callee.body.type === AST_NODE_TYPES.BlockStatement) walkStatements(callee.body.body, reach, inner);
  else walkExpression(callee.body, reach, inner);
  const label = `${dottedName(call.callee) ?? calleeName(call) ?? 'function'}()`;
  const byKind = new Map<SinkKind, Sink>();
  for (const sink of inner.sinks) {
    const known = byKind.get(sink.kind);
    if (!known) byKind.set(sink.kind, { kind: sink.kind, node: call, label, consumesError: sink.consumesError, reach: sink.reach });
    else byKind.set(sink.kind, { ...known, consumesError: known.consumesError && sink.consumesError, reach: union(known.reach, sink.reach) });
  }
  walk.sinks.push(...byKind.values());
}

/**
 * The parameters of `callee` that `call` gives a constant truth: a `true`/`false` argument, or none
 * at all (`undefined`), for a plain parameter without default that the function never reassigns.
 */
function constantParams(call: TSESTree.CallExpression, callee: TSESTree.FunctionLike, sourceCode: SourceCode): Map<TSESLint.Scope.Variable, boolean> | undefined {
  // After a spread, no argument stands at a known position.
  if (call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return undefined;
  let constants: Map<TSESLint.Scope.Variable, boolean> | undefined;
  for (const [index, param] of callee.params.entries()) {
    const argument = call.arguments[index];
    if (param.type !== AST_NODE_TYPES.Identifier) continue;
    const value = argument === undefined ? false : argument.type === AST_NODE_TYPES.Literal && typeof argument.value === 'boolean' ? argument.value : undefined;
    if (value === undefined) continue;
    const variable = findVariable(sourceCode.getScope(param), param.name);
    if (!variable || variable.references.some((ref) => ref.isWrite())) continue;
    (constants ??= new Map()).set(variable, value);
  }
  return constants;
}

/** The truth a parameter of the function being followed holds at this call (`constantParams`). */
function constantParam(identifier: TSESTree.Identifier, walk: Walk): boolean | undefined {
  const variable = findVariable(walk.sourceCode.getScope(identifier), identifier.name);
  return variable ? walk.constants?.get(variable) : undefined;
}

function recordStore(assignment: TSESTree.AssignmentExpression, reach: Reach, walk: Walk): void {
  const field = assignment.operator === '=' && assignment.left.type === AST_NODE_TYPES.MemberExpression ? propertyName(assignment.left) : undefined;
  if (field !== undefined && isError(assignment.right, walk)) walk.stores.push({ node: assignment, field, reach });
}

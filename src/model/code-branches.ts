/**
 * What a branch does with the error whose code it was sent on: drops it silently (only logging,
 * no-ops, bare returns), handles it (anything else: forwards, rethrows, destroys, retries), or a
 * shape not followed (loops, labels). Also: was the error handed on before a dispatch, and does a
 * function only classify errors (`isRetryable(err)`) rather than handle them.
 *
 * Syntax only. The answers follow the statements after the node asked about, up to the end of its
 * function; the positions of statements are cached per block, the hand-offs per variable and the
 * predicates per function, all in module-level `WeakMap`s keyed on the file's own nodes.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

// Same answers as ASTUtils.findVariable, without its scan of every child scope per lookup.
import { calleeName, findVariable } from '../listeners.js';
import { enclosingFunction, type FunctionNode, propertyName, skipWrappers } from './ast.js';
import type { CodeRead } from './code-reads.js';
import { resolveFunction } from './functions.js';
import { DETACHING_METHODS } from './node-api.js';

type Node = TSESTree.Node;
type Scope = TSESLint.Scope.Scope;
type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * What a path does with an error:
 * - `silent`: nothing but logging, no-ops and bare returns (the error is dropped);
 * - `closes`: besides those, only closes or detaches without passing the error on
 *   (`remote.end()`, `socket.destroy()`, `removeListener(...)`): it gives up on the connection
 *   without telling anyone, which is handling for a code that needs only that, and a silent drop
 *   next to a sibling code that is retried;
 * - `handled`: anything else (forwards, rethrows, retries, ends the process...);
 * - `unknown`: a shape we do not follow (loops, labels): never reported.
 */
export type PathOutcome = 'silent' | 'closes' | 'handled' | 'unknown';

/**
 * How a path is read: with closing calls quiet or not (see `combine`), and with the file's source
 * when the calls of its own functions can be followed (`else this.ignore(err)`).
 */
interface Reading {
  closing: boolean;
  sourceCode: SourceCode | undefined;
}

/** Statement-level outcome: `through` runs on, `exit` left silently, `break` left a `switch`. */
type StepOutcome = 'through' | 'exit' | 'break' | 'handled' | 'unknown';

const LOG_METHODS = new Set(['log', 'debug', 'info', 'warn', 'warning', 'trace', 'verbose', 'silly', 'error', 'fatal']);
/** `debug(...)`, `log(...)`, `logError(...)`, `debugLog(...)`. */
const LOG_FUNCTION = /^(?:debug|log|logger|trace|warn|info)$|^(?:log|debug)[A-Z_]/;
/** The object a log method hangs on: `console`, `logger`, `this.log`, `req.log`, `auditLogger`. */
function isLoggerName(name: string): boolean {
  return /^_*(?:console|debug|log|logger|logging)$/i.test(name) || /[a-z](?:Log|Logger)$/.test(name);
}

/** The name of the object a method hangs on: `console`, `this`, `log` in `this.log`. */
function ownerName(node: Node): string | null {
  const target = skipWrappers(node);
  if (target.type === AST_NODE_TYPES.Identifier) return target.name;
  if (target.type === AST_NODE_TYPES.MemberExpression) return propertyName(target) ?? null;
  if (target.type === AST_NODE_TYPES.ThisExpression) return 'this';
  return null;
}

/**
 * A call that only records the error: `console.error(err)`, `debug('...')`, `logger.warn(...)`,
 * `this.log.error(...)`. A method named `error` or `warn` on anything else (`this.error(err)`) is
 * not assumed to be a logger.
 */
export function isLoggingCall(node: Node): boolean {
  const target = skipWrappers(node);
  if (target.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipWrappers(target.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return LOG_FUNCTION.test(callee.name);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = propertyName(callee);
  if (method === undefined) return false;
  const owner = ownerName(callee.object);
  // `this.options.log.errorLog(…)`, `logger.logError(…)`: a logger's own method names.
  if (owner !== null && isLoggerName(owner)) return LOG_METHODS.has(method) || /^(?:log|debug|info|warn|error|trace)[A-Z_]|[a-z]Log$/.test(method);
  return method === 'debug' || method === 'trace' || method === 'verbose' || method === 'silly';
}

/** Methods that only close or detach (no error argument): `end()`, `destroy()`, `removeListener(...)`. */
const CLOSING_METHODS = new Set(['end', 'destroy', 'close', 'unref']);

/**
 * A call that only closes or detaches, without passing any error on: `remote.end()`,
 * `socket.destroy()`, `this.close()`, `socket.removeListener('close', onClose)`,
 * `clearTimeout(timer)`. After the error it gives up on the connection without telling anyone, so
 * the error is dropped as surely as by a bare `return` (`socket.destroy(err)` passes it on).
 */
export function isClosingCall(node: Node): boolean {
  const target = skipWrappers(node);
  if (target.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipWrappers(target.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name === 'clearTimeout' || callee.name === 'clearInterval';
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = propertyName(callee);
  if (method === undefined) return false;
  return (CLOSING_METHODS.has(method) && target.arguments.length === 0) || DETACHING_METHODS.has(method);
}

function isNothing(node: Node | null | undefined): boolean {
  if (!node) return true;
  const target = skipWrappers(node);
  if (target.type === AST_NODE_TYPES.Identifier) return target.name === 'undefined';
  if (target.type === AST_NODE_TYPES.Literal) return target.value === null || typeof target.value === 'boolean';
  return target.type === AST_NODE_TYPES.UnaryExpression && target.operator === 'void';
}

function hasCall(node: Node): boolean {
  let found = false;
  const visit = (current: Node): void => {
    if (found) return;
    if (
      current.type === AST_NODE_TYPES.CallExpression ||
      current.type === AST_NODE_TYPES.NewExpression ||
      current.type === AST_NODE_TYPES.AwaitExpression ||
      current.type === AST_NODE_TYPES.AssignmentExpression ||
      current.type === AST_NODE_TYPES.UpdateExpression ||
      current.type === AST_NODE_TYPES.TaggedTemplateExpression ||
      current.type === AST_NODE_TYPES.YieldExpression
    ) {
      found = true;
      return;
    }
    if (
      current.type === AST_NODE_TYPES.ArrowFunctionExpression ||
      current.type === AST_NODE_TYPES.FunctionExpression
    ) {
      return;
    }
    for (const [key, value] of Object.entries(current)) {
      if (key === 'parent') continue;
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) visit(item);
      } else if (isNode(value)) {
        visit(value);
      }
    }
  };
  visit(node);
  return found;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function stepStatement(statement: TSESTree.Statement, inSwitch: boolean, reading: Reading): StepOutcome {
  switch (statement.type) {
    case AST_NODE_TYPES.EmptyStatement:
    case AST_NODE_TYPES.FunctionDeclaration:
    case AST_NODE_TYPES.TSTypeAliasDeclaration:
    case AST_NODE_TYPES.TSInterfaceDeclaration:
      return 'through';
    case AST_NODE_TYPES.ExpressionStatement: {
      const expression = skipWrappers(statement.expression);
      const quiet = (call: Node): boolean => isLoggingCall(call) || (reading.closing && isClosingCall(call)) || quietFunctionCall(call, reading);
      if (quiet(expression)) return 'through';
      if (expression.type === AST_NODE_TYPES.AwaitExpression && quiet(expression.argument)) return 'through';
      if (expression.type === AST_NODE_TYPES.Literal) return 'through'; // 'use strict' and the like
      return 'handled';
    }
    case AST_NODE_TYPES.ReturnStatement:
      // `return remote.end()`: the value is the stream, returned only to leave.
      return isNothing(statement.argument) || (reading.closing && statement.argument && isClosingCall(statement.argument)) ? 'exit' : 'handled';
    case AST_NODE_TYPES.ThrowStatement:
      return 'handled';
    case AST_NODE_TYPES.BlockStatement:
      return stepStatements(statement.body, inSwitch, reading);
    case AST_NODE_TYPES.IfStatement: {
      const consequent = stepStatement(statement.consequent, inSwitch, reading);
      const alternate = statement.alternate ? stepStatement(statement.alternate, inSwitch, reading) : 'through';
      if (consequent === 'handled' || alternate === 'handled') return 'handled';
      if (consequent === 'unknown' || alternate === 'unknown') return 'unknown';
      if (consequent === alternate) return consequent;
      // One side left, the other runs on: only a path that runs on reaches what follows.
      return consequent === 'through' || alternate === 'through' ? 'through' : 'unknown';
    }
    case AST_NODE_TYPES.VariableDeclaration:
      return statement.declarations.some((declarator) => declarator.init && hasCall(declarator.init))
        ? 'handled'
        : 'through';
    case AST_NODE_TYPES.BreakStatement:
      return inSwitch && !statement.label ? 'break' : 'unknown';
    case AST_NODE_TYPES.TryStatement:
      return stepStatement(statement.block, inSwitch, reading) === 'handled' ? 'handled' : 'unknown';
    default:
      return 'unknown';
  }
}

function stepStatements(statements: readonly TSESTree.Statement[], inSwitch: boolean, reading: Reading, from = 0): StepOutcome {
  for (let index = from; index < statements.length; index++) {
    const outcome = stepStatement(statements[index]!, inSwitch, reading);
    if (outcome !== 'through') return outcome;
  }
  return 'through';
}

/** Per function of the file, per reading (closing calls quiet or not): does calling it only log, close or nothing? */
const quietFunctions = new WeakMap<FunctionNode, [boolean | undefined, boolean | undefined]>();

/**
 * `this.ignore(err)`, `skip(err)`: a call of a function of the file whose body, read the same way,
 * only logs (or only closes, where closing is quiet) and returns. Async and generator functions,
 * and a function met again while it is being read, count as doing something.
 */
function quietFunctionCall(node: Node, reading: Reading): boolean {
  const call = skipWrappers(node);
  if (call.type !== AST_NODE_TYPES.CallExpression || !reading.sourceCode) return false;
  const fn = resolveFunction(call.callee, reading.sourceCode);
  if (!fn || fn.async || fn.generator) return false;
  let answers = quietFunctions.get(fn);
  if (!answers) quietFunctions.set(fn, (answers = [undefined, undefined]));
  const slot = reading.closing ? 1 : 0;
  if (answers[slot] !== undefined) return answers[slot];
  answers[slot] = false; // while it is read: a call back into it does something
  let quiet: boolean;
  if (fn.body.type === AST_NODE_TYPES.BlockStatement) {
    const outcome = stepStatements(fn.body.body, false, reading);
    quiet = outcome === 'through' || outcome === 'exit';
  } else {
    quiet = isLoggingCall(fn.body) || (reading.closing && isClosingCall(fn.body)) || quietFunctionCall(fn.body, reading);
  }
  answers[slot] = quiet;
  return quiet;
}

const FUNCTION_TYPES = new Set<string>([
  AST_NODE_TYPES.FunctionDeclaration,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.ArrowFunctionExpression,
]);

const blockIndexes = new WeakMap<Node, Map<Node, number>>();

/** The position of a statement in its block or program, remembered per block (long functions). */
export function indexInBlock(block: TSESTree.BlockStatement | TSESTree.Program, statement: Node): number {
  // A short block is searched: cheaper than making its index.
  if (block.body.length <= 16) return block.body.indexOf(statement as TSESTree.Statement);
  let indexes = blockIndexes.get(block);
  if (!indexes) {
    indexes = new Map(block.body.map((child, index) => [child, index]));
    blockIndexes.set(block, indexes);
  }
  return indexes.get(statement) ?? -1;
}

/**
 * Two readings of a path, one where closing calls do something (`handled`) and one where they are
 * quiet (`silent`), give its outcome: a path that handles only by closing `closes`.
 */
function combine(sourceCode: SourceCode | undefined, read: (reading: Reading) => PathOutcome): PathOutcome {
  const strict = read({ closing: false, sourceCode });
  if (strict !== 'handled') return strict;
  return read({ closing: true, sourceCode }) === 'silent' ? 'closes' : 'handled';
}

/**
 * Does a named code's path do more than the path of the codes left unnamed? Logging or nothing is
 * less than closing, which is less than any other handling; unknown paths compare with nothing
 * (as a named path that is unknown is not reported against a path that closes).
 */
export function doesMore(named: PathOutcome, rest: PathOutcome): boolean {
  if (rest === 'silent') return named !== 'silent';
  return rest === 'closes' && named === 'handled';
}

/** What happens after `statement` finishes normally, up to the end of its function. */
export function afterStatement(statement: Node, sourceCode?: SourceCode): PathOutcome {
  return combine(sourceCode, (reading) => afterStatementReading(statement, reading));
}

function afterStatementReading(statement: Node, reading: Reading): PathOutcome {
  let current: Node = statement;
  for (;;) {
    const parent = current.parent;
    if (!parent) return 'unknown';
    if (parent.type === AST_NODE_TYPES.BlockStatement) {
      const index = indexInBlock(parent, current);
      const outcome = stepStatements(parent.body, false, reading, index + 1);
      if (outcome === 'exit') return 'silent';
      if (outcome !== 'through') return outcome === 'break' ? 'unknown' : outcome;
      const holder = parent.parent;
      if (!holder) return 'unknown';
      // The end of a function body: the error is dropped unless something above handled it.
      if (FUNCTION_TYPES.has(holder.type)) return 'silent';
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.IfStatement) {
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.TryStatement) {
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.CatchClause) {
      current = parent;
      continue;
    }
    // Loops run again, switch cases fall through, labels jump: not followed.
    return 'unknown';
  }
}

/** What a branch does with the codes sent to it, following on past its end when it runs on. */
export function branchOutcome(branch: TSESTree.Statement, dispatch: Node, sourceCode?: SourceCode): PathOutcome {
  return combine(sourceCode, (reading) => {
    const outcome = stepStatement(branch, false, reading);
    if (outcome === 'exit') return 'silent';
    if (outcome === 'through') return afterStatementReading(dispatch, reading);
    return outcome === 'break' ? 'unknown' : outcome;
  });
}

/** What the codes a `switch` does not name meet: its `default`, or what follows the switch. */
export function switchRestOutcome(node: TSESTree.SwitchStatement, defaultCase: TSESTree.SwitchCase | null, sourceCode?: SourceCode): PathOutcome {
  if (!defaultCase) return afterStatement(node, sourceCode);
  return combine(sourceCode, (reading) => {
    const outcome = stepStatements(defaultCase.consequent, true, reading);
    if (outcome === 'exit') return 'silent';
    const isLast = node.cases.at(-1) === defaultCase;
    if (outcome === 'break' || (outcome === 'through' && isLast)) return afterStatementReading(node, reading);
    return outcome === 'through' ? 'unknown' : outcome;
  });
}

/** The variable an error read hangs off: `err` in `err.code`, `err.cause?.code`. */
function rootIdentifier(node: Node): TSESTree.Identifier | null {
  let current = skipWrappers(node);
  while (current.type === AST_NODE_TYPES.MemberExpression) current = skipWrappers(current.object);
  return current.type === AST_NODE_TYPES.Identifier ? current : null;
}

function isTested(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.LogicalExpression || parent.type === AST_NODE_TYPES.UnaryExpression) return true;
  if (parent.type === AST_NODE_TYPES.ChainExpression || parent.type === AST_NODE_TYPES.AwaitExpression) return isTested(parent);
  return (
    (parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) &&
    parent.test === node
  );
}

/** Does this reference hand the error on (a call that is not logging, a store, a wrapper)? */
function handsOn(identifier: TSESTree.Identifier): boolean {
  const parent = identifier.parent;
  if (parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) {
    return (
      parent.arguments.includes(identifier) && !isLoggingCall(parent) && !isTested(parent)
    );
  }
  if (parent.type === AST_NODE_TYPES.AssignmentExpression) return parent.right === identifier;
  return parent.type === AST_NODE_TYPES.Property && parent.value === identifier;
}

/**
 * Was the error already handed on before the dispatch, in the same function (passed to a call that
 * is not logging, stored, wrapped)? Then the dispatch only adds to what happens to it, and codes it
 * does not name lose nothing: `super(error.message, error); if (error.code === 'ECONNRESET') ...`.
 * The answers are shared by every rule of the file (cached per variable); `createForwardingIndex`
 * stays for the rules that made one per file.
 */
export function createForwardingIndex(): (read: CodeRead, dispatch: Node, scope: Scope) => boolean {
  return forwardedBefore;
}

/** Per variable of the file, per function: where the error was first handed on. */
const firstHandOff = new WeakMap<TSESLint.Scope.Variable, Map<Node | undefined, number>>();

/** Was the error of `read` handed on before `dispatch`, in the same function? (See createForwardingIndex.) */
export function forwardedBefore(read: CodeRead, dispatch: Node, scope: Scope): boolean {
  const root = read.member ? rootIdentifier(read.member.object) : null;
  const variable = root ? findVariable(scope, root) : null;
  if (!variable) return false;
  let positions = firstHandOff.get(variable);
  if (!positions) {
    positions = new Map();
    for (const reference of variable.references) {
      if (reference.identifier.type !== AST_NODE_TYPES.Identifier || !handsOn(reference.identifier)) continue;
      const fn = enclosingFunction(reference.identifier);
      const start = reference.identifier.range[0];
      positions.set(fn, Math.min(positions.get(fn) ?? Infinity, start));
    }
    firstHandOff.set(variable, positions);
  }
  return (positions.get(enclosingFunction(dispatch)) ?? Infinity) < dispatch.range[0];
}

/** What the codes of one `case` meet: the body they share (with later empty labels) and what follows. */
export function caseOutcome(node: TSESTree.SwitchStatement, switchCase: TSESTree.SwitchCase, sourceCode?: SourceCode): PathOutcome {
  const start = node.cases.indexOf(switchCase);
  const holder = node.cases.slice(start).find((clause) => clause.consequent.length > 0);
  if (!holder) return afterStatement(node, sourceCode);
  return combine(sourceCode, (reading) => {
    const outcome = stepStatements(holder.consequent, true, reading);
    if (outcome === 'exit') return 'silent';
    if (outcome === 'break' || (outcome === 'through' && node.cases.at(-1) === holder)) return afterStatementReading(node, reading);
    return outcome === 'through' ? 'unknown' : outcome;
  });
}

// ---------------------------------------------------------------------------------------------------
// Functions that classify rather than handle

function isBooleanLike(node: Node): boolean {
  const target = skipWrappers(node);
  switch (target.type) {
    case AST_NODE_TYPES.Literal:
      return typeof target.value === 'boolean';
    case AST_NODE_TYPES.UnaryExpression:
      return target.operator === '!';
    case AST_NODE_TYPES.BinaryExpression:
      return ['===', '!==', '==', '!=', '<', '>', '<=', '>=', 'in', 'instanceof'].includes(target.operator);
    case AST_NODE_TYPES.LogicalExpression:
      return target.operator !== '??' && isBooleanLike(target.left) && isBooleanLike(target.right);
    case AST_NODE_TYPES.ConditionalExpression:
      return isBooleanLike(target.consequent) && isBooleanLike(target.alternate);
    case AST_NODE_TYPES.CallExpression: {
      const name = calleeName(target);
      return (
        name !== undefined &&
        (name === 'Boolean' ||
          ['includes', 'has', 'test', 'some', 'every', 'startsWith', 'endsWith'].includes(name) ||
          /^(?:is|has|should|can)[A-Z_]/.test(name))
      );
    }
    default:
      return false;
  }
}


/**
 * A predicate such as `isRetryable(err)`: every `return` gives a boolean. It classifies errors for its
 * caller, which decides what to do with the others; its dispatches are not handlers.
 */
export function isBooleanPredicate(fn: TSESTree.FunctionLike): boolean {
  let answer = predicates.get(fn);
  if (answer === undefined) {
    answer = returnsOnlyBooleans(fn);
    predicates.set(fn, answer);
  }
  return answer;
}

const predicates = new WeakMap<TSESTree.FunctionLike, boolean>();

/** Is `node` inside a boolean predicate (its nearest function is one)? */
export function inBooleanPredicate(node: Node): boolean {
  const fn = enclosingFunction(node);
  return fn ? isBooleanPredicate(fn) : false;
}

function returnsOnlyBooleans(fn: TSESTree.FunctionLike): boolean {
  if (fn.type === AST_NODE_TYPES.ArrowFunctionExpression && fn.expression) return isBooleanLike(fn.body);
  if (!fn.body || fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  const returns: TSESTree.ReturnStatement[] = [];
  collectReturns(fn.body.body, returns);
  return returns.length > 0 && returns.every((statement) => statement.argument && isBooleanLike(statement.argument));
}

/**
 * The `return` statements of a function body, nested functions aside. Only statements are
 * visited: an expression holds a `return` only inside a function of its own (class members
 * and static blocks included), so walking every expression node found nothing more.
 */
function collectReturns(statements: readonly TSESTree.Statement[], returns: TSESTree.ReturnStatement[]): void {
  for (const statement of statements) collectReturnsOf(statement, returns);
}

function collectReturnsOf(statement: TSESTree.Statement | null | undefined, returns: TSESTree.ReturnStatement[]): void {
  if (!statement) return;
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
      returns.push(statement);
      return;
    case AST_NODE_TYPES.BlockStatement:
      collectReturns(statement.body, returns);
      return;
    case AST_NODE_TYPES.IfStatement:
      collectReturnsOf(statement.consequent, returns);
      collectReturnsOf(statement.alternate, returns);
      return;
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.LabeledStatement:
    case AST_NODE_TYPES.WithStatement:
      collectReturnsOf(statement.body, returns);
      return;
    case AST_NODE_TYPES.SwitchStatement:
      for (const switchCase of statement.cases) collectReturns(switchCase.consequent, returns);
      return;
    case AST_NODE_TYPES.TryStatement:
      collectReturns(statement.block.body, returns);
      if (statement.handler) collectReturns(statement.handler.body.body, returns);
      if (statement.finalizer) collectReturns(statement.finalizer.body, returns);
      return;
    default:
      // Expressions, declarations (functions and classes have their own returns) and the rest.
      return;
  }
}

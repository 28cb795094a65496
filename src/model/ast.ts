/**
 * Syntax questions every part of the socket model and every rule asks, each answered once: two
 * helpers that answer the same question differently give different findings for the same code
 * (``s[`write`]('x')`` was a write to one rule and not to another).
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

/** Wrappers that do not change the value they hold: `x!`, `x as T`, `<T>x`, `x satisfies T`, `f<T>`, `a?.b`. */
export type ExpressionWrapper =
  | TSESTree.ChainExpression
  | TSESTree.TSAsExpression
  | TSESTree.TSNonNullExpression
  | TSESTree.TSSatisfiesExpression
  | TSESTree.TSTypeAssertion
  | TSESTree.TSInstantiationExpression;

export function isWrapper(node: TSESTree.Node): node is ExpressionWrapper {
  switch (node.type) {
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
    case AST_NODE_TYPES.TSInstantiationExpression:
      return true;
    default:
      return false;
  }
}

/** The value inside every wrapper (parentheses leave no node). */
export function skipWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (isWrapper(current)) current = current.expression;
  return current;
}

/**
 * The `this` a variable holds in `const self = this` (one definition, never written again), or
 * undefined: then `self.name` names the same member as `this.name` there.
 */
export function heldThis(variable: TSESLint.Scope.Variable): TSESTree.ThisExpression | undefined {
  const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.node.type !== AST_NODE_TYPES.VariableDeclarator || def.node.id !== def.name || !def.node.init) return undefined;
  const init = skipWrappers(def.node.init);
  if (init.type !== AST_NODE_TYPES.ThisExpression) return undefined;
  return variable.references.every((ref) => !ref.isWrite() || ref.init === true) ? init : undefined;
}

/**
 * The value a variable is given where it is declared and never written again (`const req =
 * http.get(…)`, a `let` set once), inside its wrappers; undefined for anything else.
 */
export function onceSetValue(variable: TSESLint.Scope.Variable): TSESTree.Node | undefined {
  const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init) return undefined;
  return variable.references.every((ref) => !ref.isWrite() || ref.init === true) ? skipWrappers(def.node.init) : undefined;
}

/** The node's value as seen by its parent, climbing over the wrappers around it. */
export function outermost(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && isWrapper(current.parent) && current.parent.expression === current) current = current.parent;
  return current;
}

/**
 * The name of a member's property when the code spells it out: `a.b`, `a['b']`, ``a[`b`]``, and
 * `a.#b` as `'#b'` (no public method is called that). A key held by a constant of the module
 * (`this[kSocket]`, `const kSocket = Symbol('socket')` or imported) is one fixed property too,
 * named `'[kSocket]'`. Undefined for other computed keys.
 */
export function propertyName(member: TSESTree.MemberExpression): string | undefined {
  if (member.property.type === AST_NODE_TYPES.PrivateIdentifier) return `#${member.property.name}`;
  const name = ASTUtils.getPropertyName(member);
  if (name !== null) return name;
  return member.computed && member.property.type === AST_NODE_TYPES.Identifier && isModuleConstant(member.property) ? `[${member.property.name}]` : undefined;
}

const moduleConstants = new WeakMap<TSESTree.Program, ReadonlySet<string>>();

/**
 * Is `key` a name the module binds once at its top: a `const` (destructured from a `require()`
 * too) or an import? Read from the Program's statements, once per file; a name an inner scope
 * declares again is rare for such keys and is not looked for.
 */
function isModuleConstant(key: TSESTree.Identifier): boolean {
  let program: TSESTree.Node = key;
  while (program.parent) program = program.parent;
  if (program.type !== AST_NODE_TYPES.Program) return false;
  let names = moduleConstants.get(program);
  if (!names) {
    names = topConstants(program);
    moduleConstants.set(program, names);
  }
  return names.has(key.name);
}

function topConstants(program: TSESTree.Program): ReadonlySet<string> {
  const names = new Set<string>();
  const bind = (pattern: TSESTree.Node): void => {
    if (pattern.type === AST_NODE_TYPES.Identifier) names.add(pattern.name);
    else if (pattern.type === AST_NODE_TYPES.ObjectPattern) {
      for (const property of pattern.properties) bind(property.type === AST_NODE_TYPES.Property ? property.value : property.argument);
    } else if (pattern.type === AST_NODE_TYPES.AssignmentPattern) bind(pattern.left);
  };
  for (const statement of program.body) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if (declaration?.type === AST_NODE_TYPES.ImportDeclaration) {
      for (const specifier of declaration.specifiers) names.add(specifier.local.name);
    } else if (declaration?.type === AST_NODE_TYPES.VariableDeclaration && declaration.kind === 'const') {
      for (const declarator of declaration.declarations) bind(declarator.id);
    }
  }
  return names;
}

/** The key of an object literal's property when the code spells it out (`a: …`, `'a': …`, `1: …` as `'1'`); undefined for computed keys. */
export function literalKey(property: TSESTree.Property): string | undefined {
  if (property.computed) return undefined;
  return property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : property.key.type === AST_NODE_TYPES.Literal ? String(property.key.value) : undefined;
}

/** The object at the root of a member chain (`this` of `this.conn.socket`), through wrappers. */
export function memberRoot(node: TSESTree.Node): TSESTree.Node {
  let root = skipWrappers(node);
  while (root.type === AST_NODE_TYPES.MemberExpression) root = skipWrappers(root.object);
  return root;
}

/** `object.name(…)`, `object?.name(…)`, `object['name'](…)` with the receiver's wrappers dropped. */
export function calleeMember(call: TSESTree.CallExpression | TSESTree.NewExpression): { object: TSESTree.Expression; name: string } | undefined {
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = propertyName(callee);
  return name === undefined ? undefined : { object: callee.object, name };
}

/**
 * The collection and the entry key a removal names: `delete map[key]`, `map.delete(key)`, and
 * `map[key] = …` (whose value the caller has seen to be nothing). Undefined for anything else.
 */
export function removedEntry(removal: TSESTree.Node): { collection: TSESTree.Node; key: TSESTree.Node } | undefined {
  const target =
    removal.type === AST_NODE_TYPES.UnaryExpression && removal.operator === 'delete' ? skipWrappers(removal.argument)
    : removal.type === AST_NODE_TYPES.AssignmentExpression ? skipWrappers(removal.left)
    : undefined;
  if (target) return target.type === AST_NODE_TYPES.MemberExpression && target.computed ? { collection: target.object, key: target.property } : undefined;
  const method = removal.type === AST_NODE_TYPES.CallExpression ? calleeMember(removal) : undefined;
  const [key] = removal.type === AST_NODE_TYPES.CallExpression ? removal.arguments : [];
  return method?.name === 'delete' && key && key.type !== AST_NODE_TYPES.SpreadElement ? { collection: skipWrappers(method.object), key } : undefined;
}

/** `x.removeListener('error', handler)` or `x.off('error', handler)`: the handler taken off, else undefined. */
export function removedErrorHandler(call: TSESTree.CallExpression): TSESTree.CallExpressionArgument | undefined {
  const member = calleeMember(call);
  const [event, handler] = call.arguments;
  return member && (member.name === 'removeListener' || member.name === 'off') && event?.type === AST_NODE_TYPES.Literal && event.value === 'error' ? handler : undefined;
}

export type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

/** Where `value` is kept: `x` of `const x = value` or `x = value` (through wrappers around the value), else undefined. */
export function storedInto(value: TSESTree.Node): TSESTree.Node | undefined {
  const whole = outermost(value);
  const holder = whole.parent;
  if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.init === whole) return holder.id;
  return holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.right === whole ? holder.left : undefined;
}

/** Is `fn` the executor of a `new Promise(…)`? It runs at once, as part of the function around it. */
export function isPromiseExecutor(fn: TSESTree.Node): boolean {
  const creation = fn.parent;
  return (
    creation?.type === AST_NODE_TYPES.NewExpression &&
    creation.arguments[0] === fn &&
    creation.callee.type === AST_NODE_TYPES.Identifier &&
    creation.callee.name === 'Promise'
  );
}

/** The name a function is held by: its declaration's, or the variable it initialises (`const finish = () => {}`). */
export function functionName(fn: TSESTree.Node): TSESTree.Identifier | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id ?? undefined;
  const holder = fn.parent;
  return holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.init === fn && holder.id.type === AST_NODE_TYPES.Identifier ? holder.id : undefined;
}

/**
 * The function whose run makes `node` run: the one it is written in, or the one around a promise's
 * executor (`return new Promise((resolve) => socket.end(resolve))`).
 */
export function runningFunction(node: TSESTree.Node): FunctionNode | undefined {
  let fn = enclosingFunction(node);
  while (fn && isPromiseExecutor(fn)) fn = enclosingFunction(fn);
  return fn;
}

export function isFunction(node: TSESTree.Node | undefined | null): node is FunctionNode {
  return (
    node?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionDeclaration
  );
}

/** The function that contains `node` (not `node` itself), or undefined at module level. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunction(current)) return current;
  return undefined;
}

/** `null`, `undefined`, `void x`: values that hold nothing; also through wrappers and `b = null` (the value of `a = b = null`). */
export function isNullish(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=') return isNullish(node.right);
  if (isWrapper(node)) return isNullish(node.expression);
  return (
    (node.type === AST_NODE_TYPES.Literal && node.value === null && !('regex' in node)) ||
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') ||
    (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'void')
  );
}

/** Functions, declared ones and TypeScript's body-less signatures included. */
export function isFunctionLike(node: TSESTree.Node): node is TSESTree.FunctionLike {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.TSDeclareFunction ||
    node.type === AST_NODE_TYPES.TSEmptyBodyFunctionExpression
  );
}

/** The runtime parameters of a function (TypeScript's `this` parameter is not one). */
export function runtimeParams(fn: TSESTree.FunctionLike): TSESTree.Parameter[] {
  return fn.params.filter((param) => !(param.type === AST_NODE_TYPES.Identifier && param.name === 'this'));
}

/** The identifier a parameter binds, unless it is destructured or a rest parameter. */
export function paramIdentifier(param: TSESTree.Parameter): TSESTree.Identifier | undefined {
  const inner = param.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param;
  if (inner.type === AST_NODE_TYPES.Identifier) return inner;
  if (inner.type === AST_NODE_TYPES.AssignmentPattern && inner.left.type === AST_NODE_TYPES.Identifier) return inner.left;
  return undefined;
}

/**
 * What a destructured parameter does with the property `key` of the object it receives:
 * `function join({ a, b })` binds `b` to an identifier; a rest element or a nested pattern
 * keeps it where the code can reach it some other way ('kept'); null when the parameter never
 * reads it. Undefined for a parameter that is not an object pattern.
 */
export function destructuredProperty(param: TSESTree.Parameter | undefined, key: string): TSESTree.Identifier | 'kept' | null | undefined {
  const inner = param?.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
  if (inner?.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  let found: TSESTree.Identifier | 'kept' | null = null;
  for (const property of inner.properties) {
    if (property.type === AST_NODE_TYPES.RestElement) {
      found ??= 'kept';
      continue;
    }
    if (property.type !== AST_NODE_TYPES.Property || literalKey(property) !== key) continue;
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    return value.type === AST_NODE_TYPES.Identifier ? value : 'kept';
  }
  return found;
}

/** Expression types whose value can be an object: the only ones worth a question to the type checker. */
export const MAY_BE_OBJECT: ReadonlySet<string> = new Set<string>([
  AST_NODE_TYPES.Identifier,
  AST_NODE_TYPES.MemberExpression,
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.AwaitExpression,
  AST_NODE_TYPES.ThisExpression,
  AST_NODE_TYPES.ConditionalExpression,
  AST_NODE_TYPES.LogicalExpression,
  AST_NODE_TYPES.AssignmentExpression,
  AST_NODE_TYPES.SequenceExpression,
  AST_NODE_TYPES.YieldExpression,
  AST_NODE_TYPES.ChainExpression,
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
  AST_NODE_TYPES.TSTypeAssertion,
]);

/** Values that plainly hold no socket: the name pattern does not apply to variables holding only these. */
export function isPlainlyNotSocket(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.ClassExpression:
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.UpdateExpression:
      return true;
    default:
      return false;
  }
}

/** The name a class member's key spells: `open`, `#socket` (a computed key is the caller's to rule out). */
export function keyName(key: TSESTree.Node): string | undefined {
  if (key.type === AST_NODE_TYPES.Identifier) return key.name;
  return key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${key.name}` : undefined;
}

/** `a.b.c` for identifiers and static members, else undefined. */
export function dottedName(node: TSESTree.Node): string | undefined {
  const target = skipWrappers(node);
  if (target.type === AST_NODE_TYPES.Identifier) return target.name;
  if (target.type === AST_NODE_TYPES.ThisExpression) return 'this';
  if (target.type === AST_NODE_TYPES.MemberExpression) {
    const object = dottedName(target.object);
    const name = propertyName(target);
    return object !== undefined && name !== undefined ? `${object}.${name}` : undefined;
  }
  return undefined;
}

/** Test frameworks' test and hook functions (mocha, jest, vitest, node:test, tap). */
const TEST_CALLS = new Set(['it', 'test', 'specify', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll']);

/** Inside a test (`it(..., () => {...})`): the runner turns a throw or failed assertion into a failed test. */
export function inTest(node: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
    if (!isFunction(current)) continue;
    const call = current.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(current as TSESTree.CallExpressionArgument)) continue;
    const callee = skipWrappers(call.callee);
    const base = callee.type === AST_NODE_TYPES.MemberExpression ? skipWrappers(callee.object) : callee;
    if (base.type === AST_NODE_TYPES.Identifier && TEST_CALLS.has(base.name)) return true;
    if (callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'test') return true;
  }
  return false;
}

/** A loop statement. */
export type Loop = TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement | TSESTree.ForOfStatement | TSESTree.ForInStatement;

export function isLoop(node: TSESTree.Node): node is Loop {
  return (
    node.type === AST_NODE_TYPES.WhileStatement ||
    node.type === AST_NODE_TYPES.DoWhileStatement ||
    node.type === AST_NODE_TYPES.ForStatement ||
    node.type === AST_NODE_TYPES.ForOfStatement ||
    node.type === AST_NODE_TYPES.ForInStatement
  );
}

/**
 * Is `later` out of reach once `node` has run: between them, in a block around `node` that does
 * not hold `later`, an unconditional `return`/`throw`/`break`/`continue` follows `node`
 * (`if (clean) { ws.removeAllListeners(); return; } … ws.close()`)?
 */
export function leavesBefore(node: TSESTree.Node, later: TSESTree.Node): boolean {
  for (let child: TSESTree.Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.range[0] <= later.range[0] && later.range[1] <= parent.range[1]) return false;
    const list = parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program ? parent.body : parent.type === AST_NODE_TYPES.SwitchCase ? parent.consequent : undefined;
    if (!list) continue;
    const at = (list as readonly TSESTree.Node[]).indexOf(child);
    if ((list as readonly TSESTree.Node[]).slice(at + 1).some((next) => EXITS.has(next.type))) return true;
  }
  return false;
}

/** The statements after which nothing more of their block runs. */
export const EXITS: ReadonlySet<string> = new Set([AST_NODE_TYPES.ReturnStatement, AST_NODE_TYPES.ThrowStatement, AST_NODE_TYPES.BreakStatement, AST_NODE_TYPES.ContinueStatement]);

/** `value.bind(…)` when `value` is the object of a `bind` call (a method given bound), else undefined. */
export function boundCall(value: TSESTree.Node): TSESTree.CallExpression | undefined {
  const member = value.parent;
  return member?.type === AST_NODE_TYPES.MemberExpression && member.object === value && !member.computed && propertyName(member) === 'bind' && member.parent.type === AST_NODE_TYPES.CallExpression && member.parent.callee === member
    ? member.parent
    : undefined;
}

/**
 * Is `node` in a branch no run takes: `if (false) { … }`, the `else` of `if (x || 1)`, the other
 * arm of `true ? a : b`? Only literal tests (and `!`, `||`, `&&` of them) are read.
 */
export function inDeadBranch(node: TSESTree.Node): boolean {
  for (let child = node, current = node.parent; current; child = current, current = current.parent) {
    if (current.type !== AST_NODE_TYPES.IfStatement && current.type !== AST_NODE_TYPES.ConditionalExpression) continue;
    if (child === current.test) continue;
    const value = literalTruth(current.test);
    if (value !== undefined && value === (child === current.alternate)) return true;
  }
  return false;
}

const EQUALITY: ReadonlySet<string> = new Set(['===', '==', '!==', '!=']);

/** `===`, `!==`, `==` or `!=`: the comparisons that test a value for being (or not being) another. */
export function isEquality(node: TSESTree.BinaryExpression): boolean {
  return EQUALITY.has(node.operator);
}

/** The truth of a test made of literals (`false`, `0`, `!1`, `x || 1`, `x && 0`), else undefined. */
function literalTruth(test: TSESTree.Node): boolean | undefined {
  const target = skipWrappers(test);
  if (target.type === AST_NODE_TYPES.Literal) return target.value === null || typeof target.value !== 'object' ? Boolean(target.value) : undefined;
  if (target.type === AST_NODE_TYPES.UnaryExpression && target.operator === '!') {
    const inner = literalTruth(target.argument);
    return inner === undefined ? undefined : !inner;
  }
  if (target.type === AST_NODE_TYPES.LogicalExpression && target.operator !== '??') {
    const [left, right] = [literalTruth(target.left), literalTruth(target.right)];
    if (target.operator === '||') return left === true || right === true ? true : left === false && right === false ? false : undefined;
    return left === false || right === false ? false : left === true && right === true ? true : undefined;
  }
  return undefined;
}

/**
 * Does the call run only under a condition of `fn` (a branch of an `if`, `?:`, `&&`/`||`/`??`, a
 * `case`, a `catch`)? A test `ignores` accepts is no condition.
 */
export function underCondition(call: TSESTree.Node, fn: FunctionNode, ignores?: (test: TSESTree.Node) => boolean): boolean {
  for (let child = call, current = call.parent; current && current !== fn; child = current, current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
        if (current.test !== child && !ignores?.(current.test)) return true;
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (current.right === child && !ignores?.(current.left)) return true;
        break;
      case AST_NODE_TYPES.SwitchCase:
      case AST_NODE_TYPES.CatchClause:
        return true;
      default:
        break;
    }
  }
  return false;
}

/**
 * Where and how a file reads an error's code (the rules `exhaustive-error-codes`,
 * `no-unknown-error-code`, `no-fatal-close-errors`, `no-use-after-dead` ask it): a read of the code
 * (`err.code`, `err?.cause?.code`, `const { code } = err`, `err.errno`), the constant strings it is
 * compared with (`===`, `switch`, `['A', 'B'].includes(err.code)`, `SET.has(code)`,
 * `indexOf(code) !== -1`), and what an `if` test says about the codes it names.
 *
 * Everything here is syntax only and conservative: a shape it cannot read is not a read of a code.
 * The answers are read from the nodes asked about (no walk of the file); the token check
 * `mayReadErrorCode` is the one pass over the file's text (src/model/file-words.ts), re-exported.
 */
import { ASTUtils, AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

// Same answers as ASTUtils.findVariable, without its scan of every child scope per lookup.
import { findVariable } from '../listeners.js';
import { mayMention } from '../tokens.js';
import { isEquality, propertyName, skipWrappers } from './ast.js';
import { CODE_NAME } from './file-words.js';

export { mayReadErrorCode } from './file-words.js';

type Node = TSESTree.Node;
type Expression = TSESTree.Expression;
type Scope = TSESLint.Scope.Scope;
type SourceCode = Readonly<TSESLint.SourceCode>;

const { DefinitionType } = TSESLint.Scope;

/** `E.code` style strings: upper case, digits and underscores, as Node, libuv and OpenSSL spell codes. */
export const ERRNO_STYLE = /^[A-Z][A-Z0-9_]*$/;

// ---------------------------------------------------------------------------------------------------
// Reading values



/**
 * Can the file read the member `name` (`err.message`, `err['message']`)? Its name is then one of
 * the file's identifiers or strings (src/tokens.ts).
 */
export function mayReadMember(sourceCode: SourceCode, name: string): boolean {
  return mayMention(sourceCode, [name]);
}

/** The only definition of a variable that is never reassigned, or null. */
function constantDefinition(variable: TSESLint.Scope.Variable | null): TSESLint.Scope.Definition | null {
  if (!variable || variable.defs.length !== 1) return null;
  const def = variable.defs[0] ?? null;
  if (!def) return null;
  return variable.references.some((reference) => reference.isWrite() && !reference.init) ? null : def;
}

/** The initializer of a never-reassigned variable declared with a plain name, or null. */
function constantInitializer(identifier: TSESTree.Identifier, scope: Scope): Expression | null {
  const def = constantDefinition(findVariable(scope, identifier));
  if (
    def?.type !== DefinitionType.Variable ||
    def.node.type !== AST_NODE_TYPES.VariableDeclarator ||
    def.node.id.type !== AST_NODE_TYPES.Identifier
  ) {
    return null;
  }
  return def.node.init;
}

/** A constant string and the node where it is written (a literal, possibly behind a `const`). */
export interface StringValue {
  value: string;
  /** The literal that holds the text, when there is one to rewrite (else the expression read). */
  node: Node;
  /** True when `node` is a string literal or a template literal without expressions. */
  literal: boolean;
}

/** Reads a constant string: `'X'`, `` `X` ``, a `const` holding one, or what `getStaticValue` folds. */
export function readString(node: Node, scope: Scope, depth = 0): StringValue | null {
  const target = skipWrappers(node);
  if (target.type === AST_NODE_TYPES.Literal) {
    return typeof target.value === 'string' ? { value: target.value, node: target, literal: true } : null;
  }
  if (target.type === AST_NODE_TYPES.TemplateLiteral && target.expressions.length === 0) {
    const cooked = target.quasis[0]?.value.cooked;
    return typeof cooked === 'string' ? { value: cooked, node: target, literal: true } : null;
  }
  if (target.type === AST_NODE_TYPES.Identifier && depth < 4) {
    // What getStaticValue would fold here is the same initializer, read the same way above (it
    // folds only never-reassigned variables): asking it again would only rescan the scopes.
    const init = constantInitializer(target, scope);
    return init ? readString(init, scope, depth + 1) : null;
  }
  if (target.type === AST_NODE_TYPES.Identifier && target.name === 'undefined') return null;
  const value = ASTUtils.getStringIfConstant(target, scope);
  // getStringIfConstant turns numbers and booleans into strings; only real strings count.
  const folded = ASTUtils.getStaticValue(target, scope);
  return value !== null && typeof folded?.value === 'string' ? { value, node: target, literal: false } : null;
}

/** Source text of a string literal that holds `value`, quoted like `like` (a literal beside it). */
export function quoteLike(value: string, like: Node | null, sourceCode: SourceCode): string {
  const raw = like ? sourceCode.getText(like) : '';
  const quote = raw.startsWith('"') ? '"' : raw.startsWith('`') ? '`' : "'";
  return `${quote}${value.replaceAll('\\', '\\\\').replaceAll(quote, `\\${quote}`)}${quote}`;
}

// ---------------------------------------------------------------------------------------------------
// Where an error code is read

/** A read of an error's code: `err.code`, `err?.cause?.code`, `const { code } = err`... */
export interface CodeRead {
  /** `code` (a string in Node), `errno` (a number: comparing it with a code string is a bug). */
  property: 'code' | 'errno';
  /** Two reads of the same value have the same key (`?.` and type assertions do not count). */
  key: string;
  /** The member expression when the read is written `E.code`. */
  member: TSESTree.MemberExpression | null;
  /** Only the name says it is a code (`function retry(code)`): weak evidence on its own. */
  byNameOnly: boolean;
}

/** A stable text for an object expression: `err`, `this.lastError`, `err.cause`, or null. */
function objectKey(node: Node): string | null {
  const target = skipWrappers(node);
  if (target.type === AST_NODE_TYPES.Identifier) return target.name;
  if (target.type === AST_NODE_TYPES.ThisExpression) return 'this';
  if (target.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(target);
    const object = objectKey(target.object);
    return name !== undefined && object !== null ? `${object}.${name}` : null;
  }
  return null;
}

function destructuredProperty(pattern: Node, name: TSESTree.Identifier): string | null {
  if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return null;
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    if (value !== name) continue;
    if (property.computed) return null;
    if (property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
    if (property.key.type === AST_NODE_TYPES.Literal && typeof property.key.value === 'string') return property.key.value;
  }
  return null;
}

/**
 * Is this expression an error's code (or errno)? `err.code`, `err?.code`, `err.cause?.code`,
 * `(err as NodeJS.ErrnoException).code`, a `const` holding one, a name destructured from `code`,
 * or (weakly) a variable named `code`/`errCode`.
 */
export function readCode(node: Node, scope: Scope, depth = 0): CodeRead | null {
  const target = skipWrappers(node);
  if (target.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(target);
    if (name !== 'code' && name !== 'errno') return null;
    const object = objectKey(target.object) ?? `@${target.object.range[0]}`;
    return { property: name, key: `${object}.${name}`, member: target, byNameOnly: false };
  }
  if (target.type !== AST_NODE_TYPES.Identifier || depth > 3) return null;
  const variable = findVariable(scope, target);
  const def = constantDefinition(variable);
  if (def && (def.type === DefinitionType.Variable || def.type === DefinitionType.Parameter)) {
    const key = `${target.name}@${def.name.range[0]}`;
    // `const { code } = err`, `const { cause: { code } } = err`, `({ code }) => ...`
    const pattern = findPatternOf(def.name);
    const destructured = pattern ? destructuredProperty(pattern, def.name as TSESTree.Identifier) : null;
    if (destructured === 'code' || destructured === 'errno') {
      return { property: destructured, key, member: null, byNameOnly: false };
    }
    // `const code = err.code`
    if (def.type === DefinitionType.Variable && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init) {
      const inner = def.node.id.type === AST_NODE_TYPES.Identifier ? readCode(def.node.init, scope, depth + 1) : null;
      if (inner) return { ...inner, key, member: null };
    }
  }
  if (CODE_NAME.test(target.name)) {
    const key = def ? `${target.name}@${def.name.range[0]}` : target.name;
    return { property: 'code', key, member: null, byNameOnly: true };
  }
  return null;
}

/** The object pattern a destructured parameter name sits in, if any. */
function findPatternOf(name: Node): Node | null {
  let current: Node | undefined = name.parent;
  while (current) {
    if (current.type === AST_NODE_TYPES.ObjectPattern) return current;
    if (current.type !== AST_NODE_TYPES.Property && current.type !== AST_NODE_TYPES.AssignmentPattern) return null;
    current = current.parent;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Comparisons, lists and tests

/** Where a named code sits, which says how to add its siblings next to it. */
export type CodeAnchor =
  | { type: 'comparison'; comparison: TSESTree.BinaryExpression; subject: Node; equal: boolean }
  | { type: 'list'; list: TSESTree.ArrayExpression }
  | { type: 'case'; switchCase: TSESTree.SwitchCase };

/** A code string a dispatch names. */
export interface NamedCode extends StringValue {
  anchor: CodeAnchor;
  /** The test that names it, in the dispatch (the comparison, the `includes` call, the case test). */
  site: Node;
}

/** The code `value` names, where it sits (a spread of `value` would copy the same three fields). */
function namedCode(value: StringValue, anchor: CodeAnchor, site: Node): NamedCode {
  return { value: value.value, node: value.node, literal: value.literal, anchor, site };
}

/** `===`, `!==`, `==` or `!=`: the only comparisons that name a code (or a message). */
export { isEquality };

/** `E.code === 'X'` (either side, any equality operator). */
export interface CodeComparison {
  read: CodeRead;
  subject: Node;
  code: StringValue;
  equal: boolean;
}

export function readCodeComparison(node: TSESTree.BinaryExpression, scope: Scope): CodeComparison | null {
  if (!isEquality(node) || node.left.type === AST_NODE_TYPES.PrivateIdentifier) return null;
  const equal = node.operator === '===' || node.operator === '==';
  for (const [subject, other] of [
    [node.left, node.right],
    [node.right, node.left],
  ] as const) {
    // `x === 0`, `x !== null`, `x === true`: no code string on the other side, whatever `x` is.
    const literal = skipWrappers(other);
    if (literal.type === AST_NODE_TYPES.Literal && typeof literal.value !== 'string') continue;
    const read = readCode(subject, scope);
    if (!read) continue;
    const code = readString(other, scope);
    if (code) return { read, subject, code, equal };
  }
  return null;
}

/** A list of code strings: an array literal, `new Set([...])`, `Object.freeze([...])`, or a `const` of one. */
export interface CodeList {
  codes: StringValue[];
  /** Some element is not a constant string: the list may hold codes we cannot see. */
  open: boolean;
  /** The array literal to add codes to. */
  array: TSESTree.ArrayExpression;
}

const MUTATORS = new Set(['push', 'unshift', 'splice', 'add', 'delete', 'clear', 'pop', 'shift', 'fill', 'copyWithin']);

/** Is this `const` list changed after its declaration (`LIST.push(...)`, `SET.add(...)`)? */
function isMutated(identifier: TSESTree.Identifier, scope: Scope): boolean {
  const variable = findVariable(scope, identifier);
  if (!variable) return true;
  return variable.references.some((reference) => {
    const parent = reference.identifier.parent;
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== reference.identifier) return false;
    const name = propertyName(parent);
    return name !== undefined && MUTATORS.has(name) && parent.parent?.type === AST_NODE_TYPES.CallExpression;
  });
}

export function resolveCodeList(node: Node, scope: Scope, depth = 0): CodeList | null {
  const target = skipWrappers(node);
  if (depth > 4) return null;
  if (target.type === AST_NODE_TYPES.ArrayExpression) {
    const codes: StringValue[] = [];
    let open = false;
    for (const element of target.elements) {
      if (!element) continue;
      if (element.type === AST_NODE_TYPES.SpreadElement) {
        const inner = resolveCodeList(element.argument, scope, depth + 1);
        if (inner) {
          codes.push(...inner.codes);
          open ||= inner.open;
        } else {
          open = true;
        }
        continue;
      }
      const value = readString(element, scope);
      if (value) codes.push(value);
      else open = true;
    }
    return { codes, open, array: target };
  }
  if (target.type === AST_NODE_TYPES.NewExpression) {
    const [first] = target.arguments;
    if (target.callee.type === AST_NODE_TYPES.Identifier && target.callee.name === 'Set' && first && target.arguments.length === 1) {
      return resolveCodeList(first, scope, depth + 1);
    }
    return null;
  }
  if (target.type === AST_NODE_TYPES.CallExpression) {
    const [first] = target.arguments;
    const callee = target.callee;
    if (
      callee.type === AST_NODE_TYPES.MemberExpression &&
      callee.object.type === AST_NODE_TYPES.Identifier &&
      callee.object.name === 'Object' &&
      propertyName(callee) === 'freeze' &&
      first
    ) {
      return resolveCodeList(first, scope, depth + 1);
    }
    return null;
  }
  if (target.type === AST_NODE_TYPES.Identifier) {
    const init = constantInitializer(target, scope);
    if (!init || isMutated(target, scope)) return null;
    return resolveCodeList(init, scope, depth + 1);
  }
  return null;
}

/** `LIST.includes(E.code)`, `SET.has(E.code)`, `LIST.indexOf(E.code)`, with the list resolved. */
export interface CodeMembership {
  read: CodeRead;
  subject: Node;
  list: CodeList;
  method: 'includes' | 'has' | 'indexOf';
  call: TSESTree.CallExpression;
}

export function readCodeMembership(node: TSESTree.CallExpression, scope: Scope): CodeMembership | null {
  const callee = skipWrappers(node.callee);
  const [argument] = node.arguments;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || node.arguments.length !== 1 || !argument) return null;
  const method = propertyName(callee);
  if (method !== 'includes' && method !== 'has' && method !== 'indexOf') return null;
  if (argument.type === AST_NODE_TYPES.SpreadElement) return null;
  const read = readCode(argument, scope);
  if (!read) return null;
  const list = resolveCodeList(callee.object, scope);
  return list ? { read, subject: argument, list, method, call: node } : null;
}

/** What an `if` test says about a code: which codes it names and which way they go. */
export interface CodeTest {
  key: string;
  read: CodeRead;
  /** A representative read, for text of suggestions (`err.code`). */
  subject: Node;
  /** True: the consequent runs for the named codes. False: it runs for every other code. */
  matches: boolean;
  codes: NamedCode[];
  /** A list element could not be read: the test may name more codes. */
  open: boolean;
}

function numberValue(node: Node): number | null {
  const target = skipWrappers(node);
  if (target.type === AST_NODE_TYPES.Literal && typeof target.value === 'number') return target.value;
  if (
    target.type === AST_NODE_TYPES.UnaryExpression &&
    target.operator === '-' &&
    target.argument.type === AST_NODE_TYPES.Literal &&
    typeof target.argument.value === 'number'
  ) {
    return -target.argument.value;
  }
  return null;
}

/** `LIST.indexOf(code) !== -1` and friends: true when found, false when not found, null otherwise. */
function indexOfMeaning(node: TSESTree.BinaryExpression): { call: TSESTree.CallExpression; found: boolean } | null {
  const call = skipWrappers(node.left);
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  const bound = numberValue(node.right);
  if (bound === null) return null;
  const found =
    (bound === -1 && (node.operator === '!==' || node.operator === '!=' || node.operator === '>')) ||
    (bound === 0 && node.operator === '>=');
  const missing =
    (bound === -1 && (node.operator === '===' || node.operator === '==')) || (bound === 0 && node.operator === '<');
  if (!found && !missing) return null;
  return { call, found };
}

function membershipTest(membership: CodeMembership, matches: boolean): CodeTest {
  const anchor: CodeAnchor = { type: 'list', list: membership.list.array };
  return {
    key: membership.read.key,
    read: membership.read,
    subject: membership.subject,
    matches,
    codes: membership.list.codes.map((code) => namedCode(code, anchor, membership.call)),
    open: membership.list.open,
  };
}

const MEMBERSHIP_METHODS = new Set(['includes', 'has', 'indexOf']);

/** `X.includes(one)`, `X.has(one)`, `X.indexOf(one)`: the shape of a membership test, syntax only. */
export function mayBeCodeMembership(node: TSESTree.CallExpression): boolean {
  const callee = skipWrappers(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || node.arguments.length !== 1) return false;
  const method = propertyName(callee);
  return method !== undefined && MEMBERSHIP_METHODS.has(method);
}

/**
 * Can `readCodeTest` read this test? Syntax only (no scope, no name looked up): a comparison with
 * an equality operator, an `indexOf` bound, a membership call, or `!`, `&&`, `||` of one.
 */
export function mayBeCodeTest(node: Node): boolean {
  const target = skipWrappers(node);
  switch (target.type) {
    case AST_NODE_TYPES.UnaryExpression:
      return target.operator === '!' && mayBeCodeTest(target.argument);
    case AST_NODE_TYPES.BinaryExpression:
      return isEquality(target) || skipWrappers(target.left).type === AST_NODE_TYPES.CallExpression;
    case AST_NODE_TYPES.CallExpression:
      return mayBeCodeMembership(target);
    case AST_NODE_TYPES.LogicalExpression:
      return target.operator !== '??' && (mayBeCodeTest(target.left) || mayBeCodeTest(target.right));
    default:
      return false;
  }
}

/**
 * Reads an `if` test as a code test: `E.code === 'X'`, `!==`, `||` groups, `&&` groups of `!==`,
 * `[...].includes(E.code)`, `SET.has(E.code)`, `indexOf(...) !== -1`, negations, and any of these
 * `&&`/`||` another condition that is not about the code (`err && err.code === 'X'`).
 */
export function readCodeTest(node: Node, scope: Scope): CodeTest | null {
  const target = skipWrappers(node);
  switch (target.type) {
    case AST_NODE_TYPES.UnaryExpression: {
      if (target.operator !== '!') return null;
      const inner = readCodeTest(target.argument, scope);
      return inner ? { ...inner, matches: !inner.matches } : null;
    }
    case AST_NODE_TYPES.BinaryExpression: {
      const comparison = readCodeComparison(target, scope);
      if (comparison) {
        const anchor: CodeAnchor = {
          type: 'comparison',
          comparison: target,
          subject: comparison.subject,
          equal: comparison.equal,
        };
        return {
          key: comparison.read.key,
          read: comparison.read,
          subject: comparison.subject,
          matches: comparison.equal,
          codes: [namedCode(comparison.code, anchor, target)],
          open: false,
        };
      }
      const index = indexOfMeaning(target);
      if (!index) return null;
      const membership = readCodeMembership(index.call, scope);
      return membership?.method === 'indexOf' ? membershipTest(membership, index.found) : null;
    }
    case AST_NODE_TYPES.CallExpression: {
      const membership = readCodeMembership(target, scope);
      return membership && membership.method !== 'indexOf' ? membershipTest(membership, true) : null;
    }
    case AST_NODE_TYPES.LogicalExpression: {
      if (target.operator === '??') return null;
      const left = readCodeTest(target.left, scope);
      const right = readCodeTest(target.right, scope);
      if (left && right) {
        if (left.key !== right.key || left.matches !== right.matches) return null;
        // `a === X || a === Y` names both; `a !== X && a !== Y` excludes both. The other pairings
        // (`a === X && a === Y`) cannot both hold or are not a dispatch.
        if (left.matches !== (target.operator === '||')) return null;
        return { ...left, codes: [...left.codes, ...right.codes], open: left.open || right.open };
      }
      const only = left ?? right;
      if (!only) return null;
      const other = left ? target.right : target.left;
      if (mentionsCode(other, only.key, scope)) return null;
      // `err && err.code === 'X'`, `closing || err.code === 'X'`: the other condition narrows one
      // side; the codes still go where the code test sends them.
      if (target.operator === '||' && !only.matches) return null;
      return only;
    }
    default:
      return null;
  }
}

/** Does this expression compare or test the same code again in a way we did not read? */
function mentionsCode(node: Node, key: string, scope: Scope): boolean {
  const target = skipWrappers(node);
  if (target.type === AST_NODE_TYPES.BinaryExpression && isEquality(target)) {
    if (target.left.type === AST_NODE_TYPES.PrivateIdentifier) return false;
    return [target.left, target.right].some((side) => readCode(side, scope)?.key === key);
  }
  if (target.type === AST_NODE_TYPES.LogicalExpression) {
    return mentionsCode(target.left, key, scope) || mentionsCode(target.right, key, scope);
  }
  if (target.type === AST_NODE_TYPES.UnaryExpression) return mentionsCode(target.argument, key, scope);
  return false;
}

/** A `switch` on a code: its cases, by the codes they name. */
export interface CodeSwitch {
  read: CodeRead;
  cases: { switchCase: TSESTree.SwitchCase; code: StringValue | null }[];
  codes: NamedCode[];
  defaultCase: TSESTree.SwitchCase | null;
  /** A case test is not a constant string (`case SOME_CODE_FROM_ELSEWHERE:`). */
  open: boolean;
}

export function readCodeSwitch(node: TSESTree.SwitchStatement, scope: Scope): CodeSwitch | null {
  const read = readCode(node.discriminant, scope);
  if (!read) return null;
  const cases: CodeSwitch['cases'] = [];
  const codes: NamedCode[] = [];
  let open = false;
  let defaultCase: TSESTree.SwitchCase | null = null;
  for (const switchCase of node.cases) {
    if (!switchCase.test) {
      defaultCase = switchCase;
      continue;
    }
    const code = readString(switchCase.test, scope);
    cases.push({ switchCase, code });
    if (code) codes.push(namedCode(code, { type: 'case', switchCase }, switchCase.test));
    else open = true;
  }
  return { read, cases, codes, defaultCase, open };
}

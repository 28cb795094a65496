/**
 * Where a file reads an error's code out of its message: `err.message.includes('ECONNRESET')`,
 * `.indexOf(…)`, `.match(/EPIPE/)`, `/ECONNRESET/.test(err.message)`, `err.message === 'read EPIPE'`.
 * Such checks break when the message is reworded or the error wrapped. Assertions of tests, where
 * matching the text is the point, are not such reads.
 *
 * Syntax only, answered for the node asked about; which words are codes is the caller's answer
 * (src/model/code-known.ts).
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { libraryObjectOf } from '../libraries.js';
import { findVariable, referenceKey } from '../listeners.js';
import { isEquality, isFunction, isWrapper, propertyName, skipWrappers } from './ast.js';
import { readString } from './code-reads.js';
import { fileListeners } from './file-nodes.js';
import { resolveFunction } from './functions.js';
import type { SocketDetector } from './sockets.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Words that look like codes inside a message needle or a regular expression. */
const CODE_WORD = /[A-Z][A-Z0-9_]{2,}/g;

/** Calls whose message checks are assertions in tests, where matching the text is the point. */
const ASSERTION = /^(?:assert|expect|ok|equal|strictEqual|deepEqual|match|throws|rejects)$/;
const ASSERTION_OWNER = /^(?:assert|t|tap|test|expect|chai|should)$/;

const MESSAGE_METHODS = new Set(['includes', 'indexOf', 'lastIndexOf', 'startsWith', 'endsWith', 'match', 'matchAll', 'search']);
/** `connect ETIMEDOUT`, `listen EADDRINUSE`: a message Node never gives these calls' errors (it names the address). */
const ADDRESSLESS = /^(?:connect|listen|bind) [A-Z][A-Z0-9_]+$/u;
/**
 * How Node words a system error: the code after the call's name (`read ECONNRESET`, `connect
 * ECONNREFUSED 127.0.0.1:80`, `listen EADDRINUSE: address already in use`) or first (`EBADF: bad
 * file descriptor, fstat`). A whole message worded otherwise (`ioctl(2) failed, EBADF`) is a native
 * addon's or another library's, whose error may carry no code.
 */
const NODE_WORDING = /^(?:[a-z]\w* )?[A-Z][A-Z0-9_]+(?:[: ].*)?$/su;

/** A check of an error's message for codes. */
export interface MessageMatch {
  /** The check: the call or the comparison. */
  node: TSESTree.CallExpression | TSESTree.BinaryExpression;
  /** The error `E` of `E.message`, or of `` `${E}` ``, `String(E)`, `E.toString()`. */
  error: TSESTree.Node;
  /**
   * What the check reads: `E.message` itself, or a name holding it (`const text = \`${err.message}\``),
   * in which case there is no suggestion (the error may not be in scope where the name is read).
   */
  subject: TSESTree.Node;
  /** The codes it looks for. */
  words: string[];
  /**
   * When the check looks for exactly one code and nothing else (`includes('EPIPE')`,
   * `/EPIPE/.test(…)`): the expression to replace (the whole optional chain) and the code.
   */
  replacement: { node: TSESTree.Node; value: string } | null;
}

/** `E.message` (or `E?.message`): the member. */
function messageMember(node: TSESTree.Node): TSESTree.MemberExpression | null {
  const target = skipWrappers(node);
  return target.type === AST_NODE_TYPES.MemberExpression && propertyName(target) === 'message' ? target : null;
}

/**
 * The error whose message an expression holds: `E` of `E.message`, or of what keeps its text
 * unchanged: a never reassigned variable initialized with one, `` `${E.message}` ``,
 * `String(E.message)`, `E.message.toString()`, `E.message || ''`, `E.message ?? ''`. Also the
 * error written out whole (`` `${E}` ``, `String(E)`, `E.toString()`) when `E` is a parameter or
 * the error of a `catch`: its text is its name and its message (an `AggregateError` of a host
 * with two addresses has an empty message on Node 20, test/codes.live.test.ts).
 */
function messageRead(node: TSESTree.Node, scope: TSESLint.Scope.Scope, depth = 0, whole = false): TSESTree.Node | null {
  const direct = messageMember(node);
  if (direct && parsedPayload(direct.object, scope)) return null;
  if (direct || depth > 3) return direct ? direct.object : null;
  const target = skipWrappers(node);
  switch (target.type) {
    case AST_NODE_TYPES.Identifier: {
      const variable = findVariable(scope, target);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (whole && def && isErrorBinding(def)) return target;
      if (
        def?.type !== TSESLint.Scope.DefinitionType.Variable ||
        def.node.type !== AST_NODE_TYPES.VariableDeclarator ||
        def.node.id.type !== AST_NODE_TYPES.Identifier ||
        !def.node.init ||
        variable!.references.some((reference) => reference.isWrite() && !reference.init)
      ) {
        return null;
      }
      return messageRead(def.node.init, scope, depth + 1);
    }
    case AST_NODE_TYPES.TemplateLiteral: {
      const [only] = target.expressions;
      return target.expressions.length === 1 && only && target.quasis.every((quasi) => quasi.value.cooked === '')
        ? messageRead(only, scope, depth + 1, true)
        : null;
    }
    case AST_NODE_TYPES.CallExpression: {
      const callee = skipWrappers(target.callee);
      const [argument] = target.arguments;
      if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'String' && argument && target.arguments.length === 1) {
        return argument.type === AST_NODE_TYPES.SpreadElement ? null : messageRead(argument, scope, depth + 1, true);
      }
      if (callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'toString' && target.arguments.length === 0) {
        return messageRead(callee.object, scope, depth + 1, true);
      }
      return null;
    }
    case AST_NODE_TYPES.LogicalExpression:
      return target.operator === '&&' ? null : messageRead(target.left, scope, depth + 1);
    default:
      return null;
  }
}

/**
 * A variable holding a parsed reply (`const json = JSON.parse(body)`, `const data = await res.json()`):
 * its `message` is a field of the peer's payload, not an error's text.
 */
function parsedPayload(node: TSESTree.Node, scope: TSESLint.Scope.Scope): boolean {
  const target = skipWrappers(node);
  if (target.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = findVariable(scope, target);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  const init = def?.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init ? skipWrappers(def.node.init) : undefined;
  const call = init?.type === AST_NODE_TYPES.AwaitExpression ? skipWrappers(init.argument) : init;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = propertyName(call.callee);
  const object = call.callee.object;
  return (name === 'parse' && object.type === AST_NODE_TYPES.Identifier && object.name === 'JSON') || (name === 'json' && init?.type === AST_NODE_TYPES.AwaitExpression);
}

/** An error's name: the parameter of `catch`, or a parameter named as one (`err`, `e`, `connectError`). */
const ERROR_NAME = /^(?:e|ex|err|error|exc|exception)$|(?:Error|Err)$/u;

function isErrorBinding(def: TSESLint.Scope.Definition): boolean {
  if (def.type === TSESLint.Scope.DefinitionType.CatchClause) return true;
  return def.type === TSESLint.Scope.DefinitionType.Parameter && def.name.type === AST_NODE_TYPES.Identifier && ERROR_NAME.test(def.name.name);
}

/** The kinds of expression `messageRead` can read a message from, without the scope. */
const MESSAGE_HOLDERS: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.Identifier,
  AST_NODE_TYPES.TemplateLiteral,
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.LogicalExpression,
]);

/** Can `messageRead` find a message in this expression? Syntax only: `E.message`, or a kind that may hold one. */
function mayHoldMessage(node: TSESTree.Node): boolean {
  return messageMember(node) !== null || MESSAGE_HOLDERS.has(skipWrappers(node).type);
}

function codesIn(text: string, isCode: (word: string) => boolean): string[] {
  return [...new Set(text.match(CODE_WORD) ?? [])].filter(isCode);
}

/** Is `node` inside an assertion (`assert.match(err.message, …)`, `expect(…).toBe(…)`) of its statement? */
export function inAssertion(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipWrappers(current.callee);
      if (callee.type === AST_NODE_TYPES.Identifier && ASSERTION.test(callee.name)) return true;
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const owner = skipWrappers(callee.object);
        if (owner.type === AST_NODE_TYPES.Identifier && ASSERTION_OWNER.test(owner.name)) return true;
        if (owner.type === AST_NODE_TYPES.CallExpression) {
          const inner = skipWrappers(owner.callee);
          if (inner.type === AST_NODE_TYPES.Identifier && ASSERTION.test(inner.name)) return true;
        }
      }
    }
    if (current.type.endsWith('Statement') || current.type.includes('Function')) return false;
  }
  return false;
}

function match(
  node: MessageMatch['node'],
  error: TSESTree.Node,
  subject: TSESTree.Node,
  words: string[],
  replacement: MessageMatch['replacement'],
): MessageMatch | null {
  if (inAssertion(node)) return null;
  // Through a name, the error itself may be out of reach: no rewrite to `E.code`.
  const read = skipWrappers(subject);
  const direct = read.type === AST_NODE_TYPES.MemberExpression && read.object === error;
  return { node, error, subject, words, replacement: direct ? replacement : null };
}

/** `err.message.includes('ECONNRESET')`, `.indexOf(...)`, `.match(/EPIPE/)`, `/ECONNRESET/.test(err.message)`. */
export function readMessageCall(node: TSESTree.CallExpression, sourceCode: SourceCode, isCode: (word: string) => boolean): MessageMatch | null {
  const callee = skipWrappers(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const method = propertyName(callee);
  const [argument] = node.arguments;
  if (!method || !argument || argument.type === AST_NODE_TYPES.SpreadElement) return null;
  if (!MESSAGE_METHODS.has(method) && method !== 'test' && method !== 'exec') return null;
  const scope = sourceCode.getScope(node);
  // Replace the whole optional chain (`err.message?.includes(...)`), not the call inside it.
  const whole = node.parent.type === AST_NODE_TYPES.ChainExpression ? node.parent : node;

  const onMessage = MESSAGE_METHODS.has(method) ? messageRead(callee.object, scope) : null;
  if (onMessage) {
    const needle = skipWrappers(argument);
    if (needle.type === AST_NODE_TYPES.Literal && 'regex' in needle) {
      const words = codesIn(needle.regex.pattern, isCode);
      return words.length > 0 ? match(node, onMessage, callee.object, words, null) : null;
    }
    const text = readString(argument, scope)?.value;
    if (text === undefined) return null;
    const words = codesIn(text, isCode);
    if (words.length === 0) return null;
    const exact = method === 'includes' && words.length === 1 && text === words[0];
    return match(node, onMessage, callee.object, words, exact ? { node: whole, value: text } : null);
  }
  if (method === 'test' || method === 'exec') {
    const message = messageRead(argument, scope);
    const regex = skipWrappers(callee.object);
    if (!message || regex.type !== AST_NODE_TYPES.Literal || !('regex' in regex)) return null;
    const words = codesIn(regex.regex.pattern, isCode);
    if (words.length === 0) return null;
    const exact = method === 'test' && regex.regex.flags === '' && words.length === 1 && regex.regex.pattern === words[0];
    return match(node, message, argument, words, exact && words[0] ? { node: whole, value: words[0] } : null);
  }
  return null;
}

/** `err.message === 'read ECONNRESET'`. */
export function readMessageEquality(node: TSESTree.BinaryExpression, sourceCode: SourceCode, isCode: (word: string) => boolean): MessageMatch | null {
  if (!isEquality(node) || node.left.type === AST_NODE_TYPES.PrivateIdentifier) return null;
  if (!mayHoldMessage(node.left) && !mayHoldMessage(node.right)) return null;
  const scope = sourceCode.getScope(node);
  for (const [side, other] of [
    [node.left, node.right],
    [node.right, node.left],
  ] as const) {
    const message = messageRead(side, scope);
    const text = message ? readString(other, scope)?.value : undefined;
    if (!message || text === undefined) continue;
    // Node names the address in every message of these calls (`connect ECONNREFUSED 127.0.0.1:6379`,
    // test/codes.live.test.ts): one without is another library's error, which may have no code.
    if (ADDRESSLESS.test(text) || !NODE_WORDING.test(text)) return null;
    const words = codesIn(text, isCode);
    return words.length > 0 ? match(node, message, side, words, null) : null;
  }
  return null;
}

/** `err.message === 'connect ECONNREFUSED'`: a whole message compared that Node never gives (it names the address). */
export interface AddresslessComparison {
  node: TSESTree.BinaryExpression;
  /** The error `E` of `E.message`. */
  error: TSESTree.Identifier;
  message: TSESTree.MemberExpression;
  text: string;
  code: string;
}

/**
 * `err.message === 'connect ECONNREFUSED'` (or `!==`), read directly off the error: Node words the
 * errors of `connect`, `listen` and `bind` with the address (`connect ECONNREFUSED 127.0.0.1:80`),
 * so on an error of Node's own socket the comparison never holds (on another library's error it
 * may: see `readMessageEquality`).
 */
export function readAddresslessEquality(node: TSESTree.BinaryExpression): AddresslessComparison | null {
  if (!isEquality(node) || node.left.type === AST_NODE_TYPES.PrivateIdentifier) return null;
  for (const [side, other] of [
    [node.left, node.right],
    [node.right, node.left],
  ] as const) {
    const message = skipWrappers(side);
    if (message.type !== AST_NODE_TYPES.MemberExpression || message.computed || message.property.type !== AST_NODE_TYPES.Identifier || message.property.name !== 'message') continue;
    const error = skipWrappers(message.object);
    const text = other.type === AST_NODE_TYPES.Literal && typeof other.value === 'string' ? other.value : undefined;
    if (error.type !== AST_NODE_TYPES.Identifier || text === undefined || !ADDRESSLESS.test(text)) continue;
    return { node, error, message, text, code: text.slice(text.indexOf(' ') + 1) };
  }
  return null;
}

/**
 * Is `error` the first parameter of a function the file gives as 'error' listener to an object
 * the detector knows, by syntax or type (a name alone is not enough), as one of Node's sockets
 * (`this._connection = net.createConnection(…); this._connection.once('error', onError)`), or to a
 * UDP socket of `dgram.createSocket()`?
 */
export function nodeSocketErrorParam(error: TSESTree.Identifier, sourceCode: SourceCode, sockets: SocketDetector): boolean {
  const def = findVariable(sourceCode.getScope(error), error)?.defs[0];
  const fn = def?.type === TSESLint.Scope.DefinitionType.Parameter ? def.node : undefined;
  if (!fn || !isFunction(fn) || fn.params[0] !== def?.name) return false;
  return fileListeners(sourceCode).some((listener) => {
    if (listener.event !== 'error' || !listener.listener || resolveFunction(listener.listener, sourceCode) !== fn) return false;
    const match = sockets.match(listener.target);
    return (match !== undefined && match.via !== 'name') || libraryObjectOf(listener.target, sourceCode)?.id === 'dgram.createSocket';
  });
}

/**
 * Is the message check the whole test of an `if` that does nothing (`if (/ECONNRESET/.test(err.message)) {
 * // expected on shutdown }`)? No behaviour depends on it.
 */
export function guardsNothing(found: MessageMatch): boolean {
  let top: TSESTree.Node = found.node;
  while (top.parent && (isWrapper(top.parent) || (top.parent.type === AST_NODE_TYPES.UnaryExpression && top.parent.operator === '!'))) top = top.parent;
  const statement = top.parent;
  return statement?.type === AST_NODE_TYPES.IfStatement && statement.test === top && !statement.alternate && statement.consequent.type === AST_NODE_TYPES.BlockStatement && statement.consequent.body.length === 0;
}

/**
 * The check is one side of an `||` whose other side compares the same error's code with every code
 * it looks for (`/ECONNRESET/.test(err.message) || err.code === 'ECONNRESET'`): a fallback for
 * errors wrapped with the text kept and the code lost, not the only check.
 */
export function codeComparedBeside(found: MessageMatch, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let top: TSESTree.Node = found.node;
  while (top.parent && (isWrapper(top.parent) || (top.parent.type === AST_NODE_TYPES.LogicalExpression && top.parent.operator === '||'))) top = top.parent;
  if (top === found.node) return false;
  const error = referenceKey(found.error, sourceCode);
  const compared = new Set<string>();
  const visit = (node: TSESTree.Node): void => {
    const target = skipWrappers(node);
    // `err.code && err.code === 'EPIPE'` holds only where its comparison does.
    if (target.type === AST_NODE_TYPES.LogicalExpression && (target.operator === '||' || target.operator === '&&')) {
      visit(target.left);
      visit(target.right);
    } else if (target.type === AST_NODE_TYPES.BinaryExpression && (target.operator === '===' || target.operator === '==')) {
      for (const [side, other] of [[target.left, target.right], [target.right, target.left]] as const) {
        const read = codeHolder(skipWrappers(side), sourceCode);
        const value = skipWrappers(other);
        if (value.type !== AST_NODE_TYPES.Literal || typeof value.value !== 'string' || read.type !== AST_NODE_TYPES.MemberExpression) continue;
        if (propertyName(read) === 'code' && error !== undefined && referenceKey(read.object, sourceCode) === error) compared.add(value.value);
      }
    }
  };
  visit(top);
  return found.words.every((word) => compared.has(word));
}

/**
 * What a name read beside a message check holds: `errCode` for `const errCode = err?.code` (also
 * `err.code || ''`), so that `errCode === 'EADDRINUSE' || errMessage.includes('EADDRINUSE')` is a
 * code compared beside the message. Anything else is returned as it is.
 */
function codeHolder(read: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node {
  if (read.type !== AST_NODE_TYPES.Identifier) return read;
  const variable = findVariable(sourceCode.getScope(read), read);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.node.type !== AST_NODE_TYPES.VariableDeclarator || def.parent?.type !== AST_NODE_TYPES.VariableDeclaration || def.parent.kind !== 'const' || !def.node.init) return read;
  let value = skipWrappers(def.node.init);
  if (value.type === AST_NODE_TYPES.LogicalExpression && (value.operator === '||' || value.operator === '??')) value = skipWrappers(value.left);
  return value;
}

/**
 * Messages of Node's errors that do not name their code, with the code (measured:
 * test/codes.live.test.ts). Every other message of a routine error names its code (`read
 * ECONNRESET`, `connect ECONNREFUSED 127.0.0.1:80`), and an AggregateError's is empty.
 */
const CODELESS_MESSAGES: ReadonlyMap<string, string> = new Map([
  ['socket hang up', 'ECONNRESET'],
  ['aborted', 'ECONNRESET'],
  ['This socket has been ended by the other party', 'EPIPE'],
  ['Premature close', 'ERR_STREAM_PREMATURE_CLOSE'],
  ['write after end', 'ERR_STREAM_WRITE_AFTER_END'],
  ['Cannot call write after a stream was destroyed', 'ERR_STREAM_DESTROYED'],
  ['Cannot call end after a stream was finished', 'ERR_STREAM_ALREADY_FINISHED'],
  ['Socket is closed', 'ERR_SOCKET_CLOSED'],
  ['Socket closed before the connection was established', 'ERR_SOCKET_CLOSED_BEFORE_CONNECTION'],
  ['The operation was aborted', 'ABORT_ERR'],
  ['Request timeout', 'ERR_HTTP_REQUEST_TIMEOUT'],
]);

/**
 * Can an error with `code` have exactly `text` as its message? When the text names the code, or
 * is the code-less message Node gives it; an empty text may be any code's.
 */
export function messageMayBe(text: string, code: string): boolean {
  return text === '' || CODELESS_MESSAGES.get(text) === code || new RegExp(`(?:^|\\W)${code}(?:\\W|$)`, 'u').test(text);
}

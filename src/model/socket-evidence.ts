/**
 * Is an object a socket by what the file does with it rather than by its name: the file assigns
 * one of Node's sockets to it somewhere (`this._socket = tls.connect(…)`, while other writes take
 * a socket from the caller's options), listens for its 'timeout' or 'secureConnect' events, sets
 * its keep-alive or no-delay (`setKeepAlive()`, `setNoDelay()`), or both writes to it and unrefs it. `setTimeout(ms, cb)` alone is no
 * evidence: any client a factory returns may have one.
 *
 * The detector (src/model/sockets.ts) wants every value of a variable or field to be a socket, or
 * a name under `strict`; that keeps `recommended` quiet on objects it cannot follow. The checks
 * that read this answer (an object stripped of its 'error' listeners and kept, an object listening
 * once while the file emits 'error' on it) rest on a fact of every emitter: an 'error' emitted with
 * nobody listening ends the process. They only need to know the object is one that fails on its
 * own, which an object used like this is.
 *
 * Read once per file from the model's walk (cached on the `Program`): the keys of the objects used
 * like sockets, and the plain assignments of the file; `isSocket` is asked only about the values
 * assigned to the keys in question.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { listenerCallOf, referenceKey } from '../listeners.js';
import { mayMention } from '../tokens.js';
import { calleeMember, skipWrappers } from './ast.js';
import { fileNodes } from './file-nodes.js';
import { copiedValue } from './key-aliases.js';
import { resourceNodes } from './resource-walk.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Events only sockets (and HTTP requests, which are sockets to these checks) emit. */
const SOCKET_EVENTS = new Set(['timeout', 'secureConnect']);
/** Methods only of net.Socket (and of what wraps one) that take a flag. */
const SOCKET_METHODS = new Set(['setKeepAlive', 'setNoDelay']);
/**
 * Of Node's objects, only a net.Socket (or what wraps one) is both written to and kept from holding
 * the process open: timers, servers, child processes and workers have `unref()` but no `write()`,
 * streams have `write()` but no `unref()`.
 */
export const UNREF_AND_WRITE = ['unref', 'write'] as const;

interface FileEvidence {
  /** Keys of the objects the file listens to or configures like a socket. */
  used: ReadonlySet<string>;
  /** Every plain `key = value` of the file (declarators with an initialiser, `=` assignments). */
  copies: readonly { key: string; value: TSESTree.Node }[];
}

const cache = new WeakMap<TSESTree.Program, FileEvidence>();

function fileEvidence(sourceCode: SourceCode): FileEvidence {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const used = new Set<string>();
  const unrefed = new Set<string>();
  const written: TSESTree.Node[] = [];
  for (const call of fileNodes(sourceCode).calls) {
    const member = calleeMember(call);
    if (!member) continue;
    if (member.name === 'unref' || member.name === 'write') {
      const key = member.name === 'unref' && call.arguments.length === 0 ? referenceKey(member.object, sourceCode) : undefined;
      if (key !== undefined) unrefed.add(key);
      else if (member.name === 'write' && call.arguments.length > 0) written.push(member.object);
      continue;
    }
    if (SOCKET_METHODS.has(member.name)) {
      if (call.arguments.length === 0) continue;
      const key = referenceKey(member.object, sourceCode);
      if (key !== undefined) used.add(key);
      continue;
    }
    const listener = listenerCallOf(call, sourceCode);
    if (!listener || !SOCKET_EVENTS.has(listener.event)) continue;
    const key = referenceKey(listener.target, sourceCode);
    if (key !== undefined) used.add(key);
  }
  if (unrefed.size > 0) {
    for (const object of written) {
      const key = referenceKey(object, sourceCode);
      if (key !== undefined && unrefed.has(key)) used.add(key);
    }
  }
  const copies: { key: string; value: TSESTree.Node }[] = [];
  for (const node of resourceNodes(sourceCode).nodes) {
    const copy = copiedValue(node);
    if (!copy || copy.target.type === AST_NODE_TYPES.ObjectPattern || copy.target.type === AST_NODE_TYPES.ArrayPattern) continue;
    const key = referenceKey(copy.target, sourceCode);
    if (key !== undefined) copies.push({ key, value: copy.value });
  }
  const evidence = { used, copies };
  cache.set(sourceCode.ast, evidence);
  return evidence;
}

/**
 * Does the file use the object named by the keys `named` accepts like a socket: configure it or
 * listen for a socket's own event, or assign it a value `isSocket` says is one?
 */
export function usedAsSocket(sourceCode: SourceCode, named: (key: string) => boolean, isSocket: (node: TSESTree.Expression) => boolean): boolean {
  const { used, copies } = fileEvidence(sourceCode);
  for (const key of used) if (named(key)) return true;
  return copies.some((copy) => named(copy.key) && possibleValues(copy.value).some((value) => isSocket(value as TSESTree.Expression)));
}

/** The values an expression may have: both sides of `||`/`??`, the right of `&&`, both branches of `?:`. */
export function possibleValues(node: TSESTree.Node): TSESTree.Node[] {
  const value = skipWrappers(node);
  if (value.type === AST_NODE_TYPES.LogicalExpression) {
    return value.operator === '&&' ? possibleValues(value.right) : [...possibleValues(value.left), ...possibleValues(value.right)];
  }
  if (value.type === AST_NODE_TYPES.ConditionalExpression) return [...possibleValues(value.consequent), ...possibleValues(value.alternate)];
  return [value];
}

/**
 * Can the file use some object like a socket (see `usedAsSocket`) and take its 'error' listener
 * away or listen once? A look at its tokens, for a rule that otherwise skips a file where the
 * detector sees no socket.
 */
export function mayUseAsSocket(sourceCode: SourceCode): boolean {
  const text = sourceCode.text;
  // A name or string spelt without an escape is a whole word of the text: most files have no
  // backslash and miss a word of each list, which one search of the text tells.
  if (sourceCode.ast.tokens && !text.includes('\\') && !(EVIDENCE_WORDS.test(text) && REMOVAL_WORDS.test(text))) return false;
  return mayMention(sourceCode, EVIDENCE_NAMES) && mayMention(sourceCode, REMOVAL_NAMES);
}

/** The names the file must spell to use an object like a socket, and to take its 'error' listener away or listen once. */
export const EVIDENCE_NAMES: readonly string[] = [...SOCKET_EVENTS, ...SOCKET_METHODS, 'unref'];
export const REMOVAL_NAMES: readonly string[] = ['removeAllListeners', 'removeListener', 'off', 'once'];
const EVIDENCE_WORDS = new RegExp(`\\b(?:${EVIDENCE_NAMES.join('|')})\\b`, 'u');
const REMOVAL_WORDS = new RegExp(`\\b(?:${REMOVAL_NAMES.join('|')})\\b`, 'u');

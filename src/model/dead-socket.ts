/**
 * What `cleanup-dead-socket` and `no-use-after-dead` share: which calls are I/O on a socket, which
 * function a listener argument names, and the object a listener is registered on.
 *
 * Socket facts behind the I/O list (DESIGN.md §3, Node 20): after `destroy()` a `write()` fails with
 * ERR_STREAM_DESTROYED in its callback only and `end(data)` drops the data; `writeHead`/`setHeader`
 * throw ERR_HTTP_HEADERS_SENT once headers went out; `setKeepAlive`/`setNoDelay`/`setTimeout` act on
 * a handle that is gone. `end()` without data is a harmless no-op after `destroy()` and is not I/O.
 */
import { AST_NODE_TYPES, AST_TOKEN_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getListenerCall, listenerCallOf, referenceKey, resolveVariable, stripListenerChain } from '../listeners.js';
import type { SocketKind } from './node-api.js';
import type { SocketMatch } from './options.js';
import type { SocketDetector } from './sockets.js';
import { mayMention, visitSpellings, wholeWords } from '../tokens.js';
import { outermost, propertyName, skipWrappers } from './ast.js';
import { isFunctionValue } from './functions.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The variable an identifier refers to (see `resolveVariable` in src/listeners.ts). */
export function variableOf(identifier: TSESTree.Identifier, sourceCode: SourceCode): TSESLint.Scope.Variable | undefined {
  return resolveVariable(identifier, sourceCode.getScope(identifier));
}

/**
 * The variable a declaration initialised with `creation` declares (`const pool = new Pool()`), when
 * that declaration is its only one.
 */
export function declaredVariable(creation: TSESTree.Node, sourceCode: SourceCode): TSESLint.Scope.Variable | undefined {
  const declarator = outermost(creation).parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = variableOf(declarator.id, sourceCode);
  return variable?.defs.length === 1 && variable.defs[0]!.type === TSESLint.Scope.DefinitionType.Variable ? variable : undefined;
}

export { listenerCallOf, referenceKey };

/**
 * `detector.match`, asked once per object: every read of the same variable or `this.x` gets the
 * answer of the first (the detector caches per node, and a parameter's answer costs a pass over
 * its references).
 */
export function matchOncePerObject(detector: SocketDetector, sourceCode: SourceCode): (node: TSESTree.Node) => SocketMatch | undefined {
  const byKey = new Map<string, SocketMatch | null>();
  return (node) => {
    const target = skipWrappers(node);
    const key =
      target.type === AST_NODE_TYPES.Identifier || target.type === AST_NODE_TYPES.MemberExpression ? referenceKey(target, sourceCode) : undefined;
    if (key === undefined) return detector.match(node);
    const cached = byKey.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const found = detector.match(node);
    byKey.set(key, found ?? null);
    return found;
  };
}

/**
 * Can some `object.name(…)` of the file call one of `names`? Read from the tokens, without walking
 * the tree: every such call has the name as an identifier token or, computed (`object['name']`), as a
 * string token (src/tokens.ts). With types the detector cannot rule out sockets anywhere, so this
 * is how a rule skips a file it has nothing to report in.
 */
export function mayCallAny(sourceCode: SourceCode, names: ReadonlySet<string>): boolean {
  return mayMention(sourceCode, names);
}

/**
 * `mayCallAny` for the file (`any`) and for a part of it (`within(node)`: its method name is one
 * of the node's own tokens), by a binary search over the positions of such tokens, found once.
 * Without tokens every answer is yes.
 */
export function callsWithin(sourceCode: SourceCode, names: ReadonlySet<string>): { any: boolean; within: (node: TSESTree.Node) => boolean } {
  const starts: number[] = [];
  const noTokens = visitSpellings(sourceCode, wholeWords(names), (value, _kind, token) => {
    if (value === null || names.has(value)) starts.push(token.range[0]);
    return false;
  });
  if (noTokens) return { any: true, within: () => true };
  starts.sort((a, b) => a - b);
  const within = (node: TSESTree.Node): boolean => {
    const [start, end] = node.range;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (starts[middle]! < start) low = middle + 1;
      else high = middle;
    }
    return low < starts.length && starts[low]! < end;
  };
  return { any: starts.length > 0, within };
}

/**
 * Can the file assign to a computed member (`registry[id] = value`, also `(registry[id] as T) = …`
 * and `registry[id]! = …`)? Such a target ends in `]`, `)` or `!` right before the `=`.
 */
export function mayAssignIndexed(sourceCode: SourceCode): boolean {
  const tokens = sourceCode.ast.tokens;
  if (!tokens) return true;
  return tokens.some((token, index) => {
    if (token.type !== AST_TOKEN_TYPES.Punctuator || token.value !== '=') return false;
    const previous = tokens[index - 1]?.value;
    return previous === ']' || previous === ')' || previous === '!';
  });
}

const WRITABLE_IO = ['write', 'end', 'cork', 'uncork'];

/** Methods that read or write through a live connection, by the kind of value they are called on. */
export const IO_METHODS: Readonly<Record<SocketKind, ReadonlySet<string>>> = {
  socket: new Set([...WRITABLE_IO, 'pipe', 'resume', 'setKeepAlive', 'setNoDelay', 'setTimeout']),
  'client-request': new Set([...WRITABLE_IO, 'setNoDelay', 'setTimeout']),
  'incoming-message': new Set(['pipe', 'resume', 'setTimeout']),
  'server-response': new Set([...WRITABLE_IO, 'writeHead', 'setHeader', 'setTimeout']),
  'http2-session': new Set(['request', 'ping', 'setTimeout']),
  'http2-stream': new Set([...WRITABLE_IO, 'pipe', 'resume', 'respond', 'setTimeout']),
};

/**
 * I/O methods that neither throw nor emit anything on a destroyed socket (measured on Node 20,
 * test/live/dead-socket-calls.live.test.ts): on a socket that only may be dead they cannot fail.
 */
export const QUIET_WHEN_DEAD: ReadonlySet<string> = new Set(['resume', 'setKeepAlive', 'setNoDelay', 'setTimeout', 'cork', 'uncork']);

/** Every method name of IO_METHODS: the cheap syntactic filter before asking what the receiver is. */
export const ANY_IO_METHOD: ReadonlySet<string> = new Set(Object.values(IO_METHODS).flatMap((names) => [...names]));

export interface MethodCall {
  call: TSESTree.CallExpression;
  /** The receiver, without `!`/`as` wrappers. */
  object: TSESTree.Expression;
  name: string;
  /** `object?.name(...)`. */
  optional: boolean;
}

/** Reads `object.name(...)` / `object?.name(...)` with a static method name. */
export function readMethodCall(call: TSESTree.CallExpression): MethodCall | undefined {
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = propertyName(callee);
  if (name === undefined) return undefined;
  return { call, object: skipWrappers(callee.object) as TSESTree.Expression, name, optional: callee.optional };
}

/** The method `reference` calls on itself (`socket.write(…)` for the `socket` in it), if it is one's receiver. */
export function methodCalledOn(reference: TSESTree.Node): MethodCall | undefined {
  const member = reference.parent;
  const call = member?.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return undefined;
  return readMethodCall(call);
}

/**
 * Is this call I/O on a value of `kind`? `end()` counts only when it is given data to send;
 * `setTimeout(0)` only turns the idle timer off, a no-op on a destroyed socket (measured).
 */
export function isIoCall(method: MethodCall, kind: SocketKind, sourceCode: SourceCode): boolean {
  if (!IO_METHODS[kind].has(method.name)) return false;
  if (method.name === 'setTimeout') return !disarms(method.call);
  return method.name !== 'end' || endsWithData(method.call, sourceCode);
}

/** `setTimeout(0)`: the idle timer turned off. */
function disarms(call: TSESTree.CallExpression): boolean {
  const [first] = call.arguments;
  return first?.type === AST_NODE_TYPES.Literal && first.value === 0;
}

/** Does `end(…)` send data? Not without arguments, with `undefined`, or with only a callback (`end(resolve)`, `end(cb)`). */
export function endsWithData(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const [first] = call.arguments;
  return first !== undefined && !(first.type === AST_NODE_TYPES.Identifier && first.name === 'undefined') && !isFunctionValue(first, sourceCode);
}

/** Does `outer` span `inner` (by source range)? */
export function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}

/**
 * The reference key (see `referenceKey`) of the object a listener is registered on, also when it
 * is registered on a creation chain: `const s = net.connect(…).on('close', f)` keys as `s`.
 */
export function emitterKey(target: TSESTree.Node, sourceCode: SourceCode): string | undefined {
  const base = stripListenerChain(target);
  const direct = referenceKey(base, sourceCode);
  if (direct !== undefined) return direct;
  // Climb from the chain to where its value is stored.
  let current: TSESTree.Node = base;
  while (current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current && parent.parent?.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent && getListenerCall(parent.parent)) {
      current = parent.parent;
      continue;
    }
    if (isWrapperOf(parent, current)) {
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === current) return referenceKey(parent.id, sourceCode);
    if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === current && parent.operator === '=') {
      return referenceKey(parent.left, sourceCode);
    }
    return undefined;
  }
  return undefined;
}

function isWrapperOf(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  return (
    (parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      parent.type === AST_NODE_TYPES.ChainExpression) &&
    parent.expression === child
  );
}

/**
 * Keys that name the same object through a plain copy (`this.socket = socket`,
 * `const s = this.socket`): a listener on one counts for the other.
 */
export class KeyAliases {
  readonly #parent = new Map<string, string>();

  #find(key: string): string {
    let root = key;
    for (let next = this.#parent.get(root); next !== undefined && next !== root; next = this.#parent.get(root)) root = next;
    if (root !== key) this.#parent.set(key, root);
    return root;
  }

  /** Puts the two keys in one group; whether they were in two before. */
  union(a: string, b: string): boolean {
    const rootA = this.#find(a);
    const rootB = this.#find(b);
    if (rootA === rootB) return false;
    this.#parent.set(rootA, rootB);
    return true;
  }

  same(a: string, b: string): boolean {
    return a === b || this.#find(a) === this.#find(b);
  }

  /** The representative of the key's group. */
  root(key: string): string {
    return this.#find(key);
  }
}

/** A short text for messages: `socket`, `this.upstream`, or `the socket` for anything longer. */
export function displayName(node: TSESTree.Node, sourceCode: SourceCode): string {
  const text = sourceCode.getText(skipWrappers(node));
  return text.length <= 40 && !text.includes('\n') ? text : 'the socket';
}

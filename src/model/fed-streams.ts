/**
 * Which streams does the file feed with a connection's data? A decompression stream of node:zlib
 * (`res.pipe(zlib.createGunzip())`, or a `const gunzip = zlib.createGunzip()` piped into later)
 * whose `.pipe()` source is a response or a socket: what the peer sends reaches it, and a body cut
 * short is an 'error' on it that nothing else handles (src/libraries.ts, `DECOMPRESSION_STREAM`).
 *
 * The candidates (each creation and the receivers of the `.pipe()` calls that take it) are found
 * once per Program; whether a receiver is a connection is the caller's detector's answer, plus the
 * first parameter of a `'response'` listener, which is an HTTP client's response on any emitter.
 * `pipeline()` is no feed: it handles every stream's errors.
 */
import { ASTUtils, AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { DECOMPRESSION_EXPORTS, DECOMPRESSION_STREAM, type LibraryObject } from '../libraries.js';
import { findVariable, LISTEN_METHODS } from '../listeners.js';
import { mayMention } from '../tokens.js';
import { isFunctionLike, isNullish, isWrapper, propertyName, runtimeParams, skipWrappers } from './ast.js';
import { traceModuleCalls, type TraceMap } from './file-facts.js';
import { PARSER_STREAM, parserFeeds } from './parser-streams.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

interface Candidate {
  /** The call or `new` that makes the stream. */
  creation: TSESTree.Node;
  /** The receivers of the `.pipe()` calls that take the stream as their destination. */
  sources: TSESTree.Expression[];
}

const cache = new WeakMap<TSESTree.Program, readonly Candidate[]>();

let traceMap: TraceMap | undefined;

function getTraceMap(): TraceMap {
  if (traceMap) return traceMap;
  const { CALL, CONSTRUCT, ESM } = ASTUtils.ReferenceTracker;
  const exports: Record<string, unknown> = {};
  for (const name of DECOMPRESSION_EXPORTS) exports[name] = { [CALL]: true, [CONSTRUCT]: true };
  const moduleMap = { [ESM]: true, ...exports, default: exports };
  traceMap = Object.fromEntries(DECOMPRESSION_STREAM.modules.map((name) => [name, moduleMap])) as TraceMap;
  return traceMap;
}

/** The receiver of the `.pipe()` call that takes `node` as its destination. */
function pipeSource(node: TSESTree.Node): TSESTree.Expression | undefined {
  let value = node;
  while (value.parent && isWrapper(value.parent)) value = value.parent;
  const call = value.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== value) return undefined;
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(callee) !== 'pipe') return undefined;
  return callee.object;
}

/**
 * The reads of the `const`/`let` that `creation` initialises, when nothing else is ever assigned to
 * it; or of a `let` it is assigned to on one branch among others, when every value the variable is
 * given is nothing or a call (`let decoder; if (gzip) decoder = createGunzip(); else if (br) …`).
 */
function holderReads(creation: TSESTree.Node, sourceCode: SourceCode): TSESTree.Identifier[] {
  const holder = creation.parent;
  const id =
    holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.init === creation
      ? holder.id
      : holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.operator === '=' && holder.right === creation
        ? holder.left
        : undefined;
  if (id?.type !== AST_NODE_TYPES.Identifier) return [];
  const variable = findVariable(sourceCode.getScope(holder!), id);
  if (!variable) return [];
  const single = holder!.type === AST_NODE_TYPES.VariableDeclarator;
  const otherWrite = (ref: TSESLint.Scope.Reference): boolean => {
    if (!ref.isWrite() || ref.writeExpr === creation) return false;
    if (single) return true;
    const value = ref.writeExpr && skipWrappers(ref.writeExpr);
    return !(value === undefined || value === null || isNullish(value) || value.type === AST_NODE_TYPES.CallExpression);
  };
  if (variable.references.some(otherWrite)) return [];
  return variable.references.filter((ref) => ref.isRead()).map((ref) => ref.identifier as TSESTree.Identifier);
}

function candidates(sourceCode: SourceCode): readonly Candidate[] {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const found: Candidate[] = [];
  cache.set(sourceCode.ast, found);
  // A stream counts only as the destination of a `.pipe()`, which the file then spells.
  if (!sourceCode.text.includes('zlib') || !mayMention(sourceCode, ['pipe'])) return found;
  traceModuleCalls<true>(sourceCode, getTraceMap(), (creation) => {
    const sources: TSESTree.Expression[] = [];
    for (const node of [creation, ...holderReads(creation, sourceCode)]) {
      const source = pipeSource(node);
      if (source) sources.push(source);
    }
    if (sources.length > 0) found.push({ creation, sources });
  });
  return found;
}

/** Is `node` the first parameter of a function given as a `'response'` listener (`req.on('response', (res) => …)`)? */
export function isResponseParameter(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  if (node.type !== AST_NODE_TYPES.Identifier) return false;
  const def = findVariable(sourceCode.getScope(node), node)?.defs[0];
  if (def?.type !== TSESLint.Scope.DefinitionType.Parameter) return false;
  const fn = def.node;
  if (!isFunctionLike(fn) || runtimeParams(fn)[0] !== def.name) return false;
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[1] !== fn) return false;
  const callee = skipWrappers(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
  const [event] = call.arguments;
  return method !== undefined && LISTEN_METHODS.has(method) && event?.type === AST_NODE_TYPES.Literal && event.value === 'response';
}

/**
 * The decompression streams and the project's parser streams (src/model/parser-streams.ts) the
 * file feeds from a connection: each creation, with its entry.
 * `isConnection` says whether a `.pipe()` receiver is a response or a socket (the rule's detector).
 */
export function fedStreams(sourceCode: SourceCode, isConnection: (node: TSESTree.Expression) => boolean): Map<TSESTree.Node, LibraryObject> {
  const streams = new Map<TSESTree.Node, LibraryObject>();
  for (const { creation, sources } of candidates(sourceCode)) {
    if (sources.some((source) => isResponseParameter(skipWrappers(source), sourceCode) || isConnection(source))) {
      streams.set(creation, DECOMPRESSION_STREAM);
    }
  }
  for (const { creation, sources } of parserFeeds(sourceCode)) if (sources.some(isConnection)) streams.set(creation, PARSER_STREAM);
  return streams;
}

/** Can the file feed a decompression stream at all (its text names zlib)? Cheap, for a rule's early exit. */
export function mayFeedStreams(sourceCode: SourceCode): boolean {
  return sourceCode.text.includes('zlib');
}

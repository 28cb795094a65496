/**
 * `err.errno === os.constants.errno.ECONNRESET`: a comparison that is never true. Node's errors
 * carry libuv's errno, which is negative (`-104` for ECONNRESET on Linux), while
 * `os.constants.errno` holds the operating system's positive numbers (`104`); measured on Node 20
 * in test/live/errno-sign.live.test.ts. `-err.errno === …` and `err.code === 'ECONNRESET'`
 * are right.
 *
 * Found where one side of `===`, `!==`, `==` or `!=` is `<name>.errno` on an error the file was
 * given (a `catch` parameter or a function's parameter: a value made by the file's own calls,
 * `status.errno` of a native binding, may well hold the positive number) and the other is
 * `constants.errno.<CODE>` of the `os` module, however imported.
 */
import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { mayMention } from '../tokens.js';
import { propertyName, skipWrappers } from './ast.js';
import { variableOf } from './dead-socket.js';
import { traceModuleReferences, type TraceMap } from './file-facts.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface ErrnoSignComparison {
  /** The `err.errno` read. */
  errno: TSESTree.MemberExpression;
  /** The `os.constants.errno.X` read. */
  constant: TSESTree.MemberExpression;
  /** The code the constant names (`ECONNRESET`). */
  code: string;
}

const { READ, ESM } = ASTUtils.ReferenceTracker;
const OS_MEMBERS = { constants: { errno: { [READ]: true } } };
const OS_MODULE = { [ESM]: true, ...OS_MEMBERS, default: OS_MEMBERS };
const OS_TRACE_MAP = { os: OS_MODULE, 'node:os': OS_MODULE } as unknown as TraceMap;
const WORDS = ['errno'];

const cache = new WeakMap<TSESTree.Program, Map<TSESTree.Node, string>>();

/** The file's reads of `os.constants.errno.<CODE>`, with the code each names. */
function errnoConstants(sourceCode: SourceCode): Map<TSESTree.Node, string> {
  let found = cache.get(sourceCode.ast);
  if (found) return found;
  found = new Map();
  if (mayMention(sourceCode, WORDS)) {
    const constants = found;
    traceModuleReferences(sourceCode, OS_TRACE_MAP, ({ node, type }) => {
      const parent = node.parent;
      if (type !== READ || parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== node) return;
      const code = propertyName(parent);
      if (code !== undefined) constants.set(parent, code);
    });
  }
  cache.set(sourceCode.ast, found);
  return found;
}

/** `<error>.errno` compared with `os.constants.errno.<CODE>` by `node`, when it is such a comparison. */
export function errnoSignComparison(node: TSESTree.BinaryExpression, sourceCode: SourceCode): ErrnoSignComparison | undefined {
  for (const [side, other] of [[node.left, node.right], [node.right, node.left]] as const) {
    const errno = skipWrappers(side);
    // The file's constants are looked for only once a comparison reads an `errno`.
    if (errno.type !== AST_NODE_TYPES.MemberExpression || propertyName(errno) !== 'errno') continue;
    const constant = skipWrappers(other);
    const code = errnoConstants(sourceCode).get(constant);
    if (code === undefined) continue;
    if (isGivenError(skipWrappers(errno.object), sourceCode)) return { errno, constant: constant as TSESTree.MemberExpression, code };
  }
  return undefined;
}

/** A `catch` parameter or a function's parameter, never written: an error Node (or a caller) handed over. */
function isGivenError(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  if (node.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = variableOf(node, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def || variable!.references.some((ref) => ref.isWrite() && !ref.init)) return false;
  return def.type === TSESLint.Scope.DefinitionType.CatchClause || def.type === TSESLint.Scope.DefinitionType.Parameter;
}

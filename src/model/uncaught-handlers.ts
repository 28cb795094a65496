/**
 * A file that installs a process-wide `'uncaughtException'` listener at its top level, one that
 * neither rethrows nor ends the process (`process.on('uncaughtException', (err) => log(err))`):
 * an `'error'` event nobody listens to is thrown there and logged, and the process lives on.
 * Measured on Node 20 (test/live/uncaught-handlers.live.test.ts): a connection reset with no
 * 'error' listener reaches that handler, and the socket still closes and emits 'close'.
 *
 * Only a listener the file adds outside any function counts (it is in place before any socket of
 * the file exists), on the global `process`, with a handler the file spells out. A handler named
 * elsewhere, or one that exits (`process.exit()`, `process.abort()`, `process.kill(…)`) or throws,
 * leaves the crash as it was.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import type { ListenerCall } from '../listeners.js';
import { findVariable } from '../listeners.js';
import { dottedName, enclosingFunction, skipWrappers } from './ast.js';
import { visitOutsideFunctions } from './classes.js';
import { fileListeners } from './file-nodes.js';
import { resolveFunction } from './functions.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const FATAL_CALLS: ReadonlySet<string> = new Set(['process.exit', 'process.abort', 'process.kill', 'process.reallyExit']);

const cache = new WeakMap<TSESTree.Program, boolean>();

/** Does the file catch every uncaught exception for good, so that an unheard 'error' crashes nothing? */
export function catchesUncaught(sourceCode: SourceCode): boolean {
  let answer = cache.get(sourceCode.ast);
  if (answer === undefined) {
    answer = sourceCode.text.includes('uncaughtException') && fileListeners(sourceCode).some((listener) => keepsAlive(listener, sourceCode));
    cache.set(sourceCode.ast, answer);
  }
  return answer;
}

/** Is `listener` the file's top-level handler of uncaught exceptions, one that lets the process live? */
function keepsAlive({ call, target, event, listener }: ListenerCall, sourceCode: SourceCode): boolean {
  if (event !== 'uncaughtException' || !listener || enclosingFunction(call) !== undefined) return false;
  const process = skipWrappers(target);
  if (process.type !== AST_NODE_TYPES.Identifier || process.name !== 'process' || isDeclared(process, sourceCode)) return false;
  const handler = resolveFunction(listener, sourceCode);
  return handler !== undefined && !endsOrThrows(handler.body, sourceCode);
}

/** `process` here is the global, not a name the file gives something else. */
function isDeclared(identifier: TSESTree.Identifier, sourceCode: SourceCode): boolean {
  return (findVariable(sourceCode.getScope(identifier), identifier)?.defs.length ?? 0) > 0;
}

/**
 * Does the handler's code (not functions it only defines) throw or end the process, itself or in a
 * function of the file it calls (`shutdown()`), two calls deep?
 */
function endsOrThrows(body: TSESTree.Node, sourceCode: SourceCode, depth = 0): boolean {
  let fatal = false;
  visitOutsideFunctions(body, (node) => {
    if (fatal) return;
    if (node.type === AST_NODE_TYPES.ThrowStatement) fatal = true;
    else if (node.type === AST_NODE_TYPES.CallExpression) {
      if (FATAL_CALLS.has(dottedName(node.callee) ?? '')) fatal = true;
      else if (depth < 2) {
        const called = resolveFunction(node.callee, sourceCode);
        fatal = called !== undefined && endsOrThrows(called.body, sourceCode, depth + 1);
      }
    }
  }, sourceCode);
  return fatal;
}

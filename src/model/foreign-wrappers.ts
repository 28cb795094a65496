/**
 * Classes of packages that wrap a socket with rules of their own, so that a value they make is no
 * socket whatever its name (`this.socket = new TCPHelper(host, port)` under `strict`'s name
 * pattern): Bitfocus Companion's `TCPHelper`, `UDPHelper` and `TelnetHelper` (from
 * `@companion-module/base`) reconnect by themselves, never emit 'close', and emit 'error' on an
 * `eventemitter3` emitter, where an 'error' nobody listens to is dropped rather than thrown (the
 * package's declarations: `class TCPHelper extends EventEmitter<TCPHelperEvents>` from
 * 'eventemitter3', events error, data, connect, end, drain, status_change).
 *
 * Read by syntax: `new TCPHelper(…)` where the name is imported (`import { TCPHelper } from …`,
 * `const { TCPHelper } = require(…)`) or read from the package (`base.TCPHelper`, with `base`
 * imported or required from it).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { skipWrappers } from './ast.js';
import { calleeExport } from './import-bindings.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const WRAPPERS: Readonly<Record<string, ReadonlySet<string>>> = {
  '@companion-module/base': new Set(['TCPHelper', 'UDPHelper', 'TelnetHelper']),
};

/** Is `value` a `new` of a class listed above? */
export function isForeignWrapper(value: TSESTree.Node, sourceCode: SourceCode): boolean {
  const made = skipWrappers(value);
  const named = made.type === AST_NODE_TYPES.NewExpression ? calleeExport(made.callee, sourceCode) : undefined;
  return named !== undefined && (WRAPPERS[named.from]?.has(named.name) ?? false);
}

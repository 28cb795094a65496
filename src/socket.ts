/**
 * What counts as a socket: the one answer every rule shares (DESIGN.md §4; user docs:
 * docs/sockets.md; how the pieces fit: docs/architecture.md). The detector lives in
 * src/model/sockets.ts and reads the rest of src/model/; this module is its public face for the
 * rules and the tests.
 */
export type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
export { mayHaveSockets, type TraceMap, traceModuleCalls } from './model/file-facts.js';
export type { SocketKind } from './model/node-api.js';
export {
  DEFAULT_STRICT_SOCKET_NAME_PATTERN,
  defaultSocketOptions,
  socketOptionsSchema,
  type SocketEvidence,
  type SocketMatch,
  type SocketOptions,
} from './model/options.js';
export { createSocketDetector, type SocketDetector } from './model/sockets.js';

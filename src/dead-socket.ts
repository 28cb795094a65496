/** Moved to src/model/dead-socket.ts: this path keeps every export for the rules that import it. */
export * from './model/dead-socket.js';

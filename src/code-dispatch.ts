/**
 * How a file reads an error's code, for the rules that dispatch on codes: where the code is read
 * and what it is compared with (src/model/code-reads.ts), what a branch does with the error
 * (src/model/code-branches.ts), and the finite unions of codes types allow
 * (src/model/code-types.ts). This module keeps the names the rules import.
 */
export * from './model/code-reads.js';
export * from './model/code-branches.js';
export * from './model/code-types.js';

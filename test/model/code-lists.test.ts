/**
 * Lists of codes that stand by themselves (src/model/code-lists.ts): exported for another module
 * to test, directly, through a `const`, or returned by an exported function, as strings or as
 * `os.constants.errno` numbers. Lists the file reads, configuration data and mixed lists are not.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { standaloneCodeList } from '../../src/model/code-lists.js';
import { probe } from '../support/probe.js';

/** For each array that is such a list: its codes (and the errno object, when it is one). */
function lists(code: string): string[] {
  return probe(code, (context, report) => ({
    ArrayExpression(node: TSESTree.ArrayExpression) {
      const list = standaloneCodeList(node, context.sourceCode);
      if (list) report(node, `${list.codes.map((entry) => entry.value).join(',')}${list.errnoObject ? ` via ${list.errnoObject}` : ''}`);
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('standaloneCodeList', () => {
  it('finds lists exported for another module', () => {
    expect(
      lists(`
const os = require('os');
exports.LOST = ['ECONNRESET', 'ENOTCONN'];
const RETRY = Object.freeze(['ECONNRESET', 'EPIPE']);
module.exports.RETRY = RETRY;
function lostErrnos() {
  if (process.platform === 'linux') {
    return [os.constants.errno.ENOTCONN, os.constants.errno.ECONNRESET];
  }
  return [];
}
module.exports = { lostErrnos };
`),
    ).toEqual(['3: ECONNRESET,ENOTCONN', '4: ECONNRESET,EPIPE', '8: ENOTCONN,ECONNRESET via os.constants.errno']);
    expect(lists(`export const LOST = new Set(['ECONNRESET', 'EPIPE']);\nexport function codes() { return ['EPIPE', 'ENOTCONN']; }`)).toEqual([
      '1: ECONNRESET,EPIPE',
      '2: EPIPE,ENOTCONN',
    ]);
  });

  it('leaves alone lists the file reads, configuration data, and lists that are not all codes', () => {
    expect(
      lists(`
export const LOST = ['ECONNRESET', 'EPIPE'];
export function onError(err) { if (LOST.includes(err.code)) reconnect(); }
module.exports.defaults = { retryCodes: ['ECONNRESET', 'EPIPE'] };
export function retryCodes(options) { return options.codes ?? ['ECONNRESET', 'EPIPE']; }
export const LEVELS = ['ECONNRESET', 'info'];
export const MIXED = ['ECONNRESET', os.constants.errno.EPIPE];
const PRIVATE = ['ECONNRESET', 'EPIPE'];
let CHANGING = ['ECONNRESET', 'EPIPE'];
export { CHANGING };
function helper() { return ['ECONNRESET', 'EPIPE']; }
export const fromHelper = helper();
export const ONE = ['ECONNRESET'];
`),
    ).toEqual([]);
  });
});

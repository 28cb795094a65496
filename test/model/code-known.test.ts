/**
 * Is a string an error code something raises, and if not, which known code is it a slip of
 * (src/model/code-known.ts)? Known: the table, every code Node raises on I/O, the user's codes.
 */
import { describe, expect, it } from 'vitest';

import { isListOfNodeCodes, knownCodes } from '../../src/model/code-known.js';
import type { CodeList, StringValue } from '../../src/model/code-reads.js';

const known = knownCodes(new Set(['ESOCKETTIMEDOUT']));

describe('knownCodes', () => {
  it('knows the table, Node and the user codes', () => {
    expect(known.isKnown('ECONNRESET')).toBe(true);
    expect(known.isKnown('ENOENT')).toBe(true);
    expect(known.isKnown('ERR_SSL_WRONG_VERSION_NUMBER')).toBe(true);
    expect(known.isKnown('ESOCKETTIMEDOUT')).toBe(true);
    expect(known.isKnown('ECONNRESTE')).toBe(false);
    expect(known.isSocketOrAdditional('ESOCKETTIMEDOUT')).toBe(true);
    expect(known.isSocketOrAdditional('ENOENT')).toBe(false);
  });

  it('tells code-like strings that nothing raises from the rest', () => {
    expect(known.isUnknownCodeLike('ECONNRESTE')).toBe(true);
    expect(known.isUnknownCodeLike('EPIPE')).toBe(false);
    expect(known.isUnknownCodeLike('econnreset')).toBe(false);
    expect(known.isUnknownCodeLike('E')).toBe(false);
  });

  it('finds the slip: one edit, two for long codes, swapped letters, within the namespace', () => {
    expect(known.unknown('ECONNRESTE')).toEqual({ nearest: 'ECONNRESET', isTypo: true, nodeShaped: true });
    expect(known.unknown('EPIEP')).toEqual({ nearest: 'EPIPE', isTypo: true, nodeShaped: true });
    expect(known.unknown('ETIMEDOT').isTypo).toBe(true);
    expect(known.unknown('ENOGIT').isTypo).toBe(false);
    expect(known.unknown('ER_DUP_ENTRY')).toMatchObject({ isTypo: false, nodeShaped: false });
    expect(known.unknown('ERR_CANCELED').isTypo).toBe(false);
  });
});

describe('isListOfNodeCodes', () => {
  const list = (codes: string[], open = false): CodeList =>
    ({ codes: codes.map((value) => ({ value }) as StringValue), open, array: null }) as unknown as CodeList;

  it('accepts lists of Node codes, not a library declaring its own', () => {
    expect(isListOfNodeCodes(list(['ECONNRESET', 'EPIPE', 'ECONNRESTE']), known)).toBe(true);
    expect(isListOfNodeCodes(list(['ECONNRESET', 'EPIPE'], true), known)).toBe(false);
    expect(isListOfNodeCodes(list(['ECONNRESET']), known)).toBe(false);
    expect(isListOfNodeCodes(list(['ECONNRESET', 'EPIPE', 'MY_A', 'MY_B', 'MY_C']), known)).toBe(false);
    expect(isListOfNodeCodes(list(['ECONNRESET', 'EPIPE', 'read']), known)).toBe(false);
  });
});

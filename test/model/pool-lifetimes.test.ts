/**
 * A pg Pool that lives for one run of awaited queries ended in the same function (src/model/pool-lifetimes.ts).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { shortLivedPool } from '../../src/model/pool-lifetimes.js';
import { probe } from '../support/probe.js';

function answers(code: string): string[] {
  return probe(code, (context, report) => ({
    'NewExpression[callee.name="Pool"]'(node: TSESTree.NewExpression) {
      report(node, String(shortLivedPool(node, context.sourceCode)));
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('shortLivedPool', () => {
  it('is true only for queries awaited back to back (also on a client it lends and gets back) and an end() in the same function', () => {
    expect(
      answers(`
import { Pool } from 'pg';
async function once() { const pool = new Pool(); await pool.query('a'); await pool.query('b'); pool.end(); }
async function waits(pause) { const pool = new Pool(); await pool.query('a'); await pause(); await pool.query('b'); await pool.end(); }
async function open() { const pool = new Pool(); await pool.query('a'); return pool; }
async function unended() { const pool = new Pool(); await pool.query('a'); }
async function loose() { const pool = new Pool(); pool.query('a'); await pool.end(); }
async function checkout() { const pool = new Pool(); const client = await pool.connect(); client.release(); await pool.end(); }
async function lent() { const pool = new Pool(); const client = await pool.connect(); try { await client.query('a'); } finally { client.release(); } await pool.end(); await later(); }
async function kept() { const pool = new Pool(); const client = await pool.connect(); await client.query('a'); client.release(); await pause(); await pool.end(); }
async function handed() { const pool = new Pool(); const client = await pool.connect(); track(client); client.release(); await pool.end(); }
const shared = new Pool();
async function main() { await shared.query('a'); await shared.end(); }
async function elsewhere() { await shared.query('b'); }
`),
    ).toEqual(['3 true', '4 false', '5 false', '6 false', '7 false', '8 true', '9 true', '10 false', '11 false', '12 false']);
  });
});

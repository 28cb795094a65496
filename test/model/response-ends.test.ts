/**
 * Client requests whose response only its 'end' settles (src/model/response-ends.ts): each snippet
 * lists the line of every 'end' registration the model reports.
 */
import { describe, expect, it } from 'vitest';

import { endOnlyResponses } from '../../src/model/response-ends.js';
import { probe } from '../support/probe.js';

function reported(code: string): number[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const isRequest = (call: { callee: unknown }) => /\bhttp\.get\b/u.test(context.sourceCode.getText(call as never));
      for (const node of endOnlyResponses(context.sourceCode, isRequest)) report(node, 'end');
    },
  })).map(({ line }) => line);
}

describe('endOnlyResponses', () => {
  it("counts a response 'error' or 'aborted' listener given by a name that is no function of the file", () => {
    expect(
      reported(`
import http from 'node:http';
export const byName = (url) => new Promise((resolve, reject) => {
  http.get(url, (res) => { res.on('end', () => resolve()); res.on('error', reject); });
});
export const aborted = (url) => new Promise((resolve, reject) => {
  http.get(url, (res) => { res.on('end', () => resolve()); res.once('aborted', reject); });
});
export const unheard = (url) => new Promise((resolve, reject) => {
  http.get(url, (res) => { res.on('end', () => resolve()); res.on('data', reject); });
});
`),
    ).toEqual([10]);
  });
});

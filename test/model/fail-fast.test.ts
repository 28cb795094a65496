/** A request whose response callback exits on a bad answer (src/model/fail-fast.ts). */
import { describe, expect, it } from 'vitest';

import { listenerCallOf } from '../../src/listeners.js';
import { exitsOnBadResponse } from '../../src/model/fail-fast.js';
import { probe } from '../support/probe.js';

/** For every 'error' listener: does its object's response callback exit the process? */
function answers(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node) {
      const listener = listenerCallOf(node, context.sourceCode);
      if (listener?.event === 'error') report(node, exitsOnBadResponse(listener.target, context.sourceCode) ? 'fails fast' : 'no');
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('exitsOnBadResponse', () => {
  it('reads the exit in the response callback itself (also of a request kept in a variable), not in a nested listener nor on a socket', () => {
    expect(
      answers(`
http.get(url, (res) => { if (res.statusCode !== 200) process.exit(1); }).on('error', () => process.exit(1));
https.request(opts, (res) => { res.on('end', () => process.exit(0)); }).on('error', () => process.exit(1));
const req = http.get(url, (res) => process.exit(res.statusCode === 200 ? 0 : 1));
req.on('error', () => process.exit(1));
socket.on('error', () => process.exit(1));
`),
    ).toEqual(['2: fails fast', '3: no', '5: fails fast', '6: no']);
  });
});

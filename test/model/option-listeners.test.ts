/**
 * Listeners handed as options to the call that makes a socket (src/model/option-listeners.ts):
 * `this.socket = openSocket({ onConnect, onEnd, onError })` reads as listeners of `this.socket`,
 * and nothing else does.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { emitterKey } from '../../src/dead-socket.js';
import { optionListeners } from '../../src/model/option-listeners.js';
import { probe } from '../support/probe.js';

/** Each option listener as `line: event on <target text>`. */
function listeners(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'(program: TSESTree.Program) {
      const { sourceCode } = context;
      for (const [fn, listener] of optionListeners(sourceCode).byFunction) {
        const stored = emitterKey(listener.target, sourceCode) === undefined ? '?' : sourceCode.getText(listener.target);
        report(program, `${fn.loc.start.line}: ${listener.event} on ${stored}`);
      }
    },
  })).map(({ message }) => message);
}

describe('optionListeners', () => {
  it('reads onX options named after socket events as listeners of the stored result', () => {
    expect(
      listeners(`
export class Broker {
  connect() {
    const onConnect = () => {};
    const onError = (err) => {};
    this.socket = openSocket({ host: this.host, onConnect, onError, onEnd: () => {} });
  }
}
`),
    ).toEqual(['4: connect on this.socket', '5: error on this.socket', '6: end on this.socket']);
  });

  it('reads nothing when the result is not kept, an option is no socket event, or options are spread', () => {
    expect(
      listeners(`
const onConnect = () => {};
const onError = (err) => {};
openSocket({ onConnect, onError });
const client = makeClient({ onConnect, onError, onMessage: (m) => {} });
const spread = openSocket({ ...defaults, onConnect, onError });
const single = openSocket({ onError });
const named = openSocket({ onConnect: handlers.connect, onError });
`),
    ).toEqual([]);
  });
});

/**
 * What a handler of a connection's error does with it (src/model/handler-sinks.ts): its sinks and
 * the codes that reach each once the handler's tests have narrowed them. Each snippet hands the
 * handler to `handler(…)`; every sink is read back as `kind label: codes` (`-` for "no error").
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { isFunction, paramIdentifier } from '../../src/model/ast.js';
import { handlerSinks, handlerStores, NO_ERROR, type SinkQuestion } from '../../src/model/handler-sinks.js';
import { probe } from '../support/probe.js';

const CODES = ['ENOTCONN', 'ECONNRESET', 'EPIPE'];

function sinks(code: string, question: Partial<SinkQuestion> = {}): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'handler') return;
      const fn = node.arguments[0];
      if (!isFunction(fn)) return;
      const param = fn.params[0];
      const asked: SinkQuestion = { start: new Set(CODES), codes: CODES, guardNames: new Set(['isBenignCloseError']), fatalFunctions: [], ...question };
      for (const sink of handlerSinks({ body: fn.body, errName: param && paramIdentifier(param) }, asked, context.sourceCode)) {
        const codes = [...sink.reach].map((value) => (value === NO_ERROR ? '-' : value)).sort();
        report(sink.node, `${sink.kind} ${sink.label}: ${codes.join(' ') || 'none'}`);
      }
      for (const store of handlerStores({ body: fn.body, errName: param && paramIdentifier(param) }, asked, context.sourceCode)) {
        report(store.node, `store ${store.field}: ${[...store.reach].sort().join(' ') || 'none'}`);
      }
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('handlerSinks', () => {
  it("narrows a test of the error's message to the codes an error with that message can have", () => {
    expect(
      sinks(`
handler((err) => {
  if (err.message === 'unexpected server response (429)') throw new Error('throttled');
});
handler((err) => {
  if (err.message === 'socket hang up') throw err;
});
handler((err) => {
  if (err.message === 'write EPIPE') throw err;
});
handler((err) => {
  if (err.message !== 'Premature close') throw err;
});
`),
    ).toEqual(['3: throw throw: none', '6: throw throw: ECONNRESET', '9: throw throw: EPIPE', '12: throw throw: ECONNRESET ENOTCONN EPIPE']);
  });

  it('follows the error into functions of the file, each kind of sink once at the call', () => {
    expect(
      sinks(`
function fail(error) {
  if (error.code === 'EPIPE') return;
  console.error(error);
  throw error;
}
async function later(error) { throw error; }
function loop(error) { loop(error); throw error; }
handler((err) => {
  if (err.code === 'ENOTCONN') return;
  fail(err);
  later(err);
  loop(err);
  fail(new Error('other'));
});
`),
    ).toEqual(['11: log fail(): ECONNRESET', '11: throw fail(): ECONNRESET', '13: throw loop(): ECONNRESET EPIPE']);
  });

  it('follows a constant argument into the function: `fail(err, true)` skips the branch its flag rules out', () => {
    expect(
      sinks(`
function fail(error, quiet) {
  if (!quiet) throw error;
  console.error(error);
}
handler((err) => {
  fail(err, true);
});
handler((err) => {
  fail(err, false);
});
handler((err) => {
  fail(err);
});
`),
    ).toEqual([
      '7: throw fail(): none',
      '7: log fail(): ECONNRESET ENOTCONN EPIPE',
      '10: throw fail(): ECONNRESET ENOTCONN EPIPE',
      '10: log fail(): none',
      '13: throw fail(): ECONNRESET ENOTCONN EPIPE',
      '13: log fail(): none',
    ]);
  });

  it('narrows the codes through err.code tests, switches and the benign-close guard', () => {
    expect(
      sinks(`
handler((err) => {
  if (err.code === 'EPIPE') return;
  if (isBenignCloseError(err)) console.log('closed');
  switch (err.code) {
    case 'ENOTCONN':
      process.exit(1);
    default:
      throw err;
  }
});
`),
    ).toEqual(['4: log console.log(): ECONNRESET ENOTCONN', '7: exit process.exit(): ENOTCONN', '9: throw throw: ECONNRESET']);
  });

  it('lists every kind of sink, the re-emit included (the rule decides which are fatal)', () => {
    expect(
      sinks(
        `
handler(function (err) {
  assert.ifError(err);
  logger.fatal('gone', err);
  this.emit('error', err);
  process.abort();
});
`,
        { fatalFunctions: ['logger.fatal'] },
      ),
    ).toEqual([
      '3: assert assert.ifError(): ECONNRESET ENOTCONN EPIPE',
      '4: fatal-function logger.fatal(): ECONNRESET ENOTCONN EPIPE',
      '5: reemit this.emit(\'error\', ...): ECONNRESET ENOTCONN EPIPE',
      '6: exit process.abort(): ECONNRESET ENOTCONN EPIPE',
    ]);
  });

  it('tells a handler that hands the error to a promise or only logs it', () => {
    expect(
      sinks(`
handler((err) => {
  if (err.code === 'ECONNRESET') return console.warn('peer left', err.message);
  reject(err);
});
handler((err) => {
  debug('closing');
});
`),
    ).toEqual(["3: log console.warn(): ECONNRESET", '4: reject reject(): ENOTCONN EPIPE', '7: log debug(): ECONNRESET ENOTCONN EPIPE']);
  });

  it('keeps "no error" apart for callbacks, and drops throws caught inside the handler', () => {
    expect(
      sinks(
        `
handler((err) => {
  setTimeout(() => { throw err; });
  if (!err) return done();
  try { throw err; } catch (inner) { throw new Error('wrapped'); }
});
`,
        { start: new Set(['EPIPE', NO_ERROR]) },
      ),
    ).toEqual(['3: throw throw: - EPIPE']);
  });

  it('trusts a test it cannot read that mentions codes to exclude them', () => {
    expect(
      sinks(`
handler((err) => {
  if (!/EPIPE|ECONNRESET/.test(String(err))) throw err;
});
handler((err) => {
  if (isNetworkError(err)) throw err;
});
`),
    ).toEqual(['3: throw throw: none', '6: throw throw: ECONNRESET ENOTCONN EPIPE']);
  });

  it('follows the error into a variable the handler copies it to, and not a value built from it', () => {
    expect(
      sinks(`
let lastError = null;
handler((err) => {
  lastError = err;
  const cause = new Error('link lost', { cause: err });
  stream.emit('error', cause);
  stream.emit('error', lastError);
});
`),
    ).toEqual(["7: reemit stream.emit('error', ...): ECONNRESET ENOTCONN EPIPE"]);
  });

  it('records where the error is kept in a field, with the codes that get there', () => {
    expect(
      sinks(`
handler((err) => {
  if (err.code === 'EPIPE') return;
  const copy = err;
  this.lastError = copy;
  this.count = 1;
});
`),
    ).toEqual(['5: store lastError: ECONNRESET ENOTCONN']);
  });

  it("does not count a re-emit that runs only when the emitter has an 'error' listener", () => {
    expect(
      sinks(`
handler((err) => {
  if (this.listeners('error').length > 0) this.emit('error', err);
  if (wrapper.listenerCount('error')) wrapper.emit('error', err);
  other.listenerCount('error') && wrapper.emit('error', err);
  if (wrapper.listenerCount('data') > 0) wrapper.emit('error', err);
  if (EventEmitter.listenerCount(this, 'error') > 0) this.emit('error', err);
  if (utils.eventEmitterListenerCount(wrapper, 'error')) wrapper.emit('error', err);
  if (utils.eventEmitterListenerCount(other, 'error')) wrapper.emit('error', err);
  if (wrapper.listenerCount('error') === 0) wrapper.emit('error', err);
  if (!wrapper.listeners('error').length) wrapper.emit('error', err);
  if (0 < wrapper.listeners('error').length) wrapper.emit('error', err);
});
`),
    ).toEqual([
      "5: reemit wrapper.emit('error', ...): ECONNRESET ENOTCONN EPIPE",
      "6: reemit wrapper.emit('error', ...): ECONNRESET ENOTCONN EPIPE",
      "9: reemit wrapper.emit('error', ...): ECONNRESET ENOTCONN EPIPE",
      "10: reemit wrapper.emit('error', ...): ECONNRESET ENOTCONN EPIPE",
      "11: reemit wrapper.emit('error', ...): ECONNRESET ENOTCONN EPIPE",
    ]);
  });

  it("does not count a throw that runs only while nobody listens for 'error' (what Node does anyway)", () => {
    expect(
      sinks(`
handler((err) => {
  if (request.listenerCount('error') === 0) throw err;
  if (!EventEmitter.listenerCount(request, 'error')) throw err;
  if (request.listenerCount('error') > 0) throw err;
  throw err;
});
`),
    ).toEqual(['5: throw throw: ECONNRESET ENOTCONN EPIPE', '6: throw throw: ECONNRESET ENOTCONN EPIPE']);
  });
});

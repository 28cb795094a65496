/**
 * Removals that remove nothing (src/model/removal-calls.ts): a 'close' listener's call to a
 * function of the file that finds the entry by a parameter the call leaves out.
 */
import { describe, expect, it } from 'vitest';

import { emptyRemovalsOf } from '../../src/model/removal-calls.js';
import { probe } from '../support/probe.js';

/** One line per empty removal: `line callee(param #index) collection`. */
function emptyRemovals(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const { sourceCode } = context;
      for (const { call, param, index, collection } of emptyRemovalsOf(sourceCode)) {
        report(call, `${sourceCode.getText(call.callee)}(${param.name} #${index}) ${sourceCode.getText(collection)}`);
      }
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('emptyRemovalsOf', () => {
  it('leaves a remover that tests whether the argument was given: leaving it out removes everything of the key', () => {
    expect(
      emptyRemovals(`
const callbacks = {};
function forget(id, sn) {
  if (sn === undefined) delete callbacks[id];
  else delete callbacks[id][sn];
}
function drop(id, sn) {
  delete callbacks[id][sn];
}
export function watch(socket, id) {
  socket.on('close', () => {
    forget(id);
    drop(id);
  });
}
`),
    ).toEqual(['13: drop(sn #1) callbacks[id]']);
  });

  it('finds removers by indexOf + splice, by delete(), and by delete x[p], called without that argument', () => {
    expect(
      emptyRemovals(`
const list = [];
const set = new Set();
const byId = {};
function fromList(socket) { list.splice(list.indexOf(socket), 1); }
function fromSet(socket) { set.delete(socket); }
function fromObject(reason, id) { delete byId[id]; }
export function watch(socket) {
  socket.on('close', () => {
    fromList();
    fromSet();
    fromObject('closed');
  });
}
`),
    ).toEqual(['10: fromList(socket #0) list', '11: fromSet(socket #0) set', '12: fromObject(id #1) byId']);
  });

  it('leaves out a call with the argument, a default, a reader of `arguments`, indexOf without splice, and other events', () => {
    expect(
      emptyRemovals(`
const list = [];
let current;
function given(socket) { list.splice(list.indexOf(socket), 1); }
function defaulted(socket = current) { list.splice(list.indexOf(socket), 1); }
function loose() { const socket = arguments[0]; list.splice(list.indexOf(socket), 1); }
function counts(socket) { return list.indexOf(socket); }
export function watch(socket) {
  socket.on('close', () => {
    given(socket);
    defaulted();
    loose();
    counts();
  });
  socket.on('end', () => given());
}
`),
    ).toEqual([]);
  });
});

/**
 * A file-wide 'uncaughtException' handler that keeps the process alive
 * (src/model/uncaught-handlers.ts): one answer per file.
 */
import { describe, expect, it } from 'vitest';

import { catchesUncaught } from '../../src/model/uncaught-handlers.js';
import { probe } from '../support/probe.js';

function answer(code: string): boolean {
  const [result] = probe(code, (context, report) => ({
    'Program:exit'(node) {
      report(node, String(catchesUncaught(context.sourceCode)));
    },
  }));
  return result!.message === 'true';
}

describe('catchesUncaught', () => {
  it("reads a top-level handler the file spells out, on the global process, that neither throws nor exits", () => {
    expect(answer("process.on('uncaughtException', (err) => console.error(err));")).toBe(true);
    expect(answer("function log(err) { console.error(err); }\nprocess.prependListener('uncaughtException', log);")).toBe(true);
    // A function it only defines may exit later, on its own: not the handler's doing.
    expect(answer("process.on('uncaughtException', (err) => { setTimeout(() => process.exit(1), 1000); console.error(err); });")).toBe(true);
  });

  it('leaves a handler that ends the process, installed late, unreadable, or on another object', () => {
    expect(answer("process.on('uncaughtException', () => process.exit(1));")).toBe(false);
    expect(answer("process.on('uncaughtException', (err) => { throw err; });")).toBe(false);
    expect(answer("function stop() { process.abort(); }\nfunction fail(err) { console.error(err); stop(); }\nprocess.on('uncaughtException', fail);")).toBe(false);
    expect(answer("export function install() { process.on('uncaughtException', console.error); }")).toBe(false);
    expect(answer("import { report } from './report.js';\nprocess.on('uncaughtException', report);")).toBe(false);
    expect(answer("const process = new (require('events'))();\nprocess.on('uncaughtException', () => {});")).toBe(false);
    expect(answer("process.on('uncaughtExceptionMonitor', () => {});")).toBe(false);
    expect(answer('const a = 1;')).toBe(false);
  });
});

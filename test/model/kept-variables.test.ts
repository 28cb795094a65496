/**
 * Variables of the file that only keep a socket (src/model/kept-variables.ts): every read uses the
 * socket in place, so storing it there hands it to no one. Each snippet answers, for every
 * variable declared with `let`, whether it only keeps what it holds.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { onlyKeeps, onlyKeepsUndeclared } from '../../src/model/kept-variables.js';
import { probe } from '../support/probe.js';

function answers(code: string): string[] {
  return probe(code, (context, report) => ({
    VariableDeclaration(node: TSESTree.VariableDeclaration) {
      if (node.kind !== 'let') return;
      for (const variable of context.sourceCode.getDeclaredVariables(node)) report(node, `${variable.name}: ${onlyKeeps(variable) ? 'keeps' : 'hands on'}`);
    },
  })).map(({ message }) => message);
}

describe('onlyKeeps', () => {
  it('reads method calls, property reads, tests and comparisons as keeping', () => {
    expect(
      answers(`
let current = null;
export function adopt(socket) { current = socket; }
export function send(line) {
  if (current && !current.destroyed) current.write(line);
  if (typeof current === 'object' && current !== null) current?.end();
  return current ? current.remoteAddress : undefined;
}
`),
    ).toEqual(['current: keeps']);
  });

  it('reads a listener, a handler property, an argument, an alias, a return and an export as handing on', () => {
    const cases = [
      "current.on('error', () => {});",
      'current.onerror = () => {};',
      'current.onclose = () => {};',
      'adopt(current);',
      'const same = current;',
      'const again = current.setTimeout(1000);',
      'const other = current || null;',
      'return current;',
    ];
    for (const use of cases) {
      expect(answers(`let current = null;\nexport function set(socket) { current = socket; }\nexport function use() { ${use} }\n`), use).toEqual(['current: hands on']);
    }
    expect(answers('export let current = null;\nexport function set(socket) { current = socket; }\n')).toEqual(['current: hands on']);
    expect(answers('let current = null;\nexport function set(socket) { current = socket; }\nexport { current };\n')).toEqual(['current: hands on']);
  });

  it('keeps through type assertions, and drops the value of a chained call only when it is not used', () => {
    expect(answers("let current: any = null;\nexport function use() { current!.write('x'); (current as any).end(); current.setTimeout(5); }\n")).toEqual(['current: keeps']);
  });
});

/** For each assignment to an undeclared name: whether the file only keeps what the name holds. */
function undeclared(code: string): string[] {
  return probe(code, (context, report) => ({
    AssignmentExpression(node: TSESTree.AssignmentExpression) {
      if (node.left.type !== AST_NODE_TYPES.Identifier) return;
      report(node, `${node.left.name}: ${onlyKeepsUndeclared(node.left, context.sourceCode) ? 'keeps' : 'hands on'}`);
    },
  })).map(({ message }) => message);
}

describe('onlyKeepsUndeclared', () => {
  it('reads every use of an implicit global in the file as onlyKeeps reads a variable', () => {
    expect(undeclared("exports.start = () => { receiver = makeSocket(); receiver.bind(514); if (receiver) receiver.ref(); };\n")).toEqual(['receiver: keeps']);
    expect(undeclared("exports.start = () => { receiver = makeSocket(); receiver.on('error', log); };\n")).toEqual(['receiver: hands on']);
    expect(undeclared('exports.start = () => { receiver = makeSocket(); track(receiver); };\n')).toEqual(['receiver: hands on']);
    // Only the reads of that name count.
    expect(undeclared("exports.start = () => { receiver = makeSocket(); track(other); other.on('error', log); };\n")).toEqual(['receiver: keeps']);
  });
});

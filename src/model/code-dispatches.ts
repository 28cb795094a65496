/**
 * A dispatch on an error's code as one whole: the codes an `if` chain (`else if`, consecutive
 * guards on the same code) or a `switch` names, where each named code goes, and where the codes it
 * does not name go; for a `switch` over a finite union, which members its cases cover.
 *
 * Built from src/model/code-reads.ts (what a test names) and src/model/code-branches.ts (what a
 * branch does). Syntax only; answered for the statement asked about, no walk of the file.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { afterStatement, branchOutcome, caseOutcome, indexInBlock, switchRestOutcome, type PathOutcome } from './code-branches.js';
import { readCodeTest, readString, type CodeSwitch, type CodeTest, type NamedCode } from './code-reads.js';
import type { UnionMember } from './code-types.js';

type Scope = TSESLint.Scope.Scope;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** Each code a dispatch names, with what its branch does. */
export type NamedOutcomes = (readonly [NamedCode, PathOutcome])[];

/** An `if` chain on one code. */
export interface IfDispatch {
  /** The test of the first `if`. */
  first: CodeTest;
  /** The codes the chain names, in order (what `named` pairs with outcomes, without reading a branch). */
  codes: NamedCode[];
  /** Each named code with what its branch does (read on first use). */
  readonly named: NamedOutcomes;
  /** What the codes the chain does not name meet (read on first use). */
  readonly rest: PathOutcome;
  /** A test may name codes that could not be read. */
  open: boolean;
  /** The `if` statements read as part of this dispatch (the first one included). */
  statements: TSESTree.IfStatement[];
}

/** The statement after `statement` in its block, if any. */
function nextStatement(statement: TSESTree.Node): TSESTree.Node | null {
  const parent = statement.parent;
  if (parent?.type !== AST_NODE_TYPES.BlockStatement && parent?.type !== AST_NODE_TYPES.Program) return null;
  return parent.body[indexInBlock(parent, statement) + 1] ?? null;
}

/** A branch's outcome, read once when first asked (most dispatches are left before their branches matter). */
function lazily(read: () => PathOutcome): () => PathOutcome {
  let outcome: PathOutcome | undefined;
  return () => (outcome ??= read());
}

/**
 * The dispatch an `if` on an error's code heads: its `else if` chain and the guards on the same
 * code that follow it (`if (A) return; if (B) return;`). Null when its test does not read a code.
 * The chain is read at once; what its branches do only when `named` or `rest` is asked.
 */
export function readIfDispatch(node: TSESTree.IfStatement, scope: Scope, sourceCode?: SourceCode): IfDispatch | null {
  const first = readCodeTest(node.test, scope);
  if (!first || first.read.property !== 'code') return null;
  const codes: NamedCode[] = [];
  const paths: (() => PathOutcome)[] = [];
  const statements: TSESTree.IfStatement[] = [];
  let open = false;
  let head: TSESTree.IfStatement = node;
  let current: TSESTree.IfStatement = node;
  let test: CodeTest = first;
  let rest: () => PathOutcome;
  const name = (named: readonly NamedCode[], path: () => PathOutcome): void => {
    for (const code of named) {
      codes.push(code);
      paths.push(path);
    }
  };
  for (;;) {
    statements.push(current);
    open ||= test.open;
    const [at, from] = [current, head];
    if (!test.matches) {
      // `if (code !== 'X') ...`: the consequent takes every code it does not name.
      name(test.codes, lazily(() => (at.alternate ? branchOutcome(at.alternate, from, sourceCode) : afterStatement(from, sourceCode))));
      rest = () => branchOutcome(at.consequent, from, sourceCode);
      break;
    }
    name(test.codes, lazily(() => branchOutcome(at.consequent, from, sourceCode)));
    const alternate = current.alternate;
    if (alternate) {
      const next = alternate.type === AST_NODE_TYPES.IfStatement ? readCodeTest(alternate.test, scope) : null;
      if (alternate.type === AST_NODE_TYPES.IfStatement && next?.key === test.key) {
        current = alternate;
        test = next;
        continue;
      }
      rest = () => branchOutcome(alternate, from, sourceCode);
      break;
    }
    // No `else`: consecutive guards on the same code (`if (A) return; if (B) return;`) are one dispatch.
    const following = nextStatement(head);
    const next = following?.type === AST_NODE_TYPES.IfStatement ? readCodeTest(following.test, scope) : null;
    if (following?.type === AST_NODE_TYPES.IfStatement && next?.key === test.key) {
      head = following;
      current = following;
      test = next;
      continue;
    }
    rest = () => afterStatement(from, sourceCode);
    break;
  }
  const restOutcome = lazily(rest);
  let named: NamedOutcomes | undefined;
  return {
    first,
    codes,
    get named() {
      return (named ??= codes.map((code, index) => [code, paths[index]!()] as const));
    },
    get rest() {
      return restOutcome();
    },
    open,
    statements,
  };
}

/** What each code a `switch` on a code names meets, and what the rest meet (its `default`, or what follows). */
export function switchOutcomes(node: TSESTree.SwitchStatement, dispatch: CodeSwitch, sourceCode?: SourceCode): { named: NamedOutcomes; rest: PathOutcome } {
  const named = dispatch.codes.map((code) => {
    const switchCase = code.anchor.type === 'case' ? code.anchor.switchCase : null;
    return [code, switchCase ? caseOutcome(node, switchCase, sourceCode) : 'unknown'] as const;
  });
  return { named, rest: switchRestOutcome(node, dispatch.defaultCase, sourceCode) };
}

/** A cheap filter: has the switch a string case (or `case undefined`), as a code dispatch does? */
export function hasStringCase(node: TSESTree.SwitchStatement, scope: Scope): boolean {
  return node.cases.some(
    (switchCase) =>
      switchCase.test !== null &&
      (readString(switchCase.test, scope) !== null ||
        (switchCase.test.type === AST_NODE_TYPES.Identifier && switchCase.test.name === 'undefined')),
  );
}

/** The union members the cases of a switch name, and its `default`. */
export interface SwitchCoverage {
  covered: Set<UnionMember>;
  defaultCase: TSESTree.SwitchCase | null;
}

/**
 * What a switch's cases cover: `'X'` (or a constant), `undefined`, `null`, or a case whose own type
 * is one literal (`memberOf`). Null when a case cannot be read: the switch is left alone.
 */
export function switchCoverage(
  node: TSESTree.SwitchStatement,
  scope: Scope,
  memberOf: (test: TSESTree.Expression) => UnionMember | undefined,
): SwitchCoverage | null {
  const covered = new Set<UnionMember>();
  let defaultCase: TSESTree.SwitchCase | null = null;
  for (const switchCase of node.cases) {
    if (!switchCase.test) {
      defaultCase = switchCase;
      continue;
    }
    const test = switchCase.test;
    if (test.type === AST_NODE_TYPES.Identifier && test.name === 'undefined') covered.add(undefined);
    else if (test.type === AST_NODE_TYPES.Literal && test.value === null) covered.add(null);
    else {
      const value = readString(test, scope)?.value ?? memberOf(test);
      if (typeof value !== 'string') return null;
      covered.add(value);
    }
  }
  return { covered, defaultCase };
}

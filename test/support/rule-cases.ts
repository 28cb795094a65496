/**
 * The `valid`/`invalid` cases of every rule test, read statically from the test files (they are
 * not imported: importing would register their tests again). A case is read when its `code` is a
 * static string: a literal, a template literal or tagged template whose parts are static, string
 * concatenation, `[...].join(...)`, or a `const` holding one of those. Options and filename are
 * read the same way. Cases built at run time are not seen; `RuleCases.skipped` counts them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { parse } from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { repoRoot } from './docs.js';

export interface RuleCase {
  rule: string;
  kind: 'valid' | 'invalid';
  code: string;
  /** Static `output` of an invalid case (the last pass when it is an array); null: no fix. */
  output?: string | null;
  options?: unknown[];
  filename?: string;
  /** Run by a tester whose name says typed (`typedRuleTester`). */
  typed: boolean;
  /** `test/rules/x.test.ts:12`, for messages. */
  source: string;
}

export interface RuleCases {
  cases: RuleCase[];
  /** Cases whose code could not be read statically, by rule. */
  skipped: Record<string, number>;
  /** Test files that call `<tester>.run(...)` for each rule. */
  files: Record<string, string[]>;
}

type Node = TSESTree.Node;

const NOT_STATIC = Symbol('not static');
type Value = unknown;

function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const min = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(min)).join('\n');
}

class StaticEvaluator {
  private readonly consts = new Map<string, Node | null>();
  private readonly evaluating = new Set<string>();

  constructor(program: TSESTree.Program) {
    walk(program, (node) => {
      if (node.type === AST_NODE_TYPES.VariableDeclaration && node.kind === 'const') {
        for (const d of node.declarations) {
          if (d.id.type !== AST_NODE_TYPES.Identifier || !d.init) continue;
          // The same name bound twice (in different scopes) is ambiguous: not read.
          this.consts.set(d.id.name, this.consts.has(d.id.name) ? null : d.init);
        }
      }
    });
  }

  /** The expression a name stands for (`{ valid, invalid }` built from `const valid = [...]`). */
  resolve(node: Node | undefined): Node | undefined {
    let current = node;
    for (let hops = 0; current && hops < 10; hops++) {
      if (
        current.type === AST_NODE_TYPES.TSAsExpression ||
        current.type === AST_NODE_TYPES.TSSatisfiesExpression ||
        current.type === AST_NODE_TYPES.TSNonNullExpression
      ) {
        current = current.expression;
      } else if (current.type === AST_NODE_TYPES.Identifier) {
        current = this.consts.get(current.name) ?? undefined;
      } else {
        return current;
      }
    }
    return undefined;
  }

  value(node: Node | null | undefined): Value {
    if (!node) return NOT_STATIC;
    switch (node.type) {
      case AST_NODE_TYPES.Literal:
        return node.value instanceof RegExp || typeof node.value === 'bigint' ? NOT_STATIC : node.value;
      case AST_NODE_TYPES.TemplateLiteral: {
        let out = '';
        for (let i = 0; i < node.quasis.length; i++) {
          const cooked = node.quasis[i]!.value.cooked;
          if (cooked === null) return NOT_STATIC;
          out += cooked;
          if (i < node.expressions.length) {
            const v = this.value(node.expressions[i]);
            if (v === NOT_STATIC || (typeof v === 'object' && v !== null)) return NOT_STATIC;
            out += String(v);
          }
        }
        return out;
      }
      case AST_NODE_TYPES.TaggedTemplateExpression: {
        const text = this.value(node.quasi);
        if (typeof text !== 'string') return NOT_STATIC;
        const tag = node.tag.type === AST_NODE_TYPES.Identifier ? node.tag.name : node.tag.type === AST_NODE_TYPES.MemberExpression ? '' : '';
        return /^(?:dedent|outdent)$/.test(tag) ? dedent(text) : text;
      }
      case AST_NODE_TYPES.BinaryExpression: {
        if (node.operator !== '+') return NOT_STATIC;
        const left = this.value(node.left);
        const right = this.value(node.right);
        return typeof left === 'string' || typeof right === 'string'
          ? left === NOT_STATIC || right === NOT_STATIC
            ? NOT_STATIC
            : String(left) + String(right)
          : NOT_STATIC;
      }
      case AST_NODE_TYPES.ArrayExpression: {
        const out: Value[] = [];
        for (const element of node.elements) {
          if (!element) return NOT_STATIC;
          if (element.type === AST_NODE_TYPES.SpreadElement) {
            const spread = this.value(element.argument);
            if (!Array.isArray(spread)) return NOT_STATIC;
            out.push(...(spread as Value[]));
            continue;
          }
          const v = this.value(element);
          if (v === NOT_STATIC) return NOT_STATIC;
          out.push(v);
        }
        return out;
      }
      case AST_NODE_TYPES.ObjectExpression: {
        const out: Record<string, Value> = {};
        for (const property of node.properties) {
          if (property.type === AST_NODE_TYPES.SpreadElement) {
            const spread = this.value(property.argument);
            if (typeof spread !== 'object' || spread === null) return NOT_STATIC;
            Object.assign(out, spread);
            continue;
          }
          if (property.computed || property.kind !== 'init') return NOT_STATIC;
          const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : this.value(property.key);
          if (typeof key !== 'string' && typeof key !== 'number') return NOT_STATIC;
          const v = this.value(property.value);
          if (v === NOT_STATIC) return NOT_STATIC;
          out[key] = v;
        }
        return out;
      }
      case AST_NODE_TYPES.UnaryExpression: {
        const v = this.value(node.argument);
        return node.operator === '-' && typeof v === 'number' ? -v : NOT_STATIC;
      }
      case AST_NODE_TYPES.Identifier: {
        if (node.name === 'undefined') return undefined;
        const init = this.consts.get(node.name);
        if (!init || this.evaluating.has(node.name)) return NOT_STATIC;
        this.evaluating.add(node.name);
        try {
          return this.value(init);
        } finally {
          this.evaluating.delete(node.name);
        }
      }
      case AST_NODE_TYPES.CallExpression: {
        // `[...].join(sep)` and `'...'.trim()`, the two ways tests commonly build code.
        if (node.callee.type !== AST_NODE_TYPES.MemberExpression || node.callee.computed || node.callee.property.type !== AST_NODE_TYPES.Identifier) return NOT_STATIC;
        const target = this.value(node.callee.object);
        const method = node.callee.property.name;
        if (method === 'join' && Array.isArray(target)) {
          const sep = node.arguments.length ? this.value(node.arguments[0]) : ',';
          return typeof sep === 'string' ? target.join(sep) : NOT_STATIC;
        }
        if (typeof target === 'string' && (method === 'trim' || method === 'trimStart' || method === 'trimEnd')) return target[method]();
        return NOT_STATIC;
      }
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
        return this.value(node.expression);
      default:
        return NOT_STATIC;
    }
  }
}

function walk(node: Node, visit: (node: Node) => void): void {
  visit(node);
  for (const [key, child] of Object.entries(node)) {
    if (key === 'parent' || key === 'loc' || key === 'range') continue;
    if (Array.isArray(child)) {
      for (const c of child) if (c && typeof (c as Node).type === 'string') walk(c as Node, visit);
    } else if (child && typeof (child as Node).type === 'string') {
      walk(child as Node, visit);
    }
  }
}

function property(object: TSESTree.ObjectExpression, name: string): Node | undefined {
  for (const p of object.properties) {
    if (p.type === AST_NODE_TYPES.Property && !p.computed && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === name) return p.value;
  }
  return undefined;
}

/** The elements of a case list, with `...otherList` spreads of constant lists flattened. */
function elementsOf(list: TSESTree.ArrayExpression, evaluator: StaticEvaluator, depth = 0): Node[] {
  return list.elements.flatMap((element): Node[] => {
    if (!element) return [];
    if (element.type !== AST_NODE_TYPES.SpreadElement) return [element];
    const spread = evaluator.resolve(element.argument);
    // A spread that is not a constant list (`...cases.map(...)`) stays one unreadable case.
    return spread?.type === AST_NODE_TYPES.ArrayExpression && depth < 5 ? elementsOf(spread, evaluator, depth + 1) : [element];
  });
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The rule a test file is about, from its name (`test/rules/<rule>.test.ts`, `<rule>.typed.test.ts`). */
function ruleFromFileName(file: string, ruleNames: readonly string[]): string | undefined {
  const base = path.basename(file);
  return [...ruleNames].sort((a, b) => b.length - a.length).find((name) => base === `${name}.test.ts` || base.startsWith(`${name}.`) || base.startsWith(`${name}-`));
}

export function collectRuleCases(ruleNames: readonly string[], dir = path.join(repoRoot, 'test')): RuleCases {
  const result: RuleCases = { cases: [], skipped: {}, files: {} };
  for (const file of testFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    if (!/\.run\s*\(/.test(text)) continue;
    let program: TSESTree.Program;
    try {
      program = parse(text, { range: true, loc: true, sourceType: 'module' });
    } catch {
      continue;
    }
    const evaluator = new StaticEvaluator(program);
    const relative = path.relative(repoRoot, file);
    walk(program, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return;
      const callee = node.callee;
      if (callee.property.type !== AST_NODE_TYPES.Identifier || callee.property.name !== 'run' || node.arguments.length < 3) return;
      const tests = evaluator.resolve(node.arguments[2]);
      if (tests?.type !== AST_NODE_TYPES.ObjectExpression) return;
      const named = evaluator.value(node.arguments[0]);
      const rule = typeof named === 'string' && ruleNames.includes(named) ? named : ruleFromFileName(file, ruleNames);
      if (!rule) return;
      const files = (result.files[rule] ??= []);
      if (!files.includes(relative)) files.push(relative);
      const typed = callee.object.type === AST_NODE_TYPES.Identifier && /typed/i.test(callee.object.name);
      for (const kind of ['valid', 'invalid'] as const) {
        const list = evaluator.resolve(property(tests, kind));
        if (list?.type !== AST_NODE_TYPES.ArrayExpression) continue;
        for (const element of elementsOf(list, evaluator)) {
          const source = `${relative}:${element.loc.start.line}`;
          const skip = () => (result.skipped[rule] = (result.skipped[rule] ?? 0) + 1);
          if (element.type === AST_NODE_TYPES.ObjectExpression) {
            const code = evaluator.value(property(element, 'code'));
            if (typeof code !== 'string') {
              skip();
              continue;
            }
            const options = evaluator.value(property(element, 'options'));
            const filename = evaluator.value(property(element, 'filename'));
            const rawOutput = property(element, 'output') ? evaluator.value(property(element, 'output')) : undefined;
            const output = Array.isArray(rawOutput) ? (rawOutput.at(-1) as Value) : rawOutput;
            result.cases.push({
              rule,
              kind,
              code,
              ...(typeof output === 'string' || output === null ? { output } : {}),
              ...(Array.isArray(options) ? { options } : {}),
              ...(typeof filename === 'string' ? { filename } : {}),
              typed,
              source,
            });
          } else {
            const code = evaluator.value(element);
            if (typeof code === 'string') result.cases.push({ rule, kind, code, typed, source });
            else skip();
          }
        }
      }
    });
  }
  return result;
}

/**
 * Autofix safety for every rule (issue 7): `eslint --fix` runs unattended in pre-commit hooks, so
 * for every program a rule fixes — each case of its tests, each docs example, the snippet corpus
 * and seeded mutations of its invalid cases — the fixed output must parse and a second `--fix`
 * must change nothing. Generic over `plugin.rules`; rule tests can also call
 * `assertFixIsStable` (test/support/fix-safety.ts) on their own outputs.
 */
import type { ESLint as ESLintTypes, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../src/index.js';
import { checkFixStability } from './support/fix-safety.js';
import { createRandom, fuzzSeed, mutate, programSeed } from './support/fuzz.js';
import { pluginObject, ruleId, ruleNames } from './support/lint.js';
import { docPrograms, ruleCases } from './support/programs.js';
import { fixturesDir, typedParserOptions } from './rule-tester.js';
import { wrappedSnippets } from './support/snippets.js';

const SEED = fuzzSeed();
const MUTANTS_PER_RULE = 60;

interface FixProgram {
  origin: string;
  filename: string;
  code: string;
  options: unknown[] | undefined;
  typed: boolean;
}

/** Typed programs are linted as a file of test/fixtures (its tsconfig), as RuleTester does. */
function configFor(name: string, options: unknown[] | undefined, typed: boolean, plugins: ESLintTypes.Plugin = pluginObject): Linter.Config {
  return {
    plugins: { 'socket-errors': plugins },
    rules: { [ruleId(name)]: options ? (['error', ...options] as Linter.RuleEntry) : 'error' },
    ...(typed
      ? {
          languageOptions: { parserOptions: typedParserOptions },
        }
      : {}),
  };
}

const strictOptions = (name: string): unknown[] | undefined => {
  const entry = (plugin.configs.strict.rules ?? {})[ruleId(name)];
  return Array.isArray(entry) ? entry.slice(1) : undefined;
};

/** Everything the generic test fixes with one rule. */
function programsFor(name: string): FixProgram[] {
  const cases = ruleCases.cases.filter((c) => c.rule === name);
  const fromCases = cases.map((c) => ({
    origin: `${c.source} (${c.kind})`,
    filename: c.filename ? c.filename.split(/[\\/]/).at(-1)! : 'file.ts',
    code: c.code,
    options: c.options,
    typed: c.typed,
  }));
  const fromDocs = docPrograms()
    .filter((d) => d.rule === name)
    .map((d) => ({ origin: d.origin, filename: d.filename, code: d.code, options: d.options, typed: d.typed }));
  const optionSets = strictOptions(name) ? [undefined, strictOptions(name)] : [undefined];
  const fromSnippets = wrappedSnippets().flatMap((w) =>
    optionSets.map((options) => ({
      origin: `snippet "${w.snippet}" (${w.wrapper}${options ? ', strict options' : ''})`,
      filename: w.filename,
      code: w.code,
      options,
      typed: false,
    })),
  );
  // Mutations of the rule's own invalid cases reach fixes in surroundings the tests did not write.
  const invalid = fromCases.filter((_, i) => cases[i]!.kind === 'invalid');
  const rnd = createRandom(programSeed(SEED, ruleNames.indexOf(name)));
  const mutants =
    invalid.length === 0
      ? []
      : Array.from({ length: MUTANTS_PER_RULE }, (_, i) => {
          const source = rnd.pick(invalid);
          return { ...source, typed: false, origin: `mutation #${i} (FUZZ_SEED=${SEED}) of ${source.origin}`, code: mutate(source.code, rnd) };
        });
  return [...fromCases, ...fromDocs, ...fromSnippets, ...mutants];
}

function unsafeFixes(name: string, programs: FixProgram[], plugins?: ESLintTypes.Plugin) {
  const problems: string[] = [];
  let fixed = 0;
  for (const p of programs) {
    const filename = p.typed ? `${fixturesDir}/${p.filename}` : p.filename;
    const result = checkFixStability(p.code, configFor(name, p.options, p.typed, plugins), filename);
    // Mutants may not parse; every other program must.
    const inputProblem = result.problems.find((x) => x.startsWith('the input does not parse'));
    if (inputProblem) {
      if (!p.origin.startsWith('mutation')) problems.push(`${p.origin}: ${inputProblem}`);
      continue;
    }
    if (result.fixed) fixed++;
    for (const problem of result.problems) problems.push(`${p.origin}: ${problem}\n--- fixed output ---\n${result.output}`);
  }
  return { problems, fixed };
}

const ruleCount = ruleNames.length;

describe('every fix parses and a second --fix changes nothing', () => {
  if (ruleCount === 0) it.skip('no rules in plugin.rules yet — skipped, there is no fix to check', () => {});
  for (const name of ruleNames) {
    const fixable = Boolean(plugin.rules[name]!.meta.fixable);
    it(
      `${name}${fixable ? '' : ' (declares no fixes: checks that it makes none)'}`,
      () => {
        // A rule without meta.fixable that made a fix on a typed case would fail that case in its
        // own RuleTester run (ESLint rejects the fix, the tester asks for an output): here the
        // typed cases are checked only where fixes are allowed, for their stability.
        const programs = programsFor(name).filter((program) => fixable || !program.typed);
        const { problems, fixed } = unsafeFixes(name, programs);
        expect(problems, `unsafe fixes of ${name}`).toEqual([]);
        if (fixable) {
          const fixableCases = ruleCases.cases.filter((c) => c.rule === name && typeof c.output === 'string').length;
          // A fixable rule whose fixes never ran here would make this test pass for nothing.
          expect(fixed, `${name} is fixable but fixed none of ${programs.length} programs (${fixableCases} static fix cases in its tests)`).toBeGreaterThan(0);
        } else {
          expect(fixed, `${name} has no meta.fixable but changed code`).toBe(0);
        }
      },
      60_000,
    );
  }
});

describe('the fix check itself (runs with or without rules)', () => {
  /** A fixable rule that appends `suffix` to every file without a `// done` comment. */
  const probe = (suffix: string): ESLintTypes.Plugin => ({
    rules: {
      probe: {
        meta: { type: 'suggestion', fixable: 'code', schema: [] },
        create: (context) => ({
          Program(node: { comments?: { value: string }[]; range?: [number, number] }) {
            if (node.comments?.some((comment) => comment.value.includes('done'))) return;
            const end = node.range?.[1] ?? 0;
            context.report({ loc: { line: 1, column: 0 }, message: 'probe', fix: (fixer) => fixer.insertTextAfterRange([end, end], suffix) });
          },
        }),
      },
    },
  });
  const check = (plugins: ESLintTypes.Plugin) =>
    unsafeFixes('probe', [{ origin: 'probe', filename: 'probe.js', code: 'socket.end();\n', options: undefined, typed: false }], plugins);

  it('accepts a fix that converges', () => {
    expect(check(probe('// done\n'))).toEqual({ problems: [], fixed: 1 });
  });

  it('rejects a fix whose output does not parse', () => {
    const { problems } = check(probe('socket.destroy(\n'));
    expect(problems).toEqual([expect.stringContaining('probe: the fixed output does not parse: Parsing error')]);
  });

  it('rejects a fix that never converges (each --fix adds more)', () => {
    const { problems } = check(probe('socket.destroy();\n'));
    expect(problems).toEqual([expect.stringContaining('a second fix pass changed the output again (fixes by socket-errors/probe do not converge)')]);
  });
});

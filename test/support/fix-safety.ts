/**
 * Autofix safety, as `eslint --fix` in a pre-commit hook needs it: the fixed output parses, and
 * fixing it again changes nothing (fixes converge instead of piling up on every run).
 *
 * Rule tests can call `assertFixIsStable(output, config)` on their own fix outputs:
 *
 *   assertFixIsStable(code, { plugins: { 'socket-errors': plugin }, rules: { 'socket-errors/x': 'error' } }, 'file.ts');
 *
 * `config` is a flat config (object or array) with the rules to apply; the parser comes from the
 * file name (typescript-eslint's parser, as RuleTester uses) unless the config sets one.
 */
import path from 'node:path';

import { Linter } from 'eslint';

import { baseConfig } from './lint.js';

export interface FixStability {
  /** The rules changed something. */
  fixed: boolean;
  /** The code after `eslint --fix` (up to ESLint's 10 passes). */
  output: string;
  /** What is wrong with the fix, one sentence each; empty when it is safe. */
  problems: string[];
}

const linters = new Map<string, Linter>();
function linterFor(filename: string): Linter {
  // Linter resolves `files` patterns against its cwd: an absolute file name needs its own.
  const cwd = path.isAbsolute(filename) ? path.dirname(filename) : process.cwd();
  let linter = linters.get(cwd);
  if (!linter) linters.set(cwd, (linter = new Linter({ configType: 'flat', cwd })));
  return linter;
}

const fatalOf = (messages: Linter.LintMessage[]) => messages.find((m) => m.fatal);

/** Checks one program; never throws for an unsafe fix (it lists the problems instead). */
export function checkFixStability(code: string, config: Linter.Config | Linter.Config[], filename = 'file.ts'): FixStability {
  const linter = linterFor(filename);
  const configs = [baseConfig(filename), ...(Array.isArray(config) ? config : [config])];
  const options = { filename };

  const first = linter.verifyAndFix(code, configs, options);
  if (!first.fixed) {
    const inputFatal = fatalOf(first.messages);
    return { fixed: false, output: code, problems: inputFatal ? [`the input does not parse: ${inputFatal.message}`] : [] };
  }

  // The second --fix starts by parsing the fixed output: a parse error there is the fix's, and
  // that one run answers both questions (the output parses; fixing it again changes nothing).
  const problems: string[] = [];
  const second = linter.verifyAndFix(first.output, configs, options);
  const outputFatal = second.fixed ? undefined : fatalOf(second.messages);
  if (outputFatal) {
    problems.push(`the fixed output does not parse: ${outputFatal.message} (line ${outputFatal.line}, column ${outputFatal.column})`);
  } else if (second.fixed || second.output !== first.output) {
    const changedBy = [...new Set(linter.verify(first.output, configs, options).filter((m) => m.fix).map((m) => m.ruleId))];
    problems.push(`a second fix pass changed the output again (fixes by ${changedBy.join(', ') || 'unknown rules'} do not converge)`);
  }
  return { fixed: true, output: first.output, problems };
}

/** Throws a readable error when fixing `code` is not safe; returns the fixed output otherwise. */
export function assertFixIsStable(code: string, config: Linter.Config | Linter.Config[], filename = 'file.ts'): string {
  const result = checkFixStability(code, config, filename);
  if (result.problems.length > 0) {
    throw new Error(
      `unsafe autofix on ${filename}: ${result.problems.join('; ')}\n--- input ---\n${code}\n--- after --fix ---\n${result.output}`,
    );
  }
  return result.output;
}

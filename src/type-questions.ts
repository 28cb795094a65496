/**
 * The questions our rules ask the type checker, in one place, timed when the benchmark asks for it.
 *
 * Timing: with `SOCKET_ERRORS_TYPE_TIMING=1` in the environment, every question asked through
 * `askType` is timed and kept (file, line, the node's text, the rule, milliseconds) in a list on
 * `globalThis` that `bench/run.mjs` reads after a lint run. Without it, `askType` only calls the
 * question: the environment is read once, when this module loads.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/** One question to the type checker, as the benchmark reports it. */
export interface TypeQuestion {
  file: string;
  line: number;
  text: string;
  rule: string;
  /** What was asked: `getTypeAtLocation`, `isTypeAssignableTo`... */
  ask: string;
  ms: number;
}

const TIMING = typeof process !== 'undefined' && Boolean(process.env.SOCKET_ERRORS_TYPE_TIMING);
const QUESTIONS_KEY = Symbol.for('eslint-plugin-socket-errors/type-questions');
/** Questions faster than this are counted but not kept one by one (a lint run asks tens of thousands). */
const KEEP_MS = 0.5;

interface QuestionLog {
  count: number;
  totalMs: number;
  slow: TypeQuestion[];
}

function questionLog(): QuestionLog {
  const holder = globalThis as { [QUESTIONS_KEY]?: QuestionLog };
  return (holder[QUESTIONS_KEY] ??= { count: 0, totalMs: 0, slow: [] });
}

/**
 * `ask()`, timed when the benchmark asked for it. `node` is what the question is about (for the
 * report: its file, line and text).
 */
export function askType<T>(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, node: TSESTree.Node, ask: () => T, what = 'getTypeAtLocation'): T {
  if (!TIMING) return ask();
  const start = performance.now();
  try {
    return ask();
  } finally {
    const ms = performance.now() - start;
    const log = questionLog();
    log.count += 1;
    log.totalMs += ms;
    if (ms >= KEEP_MS) {
      log.slow.push({
        file: context.filename,
        line: node.loc.start.line,
        text: context.sourceCode.getText(node).replace(/\s+/gu, ' ').slice(0, 80),
        rule: context.id,
        ask: what,
        ms,
      });
    }
  }
}

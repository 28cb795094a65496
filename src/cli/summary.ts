/** The table printed after the stylish output, and the progress line shown while linting. */

export interface SummaryMessage {
  ruleId: string | null;
  severity: number;
  fatal?: boolean | undefined;
}

export interface SummaryInput {
  results: readonly { messages: readonly SummaryMessage[]; fixableErrorCount: number; fixableWarningCount: number }[];
  /** Files linted (results for files that were only reported as ignored do not count). */
  filesScanned: number;
  elapsedMs: number;
  /** How the files were linted, e.g. `type-aware (tsconfig.json)` or `syntax only`. */
  mode: string;
  /** Fixes were applied in this run. */
  fixed: boolean;
  /** Lines about the run printed after the totals (files skipped, types missing...). */
  notes?: readonly string[];
}

const PARSE_ERRORS = 'parse errors (files not audited)';
const NOT_AUDITED = 'files named but not audited';

/**
 * Findings per rule (sorted by count, then id), then one line with files, time and mode, then a
 * hint when problems can be fixed automatically.
 */
export function formatSummary(input: SummaryInput): string {
  const rows = new Map<string, { errors: number; warnings: number }>();
  let errors = 0;
  let warnings = 0;
  let fixable = 0;
  for (const result of input.results) {
    fixable += result.fixableErrorCount + result.fixableWarningCount;
    for (const message of result.messages) {
      const key = message.ruleId ?? (message.fatal ? PARSE_ERRORS : NOT_AUDITED);
      const row = rows.get(key) ?? { errors: 0, warnings: 0 };
      if (message.severity >= 2) {
        row.errors++;
        errors++;
      } else {
        row.warnings++;
        warnings++;
      }
      rows.set(key, row);
    }
  }

  const lines: string[] = [];
  if (rows.size > 0) {
    const sorted = [...rows].sort(
      ([a, x], [b, y]) => y.errors + y.warnings - (x.errors + x.warnings) || a.localeCompare(b),
    );
    const width = Math.max('Findings by rule'.length, ...sorted.map(([key]) => key.length));
    const header = `${'Findings by rule'.padEnd(width)}  errors  warnings`;
    lines.push(header, '-'.repeat(header.length));
    for (const [key, row] of sorted) {
      lines.push(`${key.padEnd(width)}  ${String(row.errors).padStart(6)}  ${String(row.warnings).padStart(8)}`);
    }
    lines.push('');
  }
  const files = `${input.filesScanned} ${input.filesScanned === 1 ? 'file' : 'files'}`;
  const outcome =
    errors + warnings === 0
      ? 'no problems found'
      : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  lines.push(`Scanned ${files} in ${formatDuration(input.elapsedMs)}, ${input.mode}: ${outcome}.`);
  lines.push(...(input.notes ?? []));
  if (fixable > 0 && !input.fixed) {
    lines.push(`${plural(fixable, 'problem')} can be fixed automatically: run again with --fix.`);
  }
  return `${lines.join('\n')}\n`;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): unknown;
}

/**
 * A one-line file counter on a terminal, for runs long enough to look stuck: it appears after
 * `delayMs`, redraws at most every `intervalMs`, and is erased by `done()`. It never writes to a
 * stream that is not a TTY, so piped and CI output stays clean.
 */
export class Progress {
  private count = 0;
  private lastDraw = -Infinity;
  private drawn = false;
  private readonly start: number;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = () => performance.now(),
    private readonly delayMs = 500,
    private readonly intervalMs = 100,
  ) {
    this.start = now();
  }

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  tick(file: string): void {
    this.count++;
    if (!this.enabled) return;
    const time = this.now();
    if (time - this.start < this.delayMs || time - this.lastDraw < this.intervalMs) return;
    this.lastDraw = time;
    this.drawn = true;
    // Stay on one line (a wrapped line cannot be erased): the path goes first when space is short.
    const count = `socket-errors: ${this.count} files linted`;
    const width = (this.stream.columns || 80) - 1;
    const room = width - count.length - ', now '.length;
    const shown = room >= 10 ? `${count}, now ${file.length > room ? `…${file.slice(file.length - room + 1)}` : file}` : count;
    this.stream.write(`\r\x1b[2K${shown}`);
  }

  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}

/**
 * Files that look minified or bundled. Linting them finds nothing a person would fix (the bug, if
 * any, is in the source they were built from) and costs a lot: a 2 MB minified file takes tens of
 * seconds and a gigabyte to parse. Like other linters, the audit skips them unless asked not to.
 * Deciding reads at most the first 64 KB and the last 1 KB of a file.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';

/** Names that bundlers and minifiers give their output. */
const BUNDLE_NAME = /\.(?:min|bundle)\.[cm]?js$/i;
/** Extensions the audit lints (what the file may be skipped from). */
const SOURCE_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/i;
const HEAD_BYTES = 64 * 1024;
const TAIL_BYTES = 1024;
/** No hand-written line is this long; minifiers write whole files on one line. */
const LONG_LINE = 1000;
/** Bundles with source maps keep shorter lines, but still far longer than hand-written code. */
const LONG_LINE_WITH_SOURCE_MAP = 500;

/** Why the file looks minified or bundled, in a few words, or `undefined` when it looks hand-written. */
export function minifiedReason(file: string): string | undefined {
  const name = path.basename(file);
  if (!SOURCE_EXTENSION.test(name)) return undefined;
  if (BUNDLE_NAME.test(name)) return `its name ends with ${/\.(?:min|bundle)\.[cm]?js$/i.exec(name)![0]}`;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined; // ESLint reports files it cannot read
  }
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    const headLength = readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, headLength).toString('utf8');
    const longest = longestLine(text);
    if (longest > LONG_LINE) return `a line of ${longest} characters`;
    if (/^\/\*{6}\/ /m.test(text) || text.includes('webpackBootstrap')) return 'a webpack bundle header';
    let tail = text;
    if (size > headLength) {
      const buffer = Buffer.alloc(Math.min(size, TAIL_BYTES));
      tail = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, size - buffer.length)).toString('utf8');
    }
    if (/[#@] sourceMappingURL=/.test(tail) && longest > LONG_LINE_WITH_SOURCE_MAP) {
      return `a source map comment and a line of ${longest} characters`;
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function longestLine(text: string): number {
  let longest = 0;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    const length = (end === -1 ? text.length : end) - start;
    if (length > longest) longest = length;
    if (end === -1) return longest;
    start = end + 1;
  }
}

/**
 * An ESLint ignore matcher that skips minified files and remembers which it skipped and why, for
 * the summary and for files named on the command line.
 */
export class MinifiedFiles {
  readonly skipped = new Map<string, string>();
  private readonly checked = new Map<string, boolean>();

  /** For a config's `ignores`: ESLint calls it with absolute paths (directories end with a slash). */
  readonly matcher = (file: string): boolean => {
    if (file.endsWith('/') || file.endsWith(path.sep)) return false;
    let ignored = this.checked.get(file);
    if (ignored === undefined) {
      const reason = minifiedReason(file);
      ignored = reason !== undefined;
      if (reason !== undefined) this.skipped.set(path.resolve(file), reason);
      this.checked.set(file, ignored);
    }
    return ignored;
  };
}

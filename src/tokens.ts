/**
 * What a file's tokens spell, for the rules' cheap per-file checks ("can this file call `write`?",
 * "does it read a `code`?"). Most files of a code base have nothing a rule reports, and these
 * checks let a rule return `{}` for them without walking the tree. Each check reads only the tokens
 * where the text has what it looks for or a backslash (`visitSpellings`); a check that tests every
 * name against a pattern reads the file's index of names once (`tokenNames`).
 *
 * Token values are the source text: `s.wr\u0069te()` has the token `wr\u0069te` and
 * `s['\x77rite']()` the token `'\x77rite'`. The escapes are read here, so a name or string is
 * found however it is written; one that cannot be read counts as any name.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_TOKEN_TYPES } from '@typescript-eslint/utils';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface TokenNames {
  /** Identifier names, escapes read, and reserved words (which can name a property). */
  readonly names: ReadonlySet<string>;
  /** Private names (`#socket`), without the `#`. */
  readonly privateNames: ReadonlySet<string>;
  /** Values of string literals, escapes read (`'\n'` is a newline). */
  readonly strings: ReadonlySet<string>;
  /** Some name or string could not be read: it may spell anything. */
  readonly unread: boolean;
}

const byProgram = new WeakMap<TSESTree.Program, TokenNames | null>();

/** The names and strings of the file's tokens (read once per file); `undefined` when the parser gave no tokens. */
export function tokenNames(sourceCode: SourceCode): TokenNames | undefined {
  const program = sourceCode.ast;
  let found = byProgram.get(program);
  if (found === undefined) {
    found = program.tokens ? readTokens(program.tokens) : null;
    byProgram.set(program, found);
  }
  return found ?? undefined;
}

function readTokens(tokens: readonly TSESTree.Token[]): TokenNames {
  const names = new Set<string>();
  const privateNames = new Set<string>();
  const strings = new Set<string>();
  let unread = false;
  for (const token of tokens) {
    const { type } = token;
    if (type === AST_TOKEN_TYPES.Keyword) {
      names.add(token.value); // a reserved word can name a property (`registry.delete(id)`)
      continue;
    }
    if (type !== AST_TOKEN_TYPES.Identifier && !isStringToken(token) && type !== AST_TOKEN_TYPES.PrivateIdentifier) continue;
    const value = tokenValue(token);
    if (value === null) unread = true;
    else if (type === AST_TOKEN_TYPES.Identifier) names.add(value);
    else if (type === AST_TOKEN_TYPES.PrivateIdentifier) privateNames.add(value);
    else strings.add(value);
  }
  return { names, privateNames, strings, unread };
}

/**
 * Does some identifier or string of the file spell one of `names` (`s.write`, `s['write']`)?
 * Without tokens the answer is yes.
 */
export function mayMention(sourceCode: SourceCode, names: Iterable<string>): boolean {
  const wanted = names instanceof Set ? (names as ReadonlySet<string>) : listedNames(names);
  return visitSpellings(sourceCode, wholeWords(wanted), (value) => value === null || wanted.has(value));
}

/** One set per list of names (`mayMention(sourceCode, ['message'])` is asked of every file). */
function listedNames(names: Iterable<string>): ReadonlySet<string> {
  const list = [...names];
  const key = list.join('\n');
  let set = setsByList.get(key);
  if (!set) {
    set = new Set(list);
    setsByList.set(key, set);
  }
  return set;
}
const setsByList = new Map<string, ReadonlySet<string>>();

const wholeWordPatterns = new WeakMap<ReadonlySet<string>, RegExp>();

/**
 * The names as whole words of the text, for `visitSpellings`: a token that spells one of them
 * without an escape has it between characters that cannot continue a name (`.end(`, `'end'`), so
 * `send` or `endpoint` need not be looked at (escapes are read at each backslash anyway).
 */
export function wholeWords(names: ReadonlySet<string>): RegExp {
  let pattern = wholeWordPatterns.get(names);
  if (!pattern) {
    const escaped = [...names].map((name) => name.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'));
    pattern = new RegExp(`(?<![\\w$])(?:${escaped.join('|')})(?![\\w$])`, 'gu');
    wholeWordPatterns.set(names, pattern);
  }
  return pattern;
}

/** What a token found by `visitSpellings` is: a name (identifier or reserved word) or a string. */
export type SpellingKind = 'name' | 'string';

/**
 * Calls `visit` with each identifier, reserved word or string token (its value, escapes read, or
 * null when unreadable, and its index in the file's tokens) that may spell what the caller looks
 * for, until `visit` returns true; returns whether it did. Without tokens the answer is true.
 *
 * The tokens are found from the text, not by walking all of them (a long file has a hundred
 * thousand): a token that spells a word without an escape has it in the text, so only the tokens
 * at a match of `needles` (strings, or a global regular expression) or at a backslash are read,
 * each found by a binary search over the tokens' positions.
 */
export function visitSpellings(
  sourceCode: SourceCode,
  needles: readonly string[] | RegExp,
  visit: (value: string | null, kind: SpellingKind, token: TSESTree.Token, index: number) => boolean,
): boolean {
  const tokens = sourceCode.ast.tokens;
  if (!tokens) return true;
  const text = sourceCode.text;
  const offsets: number[] = [];
  if (Array.isArray(needles)) {
    for (const needle of needles as readonly string[]) {
      for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) offsets.push(at);
    }
  } else {
    const pattern = needles as RegExp;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      offsets.push(match.index);
      if (match[0] === '') pattern.lastIndex += 1;
    }
  }
  for (let at = text.indexOf('\\'); at !== -1; at = text.indexOf('\\', at + 1)) offsets.push(at);
  const seen = new Set<number>();
  for (const offset of offsets) {
    const index = tokenIndexAt(tokens, offset);
    if (index < 0 || seen.has(index)) continue;
    seen.add(index);
    const token = tokens[index]!;
    const { type } = token;
    const string = isStringToken(token);
    if (type !== AST_TOKEN_TYPES.Identifier && !string && type !== AST_TOKEN_TYPES.Keyword) continue;
    if (visit(tokenValue(token), string ? 'string' : 'name', token, index)) return true;
  }
  return false;
}

/** The index of the token that covers `offset` (tokens are in source order), or -1 (a comment, spaces). */
export function tokenIndexAt(tokens: readonly TSESTree.Token[], offset: number): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (tokens[middle]!.range[0] <= offset) low = middle + 1;
    else high = middle;
  }
  const index = low - 1;
  return index >= 0 && offset < tokens[index]!.range[1] ? index : -1;
}

/**
 * A string literal, or a template literal without substitutions (``s[`write`]()`` names a member
 * as `s['write']()` does; the tree reads both as the member's name).
 */
function isStringToken(token: TSESTree.Token): boolean {
  return (
    token.type === AST_TOKEN_TYPES.String ||
    (token.type === AST_TOKEN_TYPES.Template && token.value.length >= 2 && token.value.startsWith('`') && token.value.endsWith('`'))
  );
}

/**
 * What an identifier, private name or string token spells: the name (without `#`) or the string's
 * value, escapes read; null when an escape cannot be read (it may then spell anything). Other
 * tokens give their text.
 */
export function tokenValue(token: TSESTree.Token): string | null {
  const raw = token.value;
  switch (token.type) {
    case AST_TOKEN_TYPES.Identifier:
      return raw.includes('\\') ? readNameEscapes(raw) : raw;
    case AST_TOKEN_TYPES.PrivateIdentifier: {
      const name = raw.startsWith('#') ? raw.slice(1) : raw;
      return name.includes('\\') ? readNameEscapes(name) : name;
    }
    case AST_TOKEN_TYPES.String:
    case AST_TOKEN_TYPES.Template: {
      if (!isStringToken(token)) return raw;
      // A long string is read once: one of a megabyte (a bundled `JSON.parse("…")`) is looked at
      // for every word and backslash in it, and each reading walks the whole string.
      if (raw.length < LONG_STRING) return stringValue(raw);
      const known = stringValues.get(token);
      if (known !== undefined) return known;
      const value = stringValue(raw);
      stringValues.set(token, value);
      return value;
    }
    default:
      return raw;
  }
}

const stringValues = new WeakMap<TSESTree.Token, string | null>();
/** Strings at least this long are read once per token (shorter ones cost less to read than to look up). */
const LONG_STRING = 256;

function stringValue(raw: string): string | null {
  const body = raw.slice(1, -1);
  return body.includes('\\') ? readStringEscapes(body) : body;
}

/** `wr\u0069te`, `wr\u{69}te`: the only escapes a name can have. */
function readNameEscapes(text: string): string | null {
  let failed = false;
  const value = text.replace(/\\u(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{4}))?/gu, (_, braced?: string, plain?: string) => {
    const hex = braced ?? plain;
    const code = hex === undefined ? NaN : Number.parseInt(hex, 16);
    if (!(code <= 0x10ffff)) {
      failed = true;
      return '';
    }
    return String.fromCodePoint(code);
  });
  return failed || value.includes('\\') ? null : value;
}

const SINGLE_ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const STRING_ESCAPE = /\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-3][0-7]{0,2}|[4-7][0-7]?)|(\r\n|[^]))/gu;

/** A string literal's value from its text between the quotes, as the language reads it. */
function readStringEscapes(body: string): string | null {
  let failed = false;
  const value = body.replace(STRING_ESCAPE, (_, braced?: string, plain?: string, byte?: string, octal?: string, other?: string) => {
    const hex = braced ?? plain ?? byte;
    if (hex !== undefined) {
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff) failed = true;
      return failed ? '' : String.fromCodePoint(code);
    }
    // Legacy octal escapes (`'\101'` is `A`; `'\0'` is NUL), allowed outside strict mode.
    if (octal !== undefined) return String.fromCharCode(Number.parseInt(octal, 8));
    // A line continuation is no character; `\u`/`\x` without their digits do not parse.
    if (other === '\n' || other === '\r' || other === '\r\n' || other === '\u2028' || other === '\u2029') return '';
    if (other === 'u' || other === 'x' || other === undefined) {
      failed = true;
      return '';
    }
    return SINGLE_ESCAPES[other] ?? other;
  });
  return failed ? null : value;
}

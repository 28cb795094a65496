/**
 * What a file's tokens spell, for the rules' cheap per-file checks ("can this file call `write`?",
 * "does it read a `code`?"). Most files of a code base have nothing a rule reports, and these
 * checks let a rule return `{}` for them without walking the tree. Each check first asks the text
 * (a name written without an escape is in it), then scans the tokens and stops at the first
 * match; a check that tests every name against a pattern reads the file's index of names once.
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
  return programTokenNames(sourceCode.ast);
}

/** `tokenNames` for a file's tree. */
export function programTokenNames(program: TSESTree.Program): TokenNames | undefined {
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
    if (type !== AST_TOKEN_TYPES.Identifier && type !== AST_TOKEN_TYPES.String && type !== AST_TOKEN_TYPES.PrivateIdentifier) continue;
    const value = tokenValue(token);
    if (value === null) unread = true;
    else if (type === AST_TOKEN_TYPES.Identifier) names.add(value);
    else if (type === AST_TOKEN_TYPES.String) strings.add(value);
    else privateNames.add(value);
  }
  return { names, privateNames, strings, unread };
}

/**
 * Does some identifier or string of the file spell one of `names` (`s.write`, `s['write']`)?
 * Without tokens the answer is yes.
 */
export function mayMention(sourceCode: SourceCode, names: Iterable<string>): boolean {
  const text = sourceCode.text;
  // A token that spells a name without an escape has it in the text: most files are answered here.
  if (!text.includes('\\') && !someOf(names, (name) => text.includes(name))) return false;
  // The index when another check has read it; else a scan that stops at the first match.
  const indexed = byProgram.get(sourceCode.ast);
  if (indexed) return indexed.unread || someOf(names, (name) => indexed.names.has(name) || indexed.strings.has(name));
  const tokens = sourceCode.ast.tokens;
  if (!tokens) return true;
  const wanted = names instanceof Set ? (names as ReadonlySet<string>) : new Set(names);
  return tokens.some((token) => {
    const { type } = token;
    if (type !== AST_TOKEN_TYPES.Identifier && type !== AST_TOKEN_TYPES.String && type !== AST_TOKEN_TYPES.Keyword) return false;
    const value = tokenValue(token);
    return value === null || wanted.has(value);
  });
}

/**
 * Does some identifier (or keyword) or string of the file spell a name `test` accepts? A scan
 * that stops at the first match; a name or string that cannot be read counts.
 */
export function mayMentionAny(program: TSESTree.Program, test: (value: string, type: 'name' | 'string') => boolean): boolean {
  const tokens = program.tokens;
  if (!tokens) return true;
  return tokens.some((token) => {
    const { type } = token;
    if (type !== AST_TOKEN_TYPES.Identifier && type !== AST_TOKEN_TYPES.String && type !== AST_TOKEN_TYPES.Keyword) return false;
    const value = tokenValue(token);
    return value === null || test(value, type === AST_TOKEN_TYPES.String ? 'string' : 'name');
  });
}

function someOf(names: Iterable<string>, test: (name: string) => boolean): boolean {
  for (const name of names) if (test(name)) return true;
  return false;
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
    case AST_TOKEN_TYPES.String: {
      const body = raw.slice(1, -1);
      return body.includes('\\') ? readStringEscapes(body) : body;
    }
    default:
      return raw;
  }
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

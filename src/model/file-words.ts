/**
 * Can any rule find anything in this file? Most files of a code base (state machines, utilities,
 * data transforms) have no socket, read no error code and name no socket error: there every rule
 * returns `{}` from `create`. Each rule's own checks (src/model/file-facts.ts `mayHaveSockets`,
 * `libraryObjects`, `mayReadErrorCode`, `mayMentionFamilyCode`...) each search the text; this module
 * reads the file's text once, for all six rules, and answers "nothing here" only where every one
 * of those checks would answer no (test/shortcuts.test.ts holds it to that on every test case and
 * docs example). A rule asks it first and goes on to its own checks where it says "maybe".
 *
 * The words are those the checks look for, from the lists they use: an identifier, reserved word or
 * string that spells one (escapes read, src/tokens.ts), or a name or string whose escape cannot be
 * read (it may spell anything), makes the file one to look at.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_TOKEN_TYPES } from '@typescript-eslint/utils';

import { SOCKET_ERROR_CODES } from '../codes.js';
import { LIBRARY_OBJECTS } from '../libraries.js';
import { tokenIndexAt, tokenValue } from '../tokens.js';
import { SOCKET_CONFIGURATION } from './close-reach.js';
import { mayListenForSocketEventAt, SOCKET_MODULE_STRINGS } from './file-facts.js';
import { LISTEN_METHODS } from './node-api.js';
import { EVIDENCE_NAMES, REMOVAL_NAMES, UNREF_AND_WRITE } from './socket-evidence.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Names that hold an error code by convention (`function retry(code)`), when nothing else tells. */
export const CODE_NAME = /^(?:err(?:or)?_?)?code$/i;

/** What a file may hold, as bits. */
const SOCKET = 1;
const EVIDENCE = 2;
const REMOVAL = 4;
const CODE_READ = 8;
const SOCKET_CODE = 16;
const MESSAGE = 32;
const LISTEN = 64;
const REQUIRE = 128;
const UNREF = 256;
const WRITE = 512;
const EVERYTHING = 1023;
/** What makes every question of this module answer "maybe": a socket, and an error code read. */
const ANSWERED = SOCKET | CODE_READ;

/** Names (identifiers, reserved words) and what each may start. */
const NAME_WORDS = new Map<string, number>();
/** String values and what each may start. */
const STRING_WORDS = new Map<string, number>();

function add(map: Map<string, number>, words: Iterable<string>, bit: number): void {
  for (const word of words) map.set(word, (map.get(word) ?? 0) | bit);
}
// A module of Node's or of a client library, named where it is imported or required
// (`moduleOrigins`, `mayAnnotateSockets`, `libraryObjects`).
add(STRING_WORDS, SOCKET_MODULE_STRINGS, SOCKET);
add(STRING_WORDS, LIBRARY_OBJECTS.flatMap((entry) => entry.modules), SOCKET);
// `setNoDelay`, 'secureConnect'... (`mayConfigureSockets`); with a removal, `mayUseAsSocket`.
for (const map of [NAME_WORDS, STRING_WORDS]) {
  add(map, SOCKET_CONFIGURATION, SOCKET);
  add(map, EVIDENCE_NAMES, EVIDENCE);
  add(map, REMOVAL_NAMES, REMOVAL);
  add(map, LISTEN_METHODS, LISTEN);
  // An object both written to and unref'd (`mayConfigureSockets`).
  add(map, [UNREF_AND_WRITE[0]], UNREF);
  add(map, [UNREF_AND_WRITE[1]], WRITE);
  // A code of the table, in a dispatch, a list or a message check (`mayMentionFamilyCode`).
  add(map, SOCKET_ERROR_CODES, SOCKET_CODE);
  add(map, ['message'], MESSAGE);
}
add(NAME_WORDS, ['require'], REQUIRE);
// `err.code`, `err['errno']`, `const { errno } = e` (`mayReadErrorCode`); names like `errCode` below.
add(NAME_WORDS, ['errno'], CODE_READ);
add(STRING_WORDS, ['code', 'errno'], CODE_READ);

const wordsByProgram = new WeakMap<TSESTree.Program, number>();

/** The bits of what the file may hold, read once per file. */
function fileWords(sourceCode: SourceCode): number {
  const program = sourceCode.ast;
  let found = wordsByProgram.get(program);
  if (found === undefined) {
    found = program.tokens ? readWords(sourceCode.text, program.tokens, program.comments ?? []) : EVERYTHING;
    wordsByProgram.set(program, found);
  }
  return found;
}

/**
 * The words looked for, as they stand in the text: a name or string value of the lists above, or its
 * first part when it has other characters (`redis` of `'@redis/client'`, `net` of `'node:net'`).
 */
const TEXT_WORDS: ReadonlySet<string> = new Set(
  [...NAME_WORDS.keys(), ...STRING_WORDS.keys()].map((word) => word.replace(/^node:/u, '').split(/[^\w$]+/u).find((part) => part !== '')!),
);
/** Is some word of TEXT_WORDS this long and starts with this character (ASCII, length up to 63)? */
const WORD_SHAPES = new Uint8Array(128 * 64);
for (const word of TEXT_WORDS) WORD_SHAPES[word.charCodeAt(0) * 64 + Math.min(word.length, 63)] = 1;

/** Characters of a name (ASCII): a token spelt without escapes is bounded by none of them. */
const NAME_CHARS = new Uint8Array(128);
for (const char of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$') NAME_CHARS[char.charCodeAt(0)] = 1;

/**
 * One pass over the text, not over the tokens (reading each token object costs more than reading
 * each character): a token that spells a word without an escape is that word of the text, bounded
 * by characters that are no part of a name (a quote, a dot, a space). Only the tokens at such
 * words, at a name ending in `code` in any case, and at a backslash are read (src/tokens.ts), as
 * `visitSpellings` reads them for each check. Comments hold no token: the pass jumps over them
 * (a fifth of the text of a documented library).
 */
function readWords(text: string, tokens: readonly TSESTree.Token[], comments: readonly TSESTree.Comment[]): number {
  let found = text.includes('zlib') ? SOCKET : 0; // `mayFeedStreams` searches the text itself
  /** Reads the token at `offset`; true once every question has its answer (nothing can change one). */
  const look = (offset: number): boolean => {
    const index = tokenIndexAt(tokens, offset);
    if (index >= 0) found |= tokenWords(tokens, index);
    return (found & ANSWERED) === ANSWERED;
  };
  const length = text.length;
  let comment = 0;
  let commentStart = comments.length > 0 ? comments[0]!.range[0] : length;
  let at = 0;
  while (at < length) {
    let char = text.charCodeAt(at);
    if (char < 128 && NAME_CHARS[char] === 1) {
      // A word: read to its end, then the character after it is looked at like any other.
      const start = at;
      do at++;
      while (at < length && (char = text.charCodeAt(at)) < 128 && NAME_CHARS[char] === 1);
      const size = at - start;
      if (WORD_SHAPES[text.charCodeAt(start) * 64 + Math.min(size, 63)] === 1 && TEXT_WORDS.has(text.slice(start, at))) {
        if (look(start)) return found;
      } else if (
        // `code`, `errCode`, `ERROR_CODE` (`mayReadErrorCode`): ends in `code` in any case.
        size >= 4 && size <= 10 && (text.charCodeAt(at - 1) | 32) === 101 && (text.charCodeAt(at - 2) | 32) === 100 && (text.charCodeAt(at - 3) | 32) === 111 && (text.charCodeAt(at - 4) | 32) === 99
      ) {
        if (look(start)) return found;
      }
      continue;
    }
    if (char === 92) {
      if (look(at)) return found; // a backslash: an escape may spell anything
    } else if (at === commentStart) {
      at = comments[comment]!.range[1];
      comment++;
      commentStart = comment < comments.length ? comments[comment]!.range[0] : length;
      continue;
    }
    at++;
  }
  if ((found & EVIDENCE && found & REMOVAL) || (found & UNREF && found & WRITE)) found |= SOCKET;
  return found;
}

const { Identifier, Keyword, RegularExpression, String: StringToken, Template } = AST_TOKEN_TYPES;
const CODE_WORDS = /[A-Z][A-Z0-9_]{2,}/gu;
const SOCKET_CODES: ReadonlySet<string> = new Set(SOCKET_ERROR_CODES);

/** What the token at `index` may start: a name or string of the lists, read as `visitSpellings` reads it. */
function tokenWords(tokens: readonly TSESTree.Token[], index: number): number {
  const token = tokens[index]!;
  const type = token.type;
  const name = type === Identifier || type === Keyword;
  // `/ECONNRESET|EPIPE/.test(String(err))`: a code in a pattern is a code named.
  if (type === RegularExpression) return (token.value.match(CODE_WORDS) ?? []).some((word) => SOCKET_CODES.has(word)) ? SOCKET_CODE : 0;
  if (!name && type !== StringToken && !(type === Template && isWholeTemplate(token))) return 0;
  const value = tokenValue(token);
  if (value === null) return EVERYTHING; // an escape that cannot be read: it may spell anything
  let found = (name ? NAME_WORDS : STRING_WORDS).get(value) ?? 0;
  if (name && CODE_NAME.test(value)) found |= CODE_READ;
  if (found & LISTEN && mayListenForSocketEventAt(tokens, index, name ? 'name' : 'string')) found |= SOCKET;
  if (found & REQUIRE && !requiresPlainString(tokens, index)) found |= SOCKET;
  return found & ~(LISTEN | REQUIRE);
}

/**
 * `require('x')` or `require?.('x')` at `index`: the module's name is the string token, read on its
 * own. Any other use of `require` (a computed name, type arguments, `const load = require`) may
 * load one of the modules (`importsFrom`, `mayUseNodeModules`).
 */
function requiresPlainString(tokens: readonly TSESTree.Token[], index: number): boolean {
  let next = index + 1;
  if (tokens[next]?.value === '?.') next++;
  if (tokens[next]?.value !== '(') return false;
  const argument = tokens[next + 1];
  const after = tokens[next + 2]?.value;
  return argument?.type === AST_TOKEN_TYPES.String && (after === ')' || after === ',');
}

/** A template literal without substitutions: read as a string, like `'x'`. */
function isWholeTemplate(token: TSESTree.Token): boolean {
  const raw = token.value;
  return raw.length >= 2 && raw.startsWith('`') && raw.endsWith('`');
}

/**
 * Nothing in the file can be a socket or a client library's object, for the four socket rules
 * (`mayHaveSockets`, `libraryObjects`, `mayConfigureSockets`, `mayUseAsSocket`, `mayFeedStreams`
 * all answer no). Only without type information (the checker can make anything a socket) and
 * without a name pattern (any name may match it).
 */
export function quietForSockets(sourceCode: SourceCode, namePattern: string | null | undefined): boolean {
  if ((namePattern != null && namePattern !== '') || sourceCode.parserServices?.program) return false;
  if (fileWords(sourceCode) & SOCKET) return false;
  // `mayFeedStreams` searches the text itself.
  return !sourceCode.text.includes('zlib');
}

/**
 * The file reads no error code, names no code of the table and none of `additionalCodes`
 * (`mayReadErrorCode`, `mayMentionFamilyCode` answer no): nothing for `exhaustive-error-codes`
 * without type information.
 */
export function quietForCodeDispatches(sourceCode: SourceCode, additionalCodes: object | undefined): boolean {
  if (sourceCode.parserServices?.program && sourceCode.parserServices.esTreeNodeToTSNodeMap) return false;
  if (additionalCodes && Object.keys(additionalCodes).length > 0) return false;
  return (fileWords(sourceCode) & (CODE_READ | SOCKET_CODE)) === 0;
}

/**
 * Can anything in the file be read as an error's code (`readCode`, src/model/code-reads.ts)? Every
 * such read ends in a token that says so: the property `code`/`errno` (`err.code`, `err['errno']`,
 * `{ code } = err`) or a name `CODE_NAME` matches (`statusCode` or `NodeJS.ErrnoException` are
 * none). The pass stops early only once it has found one, so its answer is whole; without tokens
 * the answer is yes.
 */
export function mayReadErrorCode(sourceCode: SourceCode): boolean {
  return (fileWords(sourceCode) & CODE_READ) !== 0;
}

/**
 * The file reads no error code and no `message` (`mayReadErrorCode`, `mayReadMember(…, 'message')`
 * answer no): `no-unknown-error-code` has only lists of codes to look at.
 */
export function quietForCodeReads(sourceCode: SourceCode): boolean {
  return (fileWords(sourceCode) & (CODE_READ | MESSAGE)) === 0;
}

/**
 * The file names no code of the table, as a string or a name: no array of it is a list of Node's
 * codes (`nodeCodeList` wants two socket codes among its elements, src/model/code-known.ts).
 */
export function quietForCodeLists(sourceCode: SourceCode): boolean {
  return (fileWords(sourceCode) & SOCKET_CODE) === 0;
}

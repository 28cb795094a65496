/**
 * The shortcuts that keep the rules cheap must never change an answer:
 * - `findVariable` (src/listeners.ts) finds the same variable as eslint-utils' `findVariable`;
 * - `mayHaveSockets()` is false only where the detector finds no socket at all (the four rules that
 *   need a socket return `{}` on it);
 * - `createdBy()` names the socket a call of Node's own modules creates, from syntax alone.
 * The first two are checked over every rule test case and docs example, the third on examples.
 */
import { ASTUtils, AST_NODE_TYPES, AST_TOKEN_TYPES, ESLintUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { mayReadErrorCode, mayReadMember, readCode } from '../src/code-dispatch.js';
import { ANY_IO_METHOD, callsWithin, mayAssignIndexed, mayCallAny, readMethodCall } from '../src/dead-socket.js';
import { calleeName, findVariable } from '../src/listeners.js';
import { tokenNames, tokenValue } from '../src/tokens.js';
import { createSocketDetector, DEFAULT_STRICT_SOCKET_NAME_PATTERN, defaultSocketOptions, type SocketOptions } from '../src/socket.js';
import { baseConfig } from './support/lint.js';
import { casePrograms, docPrograms } from './support/programs.js';
import { ruleTester } from './rule-tester.js';
import { isFunction, propertyName, skipWrappers } from '../src/model/ast.js';
import { getTraceMap, mayHaveSockets, moduleOrigins, traceModuleCalls } from '../src/model/file-facts.js';
import { quietForCodeDispatches, quietForCodeLists, quietForCodeReads, quietForSockets } from '../src/model/file-words.js';
import { libraryObjects } from '../src/libraries.js';
import { mayConfigureSockets } from '../src/model/close-reach.js';
import { codeFamilies, mayMentionFamilyCode } from '../src/model/code-families.js';
import { knownCodes, nodeCodeList } from '../src/model/code-known.js';
import { mayFeedStreams } from '../src/model/fed-streams.js';
import { mayUseAsSocket } from '../src/model/socket-evidence.js';

const agreement = ESLintUtils.RuleCreator.withoutDocs({
  meta: { type: 'problem', messages: { differs: '{{name}}: {{ours}} != {{theirs}}' }, schema: [] },
  create(context) {
    return {
      'Program:exit'() {
        const manager = context.sourceCode.scopeManager!;
        const global = manager.globalScope!;
        const describeVariable = (variable: TSESLint.Scope.Variable | null) =>
          variable ? `${variable.name}@${variable.defs[0]?.name.range.join('-') ?? 'implicit'}` : 'none';
        for (const scope of manager.scopes) {
          for (const { identifier } of scope.references) {
            if (identifier.type !== AST_NODE_TYPES.Identifier) continue;
            for (const start of [global, scope]) {
              const ours = findVariable(start, identifier);
              const theirs = ASTUtils.findVariable(start, identifier);
              if (ours !== theirs) {
                context.report({ node: identifier, messageId: 'differs', data: { name: identifier.name, ours: describeVariable(ours), theirs: describeVariable(theirs) } });
              }
            }
          }
        }
      },
    };
  },
});

const soundness = ESLintUtils.RuleCreator.withoutDocs<[SocketOptions], 'unsound'>({
  meta: {
    type: 'problem',
    messages: { unsound: '{{name}} is a socket but mayHaveSockets() said no' },
    schema: [{ type: 'object', additionalProperties: true }],
  },
  defaultOptions: [defaultSocketOptions],
  create(context, [options]) {
    const detector = createSocketDetector(context, options);
    const may = detector.mayHaveSockets();
    const check = (node: TSESTree.Node) => {
      if (!may && detector.match(node)) context.report({ node, messageId: 'unsound', data: { name: context.sourceCode.getText(node) } });
    };
    return {
      MemberExpression: check,
      CallExpression: check,
      NewExpression: check,
      ':function'(fn: TSESTree.FunctionLike) {
        if (!may && detector.socketParams(fn).size > 0) context.report({ node: fn, messageId: 'unsound', data: { name: 'a parameter' } });
      },
      'Program:exit'() {
        for (const scope of context.sourceCode.scopeManager?.scopes ?? []) for (const ref of scope.references) check(ref.identifier);
      },
    };
  },
});

/** The token checks of src/dead-socket.ts and src/code-dispatch.ts must say yes wherever the tree has such a call, assignment or read. */
const CALLED = new Set([...ANY_IO_METHOD, 'add', 'set', 'push', 'setInterval', 'setTimeout', 'clearInterval']);
const tokenChecks = ESLintUtils.RuleCreator.withoutDocs({
  meta: { type: 'problem', messages: { missed: '{{what}} not seen in the tokens' }, schema: [] },
  create(context) {
    const calls = mayCallAny(context.sourceCode, CALLED);
    const indexed = mayAssignIndexed(context.sourceCode);
    const io = callsWithin(context.sourceCode, ANY_IO_METHOD);
    const readsCode = mayReadErrorCode(context.sourceCode);
    const readsMessage = mayReadMember(context.sourceCode, 'message');
    // exhaustive-error-codes and no-unknown-error-code read no code where mayReadErrorCode() is
    // false, and no-unknown-error-code no message where mayReadMember(…, 'message') is false too.
    const checkRead = (node: TSESTree.Node) => {
      if (!readsCode && readCode(node, context.sourceCode.getScope(node))) context.report({ node, messageId: 'missed', data: { what: 'a read of an error code' } });
    };
    return {
      MemberExpression(node) {
        checkRead(node);
        if (!readsMessage && propertyName(node) === 'message') context.report({ node, messageId: 'missed', data: { what: 'a read of a message' } });
      },
      Identifier: checkRead,
      CallExpression(node) {
        const name = calleeName(node);
        if (!calls && name !== undefined && CALLED.has(name)) context.report({ node, messageId: 'missed', data: { what: `${name}()` } });
        // no-use-after-dead follows no function that callsWithin() says has no I/O call.
        const method = readMethodCall(node);
        if (!method || !ANY_IO_METHOD.has(method.name)) return;
        if (!io.any) context.report({ node, messageId: 'missed', data: { what: `${method.name}() in the file` } });
        for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
          if (isFunction(current) && !io.within(current)) context.report({ node, messageId: 'missed', data: { what: `${method.name}() in its function` } });
        }
      },
      AssignmentExpression(node) {
        const target = skipWrappers(node.left);
        if (!indexed && node.operator === '=' && target.type === AST_NODE_TYPES.MemberExpression && target.computed) {
          context.report({ node, messageId: 'missed', data: { what: 'an indexed assignment' } });
        }
      },
    };
  },
});

/** The token index (src/tokens.ts) must read every name and string as the tree has it. */
const tokenReading = ESLintUtils.RuleCreator.withoutDocs({
  meta: { type: 'problem', messages: { misread: '{{raw}} read as {{ours}}, the tree has {{theirs}}' }, schema: [] },
  create(context) {
    const sourceCode = context.sourceCode;
    const names = tokenNames(sourceCode);
    const compare = (node: TSESTree.Node, expected: string, kind: 'names' | 'strings' | 'privateNames') => {
      const token = sourceCode.getTokenByRangeStart(node.range[0]);
      if (!token) return;
      const ours = tokenValue(token);
      if (ours !== expected || !names?.[kind].has(expected)) {
        context.report({ node, messageId: 'misread', data: { raw: token.value, ours: JSON.stringify(ours), theirs: JSON.stringify(expected) } });
      }
    };
    return {
      Literal(node) {
        if (typeof node.value === 'string' && sourceCode.getTokenByRangeStart(node.range[0])?.type === AST_TOKEN_TYPES.String) compare(node, node.value, 'strings');
      },
      Identifier(node) {
        const type = sourceCode.getTokenByRangeStart(node.range[0])?.type;
        if (type === AST_TOKEN_TYPES.Identifier || type === AST_TOKEN_TYPES.Keyword) compare(node, node.name, 'names');
      },
      PrivateIdentifier(node) {
        compare(node, node.name, 'privateNames');
      },
    };
  },
});

/**
 * `moduleOrigins()` runs the ReferenceTracker only where the tokens spell a module of Node's or a
 * `require` with a computed name: it must find every call the tracker finds without that check.
 */
const originsAgreement = ESLintUtils.RuleCreator.withoutDocs({
  meta: { type: 'problem', messages: { missed: '{{text}} found by the tracker, not by moduleOrigins()' }, schema: [] },
  create(context) {
    return {
      'Program:exit'() {
        const origins = moduleOrigins(context.sourceCode);
        traceModuleCalls(context.sourceCode, getTraceMap(), (node) => {
          if (!origins.has(node)) context.report({ node, messageId: 'missed', data: { text: context.sourceCode.getText(node) } });
        });
      },
    };
  },
});

/**
 * The one-pass check of src/model/file-words.ts says "nothing here" only where every rule's own
 * checks say no: the four socket rules', `exhaustive-error-codes`' and `no-unknown-error-code`'s.
 */
const quietAgreement = ESLintUtils.RuleCreator.withoutDocs<[SocketOptions], 'unsound'>({
  meta: { type: 'problem', messages: { unsound: '{{gate}} says nothing here, {{check}} says maybe' }, schema: [{ type: 'object', additionalProperties: true }] },
  defaultOptions: [defaultSocketOptions],
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const unsound = (gate: string, check: string) => context.report({ loc: { line: 1, column: 0 }, messageId: 'unsound', data: { gate, check } });
    if (quietForSockets(sourceCode, options.socketNamePattern)) {
      const checks = {
        mayHaveSockets: mayHaveSockets(context, options),
        libraryObjects: libraryObjects(sourceCode).size > 0,
        mayConfigureSockets: mayConfigureSockets(sourceCode),
        mayUseAsSocket: mayUseAsSocket(sourceCode),
        mayFeedStreams: mayFeedStreams(sourceCode),
      };
      for (const [check, answer] of Object.entries(checks)) if (answer) unsound('quietForSockets', check);
    }
    if (quietForCodeDispatches(sourceCode, {})) {
      if (mayReadErrorCode(sourceCode)) unsound('quietForCodeDispatches', 'mayReadErrorCode');
      if (mayMentionFamilyCode(sourceCode, codeFamilies({}), new Set())) unsound('quietForCodeDispatches', 'mayMentionFamilyCode');
    }
    if (quietForCodeReads(sourceCode)) {
      if (mayReadErrorCode(sourceCode)) unsound('quietForCodeReads', 'mayReadErrorCode');
      if (mayReadMember(sourceCode, 'message')) unsound('quietForCodeReads', 'mayReadMember');
    }
    if (!quietForCodeLists(sourceCode)) return {};
    const known = knownCodes(new Set());
    return {
      ArrayExpression(node) {
        if (nodeCodeList(node, () => sourceCode.getScope(node), known)) unsound('quietForCodeLists', 'nodeCodeList');
      },
    };
  },
});

/** Every way a module of Node's can be named that the tracker follows, and some it does not. */
const MODULE_SPELLING_PROGRAMS = [
  "import net from 'node:net'; net.connect(80);",
  'import * as tls from "tls"; tls.connect(443);',
  "const { request } = require(`http`); request('x');",
  "const http = require('http'); http.get('x');",
  "const { connect } = require('net', ); connect(80);",
  "const net = require?.('net'); net.connect(80);",
  "const net = require('ne' + 't'); net.connect(80);",
  "const name = 'net'; const net = require(name); net.connect(80);",
  'const net = require(`n${"e"}t`); net.connect(80);',
  "const net = req\\u0075ire('net'); net.connect(80);",
  "import sockets from 'n\\u0065t'; sockets.connect(80);",
  "import net = require('net'); net.connect(80);",
  "import net = require('node:net'); new net.Socket();",
  "const r = require; const net = r('net'); net.connect(80);",
  "// require('net')\nconst s = 'net'; export { s };",
].map((code, index) => ({ origin: `module spelling ${index}`, filename: index === 9 ? 'spelling.cjs' : 'spelling.ts', code }));

/**
 * What the one-pass check of src/model/file-words.ts answers for sockets, code dispatches and code
 * reads ("nothing here" is true): each term a rule's own checks look for keeps a file in.
 */
const QUIET_CASES: readonly (readonly [string, boolean, boolean, boolean])[] = [
  ['export const sum = (a: number, b: number) => a + b;', true, true, true],
  // Node's modules and the client libraries, however imported.
  ["import { connect } from 'node:net'; connect(80);", false, true, true],
  ["import type { Socket } from 'net'; export type S = Socket;", false, true, true],
  ['export * from "tls";', false, true, true],
  ["const { Pool } = require('pg'); new Pool();", false, true, true],
  ["import { createClient } from '@redis/client'; createClient();", false, true, true],
  ['import dgram from "node:dgram"; dgram.createSocket(`udp4`);', false, true, true],
  // `require` of a computed name, or not called: it may load any module.
  ['const load = require; export const x = load("x");', false, true, true],
  ["const mod = require('ne' + 't');", false, true, true],
  ["const fs = require('fs'); fs.readFileSync('x');", true, true, true],
  // Listeners for the events that make a socket, or for an event that is not a plain string.
  ["server.on('upgrade', onUpgrade);", false, true, true],
  ['emitter.once(eventName, handler);', false, true, true],
  ["emitter['on']('connect', handler);", false, true, true],
  ["stream.on('data', onData).on('end', onEnd);", true, true, true],
  // Configured like a socket, or used like one and its listeners taken away.
  ['conn.setNoDelay(true);', false, true, true],
  ["conn.once('timeout', onTimeout);", false, true, true],
  ['export const options = { timeout: 5000 };', true, true, true],
  // Written to and unref'd: only a socket has both; a timer's unref() alone is nothing.
  ['export function park(link) { link.write(frame); link.unref(); }', false, true, true],
  ['export function park(timer) { timer.unref(); }', true, true, true],
  // A decompression stream: the text names zlib anywhere, a comment too.
  ["import { createGunzip } from 'node:zlib'; createGunzip();", false, true, true],
  ['// inflated with zlib\nexport const size = 1;', false, true, true],
  // An escape may spell any name.
  ["s.\\u006fn('upgrade', f);", false, true, true],
  ["const k = 'c\\u006fde';", true, false, false],
  // Error codes read, codes of the table named, messages read.
  ["if (err.code === 'EPIPE') retry();", true, false, false],
  ["export const RETRY = ['ECONNRESET', 'EPIPE'];", true, false, true],
  ['function retry(errCode: string) { return errCode; }', true, false, false],
  ['const { ERROR_CODE } = failure;', true, false, false],
  ["if (e['errno'] === 1) stop();", true, false, false],
  ['console.log(err.message);', true, true, false],
  // Names that end in `code` but are no code.
  ['const statusCode = 200; const encode = (s: string) => s;', true, true, true],
  // Comments hold no name: the words in them are not read, the words around them are.
  ["/* conn.setNoDelay(true); err.code */\n// socket.on('upgrade', f)\nexport const x = 1;", true, true, true],
  ['conn/* a */.setNoDelay(true);', false, true, true],
  ['/**/setNoDelay(true);', false, true, true],
  ['conn.setNoDelay/* a */(true);', false, true, true],
  ["#!/usr/bin/env node\nif (err.code/**/=== 'EPIPE') retry();", true, false, false],
];
const QUIET_PROGRAMS = QUIET_CASES.map(([code], index) => ({ origin: `quiet case ${index}`, filename: 'quiet.ts', code }));

const programs = [...casePrograms(), ...docPrograms()];

/** Names and strings written with every kind of escape the language has. */
const ESCAPES = String.raw`const names = ['\x77rite', '\u{77}rite', '\u0077rite', 'wr\
ite', "say \"hi\"", 'it\'s', '\0', '\r\n\t\b\f\v', '\q', '\u{1F600}', '\u2028', 'tab\tend'];
socket.wr\u0069te('x'); socket.\u{65}nd(); const c\u006fde = err.c\u{6f}de;
class Pool { #s\u006fck = null; close() { this.#s\u006fck?.destroy(); } }
obj.delete(1); obj.new = 2;`;
const escapePrograms = [
  { origin: 'escapes (module)', filename: 'escapes.ts', code: ESCAPES },
  // Legacy octal escapes: only in scripts, and only espree reads them.
  { origin: 'escapes (script)', filename: 'escapes.cjs', parser: 'espree' as const, code: `${ESCAPES}\nconst octal = ['\\167rite', '\\101', '\\08', '\\400', '\\1234', '\\8\\9'];` },
];

function lintAll(rule: unknown, options: unknown[] = [], list: readonly { origin: string; filename: string; code: string; parser?: 'espree' }[] = programs) {
  const linter = new Linter({ configType: 'flat' });
  const failures: string[] = [];
  for (const program of list) {
    const messages = linter.verify(
      program.code,
      [
        baseConfig(program.filename, "parser" in program ? program.parser : undefined),
        { files: ['**/*'], plugins: { probe: { rules: { rule: rule as never } } }, rules: { 'probe/rule': ['error', ...options] as never } },
      ],
      program.filename,
    );
    for (const message of messages) failures.push(`${program.origin}:${message.line}: ${message.message}`);
  }
  return failures;
}

describe('shortcuts agree with the full answers on every test case and docs example', () => {
  it(`findVariable finds what eslint-utils finds (${programs.length} programs)`, () => {
    expect(lintAll(agreement)).toEqual([]);
  });
  it('mayCallAny(), callsWithin(), mayAssignIndexed() and mayReadErrorCode() see every call, assignment and code read the tree has', () => {
    expect(lintAll(tokenChecks)).toEqual([]);
  });
  it('the token index reads every name and string as the tree has it', () => {
    expect(lintAll(tokenReading)).toEqual([]);
    expect(lintAll(tokenReading, [], escapePrograms)).toEqual([]);
  });
  it('moduleOrigins() finds every call of a module of Node\'s that the ReferenceTracker finds', () => {
    expect(lintAll(originsAgreement)).toEqual([]);
    expect(lintAll(originsAgreement, [], [...escapePrograms, ...MODULE_SPELLING_PROGRAMS])).toEqual([]);
  });
  it('mayHaveSockets() is true wherever the detector finds a socket (default options)', () => {
    expect(lintAll(soundness)).toEqual([]);
  });
  it('mayHaveSockets() is true wherever the detector finds a socket (strict name pattern)', () => {
    expect(lintAll(soundness, [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }])).toEqual([]);
  });
  it('the one-pass check says "nothing here" only where every rule\'s own checks say no', () => {
    expect(lintAll(quietAgreement)).toEqual([]);
    expect(lintAll(quietAgreement, [], [...escapePrograms, ...MODULE_SPELLING_PROGRAMS, ...QUIET_PROGRAMS])).toEqual([]);
  });
});

const shortcutProbe = ESLintUtils.RuleCreator.withoutDocs<[SocketOptions], 'may' | 'created'>({
  meta: {
    type: 'problem',
    messages: { may: 'may have sockets', created: '{{callee}} creates {{kind}}' },
    schema: [{ type: 'object', additionalProperties: true }],
  },
  defaultOptions: [defaultSocketOptions],
  create(context, [options]) {
    const detector = createSocketDetector(context, options);
    const created = (node: TSESTree.CallExpression | TSESTree.NewExpression) => {
      const kind = detector.createdBy(node);
      if (kind) context.report({ node, messageId: 'created', data: { callee: context.sourceCode.getText(node.callee), kind } });
    };
    return {
      Program(node) {
        if (detector.mayHaveSockets()) context.report({ node, messageId: 'may' });
      },
      CallExpression: created,
      NewExpression: created,
    };
  },
});

const may = { messageId: 'may' as const };
const creates = (callee: string, kind: string) => ({ messageId: 'created' as const, data: { callee, kind } });

ruleTester.run('mayHaveSockets() and createdBy()', shortcutProbe, {
  valid: [
    // Most files of a code base: no Node networking module, no socket event, nothing named like one.
    'export const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);',
    "const cache = new Map<string, number>(); cache.set('a', 1); export default cache;",
    "import { EventEmitter } from 'node:events'; const bus = new EventEmitter(); bus.on('data', (x) => console.log(x));",
    // ...but an import that is never used makes nothing a socket.
    "import net from 'node:net'; export const n = 1;",
    "import fs from 'node:fs'; fs.readFile('x', (err) => { if (err?.code === 'ENOENT') return; });",
    // Named like a socket, but the name pattern is off by default.
    'function close(socket) { socket.destroy(); }',
  ],
  invalid: [
    // A socket made by Node's own module.
    { code: "import net from 'node:net'; export const s = net.connect(80);", errors: [may, creates('net.connect', 'socket')] },
    { code: "const http = require('http'); module.exports = http.get('http://127.0.0.1');", errors: [may, creates('http.get', 'client-request')] },
    // A socket event on an unknown receiver.
    { code: "server.on('upgrade', (req, socket) => socket.end());", errors: [may] },
    { code: "proxy.on('clientError', (err, socket) => socket.destroy());", errors: [may] },
    // An event name the tokens cannot read, or a call with type arguments (not followed).
    { code: 'emitter.on(EVENT, handle);', errors: [may] },
    { code: "emitter.on<[Buffer]>('data', handle);", errors: [may] },
    // Written with escapes: the tokens keep the source text, the tree the names.
    { code: "import sockets from 'n\\u0065t'; export const s = sockets.connect(80);", errors: [may, creates('sockets.connect', 'socket')] },
    { code: "proxy.\\u006fn('\\u0075pgrade', (req, socket, head) => socket.end());", errors: [may] },
    { code: 'function close(sock\\u0065t) { sock\\u0065t.destroy(); }', options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }], errors: [may] },
    // The name pattern, when set, makes socket-named values count.
    { code: 'function close(socket) { socket.destroy(); }', options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }], errors: [may] },
    {
      code: "import net from 'node:net'; import http from 'node:http';\nconst s = net.connect(80);\nconst r = http.request('http://127.0.0.1');\nconst t = new net.Socket();\nconst m = new Map(); m.get(1);",
      errors: [may, creates('net.connect', 'socket'), creates('http.request', 'client-request'), creates('net.Socket', 'socket')],
    },
    {
      // A local function named like net's creates nothing of Node's.
      code: "import { createConnection } from 'node:net';\nconst a = createConnection(80);\nfunction f() { const createConnection = () => ({}); return createConnection(); }",
      errors: [may, creates('createConnection', 'socket')],
    },
  ],
});

describe('token checks answer no for files without such code', () => {
  const linter = new Linter({ configType: 'flat' });
  /** What `read` answers for a file of `code` (linted as TypeScript). */
  function answerFor<T>(code: string, read: (sourceCode: Readonly<TSESLint.SourceCode>) => T): T {
    const results: T[] = [];
    const rule = {
      create(context: TSESLint.RuleContext<never, []>) {
        results.push(read(context.sourceCode));
        return {};
      },
    };
    linter.verify(code, [baseConfig('file.ts'), { files: ['**/*'], plugins: { probe: { rules: { rule: rule as never } } }, rules: { 'probe/rule': 'error' } }], 'file.ts');
    expect(results).toHaveLength(1);
    return results[0]!;
  }
  const answers = (code: string) => answerFor(code, (sourceCode) => [mayCallAny(sourceCode, CALLED), mayAssignIndexed(sourceCode)]);
  it('reads calls and indexed assignments from the tokens', () => {
    expect(answers('export const f = (xs: number[]) => xs.map((x) => x * 2);')).toEqual([false, false]);
    expect(answers("registry['a'] = 1;")).toEqual([false, true]);
    expect(answers('(table[key] as unknown) = value;')).toEqual([false, true]);
    expect(answers("socket['write']('x');")).toEqual([true, false]);
    expect(answers('clients.add(socket);')).toEqual([true, false]);
    // An escaped string or identifier might spell any name (token values are the source text).
    expect(answers("socket['\\u0077rite']('x');")).toEqual([true, false]);
    expect(answers("socket.wr\\u0069te('x');")).toEqual([true, false]);
    expect(answers("socket['\\x77rite']('x');")).toEqual([true, false]);
    // Only tokens count: a name in a comment, a template or inside a longer name is no call.
    expect(answers('// socket.write(x) and clients.add(socket)\nexport const rewrite = (t: string) => `${t}.end()`;')).toEqual([false, false]);
    // The escapes are read: a newline in a string spells no method name.
    expect(answers("export const line = (xs: string[]) => xs.join('\\r\\n');")).toEqual([false, false]);
  });
  it('tells whether a file may read an error code', () => {
    const reads = (code: string) => answerFor(code, mayReadErrorCode);
    expect(reads('export const sum = (a: number, b: number) => a + b;')).toBe(false);
    expect(reads("if (state === 'open') close();")).toBe(false);
    expect(reads("if (err.code === 'EPIPE') return;")).toBe(true);
    expect(reads('const { errno } = failure;')).toBe(true);
    expect(reads("function retry(errCode: string) { return errCode === 'ECONNRESET'; }")).toBe(true);
    expect(reads("if (err['c\\u006fde'] === 'EPIPE') return;")).toBe(true);
    expect(reads("console.log('done\\n');")).toBe(false);
  });
  it('tells from one pass whether any rule may find something in the file', () => {
    for (const [code, ...expected] of QUIET_CASES) {
      const answers = answerFor(code, (sourceCode) => [quietForSockets(sourceCode, null), quietForCodeDispatches(sourceCode, {}), quietForCodeReads(sourceCode)]);
      expect([code, ...answers]).toEqual([code, ...expected]);
    }
  });
  it('tells from the same pass whether an array may list codes of the table', () => {
    const quiet = (code: string) => answerFor(code, (sourceCode) => quietForCodeLists(sourceCode));
    expect(quiet("export const RETRY_ON = ['ECONNRESET', 'ETIMEDOUT', 'ECONNREFSED'];")).toBe(false);
    expect(quiet('const RESET = `ECONNRESET`; export const retryOn = [RESET, PIPE];')).toBe(false);
    expect(quiet("export const retryOn = ['ECONNR\\u0045SET', 'EPIPE'];")).toBe(false);
    expect(quiet("export const LEVELS = ['debug', 'info', 'EVERYTHING'];")).toBe(true);
    expect(quiet("export const ECONN = ['ECONNRESETS', 'xEPIPE'];")).toBe(true);
  });
  it('tells whether a file may read a member', () => {
    const reads = (code: string) => answerFor(code, (sourceCode) => mayReadMember(sourceCode, 'message'));
    expect(reads('export const messages = [1, 2];')).toBe(false);
    expect(reads("if (err.message.includes('EPIPE')) return;")).toBe(true);
    expect(reads("if (err['message'] === 'read ECONNRESET') return;")).toBe(true);
    // Only the whole name counts, however it is bounded; an escape may spell it.
    expect(reads('const $message = 1, message$ = 2, errorMessage = 3, messages = [];')).toBe(false);
    expect(reads('const m = err.mess\\u0061ge;')).toBe(true);
    expect(reads('const m = `${x}message`;')).toBe(false);
    expect(reads('const m = err[`message`];')).toBe(true);
    expect(reads('const m = (err).message;')).toBe(true);
  });
  it('tells which functions may call an I/O method', () => {
    const code = `function quiet(a: number[]) { return a.map((x) => x + 1); }
function loud(socket: { write(x: string): void }) { [1].forEach(() => socket['write']('x')); }
const noisy = () => (s: any) => s.end();
function escaped(s: any) { s.wr\\u0069te('x'); }`;
    const found: string[] = [];
    const rule = {
      create(context: TSESLint.RuleContext<never, []>) {
        const io = callsWithin(context.sourceCode, ANY_IO_METHOD);
        return {
          ':function'(node: TSESTree.FunctionLike) {
            found.push(`${context.sourceCode.getText(node).slice(0, 14)}: ${io.within(node)}`);
          },
        };
      },
    };
    linter.verify(code, [baseConfig('file.ts'), { files: ['**/*'], plugins: { probe: { rules: { rule: rule as never } } }, rules: { 'probe/rule': 'error' } }], 'file.ts');
    expect(found).toEqual([
      'function quiet: false',
      '(x) => x + 1: false',
      'function loud(: true',
      "() => socket[': true",
      '() => (s: any): true',
      '(s: any) => s.: true',
      'function escap: true',
    ]);
  });
});

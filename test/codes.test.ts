/**
 * The guards of src/codes.ts on plain values, the shape of the table, the list of known codes
 * against the running Node, and the types users write error listeners with.
 * (test/codes.live.test.ts proves the table itself on real sockets.)
 */
import { spawnSync } from 'node:child_process';
import dns from 'node:dns';
import net from 'node:net';
import { getSystemErrorMap } from 'node:util';
import vm from 'node:vm';

import { describe, expect, expectTypeOf, it } from 'vitest';

import {
  classifySocketError,
  getSocketErrorInfo,
  isBenignCloseError,
  isDeadSocketError,
  isKnownErrorCode,
  isSocketError,
  isSocketErrorCode,
  KNOWN_ERROR_CODES,
  SOCKET_ERROR_CODES,
  SOCKET_ERROR_KIND_SUMMARIES,
  SOCKET_ERROR_KINDS,
  SOCKET_ERRORS,
  socketErrorCodesOfKind,
  type SocketError,
  type SocketErrorCode,
  type SocketErrorCodeOf,
  type SocketErrorKind,
} from '../src/codes.js';

/** What every guard answers for one value. */
function guards(value: unknown) {
  return {
    isSocketError: isSocketError(value),
    kind: classifySocketError(value),
    dead: isDeadSocketError(value),
    benignOnClose: isBenignCloseError(value),
  };
}

const NOTHING = { isSocketError: false, kind: undefined, dead: false, benignOnClose: false };

describe('the guards', () => {
  it.each([
    ['an unknown code', { code: 'EWHATEVER' }],
    ['a code of the wrong case', { code: 'econnreset' }],
    ['an errno number instead of a code', { code: -104, errno: -104 }],
    ['a code that is an inherited property name', { code: 'toString' }],
    ['a code that is __proto__', { code: '__proto__' }],
    ['an object without a code', new Error('read ECONNRESET')],
    ['the code as a bare string', 'ECONNRESET'],
    ['a number', 104],
    ['undefined', undefined],
    ['null', null],
  ])('answer "not a socket error" for %s', (_, value) => {
    expect(guards(value)).toEqual(NOTHING);
    expect(getSocketErrorInfo((value as { code?: unknown } | null)?.code)).toBeUndefined();
  });

  it('do not follow `cause`: a wrapper is classified by its own code only', () => {
    const wrapped = new Error('request failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    expect(guards(wrapped)).toEqual(NOTHING);
    const wrapperWithCode = Object.assign(new Error('aborted', { cause: { code: 'ECONNRESET' } }), { code: 'ABORT_ERR' });
    expect(classifySocketError(wrapperWithCode)).toBe('cancelled');
  });

  it('accept plain objects, errors from another realm, and aggregate errors by their own code', () => {
    expect(guards({ code: 'EPIPE' })).toEqual({ isSocketError: true, kind: 'connection-lost', dead: true, benignOnClose: true });
    const foreign: unknown = vm.runInNewContext("Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })");
    expect(foreign instanceof Error).toBe(false);
    expect(guards(foreign)).toEqual(guards({ code: 'EPIPE' }));
    // What net.connect gives when every address of a host refused (autoSelectFamily).
    const aggregate = Object.assign(new AggregateError([{ code: 'ECONNREFUSED' }, { code: 'ECONNREFUSED' }]), { code: 'ECONNREFUSED' });
    expect(classifySocketError(aggregate)).toBe('refused');
  });

  it.each(SOCKET_ERROR_CODES)('round-trip %s: every guard answers what its table entry says', (code) => {
    const info = SOCKET_ERRORS[code];
    expect(isSocketErrorCode(code)).toBe(true);
    expect(getSocketErrorInfo(code)).toBe(info);
    expect(guards(Object.assign(new Error(code), { code }))).toEqual({
      isSocketError: true,
      kind: info.kind,
      dead: info.dead,
      benignOnClose: info.benignOnClose,
    });
  });
});

describe('the table', () => {
  it('SOCKET_ERROR_CODES lists every code of the table, in table order', () => {
    expect(SOCKET_ERROR_CODES).toEqual(Object.keys(SOCKET_ERRORS));
  });

  it('every kind has at least one code and a summary; every code has a listed kind', () => {
    const kindsInUse = new Set(SOCKET_ERROR_CODES.map((code) => SOCKET_ERRORS[code].kind));
    expect([...SOCKET_ERROR_KINDS].filter((kind) => !kindsInUse.has(kind)), 'kinds with no code').toEqual([]);
    expect([...kindsInUse].filter((kind) => !SOCKET_ERROR_KINDS.includes(kind)), 'codes of an unlisted kind').toEqual([]);
    expect(Object.keys(SOCKET_ERROR_KIND_SUMMARIES).sort()).toEqual([...SOCKET_ERROR_KINDS].sort());
  });

  it('socketErrorCodesOfKind() returns exactly the codes of that kind, in table order', () => {
    for (const kind of SOCKET_ERROR_KINDS) {
      expect(socketErrorCodesOfKind(kind), kind).toEqual(SOCKET_ERROR_CODES.filter((code) => SOCKET_ERRORS[code].kind === kind));
    }
    expect(socketErrorCodesOfKind('refused')).toEqual(['ECONNREFUSED']);
    expect(SOCKET_ERROR_KINDS.flatMap((kind) => socketErrorCodesOfKind(kind)).sort()).toEqual([...SOCKET_ERROR_CODES].sort());
  });

  it('every code of the table is a known error code', () => {
    expect(SOCKET_ERROR_CODES.filter((code) => !isKnownErrorCode(code))).toEqual([]);
  });

  it('every entry is well formed: one-line summary, no repeated syscall', () => {
    for (const code of SOCKET_ERROR_CODES) {
      const { summary, syscalls } = SOCKET_ERRORS[code];
      expect(summary, code).toMatch(/^\S[^\n]*\S$/);
      expect(new Set(syscalls).size, `${code} syscalls`).toBe(syscalls.length);
    }
  });

  it('keeps the facts every rule relies on (DESIGN.md §3)', () => {
    // The three codes every server meets when a connection ends are routine, never a crash.
    for (const code of ['ENOTCONN', 'ECONNRESET', 'EPIPE'] as const) {
      expect(SOCKET_ERRORS[code], code).toMatchObject({ kind: 'connection-lost', dead: true, benignOnClose: true });
    }
    // Programming errors are never "benign on close": they must reach the developer.
    for (const code of ['EBADF', 'EINVAL', 'ENOTSOCK', 'ERR_STREAM_WRITE_AFTER_END', 'ERR_SOCKET_CLOSED', 'ERR_STREAM_ALREADY_FINISHED', 'ERR_HTTP2_INVALID_SESSION'] as const) {
      expect(SOCKET_ERRORS[code], code).toMatchObject({ kind: 'misuse', benignOnClose: false });
    }
  });
});

describe('the known codes are true to the running Node', () => {
  const hint = `Node ${process.version} has codes src/known-codes.ts lacks: run \`node scripts/generate-known-codes.mjs\``;
  const missing = (codes: Iterable<string>) => [...new Set(codes)].filter((code) => !KNOWN_ERROR_CODES.has(code)).sort();

  it("every libuv errno name (util.getSystemErrorMap())", () => {
    const names = [...getSystemErrorMap().values()].map(([name]) => name);
    expect(names.length).toBeGreaterThan(50);
    expect(missing(names), hint).toEqual([]);
  });

  it('every error code constant of node:dns', () => {
    const codes = Object.values(dns as Record<string, unknown>).filter((value): value is string => typeof value === 'string');
    expect(codes).toContain('ENOTFOUND');
    expect(missing(codes), hint).toEqual([]);
  });

  it("every Node ERR_* code (internal/errors)", () => {
    const child = spawnSync(
      process.execPath,
      ['--expose-internals', '-p', "Object.keys(require('internal/errors').codes).join(' ')"],
      { encoding: 'utf8', timeout: 10_000 },
    );
    expect(child.status, child.stderr).toBe(0);
    const codes = child.stdout.trim().split(' ');
    expect(codes).toContain('ERR_STREAM_PREMATURE_CLOSE');
    expect(missing(codes), hint).toEqual([]);
  });

  it('tells known codes from typos', () => {
    expect(isKnownErrorCode('ECONNRESET')).toBe(true);
    expect(isKnownErrorCode('ERR_SSL_HTTP_REQUEST')).toBe(true); // an OpenSSL reason, known by prefix
    expect(isKnownErrorCode('HPE_INVALID_STATUS')).toBe(true); // an llhttp error, known by prefix
    expect(isKnownErrorCode('ECONNRESTE')).toBe(false);
    expect(isKnownErrorCode('econnreset')).toBe(false);
  });
});

describe('the types', () => {
  it("type an 'error' listener of a net.Socket, and narrow on `switch (err.code)`", () => {
    const socket = new net.Socket();
    const seen: SocketErrorCode[] = [];
    // @types/node declares `(err: Error) => void`; a listener typed SocketError must fit it.
    socket.on('error', (err: SocketError) => {
      expectTypeOf(err.code).toEqualTypeOf<SocketErrorCode>();
      switch (err.code) {
        case 'ECONNRESET':
        case 'EPIPE':
          expectTypeOf(err.code).toEqualTypeOf<'ECONNRESET' | 'EPIPE'>();
          break;
        // @ts-expect-error a typo is not a SocketErrorCode, so this case cannot match
        case 'ECONNRESTE':
          break;
        default:
          expectTypeOf(err.code).toEqualTypeOf<Exclude<SocketErrorCode, 'ECONNRESET' | 'EPIPE'>>();
      }
      seen.push(err.code);
    });
    socket.emit('error', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' }));
    socket.destroy();
    expect(seen).toEqual(['ECONNRESET']);
  });

  it('narrow unknown values through the guards', () => {
    const caught: unknown = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    if (isSocketError(caught)) expectTypeOf(caught).toEqualTypeOf<SocketError>();
    if (isDeadSocketError(caught)) expectTypeOf(caught.code).toEqualTypeOf<SocketErrorCode>();
    if (isBenignCloseError(caught)) expectTypeOf(caught.syscall).toEqualTypeOf<string | undefined>();
    expectTypeOf(classifySocketError(caught)).toEqualTypeOf<SocketErrorKind | undefined>();
    expectTypeOf(socketErrorCodesOfKind('refused')).toEqualTypeOf<'ECONNREFUSED'[]>();
    expectTypeOf<SocketErrorCodeOf<'refused'>>().toEqualTypeOf<'ECONNREFUSED'>();
    expectTypeOf<SocketErrorCodeOf<'connection-lost'>>().toExtend<SocketErrorCode>();
    expect(classifySocketError(caught)).toBe('connection-lost');
  });
});

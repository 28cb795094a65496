/**
 * no-unknown-error-code: strings compared with an error code that Node never raises (typos of
 * real codes), `errno` compared with code strings, and codes matched in messages. The syntax cases
 * run without and with type information; the typed cases show what the types add.
 */
import type { RunTests } from '@typescript-eslint/rule-tester';
import type { ESLintUtils } from '@typescript-eslint/utils';

import rule from '../../rules/no-unknown-error-code.js';
import { ruleTester, typedRuleTester } from '../rule-tester.js';

type Cases = RunTests<ESLintUtils.InferMessageIdsTypeFromRule<typeof rule>, ESLintUtils.InferOptionsTypeFromRule<typeof rule>>;

/** A TLS failure classified by its code, and by its message for errors wrapped without one; `code` is the code compared beside the message. */
const classify = (code: string): string => `
export function failureOf(error) {
  return /ECONNRESET/.test(error.message) || error.code === '${code}' ? 'reset' : 'other';
}
`;

const valid: Cases['valid'] = [
  // A library's own error: Node's connect errors always name the address, so this text is never Node's (measured in codes.live.test.ts).
  `
export function retryDelay(err, base) {
  if (err.name === 'OperationalError' && err.message === 'connect ETIMEDOUT') return 0;
  return base;
}
`,
  // The message test is a fallback beside the code test of the same error.
  classify('ECONNRESET'),
  // A native addon's message, worded unlike Node's errors: its error has no code to compare.
  `
export function resizeTerminal(pty, cols, rows) {
  try {
    pty.resize(cols, rows);
  } catch (error) {
    if (error.message !== 'ioctl(2) failed, EBADF') throw error;
  }
}
`,
  // errno compared with the negated constant, or a native binding's own positive errno: both right.
  `
import os from 'node:os';
socket.on('error', (error) => {
  if (-error.errno === os.constants.errno.ECONNRESET) return;
  const status = binding.rename(from, to);
  if (status.errno === os.constants.errno.EEXIST) retry();
});
`,
  // A constants object that is not the os module's.
  `
const constants = { errno: { ECONNRESET: -104 } };
socket.on('error', (error) => {
  if (error.errno === constants.errno.ECONNRESET) return;
});
`,
  // A message check that guards nothing: no behaviour depends on its wording.
  `
socket.on('error', (err) => {
  if (/ECONNRESET/.test(err.message)) {
    // expected when the server drops idle clients
  }
  reconnect();
});
`,
  // ... also when the code is tested for presence first.
  `
export const portTaken = (e) => e.message === 'EADDRINUSE' || (e.code && e.code === 'EADDRINUSE');
`,
  // Known codes in every shape: libuv's, Node's ERR_*, the dns module's, X.509's.
  `
socket.on('error', (err) => {
  switch (err.code) {
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ENOTCONN':
    case 'ERR_STREAM_PREMATURE_CLOSE':
    case 'EAI_AGAIN':
    case 'ESERVFAIL':
    case 'CERT_HAS_EXPIRED':
      return;
  }
  if (['ENOENT', 'EEXIST', 'ERR_INVALID_ARG_TYPE'].includes(err.code)) return;
  throw err;
});
`,
  // Codes made at run time from a family are known by prefix (OpenSSL, llhttp, undici).
  `
if (err.code === 'ERR_SSL_DECRYPTION_FAILED_OR_BAD_RECORD_MAC' || err.code === 'HPE_INVALID_HEADER_TOKEN') retry();
if (err.cause?.code === 'UND_ERR_SOCKET') reconnect();
`,
  // Not errno-style: lower case, words, HTTP status texts.
  `
if (res.code === 'not_found' || status.code === 'Not Found' || event.code === 'Escape') return;
`,
  // A library's own codes, far from any of Node's (nodemailer, request, npm): not typos.
  `
if (err.code === 'ESOCKET' || err.code === 'ECONNECTION' || err.code === 'ESOCKETTIMEDOUT') retry();
if (err.code === 'E404' || err.code === 'EOTP') return prompt();
`,
  // Two edits from a short Node code is another word, not a slip: npm's ENOGIT, EISGIT, ENOLOCK.
  `
switch (er.code) {
  case 'ENOGIT':
  case 'EISGIT':
  case 'ENOLOCK':
    return explain(er);
}
`,
  // A long code three edits from one of Node's (npm's ERR_INVALID_AUTH vs ERR_INVALID_URI).
  `
if (error.code === 'ERR_INVALID_AUTH') throw error;
`,
  // A different prefix is a different namespace: axios's ERR_CANCELED is not EAI_CANCELED, and a
  // list that is mostly a library's own codes declares them rather than compares Node's.
  `
const AXIOS_CODES = ['ERR_BAD_OPTION_VALUE', 'ERR_BAD_OPTION', 'ECONNABORTED', 'ETIMEDOUT', 'ERR_NETWORK', 'ERR_CANCELED', 'ERR_BAD_REQUEST'];
if (error.code === 'ERR_CANCELED') return;
`,
  // Other namespaces are never reported, even with checkUnlisted (MySQL, pg, rollup).
  {
    code: `
if (err.code === 'ER_DUP_ENTRY' || err.code === 'PROTOCOL_CONNECTION_LOST') return;
if (warning.code === 'CIRCULAR_DEPENDENCY') return;
`,
    options: [{ checkUnlisted: true }],
  },
  // A library's code that is not a typo is only reported with checkUnlisted.
  `
if (err.code === 'ECONNCLOSED') reconnect();
`,
  // additionalCodes, as a list or as the object exhaustive-error-codes takes.
  {
    code: `
if (err.code === 'ESOCKET') retry();
`,
    options: [{ additionalCodes: ['ESOCKET'], checkUnlisted: true }],
  },
  {
    code: `
if (err.code === 'UND_ERR_CLOSED') retry();
if (err.code === 'EMYPROXYDOWN') failover();
`,
    options: [{ additionalCodes: { EMYPROXYDOWN: 'unreachable' }, checkUnlisted: true }],
  },
  // A parameter that is only named code is not trusted on its own (keyboard codes).
  `
function onKey(code) {
  if (code === 'ESCAPE') close();
}
`,
  // Tests assert on messages: that is what they check.
  `
assert.ok(err.message.includes('ECONNREFUSED'));
expect(err.message.includes('EPIPE')).toBe(true);
t.ok(/ECONNRESET/.test(err.message));
`,
  // Message checks without a code.
  `
if (err.message.includes('socket hang up')) retry();
if (err.message === 'aborted') return;
`,
  // errno compared with a number is what Node gives.
  `
if (err.errno === -104) reconnect();
`,
  // An errno string that is no known code is not this rule's guess.
  `
if (err.errno === 'UNKNOWN_THING') return;
`,
  // Code lists with a single socket code, or with words: not code lists.
  `
const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'];
const MODES = ['ECONNRESET', 'default'];
`,
];

const invalid: Cases['invalid'] = [
  // The same comparison worded as Node words a failed write: Node's error, whose code says it.
  {
    code: `
export function resizeTerminal(pty, cols, rows) {
  try {
    pty.resize(cols, rows);
  } catch (error) {
    if (error.message !== 'write EPIPE') throw error;
  }
}
`,
    errors: [{ messageId: 'messageMatch', line: 6, data: { value: 'EPIPE', message: 'error.message', code: 'error.code' }, suggestions: [] }],
  },
  // The start of Node's own message (`connect ETIMEDOUT 10.0.0.5:5672`): the code says it.
  {
    code: `
export function retryDelay(err, base) {
  if (err.message.startsWith('connect ETIMEDOUT')) return 0;
  return base;
}
`,
    errors: [{ messageId: 'messageMatch', line: 3, data: { value: 'ETIMEDOUT', message: 'err.message', code: 'err.code' }, suggestions: [] }],
  },
  {
    // Beside a test of another code, the message test is the only check for ECONNRESET.
    code: classify('EPIPE'),
    errors: [
      {
        messageId: 'messageMatch',
        line: 3,
        data: { value: 'ECONNRESET', message: 'error.message', code: 'error.code' },
        suggestions: [{ messageId: 'useCode', output: classify('EPIPE').replace("/ECONNRESET/.test(error.message)", "error.code === 'ECONNRESET'") }],
      },
    ],
  },
    {
      // a typo in a comparison
      code: `
socket.on('error', (err) => {
  if (err.code === 'ECONNRESTE') return;
  throw err;
});
`,
      errors: [
        {
          messageId: 'typo',
          line: 3,
          data: { value: 'ECONNRESTE', nearest: 'ECONNRESET' },
          suggestions: [
            { messageId: 'replaceCode', output: `
socket.on('error', (err) => {
  if (err.code === 'ECONNRESET') return;
  throw err;
});
` },
          ],
        },
      ],
    },
    {
      // a dropped letter, !==, double quotes kept
      code: `
if (error.code !== "ENOTCON") throw error;
`,
      errors: [
        {
          messageId: 'typo',
          line: 2,
          data: { value: 'ENOTCON', nearest: 'ENOTCONN' },
          suggestions: [
            { messageId: 'replaceCode', output: `
if (error.code !== "ENOTCONN") throw error;
` },
          ],
        },
      ],
    },
    {
      // two letters swapped, in a || group
      code: `
if (err.code === 'ECONNRESET' || err.code === 'EPIEP') cleanup();
`,
      errors: [
        {
          messageId: 'typo',
          line: 2,
          data: { value: 'EPIEP', nearest: 'EPIPE' },
          suggestions: [
            { messageId: 'replaceCode', output: `
if (err.code === 'ECONNRESET' || err.code === 'EPIPE') cleanup();
` },
          ],
        },
      ],
    },
    {
      // a case of a code switch, optional chaining
      code: `
switch (err?.code) {
  case 'ETIMEDOUT':
  case 'EHOSTUNREACHED':
    return retry();
  default:
    throw err;
}
`,
      errors: [
        {
          messageId: 'typo',
          line: 4,
          data: { value: 'EHOSTUNREACHED', nearest: 'EHOSTUNREACH' },
          suggestions: [
            { messageId: 'replaceCode', output: `
switch (err?.code) {
  case 'ETIMEDOUT':
  case 'EHOSTUNREACH':
    return retry();
  default:
    throw err;
}
` },
          ],
        },
      ],
    },
    {
      // an allow-list compared with includes, declared in the module
      code: `
const RETRYABLE = ['ECONNRESET', 'EAI_AGIAN', 'ETIMEDOUT'];
function shouldRetry(err) {
  return RETRYABLE.includes(err.code);
}
`,
      errors: [
        {
          messageId: 'typo',
          line: 2,
          data: { value: 'EAI_AGIAN', nearest: 'EAI_AGAIN' },
          suggestions: [
            { messageId: 'replaceCode', output: `
const RETRYABLE = ['ECONNRESET', 'EAI_AGAIN', 'ETIMEDOUT'];
function shouldRetry(err) {
  return RETRYABLE.includes(err.code);
}
` },
          ],
        },
      ],
    },
    {
      // a Set of codes, template literal kept
      code: `
const FATAL = new Set([\`EADDRINUS\`, 'EACCES']);
server.on('error', (err) => {
  if (FATAL.has(err.code)) process.exit(1);
});
`,
      errors: [
        {
          messageId: 'typo',
          line: 2,
          data: { value: 'EADDRINUS', nearest: 'EADDRINUSE' },
          suggestions: [
            { messageId: 'replaceCode', output: `
const FATAL = new Set([\`EADDRINUSE\`, 'EACCES']);
server.on('error', (err) => {
  if (FATAL.has(err.code)) process.exit(1);
});
` },
          ],
        },
      ],
    },
    {
      // retry options: a list of codes outside any comparison
      code: `
const client = createClient({
  retry: { retries: 3, errorCodes: ['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSD', 'EPIPE'] },
});
`,
      errors: [
        {
          messageId: 'typo',
          line: 3,
          data: { value: 'ECONNREFUSD', nearest: 'ECONNREFUSED' },
          suggestions: [
            { messageId: 'replaceCode', output: `
const client = createClient({
  retry: { retries: 3, errorCodes: ['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE'] },
});
` },
          ],
        },
      ],
    },
    {
      // destructured code, err.cause?.code
      code: `
const { code } = err;
if (code === 'ERR_STREAM_PREMATURE_CLSE' || err.cause?.code === 'ECONNRESTE') return;
`,
      errors: [
        {
          messageId: 'typo',
          line: 3,
          data: { value: 'ERR_STREAM_PREMATURE_CLSE', nearest: 'ERR_STREAM_PREMATURE_CLOSE' },
          suggestions: [
            { messageId: 'replaceCode', output: `
const { code } = err;
if (code === 'ERR_STREAM_PREMATURE_CLOSE' || err.cause?.code === 'ECONNRESTE') return;
` },
          ],
        },
        {
          messageId: 'typo',
          line: 3,
          data: { value: 'ECONNRESTE', nearest: 'ECONNRESET' },
          suggestions: [
            { messageId: 'replaceCode', output: `
const { code } = err;
if (code === 'ERR_STREAM_PREMATURE_CLSE' || err.cause?.code === 'ECONNRESET') return;
` },
          ],
        },
      ],
    },
    {
      // a near miss of an additional code
      code: `
if (err.code === 'ESOCKETTIMEOUT') retry();
`,
      options: [{ additionalCodes: ['ESOCKETTIMEDOUT'] }],
      errors: [
        {
          messageId: 'typo',
          line: 2,
          data: { value: 'ESOCKETTIMEOUT', nearest: 'ESOCKETTIMEDOUT' },
          suggestions: [
            { messageId: 'replaceCode', output: `
if (err.code === 'ESOCKETTIMEDOUT') retry();
` },
          ],
        },
      ],
    },
    {
      // errno compared with a code string
      code: `
process.stdout.on('error', (er) => {
  if (er.errno === 'EPIPE') return;
  throw er;
});
`,
      errors: [
        {
          messageId: 'errnoIsNumber',
          line: 3,
          data: { errno: 'er.errno', value: 'EPIPE', code: 'er.code' },
          suggestions: [
            { messageId: 'compareCode', output: `
process.stdout.on('error', (er) => {
  if (er.code === 'EPIPE') return;
  throw er;
});
` },
          ],
        },
      ],
    },
    {
      // errno compared with the operating system's positive number: Node's is negative
      code: `
import { constants } from 'node:os';
const os = require('os');
socket.on('error', (error) => {
  if (error.errno === constants.errno.ECONNRESET) return;
  console.warn(error);
});
try {
  process.kill(pid, 0);
} catch (failure) {
  if (failure.errno != os.constants.errno.ESRCH) throw failure;
}
`,
      errors: [
        {
          messageId: 'errnoSign',
          line: 5,
          data: { errno: 'error.errno', constant: 'constants.errno.ECONNRESET' },
          suggestions: [
            { messageId: 'compareCode', data: { code: 'error.code', value: 'ECONNRESET' }, output: `
import { constants } from 'node:os';
const os = require('os');
socket.on('error', (error) => {
  if (error.code === 'ECONNRESET') return;
  console.warn(error);
});
try {
  process.kill(pid, 0);
} catch (failure) {
  if (failure.errno != os.constants.errno.ESRCH) throw failure;
}
` },
          ],
        },
        {
          messageId: 'errnoSign',
          line: 11,
          data: { errno: 'failure.errno', constant: 'os.constants.errno.ESRCH' },
          suggestions: [
            { messageId: 'compareCode', data: { code: 'failure.code', value: 'ESRCH' }, output: `
import { constants } from 'node:os';
const os = require('os');
socket.on('error', (error) => {
  if (error.errno === constants.errno.ECONNRESET) return;
  console.warn(error);
});
try {
  process.kill(pid, 0);
} catch (failure) {
  if (failure.code !== 'ESRCH') throw failure;
}
` },
          ],
        },
      ],
    },
    {
      // errno in a switch and in a list
      code: `
switch (err.errno) {
  case 'ECONNRESET':
    break;
}
if (['ETIMEDOUT'].includes(error.errno)) retry();
`,
      errors: [
        {
          messageId: 'errnoIsNumber',
          line: 2,
          data: { errno: 'err.errno', value: 'ECONNRESET', code: 'err.code' },
          suggestions: [
            { messageId: 'compareCode', output: `
switch (err.code) {
  case 'ECONNRESET':
    break;
}
if (['ETIMEDOUT'].includes(error.errno)) retry();
` },
          ],
        },
        {
          messageId: 'errnoIsNumber',
          line: 6,
          data: { errno: 'error.errno', value: 'ETIMEDOUT', code: 'error.code' },
          suggestions: [
            { messageId: 'compareCode', output: `
switch (err.errno) {
  case 'ECONNRESET':
    break;
}
if (['ETIMEDOUT'].includes(error.code)) retry();
` },
          ],
        },
      ],
    },
    {
      // a code matched in the message
      code: `
req.on('error', (err) => {
  if (err.message.includes('ECONNRESET')) {
    return retry();
  }
  callback(err);
});
`,
      errors: [
        {
          messageId: 'messageMatch',
          line: 3,
          data: { value: 'ECONNRESET', message: 'err.message', code: 'err.code' },
          suggestions: [
            { messageId: 'useCode', output: `
req.on('error', (err) => {
  if (err.code === 'ECONNRESET') {
    return retry();
  }
  callback(err);
});
` },
          ],
        },
      ],
    },
    {
      // the message kept in a name first: the check still reads the message, not the code
      code: `
export function isConnectionError(error: Error): boolean {
  const text = \`\${error.message}\`;
  return text.includes('ECONNREFUSED');
}
`,
      errors: [
        {
          messageId: 'messageMatch',
          line: 4,
          data: { value: 'ECONNREFUSED', message: 'text', code: 'error.code' },
          suggestions: [],
        },
      ],
    },
    {
      // the code tested beside the message is another one: the message test is no fallback
      code: `
export const portTaken = (e) => e.message === 'EADDRINUSE' || (e.code && e.code === 'EACCES');
`,
      errors: [{ messageId: 'messageMatch', line: 2, data: { value: 'EADDRINUSE', message: 'e.message', code: 'e.code' } }],
    },
    {
      // the same check guarding a statement: the reconnect depends on the wording
      code: `
socket.on('error', (err) => {
  if (/ECONNRESET/.test(err.message)) {
    reconnect();
  }
});
`,
      errors: [
        {
          messageId: 'messageMatch',
          line: 3,
          data: { value: 'ECONNRESET', message: 'err.message', code: 'err.code' },
          suggestions: [
            { messageId: 'useCode', output: `
socket.on('error', (err) => {
  if (err.code === 'ECONNRESET') {
    reconnect();
  }
});
` },
          ],
        },
      ],
    },
    {
      // regular expressions on the message
      code: `
if (/EPIPE/.test(error.message)) ignore();
if (!/ECONNRESET|ETIMEDOUT/.test(err.message)) throw err;
`,
      errors: [
        {
          messageId: 'messageMatch',
          line: 2,
          data: { value: 'EPIPE', message: 'error.message', code: 'error.code' },
          suggestions: [
            { messageId: 'useCode', output: `
if (error.code === 'EPIPE') ignore();
if (!/ECONNRESET|ETIMEDOUT/.test(err.message)) throw err;
` },
          ],
        },
        {
          messageId: 'messageMatch',
          line: 3,
          data: { value: 'ECONNRESET, ETIMEDOUT', message: 'err.message', code: 'err.code' },
          suggestions: [],
        },
      ],
    },
    {
      // indexOf and equality on the message, negated includes
      code: `
if (err.message.indexOf('ECONNREFUSED') !== -1) retryLater();
if (err.message === 'read ECONNRESET') reconnect();
if (!err.message?.includes('ETIMEDOUT')) throw err;
`,
      errors: [
        {
          messageId: 'messageMatch',
          line: 2,
          data: { value: 'ECONNREFUSED', message: 'err.message', code: 'err.code' },
          suggestions: [],
        },
        {
          messageId: 'messageMatch',
          line: 3,
          data: { value: 'ECONNRESET', message: 'err.message', code: 'err.code' },
          suggestions: [],
        },
        {
          messageId: 'messageMatch',
          line: 4,
          data: { value: 'ETIMEDOUT', message: 'err.message', code: 'err.code' },
          suggestions: [
            { messageId: 'useCode', output: `
if (err.message.indexOf('ECONNREFUSED') !== -1) retryLater();
if (err.message === 'read ECONNRESET') reconnect();
if (!(err.code === 'ETIMEDOUT')) throw err;
` },
          ],
        },
      ],
    },
    {
      // checkUnlisted: a made-up code in the shape of Node's
      code: `
if (err.code === 'ECONNCLOSED' || err.code === 'ERR_SOCKET_GONE') reconnect();
`,
      options: [{ checkUnlisted: true }],
      errors: [
        {
          messageId: 'unlisted',
          line: 2,
          data: { value: 'ECONNCLOSED' },
          suggestions: [],
        },
        {
          messageId: 'unlisted',
          line: 2,
          data: { value: 'ERR_SOCKET_GONE' },
          suggestions: [],
        },
      ],
    },
];

ruleTester.run('no-unknown-error-code', rule, { valid, invalid });
typedRuleTester.run('no-unknown-error-code (typed, same cases)', rule, { valid, invalid });

typedRuleTester.run('no-unknown-error-code (typed)', rule, {
  valid: [
    // The subject's own literal union says the code is the program's, not a typo of Node's.
    `
interface CacheError extends Error {
  code: 'EACCESS' | 'EISGIT';
}
export function onCacheError(err: CacheError): void {
  if (err.code === 'EACCESS') throw err;
}
`,
  ],
  invalid: [
    {
      // Without such a type, EACCESS is the classic misspelling of EACCES.
      code: `
export function onError(err: NodeJS.ErrnoException): void {
  if (err.code === 'EACCESS') throw err;
}
`,
      errors: [
        {
          messageId: 'typo',
          line: 3,
          data: { value: 'EACCESS', nearest: 'EACCES' },
          suggestions: [
            {
              messageId: 'replaceCode',
              output: `
export function onError(err: NodeJS.ErrnoException): void {
  if (err.code === 'EACCES') throw err;
}
`,
            },
          ],
        },
      ],
    },
  ],
});

// The error written out whole: its text is its name and its message, and a refused host with two
// addresses gives an AggregateError whose message is empty (measured), so the code is not in it.
const casparLink = (check: string): string => `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Link extends EventEmitter {
  open(port: number, host: string) {
    const socket = net.connect(port, host);
    socket.on('error', (e) => {
      if (${check}) this.emit('down');
      else this.emit('error', e);
    });
  }
}
`;

const wholeErrorValid: Cases['valid'] = [
  casparLink("(e as NodeJS.ErrnoException).code === 'ECONNREFUSED'"),
  // A value that is not the error: a reply's text.
  `
export function refusedReply(reply: string): boolean {
  const text = \`\${reply}\`;
  return text.includes('ECONNREFUSED');
}
`,
];

const wholeErrorInvalid: Cases['invalid'] = [
  {
    code: casparLink('`${e}`.match(/ECONNREFUSED/)'),
    errors: [{ messageId: 'messageMatch', line: 8, data: { value: 'ECONNREFUSED', message: '`${e}`', code: 'e.code' }, suggestions: [] }],
  },
  {
    code: casparLink("String(e).includes('ECONNREFUSED')"),
    errors: [{ messageId: 'messageMatch', line: 8, data: { value: 'ECONNREFUSED', message: 'String(e)', code: 'e.code' }, suggestions: [] }],
  },
  {
    code: `
export async function ping(run: () => Promise<void>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (err) {
    if (err.toString().includes('ECONNRESET')) return false;
    throw err;
  }
}
`,
    errors: [{ messageId: 'messageMatch', line: 7, data: { value: 'ECONNRESET', message: 'err.toString()', code: 'err.code' }, suggestions: [] }],
  },
];

ruleTester.run('no-unknown-error-code (the error written out whole)', rule, { valid: wholeErrorValid, invalid: wholeErrorInvalid });
typedRuleTester.run('no-unknown-error-code (the error written out whole, typed)', rule, { valid: wholeErrorValid, invalid: wholeErrorInvalid });

// The `message` of a parsed reply is a field of the peer's payload, not an error's text.
const quotaReply = (read: string): string => `
export function readLimits(body: string, done: (err?: Error, limits?: unknown) => void): void {
  ${read}
  if (json && json.message === 'EINVAL') return void done();
  done(undefined, json);
}
`;

const payloadValid: readonly string[] = [
  quotaReply('const json = JSON.parse(body);'),
  `
export async function limits(res: Response): Promise<unknown> {
  const data = await res.json();
  if (data.message === 'ETIMEDOUT') return null;
  return data;
}
`,
];

const payloadInvalid: Cases['invalid'] = [
  {
    // An error passed in: its message.
    code: quotaReply('const json = body.length > 0 ? new Error(body) : undefined;'),
    errors: [{ messageId: 'messageMatch', line: 4, data: { value: 'EINVAL', message: 'json.message', code: 'json.code' }, suggestions: [] }],
  },
];

ruleTester.run('no-unknown-error-code (a parsed reply)', rule, { valid: payloadValid, invalid: payloadInvalid });

// A server start that retries on a port in use: the code is read into a `const` first, and the
// message test is the fallback beside it for errors a library wrapped.
const portRetry = (codeOf: string): string => `
export async function startOnFreePort(server, port) {
  try {
    await server.listen(port);
  } catch (err) {
    const errCode = ${codeOf};
    const errMessage = err?.message || '';
    if (errCode === 'EADDRINUSE' || errMessage.includes('EADDRINUSE')) return startOnFreePort(server, port + 1);
    throw err;
  }
}
`;

ruleTester.run('no-unknown-error-code (a code read into a const beside the message)', rule, {
  valid: [portRetry('err?.code'), portRetry("err.code || ''")],
  invalid: [
    {
      code: portRetry('err.cause?.code'),
      errors: [{ messageId: 'messageMatch', line: 8, data: { value: 'EADDRINUSE', message: 'errMessage', code: 'err.code' } }],
    },
  ],
});

// A broker connection of a pre-ES2015 class that retries only on a refused connect, told by the
// whole message. Node names the address in that message (`connect ECONNREFUSED 127.0.0.1:9092`,
// measured: test/codes.live.test.ts), so the test never holds on the file's own socket's error; on
// a library's error (a name alone says nothing of who made it) the same text may be exactly right.
const brokerLink = (made: string, operator = '==='): string => `
var net = require('net');
function Link(port, host) { this.port = port; this.host = host; }
Link.prototype.reconnect = function (callback) {
  var that = this;
  var onConnectError = function (err) {
    if (!!err.message && err.message ${operator} 'connect ECONNREFUSED') that.emit('refused', err);
    else callback(err);
  };
  this._connection = ${made};
  this._connection.once('error', onConnectError);
};
module.exports = Link;
`;
const addresslessCases = {
  valid: [brokerLink('this.pool.acquire(this.port, this.host)')],
  invalid: ['===', '!=='].map((operator) => ({
    code: brokerLink('net.createConnection(this.port, this.host)', operator),
    errors: [
      {
        messageId: 'addresslessMessage' as const,
        line: 7,
        data: { message: 'err.message', text: 'connect ECONNREFUSED' },
        suggestions: [
          {
            messageId: 'useCode' as const,
            data: { code: 'err.code', value: 'ECONNREFUSED' },
            output: brokerLink('net.createConnection(this.port, this.host)', operator).replace(`err.message ${operator} 'connect ECONNREFUSED'`, `err.code ${operator} 'ECONNREFUSED'`),
          },
        ],
      },
    ],
  })),
};
ruleTester.run("no-unknown-error-code (a whole message Node never gives its own socket's error)", rule, addresslessCases);
typedRuleTester.run("no-unknown-error-code (a whole message Node never gives its own socket's error, typed)", rule, addresslessCases);

// The same with a typed socket of a class: `net.Socket` says it is Node's in every config.
const typedLink = (type: string): string => `
import type { Socket } from 'node:net';
export class Link {
  constructor(private readonly socket: ${type}, private readonly onRefused: () => void) {
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.message === 'connect ECONNREFUSED') this.onRefused();
    });
  }
}
`;
const typedLinkCases = {
  valid: [typedLink('{ on(event: string, listener: (err: NodeJS.ErrnoException) => void): void }')],
  invalid: [
    {
      code: typedLink('Socket'),
      errors: [
        {
          messageId: 'addresslessMessage' as const,
          line: 6,
          suggestions: [{ messageId: 'useCode' as const, output: typedLink('Socket').replace("err.message === 'connect ECONNREFUSED'", "err.code === 'ECONNREFUSED'") }],
        },
      ],
    },
  ],
};
ruleTester.run("no-unknown-error-code (a whole message Node never gives a typed socket's error)", rule, typedLinkCases);
typedRuleTester.run("no-unknown-error-code (a whole message Node never gives a typed socket's error, typed)", rule, typedLinkCases);

/**
 * no-fatal-close-errors: the errors a connection routinely raises when it ends (ECONNRESET, EPIPE,
 * ENOTCONN...) must not reach a statement that ends the process. The model finds the code that
 * receives a connection's error (src/model/error-handlers.ts), what each handler does with it and
 * which codes reach each of its sinks (src/model/handler-sinks.ts); the rule reports the fatal
 * sinks and adds `if (<code>) return;` before them (src/fixes/no-fatal-close-errors.ts).
 */
import { createRule } from '../src/create-rule.js';
import { quietForSockets } from '../src/model/file-words.js';
import { guardEdit, listCodes } from '../src/fixes/no-fatal-close-errors.js';
import { libraryObjects } from '../src/libraries.js';
import { type ErrorHandler, errorHandlers } from '../src/model/error-handlers.js';
import { exitsOnBadResponse } from '../src/model/fail-fast.js';
import { isClientScript } from '../src/model/file-facts.js';
import { errorType } from '../src/model/handler-error-type.js';
import { BENIGN_CODES, handlerSinks, intersect, NO_ERROR, type Sink, without } from '../src/model/handler-sinks.js';
import { feedResourceWalk } from '../src/model/resource-walk.js';
import { storedReach } from '../src/model/stored-errors.js';
import {
  createSocketDetector,
  DEFAULT_STRICT_SOCKET_NAME_PATTERN,
  defaultSocketOptions,
  mayHaveSockets,
  socketOptionsSchema,
  type SocketOptions,
} from '../src/socket.js';

export interface NoFatalCloseErrorsOptions extends SocketOptions {
  codes?: string[];
  fatalFunctions?: string[];
  benignGuards?: string[];
  reemitIsFatal?: boolean;
}

type Options = [NoFatalCloseErrorsOptions];
type MessageIds = 'fatalCloseError' | 'fatalReemit' | 'addGuard';

/** The codes every server meets when a connection ends (the recommended default). */
export const RECOMMENDED_CLOSE_CODES = ['ENOTCONN', 'ECONNRESET', 'EPIPE'];
/** Every code the table calls routine on close (the strict default). */
export const STRICT_CLOSE_CODES: string[] = [...BENIGN_CODES];
const DEFAULT_GUARD_NAMES = ['isBenignCloseError'];

export default createRule<Options, MessageIds>({
  name: 'no-fatal-close-errors',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow crashing the process on the errors a connection routinely raises when it ends',
      recommended: 'recommended',
      strictOptions: { codes: STRICT_CLOSE_CODES, reemitIsFatal: true, socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN },
    },
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      fatalCloseError:
        'This {{source}} reaches `{{sink}}` on {{codes}}, which are routine on close.',
      fatalReemit:
        "`{{sink}}` re-emits {{codes}} on close, crashing apps with no 'error' listener.",
      addGuard: 'Return early for {{codes}} before `{{sink}}`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ...socketOptionsSchema,
          codes: {
            type: 'array',
            description:
              "Error codes that must not reach a fatal sink (default: ENOTCONN, ECONNRESET and EPIPE; strict: every code the table marks benign on close).",
            items: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
            uniqueItems: true,
          },
          fatalFunctions: {
            type: 'array',
            description:
              'Your own functions that end the process, by name (`die`) or dotted path (`logger.fatal`); a bare name also matches methods of that name.',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
          },
          benignGuards: {
            type: 'array',
            description:
              'Your own predicates that return true for benign close errors (like isBenignCloseError), by name or dotted path: a path where one returned false excluded the codes.',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
          },
          reemitIsFatal: {
            type: 'boolean',
            description:
              "Count `emitter.emit('error', err)` as fatal when it re-emits a socket's error while the code ends that socket or recovers from its loss (an `end()` callback; an 'error' listener on a socket the module calls `end()` on or reconnects on 'close', or on a request it aborts; a pipeline over a stream it destroys). Unset: only the re-emits of a socket the module reconnects on 'close'; false: none.",
          },
        },
      },
    ],
    defaultOptions: [
      {
        ...defaultSocketOptions,
        codes: RECOMMENDED_CLOSE_CODES,
        fatalFunctions: [],
        benignGuards: [],
      },
    ],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    // Nothing to report in a file where nothing can be a socket (most files of a code base).
    if (quietForSockets(sourceCode, options.socketNamePattern)) return {};
    if (!mayHaveSockets(context, options) && libraryObjects(sourceCode).size === 0) return {};
    const sockets = createSocketDetector(context, options);
    const configuredCodes = options.codes ?? RECOMMENDED_CLOSE_CODES;
    const fatalFunctions = options.fatalFunctions ?? [];
    const guardNames = new Set([...DEFAULT_GUARD_NAMES, ...(options.benignGuards ?? [])]);
    // Unset (recommended): only a re-emit from a socket the module reconnects by itself; `true`
    // (strict): every re-emit while the code ends the connection; `false`: none.
    const reemitIsFatal = options.reemitIsFatal;
    // A command-line client exits when its connection fails on purpose (src/model/file-facts.ts).
    const exitIsPlanned = isClientScript(sourceCode);

    /** Does this sink end the process (or, with `reemitIsFatal`, hand a close-time error to whoever listens)? */
    function isFatal(handler: ErrorHandler, sink: Sink): boolean {
      // A stored error is only followed to where it is re-emitted; the function's other sinks are its own.
      if (handler.kind === 'stored' && sink.kind !== 'reemit') return false;
      switch (sink.kind) {
        case 'throw':
          return handler.throwIsFatal;
        case 'reemit':
          // A library object whose measured errors hold no teardown code (a UDP socket: EADDRINUSE) errs nothing on close.
          if (reemitIsFatal === true) return handler.closeTime && (!handler.libraryCodes || handler.libraryCodes.some((code) => configuredCodes.includes(code)));
          return reemitIsFatal === undefined && handler.reconnects;
        case 'exit':
          // A request whose response callback exits on a bad answer exits on its 'error' by the same plan (src/model/fail-fast.ts).
          return !exitIsPlanned && !(handler.targets?.some((target) => exitsOnBadResponse(target, sourceCode)) ?? false);
        case 'reject':
        case 'log':
          return false; // a caller awaiting the promise, or a log line, decides nothing here
        default:
          return true;
      }
    }

    function check(handler: ErrorHandler): void {
      const type = errorType(context, handler.errName);
      // A library object's listener gets the codes its table entry measured (src/libraries.ts).
      const candidates = handler.libraryCodes ?? configuredCodes;
      const codes = type.codes ? candidates.filter((code) => type.codes!.has(code)) : candidates;
      if (codes.length === 0) return;
      let start: ReadonlySet<string> = new Set(handler.mayHaveNoError ? [...codes, NO_ERROR] : codes);
      if (handler.excluded) start = without(start, handler.excluded);
      // Only the codes that got past the listener's tests into the field.
      if (handler.storedFrom) start = intersect(start, new Set([NO_ERROR, ...storedReach(handler.storedFrom, { start, codes: candidates, guardNames, fatalFunctions }, sourceCode)]));
      if (without(start, NO_ERROR).size === 0) return;
      for (const sink of handlerSinks(handler, { start, codes: candidates, guardNames, fatalFunctions }, sourceCode)) {
        // A sink that does not use the error also runs when there is none (a callback on success).
        if (!sink.consumesError && sink.reach.has(NO_ERROR)) continue;
        const reaching = codes.filter((code) => sink.reach.has(code));
        // Which codes reach it first: whether a re-emit is fatal asks what the file does with the socket.
        if (reaching.length === 0 || !isFatal(handler, sink)) continue;
        // Returning early from the function that re-emits a stored error would skip the rest of its work.
        const edit = handler.kind === 'stored' ? undefined : guardEdit(sourceCode, handler, sink, reaching, type);
        const data = { source: handler.label, sink: sink.label, codes: listCodes(reaching) };
        context.report({
          node: sink.node,
          messageId: sink.kind === 'reemit' ? 'fatalReemit' : 'fatalCloseError',
          data,
          fix: edit?.safe ? edit.fix : null,
          suggest: edit && !edit.safe ? [{ messageId: 'addGuard', data, fix: edit.fix }] : [],
        });
      }
    }

    return feedResourceWalk(sourceCode, {
      'Program:exit'() {
        for (const handler of errorHandlers(sourceCode, sockets)) check(handler);
      },
    });
  },
});

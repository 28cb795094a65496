/**
 * The options every rule that looks at sockets accepts (`socketTypes`, `socketNamePattern`), their
 * schema and defaults, and what the detector answers (`SocketMatch`: a kind and its evidence).
 */
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';

import { SOCKET_ERROR_KINDS, type SocketErrorKind } from '../codes.js';
import { compileOptionPattern } from '../option-pattern.js';
import type { SocketKind } from './node-api.js';

/** How the detector knows: from syntax (imports, listeners, data flow), from types, or from the name alone. */
export type SocketEvidence = 'syntax' | 'type' | 'name';

export interface SocketMatch {
  readonly kind: SocketKind;
  readonly via: SocketEvidence;
}

/** The options every rule that looks at sockets accepts (spread `socketOptionsSchema` into its schema). */
export interface SocketOptions {
  /** More types that count as sockets in type-aware mode, in typescript-eslint's `TypeOrValueSpecifier` shape. */
  socketTypes?: TypeOrValueSpecifier[];
  /** A regular expression; identifiers and property names it matches count as sockets. Off when empty or null. */
  socketNamePattern?: string | null;
}

/**
 * The names `strict` treats as sockets. Whole names only (`sockets`, `socketPath`, `webSocket` stay
 * out), the names Node's docs and proxies use for raw connections. `conn`/`connection` are left out
 * on purpose: database and AMQP drivers use them for objects that are not sockets.
 */
export const DEFAULT_STRICT_SOCKET_NAME_PATTERN =
  '^(?:socket|sock|(?:client|server|proxy|upstream|downstream|target|remote|peer|backend|tunnel|raw|tcp|tls)Socket|upstream|downstream)$';

/** The default values of the socket options (nothing extra by type, no name pattern). */
export const defaultSocketOptions: Readonly<Required<SocketOptions>> = { socketTypes: [], socketNamePattern: null };

const specifierName: JSONSchema4 = {
  description: 'Type name, or names.',
  oneOf: [
    { type: 'string' },
    { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true },
  ],
};

/**
 * The JSON schema of the socket options, to spread into a rule's options object schema:
 * `properties: { ...socketOptionsSchema, myOption: {...} }`. `socketTypes` is typescript-eslint's
 * `typeOrValueSpecifiersSchema` with descriptions, written out because importing type-utils loads
 * TypeScript, an optional peer dependency (test/socket.test.ts checks the two agree).
 */
export const socketOptionsSchema: Readonly<Record<keyof SocketOptions, JSONSchema4>> = {
  socketTypes: {
    description:
      "Types that also count as sockets when type information is available, e.g. { from: 'package', package: 'ws', name: 'WebSocket' }.",
    type: 'array',
    items: {
      oneOf: [
        { type: 'string', description: 'A type name, declared anywhere.' },
        {
          type: 'object',
          description: 'A type declared in a file of this project.',
          additionalProperties: false,
          properties: {
            from: { type: 'string', enum: ['file'], description: 'Declared in a local file.' },
            name: specifierName,
            path: { type: 'string', description: 'The file, relative to the project root.' },
          },
          required: ['from', 'name'],
        },
        {
          type: 'object',
          description: "A type from TypeScript's built-in lib.",
          additionalProperties: false,
          properties: {
            from: { type: 'string', enum: ['lib'], description: 'Declared in the TypeScript lib.' },
            name: specifierName,
          },
          required: ['from', 'name'],
        },
        {
          type: 'object',
          description: 'A type declared in a package.',
          additionalProperties: false,
          properties: {
            from: { type: 'string', enum: ['package'], description: 'Declared in a package.' },
            name: specifierName,
            package: { type: 'string', description: 'The package name.' },
          },
          required: ['from', 'name', 'package'],
        },
      ],
    },
  },
  socketNamePattern: {
    description:
      'Regular expression (JavaScript syntax, `u` flag) of variable and property names that count as sockets; null or empty turns it off.',
    type: ['string', 'null'],
  },
};

export function compileNamePattern(pattern: string | null | undefined): RegExp | undefined {
  if (pattern == null || pattern === '') return undefined;
  return compileOptionPattern('socketNamePattern', pattern, 'u', '^(?:socket|sock)$', 'null to turn it off');
}


/** The options of `exhaustive-error-codes`. */
export interface ExhaustiveErrorCodesOptions {
  additionalCodes?: Record<string, SocketErrorKind>;
  ignoreKinds?: SocketErrorKind[];
  considerDefaultExhaustive?: boolean;
  defaultCaseCommentPattern?: string;
}

/** Kinds whose codes are separate decisions, not one family (see the rule's docs). */
export const DEFAULT_IGNORED_KINDS: SocketErrorKind[] = ['address', 'tls', 'protocol', 'cancelled', 'misuse'];
export const DEFAULT_COMMENT_PATTERN = '^no default$';

export const defaultExhaustiveOptions: Readonly<ExhaustiveErrorCodesOptions> = {
  additionalCodes: {},
  ignoreKinds: DEFAULT_IGNORED_KINDS,
  considerDefaultExhaustive: false,
  defaultCaseCommentPattern: DEFAULT_COMMENT_PATTERN,
};

export const exhaustiveOptionsSchema: JSONSchema4 = {
  type: 'object',
  additionalProperties: false,
  properties: {
    additionalCodes: {
      type: 'object',
      description:
        'Codes your own code or libraries raise, with the kind each belongs to (for example `{ "UND_ERR_SOCKET": "connection-lost" }`): they join that kind\'s family.',
      patternProperties: { '^[A-Z][A-Z0-9_]*$': { type: 'string', enum: [...SOCKET_ERROR_KINDS] } },
      additionalProperties: false,
    },
    ignoreKinds: {
      type: 'array',
      description:
        'Kinds whose codes are separate decisions: naming one of them does not require its siblings, nor makes a dispatch a socket dispatch.',
      items: { type: 'string', enum: [...SOCKET_ERROR_KINDS] },
      uniqueItems: true,
    },
    considerDefaultExhaustive: {
      type: 'boolean',
      description:
        'With type information: a `default` (or a comment matching `defaultCaseCommentPattern`) covers the members of a code or kind union that have no case.',
    },
    defaultCaseCommentPattern: {
      type: 'string',
      description:
        'Regular expression for a comment after the last case that says the missing `default` is deliberate (default: `^no default$`, case-insensitive).',
    },
  },
};

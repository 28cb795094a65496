/**
 * What a file holds before any rule asks about a node, read once per file: the calls and
 * constructions of Node's networking modules (through every import style, with ESLint's
 * ReferenceTracker), and the cheap checks that tell a rule "nothing here can be a socket" from the
 * file's tokens and imports, so most files of a code base cost next to nothing.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, AST_TOKEN_TYPES, ASTUtils } from '@typescript-eslint/utils';

import { LISTEN_METHODS, NODE_MODULES, NODE_TYPES, type Origin } from './node-api.js';
import { mayHoldModuleValues } from './module-values.js';
import { compileNamePattern, type SocketOptions } from './options.js';
import { readsServerClasses } from './server-classes.js';
import { tokenNames, tokenValue, visitSpellings, type SpellingKind } from '../tokens.js';

export type TraceMap = Parameters<InstanceType<typeof ASTUtils.ReferenceTracker>['iterateEsmReferences']>[0];
type TraceMapElement = TraceMap[string];
export interface FoundReference {
  info: unknown;
  node: TSESTree.Node;
  type: symbol;
}

/** The ReferenceTracker method eslint-utils ≥ 4.5 has and @typescript-eslint/utils does not declare yet. */
interface PropertyTracker {
  iteratePropertyReferences(node: TSESTree.Node, traceMap: TraceMapElement): IterableIterator<FoundReference>;
}

const { CALL, CONSTRUCT, ESM } = ASTUtils.ReferenceTracker;

let traceMap: TraceMap | undefined;
/** The ReferenceTracker's map of NODE_MODULES, built once (it is only read). */
export function getTraceMap(): TraceMap {
  traceMap ??= buildTraceMap();
  return traceMap;
}

function buildTraceMap(): TraceMap {
  const traceMap: Record<string, unknown> = {};
  for (const [moduleName, members] of Object.entries(NODE_MODULES)) {
    const memberMap: Record<string | symbol, unknown> = {};
    for (const [name, member] of Object.entries(members)) {
      // Node's factories are plain functions returning their object: `new net.createConnection()` is that socket (measured).
      memberMap[name] = { [CALL]: member.call, [CONSTRUCT]: member.construct ?? member.call };
    }
    // `default` covers `import net from 'net'`; ESM makes named imports resolve to the members.
    const moduleMap = { [ESM]: true, ...memberMap, default: memberMap };
    traceMap[moduleName] = moduleMap;
    traceMap[`node:${moduleName}`] = moduleMap;
  }
  return traceMap as TraceMap;
}


const originsByProgram = new WeakMap<TSESTree.Program, Map<TSESTree.Node, Origin>>();
const listenerEventsByProgram = new WeakMap<TSESTree.Program, boolean>();
const namesByProgram = new WeakMap<TSESTree.Program, Map<string, boolean>>();

/** The events a listener on any receiver gets a socket from (see `rolesAtSite`). */
const UNKNOWN_RECEIVER_EVENTS = new Set(['clientError', 'tlsClientError', 'upgrade', 'connect']);
/** A listener method called (`.on(`, `.once?.(`, `.on<T>(`, `['on'](`): text that every listener call has. */
const LISTEN_CALL_TEXT = /\b(?:on|once|addListener|prependListener|prependOnceListener)\s*(?:\?\.\s*)?[(<]|\[\s*['"](?:on|once|addListener|prependListener|prependOnceListener)['"]\s*\]/u;
/**
 * Where a listener method's name may be spelled: the whole word (a token spelled \`on\` is bounded
 * by characters that are no part of a name), as a called name (the next token, after spaces or a
 * comment, is \`(\`, \`<\` or \`?.\`) or as a string (\`['on']\`: the closing quote follows). The
 * word \`on\` alone is in most comments of a file.
 */
const LISTEN_METHOD_WORDS = /\b(?:on|once|addListener|prependListener|prependOnceListener)\b(?=['"`]|\s*[(<?/])/gu;
/**
 * Where an import or `require` of a module of NODE_MODULES is spelled: the module's name written as
 * a string (`'net'`, `"node:http"`, `` `tls` ``), or `require` (whose argument may be computed).
 */
const MODULE_SPELLINGS = new RegExp(`\\brequire\\b|['"\`](?:node:)?(?:${Object.keys(NODE_MODULES).join('|')})['"\`]`, 'gu');
const MODULE_NAMES: ReadonlySet<string> = new Set(Object.keys(NODE_MODULES).flatMap((name) => [name, `node:${name}`]));

/**
 * Can the file import or `require` a module of NODE_MODULES? Every way the ReferenceTracker
 * follows names the module in a string token (escapes read: `'n\u0065t'`), except a `require`
 * whose argument is not one plain string (`require('ne' + 't')`, `` require(`${name}`) ``),
 * which counts as yes. Read from the tokens at those spellings only (src/tokens.ts): most files
 * of a code base import none of Node's network modules, and then the tracker is not run.
 */
function mayUseNodeModules(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const tokens = sourceCode.ast.tokens;
  if (!tokens) return true;
  return visitSpellings(sourceCode, MODULE_SPELLINGS, (value, kind, _token, index) => {
    if (value === null) return true;
    if (kind === 'string') return MODULE_NAMES.has(value);
    if (value !== 'require') return false;
    let next = index + 1;
    if (tokens[next]?.value === '?.') next++;
    if (tokens[next]?.value !== '(') return false;
    // `require('name')`: the string is visited on its own.
    const argument = tokens[next + 1];
    const after = tokens[next + 2]?.value;
    return !(argument?.type === AST_TOKEN_TYPES.String && (after === ')' || after === ','));
  });
}

/**
 * Can a listener of this file be registered for one of the events that make a socket on any
 * receiver? Only when some `on(…)`-style call's event is one of those names written as a string,
 * or is not a plain string literal (it could be computed: `'up' + 'grade'`, a constant). Read from
 * the tokens, without walking the tree. (The words alone are everywhere in network code that has
 * no socket: `connection`, `reconnect`, `'connect'` emitted by a client of its own.)
 */
function mayListenForSocketEvents(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const program = sourceCode.ast;
  let found = listenerEventsByProgram.get(program);
  if (found !== undefined) return found;
  found = false;
  const tokens = program.tokens;
  // No listener call at all: nothing to read in the tokens. With one, or with an escape
  // (`s.\u006fn(…)`), only the tokens that may name a listener method are read (src/tokens.ts).
  if (!tokens) found = true;
  else if (sourceCode.text.includes('\\') || LISTEN_CALL_TEXT.test(sourceCode.text)) {
    found = visitSpellings(sourceCode, LISTEN_METHOD_WORDS, (method, kind, _token, index) =>
      method === null || (LISTEN_METHODS.has(method) && mayListenForSocketEventAt(tokens, index, kind)),
    );
  }
  listenerEventsByProgram.set(program, found);
  return found;
}

/**
 * The listener method named at `index` of the tokens (`on`, or `'on'` in `socket['on']`): is it
 * called on a receiver for one of the events that make a socket, or for an event it cannot read?
 */
export function mayListenForSocketEventAt(tokens: readonly TSESTree.Token[], index: number, kind: SpellingKind): boolean {
  // Only a method called on a receiver counts (`emitter.on(…)`); a method declared `on<K>(…)`
  // in a class or interface is none.
  const before = tokens[index - 1]?.value;
  if (kind === 'name' && before !== '.' && before !== '?.') return false;
  let next = index + 1;
  // `socket['on'](…)`
  if (kind === 'string' && tokens[next++]?.value !== ']') return false;
  if (tokens[next]?.value === '?.') next++;
  if (tokens[next]?.value === '<') return true; // type arguments: not followed further
  if (tokens[next]?.value !== '(') return false;
  const event = tokens[next + 1];
  const after = tokens[next + 2]?.value;
  // A plain string literal names one of those events only if its value (escapes read) is one.
  const name = event?.type === AST_TOKEN_TYPES.String ? tokenValue(event) : null;
  return !(name !== null && !UNKNOWN_RECEIVER_EVENTS.has(name) && (after === ',' || after === ')'));
}

/** Socket classes a type annotation may name (src/model/annotations.ts). */
const SOCKET_TYPE_TEXT = new RegExp(
  Object.entries(NODE_TYPES)
    .filter(([, hits]) => hits.some((hit) => hit.socket))
    .map(([name]) => `\\b${name}\\b`)
    .join('|'),
  'u',
);

/**
 * Can a type annotation of the file name one of Node's socket classes? It then imports a module
 * that declares one (`import type { Socket } from 'node:net'`, `import net = require('net')`) and
 * spells a class name.
 */
function mayAnnotateSockets(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const program = sourceCode.ast;
  let found = annotationsByProgram.get(program);
  if (found === undefined) {
    // The imports first: reading the top-level statements costs less than searching the text.
    found =
      program.body.some((statement) => {
        const specifier =
          statement.type === AST_NODE_TYPES.ImportDeclaration
            ? statement.source.value
            : statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration && statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference
              ? statement.moduleReference.expression.value
              : undefined;
        return specifier !== undefined && TYPE_MODULES.has(specifier.replace(/^node:/u, ''));
      }) && SOCKET_TYPE_TEXT.test(sourceCode.text);
    annotationsByProgram.set(program, found);
  }
  return found;
}
const TYPE_MODULES = new Set(Object.values(NODE_TYPES).flatMap((hits) => hits.map((hit) => hit.module)));

/**
 * The strings an import or `require` of the file must spell for `moduleOrigins` or
 * `mayAnnotateSockets` to find anything (src/model/file-words.ts reads them in its one pass).
 */
export const SOCKET_MODULE_STRINGS: ReadonlySet<string> = new Set([...MODULE_NAMES, ...[...TYPE_MODULES].flatMap((name) => [name, `node:${name}`])]);
const annotationsByProgram = new WeakMap<TSESTree.Program, boolean>();

/** Does some identifier, private name or string of the file match the name pattern? */
function mayHaveSocketNames(sourceCode: Readonly<TSESLint.SourceCode>, pattern: RegExp): boolean {
  let byPattern = namesByProgram.get(sourceCode.ast);
  if (!byPattern) {
    byPattern = new Map();
    namesByProgram.set(sourceCode.ast, byPattern);
  }
  let found = byPattern.get(pattern.source);
  if (found === undefined) {
    const tokens = tokenNames(sourceCode);
    const matches = (names: ReadonlySet<string>): boolean => [...names].some((name) => pattern.test(name));
    found = !tokens || tokens.unread || matches(tokens.names) || matches(tokens.privateNames) || matches(tokens.strings);
    byPattern.set(pattern.source, found);
  }
  return found;
}

/** The calls and constructions of Node's networking modules in the file and what each makes (once per file). */
export function moduleOrigins(sourceCode: Readonly<TSESLint.SourceCode>): Map<TSESTree.Node, Origin> {
  let origins = originsByProgram.get(sourceCode.ast);
  if (origins) return origins;
  origins = new Map();
  originsByProgram.set(sourceCode.ast, origins);
  const globalScope = sourceCode.scopeManager?.globalScope;
  // The imports and `require` calls first (most files of a code base have none of these modules),
  // then the spellings: a file with neither uses no module of Node's.
  const traceMap = getTraceMap();
  if (!globalScope || !importsFrom(sourceCode, traceMap) || !mayUseNodeModules(sourceCode)) return origins;
  traceModuleCalls<Origin>(sourceCode, traceMap, (node, info) => origins.set(node, info));
  return origins;
}

/**
 * Can `traceModuleCalls` find anything of `traceMap`'s modules in the file? Only where the file
 * imports one (or re-exports from it), `require`s one by a constant name, or imports one with
 * TypeScript's `import x = require()`: the ways the tracker follows, read from the top-level
 * statements and the unresolved `require` references, without searching the text.
 */
export function importsFrom(sourceCode: Readonly<TSESLint.SourceCode>, traceMap: TraceMap): boolean {
  const globalScope = sourceCode.scopeManager?.globalScope;
  if (!globalScope) return false;
  const traced = (name: unknown): boolean => typeof name === 'string' && Object.hasOwn(traceMap, name);
  for (const statement of sourceCode.ast.body) {
    switch (statement.type) {
      case AST_NODE_TYPES.ImportDeclaration:
      case AST_NODE_TYPES.ExportAllDeclaration:
      case AST_NODE_TYPES.ExportNamedDeclaration:
        if (statement.source && traced(statement.source.value)) return true;
        break;
      case AST_NODE_TYPES.TSImportEqualsDeclaration:
        if (statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference && traced(statement.moduleReference.expression.value)) return true;
        break;
      default:
        break;
    }
  }
  return requireCalls(globalScope).some(({ moduleName }) => traced(moduleName));
}

/** The calls of `require` when it is not a binding of the file: each with its argument's constant value, if any. */
function requireCalls(globalScope: TSESLint.Scope.Scope): { call: TSESTree.CallExpression; moduleName: string | null }[] {
  const requireRefs: TSESTree.Identifier[] = [];
  for (const ref of globalScope.through) if (ref.identifier.name === 'require') requireRefs.push(ref.identifier as TSESTree.Identifier);
  // `require` is often not a declared global (TypeScript files, ESM configs): then it is in `through`.
  const requireGlobal = globalScope.set.get('require');
  if (requireGlobal && requireGlobal.defs.length === 0) {
    for (const ref of requireGlobal.references) requireRefs.push(ref.identifier as TSESTree.Identifier);
  }
  const calls: { call: TSESTree.CallExpression; moduleName: string | null }[] = [];
  for (const identifier of requireRefs) {
    const call = identifier.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== identifier) continue;
    const [argument] = call.arguments;
    calls.push({ call, moduleName: argument && argument.type !== AST_NODE_TYPES.SpreadElement ? ASTUtils.getStringIfConstant(argument) : null });
  }
  return calls;
}

/**
 * Does some call or `new` of Node's networking modules in the file make a socket? Without one, no
 * call of the file makes a socket by syntax: a function of the file makes one only by returning
 * such a creation (src/model/factories.ts).
 */
export function mayCreateSockets(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  for (const origin of moduleOrigins(sourceCode).values()) if (origin.socket) return true;
  return false;
}

/**
 * Every call and `new` of a member of `traceMap`'s modules (a ReferenceTracker map whose `CALL` /
 * `CONSTRUCT` entries hold `T`), in every import style: ESM (default, named, namespace), `require`
 * (also destructured or not declared), TypeScript's `import x = require()`. Node's modules above and
 * the client libraries of src/libraries.ts are found this one way.
 */
export function traceModuleCalls<T>(
  sourceCode: Readonly<TSESLint.SourceCode>,
  traceMap: TraceMap,
  onCall: (node: TSESTree.Node, info: T) => void,
): void {
  traceModuleReferences(sourceCode, traceMap, (found) => {
    if (found.info && (found.type === CALL || found.type === CONSTRUCT)) onCall(found.node, found.info as T);
  });
}

/** Every reference `traceMap` marks (calls, constructions, reads) of the modules it names, however imported. */
export function traceModuleReferences(sourceCode: Readonly<TSESLint.SourceCode>, traceMap: TraceMap, record: (found: FoundReference) => void): void {
  const globalScope = sourceCode.scopeManager?.globalScope;
  if (!globalScope) return;
  const tracker = new ASTUtils.ReferenceTracker(globalScope);
  const propertyTracker = tracker as unknown as PropertyTracker;
  for (const found of tracker.iterateEsmReferences<unknown>(traceMap)) record(found);

  // Follow every `require('net')` whose `require` is not a local binding, then the tracker does the rest.
  for (const { call, moduleName } of requireCalls(globalScope)) {
    const moduleMap = moduleName != null && Object.hasOwn(traceMap, moduleName) ? traceMap[moduleName] : undefined;
    if (!moduleMap) continue;
    for (const found of propertyTracker.iteratePropertyReferences(call, moduleMap)) record(found);
  }

  // TypeScript's `import net = require('net')`.
  for (const statement of sourceCode.ast.body) {
    if (
      statement.type !== AST_NODE_TYPES.TSImportEqualsDeclaration ||
      statement.importKind === 'type' ||
      statement.moduleReference.type !== AST_NODE_TYPES.TSExternalModuleReference
    ) {
      continue;
    }
    const moduleName = statement.moduleReference.expression.value;
    const moduleMap = Object.hasOwn(traceMap, moduleName) ? traceMap[moduleName] : undefined;
    if (!moduleMap) continue;
    for (const variable of sourceCode.scopeManager?.getDeclaredVariables(statement) ?? []) {
      for (const ref of variable.references) {
        if (!ref.isRead()) continue;
        for (const found of propertyTracker.iteratePropertyReferences(ref.identifier, moduleMap)) {
          record(found);
        }
      }
    }
  }
}

/**
 * Can anything in the file be a socket for a detector made with `options`? The answer of
 * `createSocketDetector(context, options).mayHaveSockets()`, without making the detector: a rule
 * asks it first in `create` and returns `{}` for most files (each part is read once per file).
 */
export function mayHaveSockets(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, options: SocketOptions): boolean {
  const sourceCode = context.sourceCode;
  if (sourceCode.parserServices?.program) return true; // the type checker can make anything a socket
  if (moduleOrigins(sourceCode).size > 0) return true;
  if (mayAnnotateSockets(sourceCode) || readsServerClasses(sourceCode)) return true;
  const namePattern = compileNamePattern(options.socketNamePattern);
  if (namePattern && mayHaveSocketNames(sourceCode, namePattern)) return true;
  if (mayListenForSocketEvents(sourceCode)) return true;
  // `const mod = secure ? https : http`, `exports.protocols = { 'http:': http }` (src/model/module-values.ts).
  return importsFrom(sourceCode, getTraceMap()) && mayHoldModuleValues(sourceCode);
}


/**
 * Is the file a command-line program that serves nothing: it starts with `#!` (it is run as an
 * executable) and calls no `listen()`. The connections it opens are its whole job, so exiting when
 * one fails is its plan, not a crash of a server.
 */
export function isClientScript(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (!sourceCode.text.startsWith('#!')) return false;
  const tokens = sourceCode.ast.tokens;
  if (!tokens) return false;
  return !tokens.some((token, index) => token.type === AST_TOKEN_TYPES.Identifier && token.value === 'listen' && tokens[index + 1]?.value === '(');
}

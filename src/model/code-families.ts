/**
 * Which codes belong together (a kind's family, from src/codes.ts and the user's `additionalCodes`),
 * which of them a dispatch leaves out, and which cannot reach it at all: inside `fn` of
 * `ignoreBenignClose(fn)`, the codes benign on close never arrive.
 *
 * The families depend on the options (one `CodeFamilies` per rule and file); what the file says
 * (is a variable ever written, is a function only called through `ignoreBenignClose`) is cached per
 * variable and per function in module-level `WeakMap`s keyed on the file's own scope objects.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { SOCKET_ERROR_CODES, SOCKET_ERROR_KINDS, SOCKET_ERRORS, getSocketErrorInfo, socketErrorCodesOfKind, type SocketErrorKind } from '../codes.js';
import { isHelperCall } from '../helper-imports.js';
import { findVariable, listenerCallOf } from '../listeners.js';
import { visitSpellings } from '../tokens.js';
import { type FunctionNode, isFunction, propertyName, runtimeParams, skipWrappers } from './ast.js';
import { namingReferences } from './functions.js';
import { doesMore, type PathOutcome } from './code-branches.js';
import type { NamedCode } from './code-reads.js';
import type { UnionMember } from './code-types.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** What `ignoreBenignClose(fn)` keeps from `fn`: every code for which `isBenignCloseError` is true. */
const BENIGN_ON_CLOSE: ReadonlySet<string> = new Set(SOCKET_ERROR_CODES.filter((code) => SOCKET_ERRORS[code].benignOnClose));
const NONE: ReadonlySet<string> = new Set();
const EVERY_CODE: ReadonlySet<string> = new Set(SOCKET_ERROR_CODES);

/** The kind of a code and the family of a kind: the table's, with the user's own codes joined in. */
export interface CodeFamilies {
  kindOf(code: string): SocketErrorKind | undefined;
  familyOf(kind: SocketErrorKind): readonly string[];
}

/** One `CodeFamilies` per distinct `additionalCodes`: the rule asks for it in every file. */
const familiesByCodes = new Map<string, CodeFamilies>();

export function codeFamilies(additionalCodes: Readonly<Record<string, SocketErrorKind>>): CodeFamilies {
  const key = JSON.stringify(Object.entries(additionalCodes));
  let families = familiesByCodes.get(key);
  if (!families) {
    families = makeFamilies({ ...additionalCodes });
    familiesByCodes.set(key, families);
  }
  return families;
}

function makeFamilies(additionalCodes: Readonly<Record<string, SocketErrorKind>>): CodeFamilies {
  const byKind = new Map<SocketErrorKind, readonly string[]>();
  return {
    kindOf: (code) => (Object.hasOwn(additionalCodes, code) ? additionalCodes[code] : getSocketErrorInfo(code)?.kind),
    familyOf(kind) {
      let family = byKind.get(kind);
      if (!family) {
        const extra = Object.keys(additionalCodes).filter((code) => additionalCodes[code] === kind);
        family = Object.freeze([...new Set<string>([...socketErrorCodesOfKind(kind), ...extra])]);
        byKind.set(kind, family);
      }
      return family;
    },
  };
}

/** Per families and ignored kinds: a pattern that finds every code of a family the rule checks. */
const familyPatterns = new WeakMap<CodeFamilies, Map<string, { pattern: RegExp | null; codes: ReadonlySet<string> }>>();

/**
 * Can some identifier or string of the file spell a code of a kind that is not ignored
 * (`'ECONNRESET'`, `errno.EPIPE`)? Every such token has the code in the text (or an escape), so
 * the text is searched once for all the codes (src/tokens.ts); without tokens the answer is yes.
 */
export function mayMentionFamilyCode(sourceCode: SourceCode, families: CodeFamilies, ignoredKinds: ReadonlySet<SocketErrorKind>): boolean {
  let byIgnored = familyPatterns.get(families);
  if (!byIgnored) {
    byIgnored = new Map();
    familyPatterns.set(families, byIgnored);
  }
  const key = [...ignoredKinds].sort().join(',');
  let found = byIgnored.get(key);
  if (!found) {
    const codes = new Set(SOCKET_ERROR_KINDS.filter((kind) => !ignoredKinds.has(kind)).flatMap((kind) => families.familyOf(kind)));
    // Codes are words of letters, digits and `_`: a token that spells one starts a match of the
    // pattern (no match can run into it from the character before it, a quote or no word character).
    const alternatives = [...codes].map((code) => code.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'));
    found = { pattern: alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'gu') : null, codes };
    byIgnored.set(key, found);
  }
  const { pattern, codes } = found;
  return visitSpellings(sourceCode, pattern ?? [], (value) => value === null || codes.has(value));
}

/** Does the dispatch name a code of a kind that is not ignored (a socket dispatch)? */
export function namesSocketCode(named: readonly NamedCode[], families: CodeFamilies, ignoredKinds: ReadonlySet<SocketErrorKind>): boolean {
  return named.some((code) => {
    const kind = families.kindOf(code.value);
    return kind !== undefined && !ignoredKinds.has(kind);
  });
}

/** A union of socket codes (ours or the user's) or of socket error kinds: ours to check. */
export function isSocketUnion(members: readonly UnionMember[], families: CodeFamilies): boolean {
  const strings = members.filter((member): member is string => typeof member === 'string');
  if (strings.some((member) => families.kindOf(member) !== undefined)) return true;
  const kinds = new Set<string>(SOCKET_ERROR_KINDS);
  return strings.every((member) => kinds.has(member)) && (strings.includes('connection-lost') || strings.length >= 3);
}

/** A kind a dispatch handles part of, and the codes of its family it leaves to a silent path. */
export interface MissingSiblings {
  kind: SocketErrorKind;
  /** The codes of the kind the dispatch names, in order. */
  codes: NamedCode[];
  missing: string[];
}

/**
 * The family rule: `named` pairs each named code with what its own branch does, `rest` is what the
 * codes it does not name meet. A kind counts only where some code of it gets more than the rest
 * (`doesMore`), and the rest only logs, ignores or closes: handling ECONNRESET and dropping EPIPE
 * is the gap, so is reconnecting on ECONNRESET and only closing on EPIPE; logging both
 * differently, or closing on both, is not. `possible` (a finite type) and `cannotArrive` narrow the
 * codes that can be missed.
 */
export function missingSiblings(
  named: readonly (readonly [NamedCode, PathOutcome])[],
  rest: PathOutcome,
  possible: readonly UnionMember[] | null,
  cannotArrive: ReadonlySet<string>,
  families: CodeFamilies,
  ignoredKinds: ReadonlySet<SocketErrorKind>,
): MissingSiblings[] {
  if (rest !== 'silent' && rest !== 'closes') return [];
  const handledKinds = new Set<SocketErrorKind | undefined>(
    named.filter(([, outcome]) => doesMore(outcome, rest)).map(([code]) => families.kindOf(code.value)),
  );
  const namedCodes = named.map(([code]) => code);
  const namedValues = new Set(namedCodes.map((code) => code.value));
  const byKind = new Map<SocketErrorKind, NamedCode[]>();
  for (const code of namedCodes) {
    const kind = families.kindOf(code.value);
    if (!kind || ignoredKinds.has(kind) || !handledKinds.has(kind)) continue;
    const list = byKind.get(kind) ?? [];
    list.push(code);
    byKind.set(kind, list);
  }
  const found: MissingSiblings[] = [];
  for (const [kind, codes] of byKind) {
    let missing = families.familyOf(kind).filter((code) => !namedValues.has(code));
    if (possible) missing = missing.filter((code) => possible.includes(code));
    missing = missing.filter((code) => !cannotArrive.has(code));
    if (missing.length > 0 && codes.length > 0) found.push({ kind, codes, missing });
  }
  return found;
}

/** Is the variable ever assigned? Asked once per variable: a long handler reads its error thousands of times. */
const written = new WeakMap<TSESLint.Scope.Variable, boolean>();

function isWritten(variable: TSESLint.Scope.Variable): boolean {
  let answer = written.get(variable);
  if (answer === undefined) {
    answer = variable.references.some((reference) => reference.isWrite());
    written.set(variable, answer);
  }
  return answer;
}

const throughHelper = new WeakMap<TSESTree.FunctionLike, boolean>();

/**
 * Is every call of `fn` made by `ignoreBenignClose` (imported from our codes module)? Written
 * inline as its argument, or a function declaration or `const` that is only ever passed to it.
 */
export function onlyCalledThroughHelper(fn: TSESTree.FunctionLike, sourceCode: SourceCode): boolean {
  let answer = throughHelper.get(fn);
  if (answer === undefined) {
    answer = calledThroughHelper(fn, sourceCode);
    throughHelper.set(fn, answer);
  }
  return answer;
}

function calledThroughHelper(fn: TSESTree.FunctionLike, sourceCode: SourceCode): boolean {
  const isHelperArgument = (node: TSESTree.Node): boolean =>
    node.parent?.type === AST_NODE_TYPES.CallExpression &&
    node.parent.arguments[0] === node &&
    isHelperCall(node.parent, 'ignoreBenignClose', sourceCode.getScope(node.parent), sourceCode);
  if (isHelperArgument(fn)) return true;
  const holder =
    fn.type === AST_NODE_TYPES.FunctionDeclaration
      ? fn
      : fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.init === fn && fn.parent.parent.kind === 'const'
        ? fn.parent
        : null;
  const name = holder?.id?.type === AST_NODE_TYPES.Identifier ? holder.id.name : null;
  const variable = holder && name ? sourceCode.getDeclaredVariables(holder).find((candidate) => candidate.name === name) : undefined;
  if (!variable || variable.defs.length !== 1) return false;
  const uses = variable.references.filter((reference) => !reference.init);
  return uses.length > 0 && uses.every((reference) => reference.isReadOnly() && isHelperArgument(reference.identifier));
}

/**
 * Codes that cannot reach a dispatch on `subject`: inside `fn` of `ignoreBenignClose(fn)`, when
 * `subject` is `fn`'s error parameter's code (`err.code`, or `code` destructured in the parameter),
 * the codes benign on close never arrive.
 */
export function unreachableCodes(subject: TSESTree.Node, sourceCode: SourceCode): ReadonlySet<string> {
  const target = skipWrappers(subject);
  let identifier: TSESTree.Node | null = null;
  if (target.type === AST_NODE_TYPES.MemberExpression && !target.computed && target.property.type === AST_NODE_TYPES.Identifier && target.property.name === 'code') {
    identifier = skipWrappers(target.object);
  } else if (target.type === AST_NODE_TYPES.Identifier) {
    identifier = target;
  }
  if (identifier?.type !== AST_NODE_TYPES.Identifier) return NONE;
  const variable = findVariable(sourceCode.getScope(identifier), identifier);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || def?.type !== TSESLint.Scope.DefinitionType.Parameter || isWritten(variable)) {
    return NONE;
  }
  const fn = def.node as TSESTree.FunctionLike;
  const param = runtimeParams(fn)[0];
  const declared = param?.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
  if (!declared) return NONE;
  const isParameter =
    target === identifier
      ? // `({ code }) => ...`: the name is the `code` property of the first parameter.
        declared.type === AST_NODE_TYPES.ObjectPattern &&
        declared.properties.some(
          (property) =>
            property.type === AST_NODE_TYPES.Property &&
            !property.computed &&
            property.key.type === AST_NODE_TYPES.Identifier &&
            property.key.name === 'code' &&
            property.value === def.name,
        )
      : declared === def.name;
  if (isParameter && onlyCalledThroughHelper(fn, sourceCode)) return BENIGN_ON_CLOSE;
  if (declared === def.name && isFunction(fn) && onlyEventTargetErrorListener(fn, sourceCode)) return EVERY_CODE;
  return target === identifier ? NONE : codesOutsideCallerCases(fn, fn.params.indexOf(def.name), sourceCode);
}

/**
 * A function that only ever listens through the EventTarget interface: `ws.addEventListener('error',
 * fn)` or `ws.onerror = fn`. It receives an `Event` (the browser's, undici's) or ws's `ErrorEvent`
 * (the error is in its `error` field): neither has a `code`, so no code of the table reaches `event.code`.
 */
function onlyEventTargetErrorListener(fn: FunctionNode, sourceCode: SourceCode): boolean {
  if (isEventTargetErrorListener(fn, sourceCode)) return true;
  const uses = namingReferences(fn, sourceCode);
  return uses !== undefined && uses.length > 0 && uses.every(({ identifier }) => isEventTargetErrorListener(identifier, sourceCode));
}

function isEventTargetErrorListener(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression) {
    return parent.right === node && parent.left.type === AST_NODE_TYPES.MemberExpression && propertyName(parent.left) === 'onerror';
  }
  if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.arguments[1] !== node) return false;
  const listener = listenerCallOf(parent, sourceCode);
  return listener?.method === 'addEventListener' && listener.event === 'error';
}

/**
 * A function whose every use in the file is a call inside `case 'ECONNRESET':` of a switch on the
 * code of the error it is given (`switch (err && err.code) { case 'ECONNRESET': return onReset(err); }`):
 * only those cases' codes reach its parameter at `index`, every other code of the table is unreachable.
 */
function codesOutsideCallerCases(fn: TSESTree.FunctionLike, index: number, sourceCode: SourceCode): ReadonlySet<string> {
  const uses = index >= 0 && isFunction(fn) ? namingReferences(fn, sourceCode) : undefined;
  if (!uses || uses.length === 0) return NONE;
  const arrive = new Set<string>();
  for (const { identifier } of uses) {
    const call = identifier.parent;
    const argument = call.type === AST_NODE_TYPES.CallExpression && call.callee === identifier ? call.arguments[index] : undefined;
    const codes = argument?.type === AST_NODE_TYPES.Identifier ? casesAround(call, argument, sourceCode) : undefined;
    if (!codes) return NONE;
    for (const code of codes) arrive.add(code);
  }
  return new Set(SOCKET_ERROR_CODES.filter((code) => !arrive.has(code)));
}

/** Statements that end a case's run: the next case is not reached from it. */
const LEAVES: ReadonlySet<string> = new Set([AST_NODE_TYPES.BreakStatement, AST_NODE_TYPES.ReturnStatement, AST_NODE_TYPES.ThrowStatement, AST_NODE_TYPES.ContinueStatement]);

/** The string cases (with the empty ones falling into it) of the `case` around `node`, in a switch on `error`'s code. */
function casesAround(node: TSESTree.Node, error: TSESTree.Identifier, sourceCode: SourceCode): string[] | undefined {
  let clause: TSESTree.Node | undefined = node.parent;
  while (clause && clause.type !== AST_NODE_TYPES.SwitchCase && !isFunction(clause)) clause = clause.parent;
  if (clause?.type !== AST_NODE_TYPES.SwitchCase) return undefined;
  const switchNode = clause.parent;
  let read = skipWrappers(switchNode.discriminant);
  if (read.type === AST_NODE_TYPES.LogicalExpression && read.operator === '&&') read = skipWrappers(read.right);
  const object = read.type === AST_NODE_TYPES.MemberExpression && propertyName(read) === 'code' ? skipWrappers(read.object) : undefined;
  if (object?.type !== AST_NODE_TYPES.Identifier || findVariable(sourceCode.getScope(object), object) !== findVariable(sourceCode.getScope(error), error)) return undefined;
  const codes: string[] = [];
  const cases = switchNode.cases;
  const own = cases.indexOf(clause);
  for (let at = own; at >= 0; at--) {
    const { test, consequent } = cases[at]!;
    // A case above that runs statements and does not leave falls into this one too: not followed.
    if (at < own && consequent.length > 0) return LEAVES.has(consequent.at(-1)!.type) ? codes : undefined;
    if (test?.type !== AST_NODE_TYPES.Literal || typeof test.value !== 'string') return undefined;
    codes.push(test.value);
  }
  return codes;
}

/**
 * Kinds that each mean the peer cannot be reached or is gone: what makes a client retry or give a
 * node up makes it do so for all of them. ECONNREFUSED is a family of one (`refused`), so the
 * family rule never asks anything of a dispatch on it alone; this group does.
 */
const PEER_GONE_KINDS: readonly SocketErrorKind[] = ['connection-lost', 'timeout', 'unreachable'];

/**
 * A dispatch that acts on ECONNREFUSED (kind `refused`) and on no other code, and leaves the
 * codes that say the peer is gone just the same (a reset, a timeout, an unreachable host) to a
 * silent path. Null when the dispatch names any of them (then it chose; the family rule judges),
 * handles another kind, or forwards the rest. The missing codes come first one per kind, for a
 * message that shows each kind.
 */
export function peerGoneAfterRefused(
  named: readonly (readonly [NamedCode, PathOutcome])[],
  rest: PathOutcome,
  possible: readonly UnionMember[] | null,
  cannotArrive: ReadonlySet<string>,
  families: CodeFamilies,
  ignoredKinds: ReadonlySet<SocketErrorKind>,
): { codes: NamedCode[]; missing: string[] } | null {
  if ((rest !== 'silent' && rest !== 'closes') || named.length === 0 || ignoredKinds.has('refused')) return null;
  const handled = named.filter(([, outcome]) => doesMore(outcome, rest));
  if (handled.length === 0 || handled.some(([code]) => families.kindOf(code.value) !== 'refused')) return null;
  if (named.some(([code]) => PEER_GONE_KINDS.includes(families.kindOf(code.value)!))) return null;
  const byKind = PEER_GONE_KINDS.filter((kind) => !ignoredKinds.has(kind)).map((kind) =>
    families.familyOf(kind).filter((code) => !cannotArrive.has(code) && (!possible || possible.includes(code))),
  );
  const missing = [...new Set([...byKind.flatMap((codes) => codes.slice(0, 1)), ...byKind.flat()])];
  return missing.length > 0 ? { codes: handled.map(([code]) => code), missing } : null;
}

/**
 * Errno names `os.constants.errno` has on every platform Node runs servers on (measured on Node 20:
 * Linux lacks ESHUTDOWN and EHOSTDOWN, which macOS has): a list of errno numbers is only asked
 * for these, so an added `os.constants.errno.X` is never `undefined`.
 */
export const PORTABLE_ERRNO: ReadonlySet<string> = new Set([
  'ECONNRESET', 'EPIPE', 'ENOTCONN', 'ECONNABORTED', 'ETIMEDOUT', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETDOWN',
  'ENETUNREACH', 'EADDRINUSE', 'EADDRNOTAVAIL', 'EMFILE', 'ENFILE', 'ENOBUFS', 'ECANCELED', 'EPROTO',
]);

/**
 * A list of codes standing by itself (src/model/code-lists.ts) that names two or more codes of a
 * kind, so it enumerates that kind, and leaves some of the kind out: whatever tests it elsewhere
 * treats the left-out codes differently from their siblings. One code of a kind is a choice (a
 * retry list naming ECONNRESET), not an enumeration, and is left alone. A list of errno numbers
 * is only asked for the errno names every platform has.
 */
export function incompleteListFamilies(
  codes: readonly NamedCode[],
  errnoNumbers: boolean,
  families: CodeFamilies,
  ignoredKinds: ReadonlySet<SocketErrorKind>,
): MissingSiblings[] {
  const named = new Set(codes.map((code) => code.value));
  const byKind = new Map<SocketErrorKind, NamedCode[]>();
  for (const code of codes) {
    const kind = families.kindOf(code.value);
    if (!kind || ignoredKinds.has(kind)) continue;
    byKind.set(kind, [...(byKind.get(kind) ?? []), code]);
  }
  const found: MissingSiblings[] = [];
  for (const [kind, members] of byKind) {
    if (new Set(members.map((code) => code.value)).size < 2) continue;
    const missing = families.familyOf(kind).filter((code) => !named.has(code) && (!errnoNumbers || PORTABLE_ERRNO.has(code)));
    if (missing.length > 0) found.push({ kind, codes: members, missing });
  }
  return found;
}

/**
 * Which parser streams does the file feed with a connection's data? A stream class the program
 * declares (in this file, or with type information in another module of the project) that extends
 * node:stream's `Duplex`, `Transform` or `Writable` and can fail on what it is written: its
 * `_write`, `_writev`, `_transform`, `_flush` or `_final` gives its callback an error or hands the
 * callback on (to a helper that may), or the class destroys itself with an error or emits
 * `'error'`. Piped into from a socket (`socket.pipe(new Frames())`), one bad frame from the peer
 * makes it emit `'error'`, which the listener `pipe()` puts on its destination re-emits when it is
 * the only one: the process crashes (test/live/library-connections.live.test.ts).
 *
 * The stream is found as the `.pipe()` destination itself, a variable set once to it, or a field
 * (`this.parser`, `this[kParser]`) the class sets to it. A class of a package, or one that never
 * passes an error on, is not counted; nor is `pipeline()`, which handles every stream's errors.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import type { LibraryObject } from '../libraries.js';
import { findVariable } from '../listeners.js';
import { mayMention } from '../tokens.js';
import { calleeMember, isFunctionLike, onceSetValue, runtimeParams, skipWrappers } from './ast.js';
import { classMembers, visitChildren } from './classes.js';
import { fileNodes } from './file-nodes.js';
import { calleeExport } from './import-bindings.js';
import { importedFunction } from './imported-functions.js';
import { instanceFieldName } from './instance-fields.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** A stream class of the project that can fail, fed by a connection (measured like a decompression stream). */
export const PARSER_STREAM: LibraryObject = {
  id: 'stream.parser',
  package: 'node:stream',
  modules: ['stream', 'node:stream'],
  export: 'Transform',
  create: 'new',
  example: 'socket.pipe(new FrameParser())',
  noun: 'parser stream',
  emits: ['data', 'end', 'error', 'close'],
  crashesWithoutErrorListener: true,
  provokedBy: 'a frame the parser rejects',
  deadEvents: ['close'],
  errorsMoreThanOnce: false,
  routineErrorCodes: [],
};

/** A `new` of a stream class, and the receivers of the `.pipe()` calls that feed it. */
export interface ParserFeed {
  creation: TSESTree.NewExpression;
  sources: TSESTree.Expression[];
}

const STREAM_CLASSES = new Set(['Duplex', 'Transform', 'Writable']);
const STREAM_MODULES = new Set(['stream', 'node:stream', 'readable-stream']);
const WRITE_METHODS = new Set(['_write', '_writev', '_transform', '_flush', '_final']);

const cache = new WeakMap<TSESTree.Program, readonly ParserFeed[]>();
const failing = new WeakMap<TSESTree.Node, boolean>();

/** The `new` of a class of the project's streams that each `.pipe()` of the file feeds, with the pipes' receivers. */
export function parserFeeds(sourceCode: SourceCode): readonly ParserFeed[] {
  const known = cache.get(sourceCode.ast);
  if (known) return known;
  const byCreation = new Map<TSESTree.NewExpression, TSESTree.Expression[]>();
  if (mayMention(sourceCode, ['pipe'])) {
    for (const call of fileNodes(sourceCode).calls) {
      const member = calleeMember(call);
      const [argument] = call.arguments;
      if (member?.name !== 'pipe' || !argument || argument.type === AST_NODE_TYPES.SpreadElement) continue;
      const creation = madeBy(skipWrappers(argument), sourceCode);
      if (!creation || !canFail(creation, sourceCode)) continue;
      const sources = byCreation.get(creation) ?? [];
      sources.push(member.object);
      byCreation.set(creation, sources);
    }
  }
  const feeds = [...byCreation].map(([creation, sources]) => ({ creation, sources }));
  cache.set(sourceCode.ast, feeds);
  return feeds;
}

/** The `new` whose value `node` is: itself, a variable set once to it, or a field of the class set to it. */
function madeBy(node: TSESTree.Node, sourceCode: SourceCode): TSESTree.NewExpression | undefined {
  if (node.type === AST_NODE_TYPES.NewExpression) return node;
  if (node.type === AST_NODE_TYPES.Identifier) {
    const variable = findVariable(sourceCode.getScope(node), node);
    const value = variable && onceSetValue(variable);
    return value?.type === AST_NODE_TYPES.NewExpression ? value : undefined;
  }
  const name = instanceFieldName(node, sourceCode);
  if (name === undefined) return undefined;
  let body: TSESTree.Node | undefined = node.parent;
  while (body && body.type !== AST_NODE_TYPES.ClassBody) body = body.parent;
  // The `new` the class assigns to the field (`this.parser = new Frames()`, or its initialiser).
  const values = body ? (classMembers(body, sourceCode).get(name)?.values ?? []) : [];
  return values.map(skipWrappers).find((value): value is TSESTree.NewExpression => value.type === AST_NODE_TYPES.NewExpression);
}

/** Is `creation` a `new` of a stream class of the project (this file, or typed another module) that can fail? */
function canFail(creation: TSESTree.NewExpression, sourceCode: SourceCode): boolean {
  const declared = declaredClass(creation, sourceCode);
  if (!declared) return false;
  let answer = failing.get(declared.node);
  if (answer === undefined) {
    answer = extendsNodeStream(declared.node, declared.sourceCode) && passesErrorsOn(declared.node, declared.sourceCode);
    failing.set(declared.node, answer);
  }
  return answer;
}

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** The class `new` makes: one of this file (`class Frames …`, `const Frames = class …`), or typed, of another module of the project. */
function declaredClass(creation: TSESTree.NewExpression, sourceCode: SourceCode): { node: ClassNode; sourceCode: SourceCode } | undefined {
  const callee = skipWrappers(creation.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const def = findVariable(sourceCode.getScope(callee), callee)?.defs[0];
    if (def?.type === TSESLint.Scope.DefinitionType.ClassName) return { node: def.node, sourceCode };
    const init = def?.type === TSESLint.Scope.DefinitionType.Variable && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init ? skipWrappers(def.node.init) : undefined;
    if (init?.type === AST_NODE_TYPES.ClassExpression) return { node: init, sourceCode };
  }
  const imported = importedFunction(creation, sourceCode);
  const method = imported?.fn.parent;
  const body = method?.type === AST_NODE_TYPES.MethodDefinition && method.kind === 'constructor' ? method.parent : undefined;
  const node = body?.parent;
  return imported && (node?.type === AST_NODE_TYPES.ClassDeclaration || node?.type === AST_NODE_TYPES.ClassExpression) ? { node, sourceCode: imported.sourceCode } : undefined;
}

/**
 * `extends Transform` (or `Duplex`, `Writable`) of node:stream: imported or destructured from
 * `require()`, a member of the module's namespace (`stream.Transform`), or a `const` set once to
 * one (`const Transform = require('stream').Transform`).
 */
function extendsNodeStream(node: ClassNode, sourceCode: SourceCode): boolean {
  const base = node.superClass && skipWrappers(node.superClass);
  if (!base) return false;
  let bound = calleeExport(base, sourceCode);
  if (!bound && base.type === AST_NODE_TYPES.Identifier) {
    const variable = findVariable(sourceCode.getScope(base), base);
    const value = variable ? onceSetValue(variable) : undefined;
    bound = value && calleeExport(value, sourceCode);
  }
  return bound !== undefined && STREAM_MODULES.has(bound.from) && STREAM_CLASSES.has(bound.name);
}

/**
 * Does the class pass an error on from its write side: a write method calls its callback with an
 * argument that may be an error, or hands the callback to another call; or any method calls
 * `this.destroy(err)` or `this.emit('error', …)`?
 */
function passesErrorsOn(node: ClassNode, sourceCode: SourceCode): boolean {
  for (const member of node.body.body) {
    if (member.type !== AST_NODE_TYPES.MethodDefinition || !isFunctionLike(member.value)) continue;
    const name = member.computed ? undefined : member.key.type === AST_NODE_TYPES.Identifier ? member.key.name : undefined;
    const callback = name !== undefined && WRITE_METHODS.has(name) ? runtimeParams(member.value).at(-1) : undefined;
    const variable = callback?.type === AST_NODE_TYPES.Identifier ? findVariable(sourceCode.getScope(member.value), callback) : undefined;
    for (const ref of variable?.references ?? []) {
      const parent = ref.identifier.parent;
      if (parent?.type !== AST_NODE_TYPES.CallExpression) continue;
      if (parent.callee === ref.identifier ? mayBeError(parent.arguments[0]) : parent.arguments.includes(ref.identifier as TSESTree.Identifier)) return true;
    }
    if (selfFails(member.value.body, sourceCode)) return true;
  }
  return false;
}

/** Can the first argument given to a callback be an error (not absent, `null` or `undefined`)? */
function mayBeError(argument: TSESTree.Node | undefined): boolean {
  if (!argument) return false;
  const value = skipWrappers(argument);
  return !(value.type === AST_NODE_TYPES.Literal && value.value === null) && !(value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined');
}

/** `this.destroy(err)` or `this.emit('error', …)` in a method's body (not in functions it defines, bar arrows). */
function selfFails(body: TSESTree.Node | null | undefined, sourceCode: SourceCode): boolean {
  if (!body) return false;
  let found = false;
  const visit = (node: TSESTree.Node): void => {
    if (found) return;
    if (node.type === AST_NODE_TYPES.FunctionExpression || node.type === AST_NODE_TYPES.FunctionDeclaration) return;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const member = calleeMember(node);
      if (member && skipWrappers(member.object).type === AST_NODE_TYPES.ThisExpression) {
        const [first] = node.arguments;
        if (member.name === 'destroy' && mayBeError(first)) found = true;
        if (member.name === 'emit' && first?.type === AST_NODE_TYPES.Literal && first.value === 'error') found = true;
      }
    }
    visitChildren(node, visit, sourceCode);
  };
  visit(body);
  return found;
}

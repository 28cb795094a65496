/**
 * "No socket", read from what a call's callee declares (type-aware linting, the socket question
 * only): asking the checker the type of a call or `new` makes it resolve the call (choose among
 * overloads, infer type arguments, check the arguments against large option types), which on real
 * code bases took from tens to hundreds of milliseconds per call (`Buffer.from(data, "utf8")` in
 * ioredis, `new this.Job<T, R, N>(...)` in bullmq). The detector only needs to know whether the
 * result is one of Node's sockets, which it reads from a type's own symbol and bases, never its
 * type arguments: when every signature the checker could choose declares a result with no socket
 * part and nothing a call could instantiate into one, the call is answered without resolving it.
 * Answers are kept per call, and per callee symbol and program. Only when the shortcuts are on and
 * no `socketTypes` are given (they may name any type).
 */
import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

import type { NodeTypeHit } from './node-api.js';
import { loadTypeTools } from '../type-questions.js';

/** Per program and function or method symbol: does every signature declare a plain return type (see `isPlainCall`)? */
const plainCalleeCache = new WeakMap<ts.Program, WeakMap<ts.Symbol, boolean>>();
/** Per call: is its result plainly no socket by its callee's declarations? */
const plainCallCache = new WeakMap<TSESTree.Node, boolean>();
/** Per call or `new`: does its callee's type say it makes no socket (see `calleeSaysNone`)? */
const calleeNoneCache = new WeakMap<TSESTree.Node, boolean>();

export interface CalleeResultsEnv {
  services: ParserServicesWithTypeInformation | undefined;
  /** The shortcuts are on and no `socketTypes` are given. */
  enabled: boolean;
  /** `new Map()`, a plain class of the file (src/model/types.ts). */
  isPlainConstruction: (node: TSESTree.Node) => boolean;
  /** A type annotation that is no socket or server whatever it is instantiated with (src/model/types.ts). */
  isPlainTsType: (node: ts.TypeNode, depth: number) => boolean;
  /** The symbol a name resolves to, through imports. */
  symbolNamed: (name: ts.Node) => ts.Symbol | undefined;
  /** The checker's type of a node (asked once per node). */
  typeOf: (node: TSESTree.Node) => ts.Type | undefined;
  /** The type a call or `new` has by its callee's declarations (src/type-questions.ts), if they settle it. */
  declaredTypeOf: (node: TSESTree.CallExpression | TSESTree.NewExpression) => ts.Type | undefined;
  nodeTypeOf: (type: ts.Type) => NodeTypeHit | undefined;
}

export interface CalleeResults {
  isPlainCall: (node: TSESTree.Node) => boolean;
  isPlainNew: (node: TSESTree.Node) => boolean;
  calleeSaysNone: (node: TSESTree.Node) => boolean;
}

export function createCalleeResults({
  services,
  enabled,
  isPlainConstruction,
  isPlainTsType,
  symbolNamed,
  typeOf,
  declaredTypeOf,
  nodeTypeOf,
}: CalleeResultsEnv): CalleeResults {
  if (!services || !enabled) {
    const none = (): boolean => false;
    return { isPlainCall: none, isPlainNew: none, calleeSaysNone: none };
  }
  const typed = services;

  /**
   * A call of a function or method every callable signature of which declares a return type that
   * is plainly no socket or server (see `isPlainTsType`): `Buffer.from(data)`, `setTimeout(...)`,
   * `parse(text): Rec` with overloads returning different plain types, `load<T>(): Promise<T>`.
   * Whichever overload the checker would choose and whatever it infers for the type parameters,
   * the call's type is an instance of one of those declarations, which no argument makes a socket
   * (the detector reads a type's own symbol and bases, not its type arguments), so it is not asked.
   * A return type that is a type parameter, `this`, a conditional or indexed type, an alias of
   * such, or missing (inferred from the body) leaves the call to the checker. Only functions and
   * methods: a variable or property of a function type may be narrowed where it is read (those are
   * `calleeSaysNone`'s).
   */
  function isPlainCall(node: TSESTree.Node): boolean {
    if (node.type !== AST_NODE_TYPES.CallExpression) return false;
    let plain = plainCallCache.get(node);
    if (plain === undefined) {
      plain = calleeReturnsPlain(node);
      plainCallCache.set(node, plain);
    }
    return plain;
  }

  function calleeReturnsPlain(node: TSESTree.CallExpression): boolean {
    const { ts } = loadTypeTools();
    const callee = node.callee;
    const name =
      callee.type === AST_NODE_TYPES.Identifier
        ? callee
        : callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier
          ? callee.property
          : undefined;
    const tsName = name && (typed.esTreeNodeToTSNodeMap.get(name) as ts.Node | undefined);
    const symbol = tsName && symbolNamed(tsName);
    if (!symbol || !(symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Method)) || symbol.flags & (ts.SymbolFlags.Variable | ts.SymbolFlags.Property | ts.SymbolFlags.Accessor)) {
      return false;
    }
    let byProgram = plainCalleeCache.get(typed.program);
    if (!byProgram) {
      byProgram = new WeakMap();
      plainCalleeCache.set(typed.program, byProgram);
    }
    let plain = byProgram.get(symbol);
    if (plain === undefined) {
      plain = signaturesReturnPlain(symbol);
      byProgram.set(symbol, plain);
    }
    return plain;
  }

  function signaturesReturnPlain(symbol: ts.Symbol): boolean {
    const { ts } = loadTypeTools();
    const signatures: (ts.FunctionDeclaration | ts.MethodDeclaration | ts.MethodSignature)[] = [];
    for (const declaration of symbol.declarations ?? []) {
      if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration) || ts.isMethodSignature(declaration)) signatures.push(declaration);
      // A namespace merged with a function adds members, not signatures; anything else (a JS
      // assignment, `prop: () => T` merged in) is left to the checker.
      else if (!ts.isModuleDeclaration(declaration)) return false;
    }
    // With overloads, the implementation's own signature cannot be called.
    const overloads = signatures.filter((signature) => !('body' in signature && signature.body));
    const callable = overloads.length > 0 ? overloads : signatures;
    return callable.length > 0 && callable.every((signature) => signature.type !== undefined && isPlainTsType(signature.type, 0));
  }

  /**
   * `new this.Job(...)`, `new Request(...)`, `client.send(...)`: a call or `new` whose callee's
   * type (asked of the checker: a property read or a name, narrowed as the checker narrows it, with
   * no call resolved) has signatures that each declare a result with no socket part, and no part
   * that the call could instantiate into one (a type parameter, `this`, a conditional or indexed
   * type). A class's construct signatures give its instances. Whichever signature the checker
   * would choose, and with whatever type arguments, the result is one of those types (the detector
   * reads a type's symbol and bases, never its type arguments); a callee of type `any` makes an
   * `any`. A union or intersection callee, a signature whose return type is inferred from its body,
   * or no signature at all leave the call to the checker.
   */
  function calleeSaysNone(node: TSESTree.Node): boolean {
    if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.NewExpression) return false;
    if (node.callee.type === AST_NODE_TYPES.Super || declaredTypeOf(node)) return false; // the declared type answers (see typeOf)
    let none = calleeNoneCache.get(node);
    if (none === undefined) {
      none = signaturesSayNone(node);
      calleeNoneCache.set(node, none);
    }
    return none;
  }

  function signaturesSayNone(node: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
    const { ts } = loadTypeTools();
    const calleeType = typeOf(node.callee);
    if (!calleeType) return false;
    if (calleeType.flags & ts.TypeFlags.Any) return true;
    if (calleeType.flags & ts.TypeFlags.UnionOrIntersection) return false;
    const checker = typed.program.getTypeChecker();
    const isNew = node.type === AST_NODE_TYPES.NewExpression;
    const signatures = checker.getSignaturesOfType(calleeType, isNew ? ts.SignatureKind.Construct : ts.SignatureKind.Call);
    if (signatures.length === 0) return false;
    return signatures.every((signature) => {
      const declaration = signature.declaration;
      // A class's constructor (declared or default) makes its instances; anything else must write its
      // return type out (asking for an inferred one would check the callee's body).
      const classConstructor = isNew && (!declaration || ts.isConstructorDeclaration(declaration) || ts.isClassLike(declaration));
      if (!classConstructor && (!declaration || !('type' in declaration) || !declaration.type)) return false;
      return resultHasNoSocket(checker.getReturnTypeOfSignature(signature));
    });
  }

  /** No part of a signature's declared result is a socket, and none is open to instantiation. */
  function resultHasNoSocket(type: ts.Type): boolean {
    const { ts } = loadTypeTools();
    for (const part of type.isUnion() ? type.types : [type]) {
      if (part.flags & (ts.TypeFlags.Instantiable | ts.TypeFlags.Intersection)) return false;
      if (nodeTypeOf(part)?.socket !== undefined) return false;
    }
    return true;
  }

  /** `new C(...)` whose callee's declarations say it makes no socket: a plain construction, or a class that is none. */
  function isPlainNew(node: TSESTree.Node): boolean {
    if (node.type !== AST_NODE_TYPES.NewExpression) return false;
    if (isPlainConstruction(node)) return true;
    const declared = declaredTypeOf(node);
    return declared !== undefined && nodeTypeOf(declared)?.socket === undefined;
  }

  return { isPlainCall, isPlainNew, calleeSaysNone };
}

/**
 * The questions our rules ask the type checker, in one place: timed when the benchmark asks for it,
 * and answered from declarations where that gives the same answer as the checker at a fraction of
 * the cost.
 *
 * Timing: with `SOCKET_ERRORS_TYPE_TIMING=1` in the environment, every question asked through
 * `askType` is timed and kept (file, line, the node's text, the rule, milliseconds) in a list on
 * `globalThis` that `bench/run.mjs` reads after a lint run. Without it, `askType` only calls the
 * question: the environment is read once, when this module loads.
 *
 * Declared types: asking `getTypeAtLocation` of a call or `new` expression makes the checker
 * resolve the call, choosing among overloads and inferring type arguments. On a class with many
 * overloaded constructors and a very large merged interface (a Redis client) that one question
 * takes seconds. Whether the value is a socket only needs the type the callee declares:
 * `new C(...)` of a class `C` is an instance of `C` (its declared type, with its base classes);
 * a call of a function whose every overload declares the same plain return type (`net.connect():
 * Socket`) returns that type. Those are read from the callee's symbol, once per symbol and
 * program; anything else (generic signatures, return types that name type parameters or `this`,
 * callees that are values of an interface type) is asked of the checker as before.
 */
import { createRequire } from 'node:module';

import type * as typeUtils from '@typescript-eslint/type-utils';
import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

/** One question to the type checker, as the benchmark reports it. */
export interface TypeQuestion {
  file: string;
  line: number;
  text: string;
  rule: string;
  /** What was asked: `getTypeAtLocation`, `isTypeAssignableTo`... */
  ask: string;
  /** The node's type (`CallExpression`, `Identifier`...). */
  nodeType: string;
  ms: number;
}

const TIMING = typeof process !== 'undefined' && Boolean(process.env.SOCKET_ERRORS_TYPE_TIMING);
const QUESTIONS_KEY = Symbol.for('eslint-plugin-socket-errors/type-questions');
/** Questions faster than this are counted but not kept one by one (a lint run asks tens of thousands). */
const KEEP_MS = 0.5;

interface QuestionLog {
  count: number;
  totalMs: number;
  slow: TypeQuestion[];
}

function questionLog(): QuestionLog {
  const holder = globalThis as { [QUESTIONS_KEY]?: QuestionLog };
  return (holder[QUESTIONS_KEY] ??= { count: 0, totalMs: 0, slow: [] });
}

/**
 * `ask()`, timed when the benchmark asked for it. `node` is what the question is about (for the
 * report: its file, line and text).
 */
export function askType<T>(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, node: TSESTree.Node, ask: () => T, what = 'getTypeAtLocation'): T {
  if (!TIMING) return ask();
  const start = performance.now();
  try {
    return ask();
  } finally {
    const ms = performance.now() - start;
    const log = questionLog();
    log.count += 1;
    log.totalMs += ms;
    if (ms >= KEEP_MS) {
      log.slow.push({
        file: context.filename,
        line: node.loc.start.line,
        text: context.sourceCode.getText(node).replace(/\s+/gu, ' ').slice(0, 80),
        rule: context.id,
        ask: what,
        nodeType: node.type,
        ms,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Declared types of callees

/** Per program (through its checker): the type a callee's symbol declares for its calls, or null. */
const calleeAnswers = new WeakMap<ts.TypeChecker, { construct: Map<ts.Symbol, ts.Type | null>; call: Map<ts.Symbol, ts.Type | null> }>();

/**
 * The type of `node` (a call or `new` expression) read from what its callee declares, without
 * resolving the call; `undefined` when the declarations do not settle it and the checker must be
 * asked. Exact: the answer is the type `getTypeAtLocation` gives, or a type with the same symbol
 * and the same base types (`new Box<Socket>()` answers `Box`'s declared type).
 */
export function declaredResultType(
  tsApi: typeof ts,
  services: ParserServicesWithTypeInformation,
  node: TSESTree.CallExpression | TSESTree.NewExpression,
): ts.Type | undefined {
  const callee = node.callee;
  if (callee.type !== AST_NODE_TYPES.Identifier && !(callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed)) return undefined;
  const checker = services.program.getTypeChecker();
  const name = services.esTreeNodeToTSNodeMap.get(callee.type === AST_NODE_TYPES.Identifier ? callee : callee.property);
  let symbol = checker.getSymbolAtLocation(name);
  if (symbol && symbol.flags & tsApi.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  if (!symbol) return undefined;
  let answers = calleeAnswers.get(checker);
  if (!answers) {
    answers = { construct: new Map(), call: new Map() };
    calleeAnswers.set(checker, answers);
  }
  const isNew = node.type === AST_NODE_TYPES.NewExpression;
  const cache = isNew ? answers.construct : answers.call;
  let answer = cache.get(symbol);
  if (answer === undefined) {
    answer = (isNew ? constructedType(tsApi, checker, symbol) : returnedType(tsApi, checker, symbol)) ?? null;
    cache.set(symbol, answer);
  }
  return answer ?? undefined;
}

/** `new C(...)` of a class: an instance of `C`, whatever constructor overload is chosen. */
function constructedType(tsApi: typeof ts, checker: ts.TypeChecker, symbol: ts.Symbol): ts.Type | undefined {
  // A class only: a value of an interface type with construct signatures (`declare var X: XConstructor`)
  // may return anything per signature.
  if (!(symbol.flags & tsApi.SymbolFlags.Class)) return undefined;
  return checker.getDeclaredTypeOfSymbol(symbol);
}

/**
 * A call of a function or method whose every signature declares the same return type, written as
 * the name of a class or interface that takes no type arguments (`connect(...): Socket`), or a
 * keyword type (`void`, `string`). Generic signatures and anything else are left to the checker.
 */
function returnedType(tsApi: typeof ts, checker: ts.TypeChecker, symbol: ts.Symbol): ts.Type | undefined {
  if (!(symbol.flags & (tsApi.SymbolFlags.Function | tsApi.SymbolFlags.Method)) || symbol.flags & tsApi.SymbolFlags.Variable) return undefined;
  const declarations = symbol.declarations ?? [];
  const signatures = declarations.filter(
    (declaration): declaration is ts.FunctionDeclaration | ts.MethodDeclaration | ts.MethodSignature =>
      tsApi.isFunctionDeclaration(declaration) || tsApi.isMethodDeclaration(declaration) || tsApi.isMethodSignature(declaration),
  );
  // Every declaration must be a signature we read (no `prop: () => T` merged in, no JS assignment).
  if (signatures.length === 0 || signatures.length !== declarations.length) return undefined;
  // With overloads, the implementation's own signature cannot be called.
  const overloads = signatures.filter((signature) => !('body' in signature && signature.body));
  const callable = overloads.length > 0 ? overloads : signatures;
  let result: ts.Type | undefined;
  for (const signature of callable) {
    if (signature.typeParameters?.length || !signature.type || ('asteriskToken' in signature && signature.asteriskToken)) return undefined;
    if (hasModifier(tsApi, signature, tsApi.SyntaxKind.AsyncKeyword)) return undefined;
    // A method of a generic class or interface may name its type parameters in what looks plain.
    const owner = signature.parent;
    if ((tsApi.isClassLike(owner) || tsApi.isInterfaceDeclaration(owner)) && owner.typeParameters?.length) return undefined;
    const type = plainNamedType(tsApi, checker, signature.type);
    if (!type || (result && result !== type)) return undefined;
    result = type;
  }
  return result;
}

function hasModifier(tsApi: typeof ts, node: ts.Node, kind: ts.SyntaxKind): boolean {
  return (tsApi.canHaveModifiers(node) ? tsApi.getModifiers(node) : undefined)?.some((modifier) => modifier.kind === kind) ?? false;
}

const KEYWORD_TYPES = new Set<number>();

/** The type a return annotation names, when reading it needs no inference: `Socket`, `void`, `string`. */
function plainNamedType(tsApi: typeof ts, checker: ts.TypeChecker, annotation: ts.TypeNode): ts.Type | undefined {
  if (KEYWORD_TYPES.size === 0) {
    for (const kind of [
      tsApi.SyntaxKind.VoidKeyword,
      tsApi.SyntaxKind.StringKeyword,
      tsApi.SyntaxKind.NumberKeyword,
      tsApi.SyntaxKind.BooleanKeyword,
      tsApi.SyntaxKind.BigIntKeyword,
      tsApi.SyntaxKind.UndefinedKeyword,
      tsApi.SyntaxKind.NeverKeyword,
    ]) {
      KEYWORD_TYPES.add(kind);
    }
  }
  if (KEYWORD_TYPES.has(annotation.kind)) return checker.getTypeFromTypeNode(annotation);
  // A written-out type that names no type parameter and no `this` (`Http2Server | Http2SecureServer`,
  // `Promise<Socket>`) is the same type at every call.
  if (!tsApi.isTypeReferenceNode(annotation) || annotation.typeArguments?.length) return isClosed(tsApi, checker, annotation) ? checker.getTypeFromTypeNode(annotation) : undefined;
  let symbol = checker.getSymbolAtLocation(annotation.typeName);
  if (symbol && symbol.flags & tsApi.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  if (!symbol || !(symbol.flags & (tsApi.SymbolFlags.Class | tsApi.SymbolFlags.Interface)) || symbol.flags & tsApi.SymbolFlags.TypeParameter) return undefined;
  const declared = checker.getDeclaredTypeOfSymbol(symbol);
  // A generic class or interface named without its type arguments (defaults) is left to the checker.
  const objectFlags = (declared as ts.ObjectType).objectFlags ?? 0;
  if (objectFlags & tsApi.ObjectFlags.ClassOrInterface && (declared as ts.InterfaceType).typeParameters?.length) return undefined;
  return declared;
}

/**
 * The function of this file a call runs, when the checker would infer its return type from its
 * body: a function declaration or class method with a body and no return type, no overloads, no
 * type parameters (nor its class's), neither async nor a generator. Undefined otherwise (the
 * callee declares its return type, is a value of some function type, or is declared elsewhere).
 * Reading the body's `return`s instead of asking the checker avoids checking the whole body (its
 * calls' overloads, e.g. `http2.createSecureServer(options)` against large option types).
 */
export function inferredCallee(
  tsApi: typeof ts,
  services: ParserServicesWithTypeInformation,
  node: TSESTree.CallExpression,
): TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | undefined {
  const callee = node.callee;
  if (callee.type !== AST_NODE_TYPES.Identifier && !(callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed)) return undefined;
  const checker = services.program.getTypeChecker();
  let symbol = checker.getSymbolAtLocation(services.esTreeNodeToTSNodeMap.get(callee.type === AST_NODE_TYPES.Identifier ? callee : callee.property));
  if (symbol && symbol.flags & tsApi.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  if (!symbol || !(symbol.flags & (tsApi.SymbolFlags.Function | tsApi.SymbolFlags.Method)) || symbol.flags & (tsApi.SymbolFlags.Variable | tsApi.SymbolFlags.Property)) {
    return undefined;
  }
  const [declaration] = symbol.declarations ?? [];
  if (symbol.declarations?.length !== 1 || !declaration) return undefined;
  if (!tsApi.isFunctionDeclaration(declaration) && !tsApi.isMethodDeclaration(declaration)) return undefined;
  if (!declaration.body || declaration.type || declaration.typeParameters?.length || declaration.asteriskToken) return undefined;
  if (hasModifier(tsApi, declaration, tsApi.SyntaxKind.AsyncKeyword)) return undefined;
  const owner = declaration.parent;
  if (tsApi.isClassLike(owner) && owner.typeParameters?.length) return undefined;
  const estree = services.tsNodeToESTreeNodeMap.get(declaration) as TSESTree.Node | undefined;
  if (!estree) return undefined; // declared in another file
  if (estree.type === AST_NODE_TYPES.FunctionDeclaration) return estree;
  return estree.type === AST_NODE_TYPES.MethodDefinition && estree.value.type === AST_NODE_TYPES.FunctionExpression ? estree.value : undefined;
}

// ---------------------------------------------------------------------------------------------
// Declared types of class properties

/** What the socket detector knows of a class's `this.name` members (see `classMembers` there). */
export interface MemberFacts {
  member(body: TSESTree.ClassBody, name: string): { reads: readonly TSESTree.MemberExpression[]; opaque: boolean } | undefined;
  /** A read whose place cannot narrow it (`this.x.on(…)`, `return this.x`). */
  cannotNarrow(read: TSESTree.Node): boolean;
  /** No part of the type (or its bases) is a socket or a server of Node's. */
  isNone(type: ts.Type): boolean;
}

/** Per property declaration: whether its declared type settles every `this.name` read as none. */
const plainProperties = new WeakMap<TSESTree.PropertyDefinition, boolean>();

/**
 * `this.name` where the class declares `name: T` with a type annotation whose every part is
 * plainly no socket or server (`private instance: Redis | null`), and no read of `this.name` in
 * the class can narrow it into one (`instanceof`, a type guard or an assertion function): the
 * checker is not asked. Asking it would narrow the read by the assignments before it, and so
 * resolve `this.instance = new Redis(...)` (seconds for a class with many overloaded
 * constructors). Narrowing by assignment, truthiness or comparison keeps only parts of the declared
 * type, so a declared type with no socket part answers for every read.
 */
export function isPlainlyDeclaredMember(tsApi: typeof ts, services: ParserServicesWithTypeInformation, node: TSESTree.MemberExpression, facts: MemberFacts): boolean {
  if (node.object.type !== AST_NODE_TYPES.ThisExpression || node.computed) return false;
  const name = node.property.type === AST_NODE_TYPES.PrivateIdentifier ? `#${node.property.name}` : node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : undefined;
  const body = name === undefined ? undefined : thisClassBody(node);
  if (!body || name === undefined) return false;
  const named = body.body.filter((element) => elementName(element) === name);
  const [declaration] = named;
  if (named.length !== 1 || declaration?.type !== AST_NODE_TYPES.PropertyDefinition || declaration.static || declaration.declare || !declaration.typeAnnotation) {
    return false;
  }
  const member = facts.member(body, name);
  if (!member || member.opaque || !member.reads.includes(node)) return false;
  let plain = plainProperties.get(declaration);
  if (plain === undefined) {
    plain =
      member.reads.every((read) => facts.cannotNarrow(read) || cannotAddType(tsApi, services, read)) &&
      declaredTypeIsNone(tsApi, services, declaration.typeAnnotation.typeAnnotation, facts);
    plainProperties.set(declaration, plain);
  }
  return plain;
}

function elementName(element: TSESTree.ClassElement): string | undefined {
  if (!('key' in element) || element.computed) return undefined;
  if (element.key.type === AST_NODE_TYPES.PrivateIdentifier) return `#${element.key.name}`;
  if (element.key.type === AST_NODE_TYPES.Identifier) return element.key.name;
  return element.key.type === AST_NODE_TYPES.Literal ? String(element.key.value) : undefined;
}

/** The class whose instance `this` is at `node`: through arrow functions, up to a method or a field. */
function thisClassBody(node: TSESTree.Node): TSESTree.ClassBody | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ArrowFunctionExpression) continue;
    if (current.type === AST_NODE_TYPES.FunctionExpression) {
      const owner = current.parent;
      return owner.type === AST_NODE_TYPES.MethodDefinition && !owner.static && owner.parent.type === AST_NODE_TYPES.ClassBody ? owner.parent : undefined;
    }
    if (current.type === AST_NODE_TYPES.PropertyDefinition) return current.static ? undefined : current.parent;
    if (current.type === AST_NODE_TYPES.FunctionDeclaration || current.type === AST_NODE_TYPES.ClassBody || current.type === AST_NODE_TYPES.StaticBlock) return undefined;
  }
  return undefined;
}

/**
 * A read that can only keep parts of its declared type: a condition (`if (this.x)`, `!this.x`), a
 * comparison (`this.x !== null`, `typeof`), `'key' in this.x`, or an argument of a call whose
 * callee declares no type predicate (`asserts x is T`, `x is T`).
 */
function cannotAddType(tsApi: typeof ts, services: ParserServicesWithTypeInformation, read: TSESTree.MemberExpression): boolean {
  const parent = read.parent;
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.ExpressionStatement:
    case AST_NODE_TYPES.SwitchStatement:
      return true;
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!' || parent.operator === 'typeof' || parent.operator === 'void';
    case AST_NODE_TYPES.BinaryExpression:
      return parent.operator === '===' || parent.operator === '!==' || parent.operator === '==' || parent.operator === '!=' || (parent.operator === 'in' && parent.right === read);
    case AST_NODE_TYPES.CallExpression:
      return parent.callee !== read && !calleeMayNarrow(tsApi, services, parent);
    default:
      return false;
  }
}

/** Whether a call's callee may declare a type predicate: true unless its declarations say not. */
export function calleeMayNarrow(tsApi: typeof ts, services: ParserServicesWithTypeInformation, call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee : callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed ? callee.property : undefined;
  if (!name) return true;
  const checker = services.program.getTypeChecker();
  let symbol = checker.getSymbolAtLocation(services.esTreeNodeToTSNodeMap.get(name));
  if (symbol && symbol.flags & tsApi.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declarations = symbol?.declarations;
  if (!declarations || declarations.length === 0) return true;
  return declarations.some((declaration) => {
    if (!tsApi.isFunctionLike(declaration)) return true;
    // Without a return type, TypeScript may infer a type predicate from the body: only from a
    // `return` of a value (a function that returns nothing infers none).
    const returned = declaration.type;
    if (returned === undefined) return !('body' in declaration) || !declaration.body || returnsValue(tsApi, declaration.body);
    return tsApi.isTypePredicateNode(returned);
  });
}

/** Does a function body return a value (a `return x`, or an arrow function's expression body)? Nested functions are not its own. */
function returnsValue(tsApi: typeof ts, body: ts.Node): boolean {
  if (!tsApi.isBlock(body)) return true;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || tsApi.isFunctionLike(node) || tsApi.isClassLike(node)) return;
    if (tsApi.isReturnStatement(node) && node.expression) found = true;
    else tsApi.forEachChild(node, visit);
  };
  tsApi.forEachChild(body, visit);
  return found;
}

function declaredTypeIsNone(tsApi: typeof ts, services: ParserServicesWithTypeInformation, annotation: TSESTree.TypeNode, facts: MemberFacts): boolean {
  const checker = services.program.getTypeChecker();
  const type = checker.getTypeFromTypeNode(services.esTreeNodeToTSNodeMap.get(annotation) as ts.TypeNode);
  const open = tsApi.TypeFlags.Any | tsApi.TypeFlags.Unknown | tsApi.TypeFlags.Instantiable | tsApi.TypeFlags.NonPrimitive;
  for (const part of type.isUnion() ? type.types : [type]) {
    if (part.flags & (tsApi.TypeFlags.Null | tsApi.TypeFlags.Undefined | tsApi.TypeFlags.Void)) continue;
    if (part.flags & open || !facts.isNone(part)) return false;
  }
  return true;
}

/** A type annotation that means the same type wherever it is used: no type parameter, `this`, `typeof` or `infer` in it. */
function isClosed(tsApi: typeof ts, checker: ts.TypeChecker, annotation: ts.TypeNode): boolean {
  let closed = true;
  const visit = (node: ts.Node): void => {
    if (!closed) return;
    if (tsApi.isThisTypeNode(node) || tsApi.isTypeQueryNode(node) || tsApi.isInferTypeNode(node) || tsApi.isTypePredicateNode(node)) {
      closed = false;
      return;
    }
    if (tsApi.isTypeReferenceNode(node) || tsApi.isExpressionWithTypeArguments(node)) {
      const name = tsApi.isTypeReferenceNode(node) ? node.typeName : node.expression;
      let symbol = checker.getSymbolAtLocation(name);
      if (symbol && symbol.flags & tsApi.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      if (!symbol || symbol.flags & tsApi.SymbolFlags.TypeParameter) {
        closed = false;
        return;
      }
    }
    tsApi.forEachChild(node, visit);
  };
  visit(annotation);
  return closed;
}

export interface TypeTools {
  readonly ts: typeof ts;
  readonly typeMatchesSpecifier: typeof typeUtils.typeMatchesSpecifier;
}

let typeTools: TypeTools | undefined;

/**
 * TypeScript and typescript-eslint's type utilities, loaded on the first typed question: they are
 * optional peers, so a JavaScript project linted without types never loads them.
 */
export function loadTypeTools(): TypeTools {
  if (!typeTools) {
    const require = createRequire(import.meta.url);
    typeTools = {
      ts: require('typescript') as typeof ts,
      typeMatchesSpecifier: (require('@typescript-eslint/type-utils') as typeof typeUtils).typeMatchesSpecifier,
    };
  }
  return typeTools;
}

/**
 * The type checker's answers for the socket detector (type-aware linting only): is a value's type
 * one of Node's socket or server classes (or a type named in `socketTypes`), and the shortcuts
 * that answer "plainly not a socket" from declarations without asking the checker. Every answer is
 * cached per node, variable, symbol or type, so the detectors of all rules of one file share them.
 */
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, TSESLint } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

import { isFunctionLike, MAY_BE_OBJECT, paramIdentifier } from './ast.js';
import { askType, declaredResultType, isPlainlyDeclaredMember, loadTypeTools } from '../type-questions.js';
import { boundFunctionType } from './bound-functions.js';
import { classMembers } from './classes.js';
import { createCalleeResults } from './callee-results.js';
import { createDeclaredReturns } from './declared-returns.js';
import { BUILTIN_CLASSES, NODE_TYPES, type NodeTypeHit } from './node-api.js';
import type { SocketMatch } from './options.js';

type Variable = TSESLint.Scope.Variable;

// TypeScript is an optional peer dependency: load it (and type-utils, which needs it) only when
// the file really has type information.

/** Per variable: its reads that could narrow it, or `null` when it is not declared with a plain type. */
const plainDeclarationCache = new WeakMap<Variable, TSESTree.Identifier[] | null>();
const declaredOnceCache = new WeakMap<TSESTree.Node, boolean>();
/** Per variable a type name resolves to: is the type plainly no socket? (One program per parse.) */
const plainTypeByVariable = new WeakMap<Variable, boolean>();
/**
 * Per program (a new one after each edit) and symbol: is the type it names plainly no socket (see
 * `isPlainTypeNode`)? The answer follows other files' declarations, so it is kept per program.
 */
const plainSymbolCache = new WeakMap<ts.Program, WeakMap<ts.Symbol, boolean>>();
const typeCache = new WeakMap<TSESTree.Node, ts.Type | null>();
/** Per call or `new`: the type its callee declares (`declaredResultType`), or null; only read with the shortcuts on. */
const declaredTypeCache = new WeakMap<TSESTree.Node, ts.Type | null>();
const nodeTypeCache = new WeakMap<ts.Type, NodeTypeHit | null>();
const netSocketTypeCache = new WeakMap<ts.TypeChecker, ts.Type | null>();

export interface TypeQuestionsEnv {
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
  sourceCode: Readonly<TSESLint.SourceCode>;
  services: ParserServicesWithTypeInformation | undefined;
  socketTypes: readonly TypeOrValueSpecifier[];
  typeShortcuts: boolean;
  variableOf: (identifier: TSESTree.Identifier) => Variable | null;
  isReassigned: (variable: Variable) => boolean;
}

export interface TypeQuestions {
  isPlainConstruction: (node: TSESTree.Node) => boolean;
  isPlainlyDeclared: (node: TSESTree.Node) => boolean;
  typeOf: (node: TSESTree.Node) => ts.Type | undefined;
  matchByType: (node: TSESTree.Node) => SocketMatch | undefined;
  nodeTypeOf: (type: ts.Type) => NodeTypeHit | undefined;
  couldHoldSocket: (node: TSESTree.Node) => boolean;
  isPlainMember: (node: TSESTree.Node) => boolean;
}

/**
 * Without type information no question reaches the checker: every detector of an untyped file
 * shares these answers (nothing is a socket by type, anything could hold one).
 */
const no = (): false => false;
const none = (): undefined => undefined;
const UNTYPED: TypeQuestions = { isPlainConstruction: no, isPlainlyDeclared: no, isPlainMember: no, typeOf: none, matchByType: none, nodeTypeOf: none, couldHoldSocket: () => true };

/** The type questions of one detector (its options choose `socketTypes` and the shortcuts). */
export function createTypeQuestions(env: TypeQuestionsEnv): TypeQuestions {
  return env.services ? typedQuestions(env) : UNTYPED;
}

function typedQuestions({ context, sourceCode, services, socketTypes, typeShortcuts, variableOf, isReassigned }: TypeQuestionsEnv): TypeQuestions {

  /**
   * `new Map()`, `new Promise(…)`, `new Report()` of a class of this file that extends nothing or
   * only such classes: no socket or server of Node's, whatever the type checker would say (it is
   * not asked). Only without `socketTypes`, which may name any type.
   */
  function isPlainConstruction(node: TSESTree.Node): boolean {
    if (!typeShortcuts || node.type !== AST_NODE_TYPES.NewExpression || socketTypes.length > 0 || node.callee.type !== AST_NODE_TYPES.Identifier) {
      return false;
    }
    return isPlainClass(node.callee, 0);
  }

  function isPlainClass(name: TSESTree.Identifier, depth: number): boolean {
    const variable = variableOf(name);
    if (!variable || depth > 4) return false;
    if (variable.defs.length === 0) return variable.scope.type === TSESLint.Scope.ScopeType.global && BUILTIN_CLASSES.has(variable.name);
    // One definition: a class that merges with an interface or a namespace here has more.
    const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== TSESLint.Scope.DefinitionType.ClassName || def.node.type !== AST_NODE_TYPES.ClassDeclaration || def.node.declare) {
      return false;
    }
    if (!declaredOnce(def.node)) return false;
    const superClass = def.node.superClass;
    return superClass == null || (superClass.type === AST_NODE_TYPES.Identifier && isPlainClass(superClass, depth + 1));
  }

  /**
   * `const next: Rec = …`, `(message: string) => …`: a constant or a parameter never written again,
   * declared with a type that is plainly no socket or server (see `isPlainTypeNode`; for a parameter
   * without one, the type its function's place declares, see `contextualParameterType`), and not read
   * anywhere else where it could be narrowed into one (`instanceof`, a type guard or an assertion
   * function, which make it `Rec & Socket`). The type checker is not asked about such a value: most
   * values a code base adds to its collections are records of its own types. Only without
   * `socketTypes`.
   */
  function isPlainlyDeclared(node: TSESTree.Node): boolean {
    if (!typeShortcuts || node.type !== AST_NODE_TYPES.Identifier || socketTypes.length > 0) return false;
    const variable = variableOf(node);
    if (!variable) return false;
    let narrowable = plainDeclarationCache.get(variable);
    if (narrowable === undefined) {
      narrowable = narrowableReads(variable);
      plainDeclarationCache.set(variable, narrowable);
    }
    // The read asked about is not narrowed by itself, only by the reads before it.
    return narrowable !== null && narrowable.every((read) => read === node);
  }

  /** The reads of a plainly declared variable that could narrow it; `null` when it is not plainly declared. */
  function narrowableReads(variable: Variable): TSESTree.Identifier[] | null {
    const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
    if (!def) return null;
    let declared: TSESTree.Node = def.name;
    if (def.type === TSESLint.Scope.DefinitionType.Variable) {
      const kind = def.parent?.type === AST_NODE_TYPES.VariableDeclaration ? def.parent.kind : undefined;
      if ((kind !== 'const' && kind !== 'let') || def.node.id !== def.name) return null;
      // A \`let\` without a type takes the types of what is assigned to it; with one, an assignment
      // only narrows it to some parts of that type (TypeScript's assignment narrowing).
      if (kind === 'let' && !def.name.typeAnnotation) return null;
    } else if (def.type === TSESLint.Scope.DefinitionType.Parameter) {
      if (!isFunctionLike(def.node) || isReassigned(variable)) return null;
      // `(x: T)` or `(x: T = fallback)`, not destructured.
      const param = def.node.params.find((candidate) => paramIdentifier(candidate) === def.name);
      if (!param) return null;
      declared = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    } else {
      return null;
    }
    const annotation = declared.type === AST_NODE_TYPES.Identifier ? declared.typeAnnotation?.typeAnnotation : undefined;
    if (annotation ? !isPlainTypeNode(annotation) && !hasNoSocketPart(annotation) : !hasPlainContextualType(def)) return null;
    const narrowable: TSESTree.Identifier[] = [];
    for (const ref of variable.references) {
      // A plain write (\`x = value\`) narrows to parts of the declared type, as above.
      if (ref.init === true || (ref.isWrite() && !ref.isRead())) continue;
      if (!cannotNarrow(ref.identifier)) narrowable.push(ref.identifier as TSESTree.Identifier);
    }
    return narrowable;
  }

  /**
   * A type annotation whose type, as the checker reads it (no value is checked, no flow followed),
   * has no part that is a socket or server of Node's, with its base types (\`zlib.Gunzip | null\`):
   * no type parameter, \`any\`, \`unknown\` or \`object\` in it, which a read could make a socket.
   * Narrowing by assignment, truthiness, comparison or \`typeof\` keeps only parts of it.
   */
  function hasNoSocketPart(annotation: TSESTree.TypeNode): boolean {
    const { ts } = loadTypeTools();
    const tsNode = services?.esTreeNodeToTSNodeMap.get(annotation) as ts.TypeNode | undefined;
    if (!tsNode) return false;
    const type = services!.program.getTypeChecker().getTypeFromTypeNode(tsNode);
    const open = ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Instantiable | ts.TypeFlags.NonPrimitive;
    for (const part of type.isUnion() ? type.types : [type]) {
      if (part.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) continue;
      if (part.flags & open || nodeTypeOf(part) !== undefined) return false;
    }
    return true;
  }

  /** An unannotated parameter whose contextual type is declared plainly (see `contextualParameterType`). */
  function hasPlainContextualType(def: TSESLint.Scope.Definition): boolean {
    if (def.type !== TSESLint.Scope.DefinitionType.Parameter || !isFunctionLike(def.node) || def.name.type !== AST_NODE_TYPES.Identifier) return false;
    const declared = contextualParameterType(def.node, def.name);
    return declared !== undefined && isPlainTsType(declared, 0);
  }

  /**
   * The declared type of an unannotated parameter of a function written as a member of an object
   * literal whose type is annotated: `const store: Store = { put: (record) => … }`, a class field
   * `store: Store = { … }`, or `function open(): Store { return { put(record) { … } }; }` (not
   * async, not a generator). TypeScript gives the parameter the type of the same parameter of the
   * interface's member of that name, which is read here when it is written out: the annotation
   * names an interface (nothing else merged into it) without type parameters or `extends`, whose
   * declarations have exactly one member of that name, a method or a function-typed property
   * without type parameters, with no rest parameter up to this one. Undefined for anything else.
   */
  function contextualParameterType(fn: TSESTree.FunctionLike, param: TSESTree.Identifier): ts.TypeNode | undefined {
    if ((fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.type !== AST_NODE_TYPES.FunctionExpression) || fn.typeParameters) return undefined;
    const params = fn.params.filter((candidate) => candidate.type !== AST_NODE_TYPES.Identifier || candidate.name !== 'this');
    const index = params.indexOf(param);
    if (index < 0 || param.typeAnnotation) return undefined;
    const property = fn.parent;
    if (property?.type !== AST_NODE_TYPES.Property || property.computed || property.kind !== 'init' || property.value !== fn) return undefined;
    const name =
      property.key.type === AST_NODE_TYPES.Identifier
        ? property.key.name
        : property.key.type === AST_NODE_TYPES.Literal && typeof property.key.value === 'string'
          ? property.key.value
          : undefined;
    const annotation = property.parent.type === AST_NODE_TYPES.ObjectExpression ? objectAnnotation(property.parent) : undefined;
    if (name === undefined || annotation?.type !== AST_NODE_TYPES.TSTypeReference || annotation.typeName.type !== AST_NODE_TYPES.Identifier || annotation.typeArguments) {
      return undefined;
    }
    const { ts } = loadTypeTools();
    const symbol = symbolNamed(services!.esTreeNodeToTSNodeMap.get(annotation.typeName));
    if (symbol?.flags !== ts.SymbolFlags.Interface) return undefined;
    const declarations = symbol.declarations ?? [];
    if (declarations.length === 0) return undefined;
    const members: ts.TypeElement[] = [];
    for (const declaration of declarations) {
      if (!ts.isInterfaceDeclaration(declaration) || declaration.typeParameters || declaration.heritageClauses) return undefined;
      for (const member of declaration.members) {
        // A computed name (`[key]`) may be this one.
        if (member.name && ts.isComputedPropertyName(member.name)) return undefined;
        if (member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) || ts.isNumericLiteral(member.name)) && member.name.text === name) {
          members.push(member);
        }
      }
    }
    const [member] = members;
    if (members.length !== 1 || !member) return undefined;
    const signature = ts.isMethodSignature(member)
      ? member
      : ts.isPropertySignature(member) && member.type && ts.isFunctionTypeNode(member.type)
        ? member.type
        : undefined;
    if (!signature || signature.typeParameters) return undefined;
    const declared = signature.parameters.filter((candidate) => !ts.isIdentifier(candidate.name) || candidate.name.text !== 'this');
    const target = declared[index];
    if (!target || declared.slice(0, index + 1).some((candidate) => candidate.dotDotDotToken)) return undefined;
    return target.type;
  }

  /** The type annotation that gives an object literal its type: of the variable, field or function it is the value of. */
  function objectAnnotation(object: TSESTree.ObjectExpression): TSESTree.TypeNode | undefined {
    const parent = object.parent;
    switch (parent.type) {
      case AST_NODE_TYPES.VariableDeclarator:
        return parent.init === object && parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.typeAnnotation?.typeAnnotation : undefined;
      case AST_NODE_TYPES.PropertyDefinition:
        return parent.value === object && !parent.computed ? parent.typeAnnotation?.typeAnnotation : undefined;
      case AST_NODE_TYPES.ArrowFunctionExpression:
        return parent.body === object && !parent.async ? parent.returnType?.typeAnnotation : undefined;
      case AST_NODE_TYPES.ReturnStatement: {
        let fn: TSESTree.Node | undefined = parent.parent;
        while (fn && !isFunctionLike(fn)) fn = fn.parent;
        return fn && isFunctionLike(fn) && !fn.async && !fn.generator ? fn.returnType?.typeAnnotation : undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * A read that cannot narrow a variable of a plain type into a socket: a member access, a value
   * handed on (`x = v`, `{ k: v }`, `[v]`, `return v`, `new C(v)`) or an argument of an awaited or
   * returned call (neither a type guard nor an assertion function acts there).
   */
  function cannotNarrow(reference: TSESTree.Node): boolean {
    const parent = reference.parent;
    if (!parent) return false;
    switch (parent.type) {
      case AST_NODE_TYPES.MemberExpression:
        return parent.object === reference;
      case AST_NODE_TYPES.VariableDeclarator:
      case AST_NODE_TYPES.Property:
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.SpreadElement:
      case AST_NODE_TYPES.TemplateLiteral:
      case AST_NODE_TYPES.ReturnStatement:
      case AST_NODE_TYPES.TSTypeQuery:
        return true;
      case AST_NODE_TYPES.AssignmentExpression:
        return parent.right === reference;
      case AST_NODE_TYPES.NewExpression:
        return parent.callee !== reference;
      case AST_NODE_TYPES.CallExpression: {
        if (parent.callee === reference) return false;
        const outer = parent.parent?.type === AST_NODE_TYPES.ChainExpression ? parent.parent.parent : parent.parent;
        return outer?.type === AST_NODE_TYPES.AwaitExpression || outer?.type === AST_NODE_TYPES.ReturnStatement;
      }
      default:
        return false;
    }
  }

  /**
   * A type that is no socket or server of Node's, whatever it is instantiated with: a primitive or
   * literal type, an object type literal, an array, tuple or function type; a reference to an
   * interface every declaration of which extends only such (wherever declared: in this file,
   * imported, or global like `Map`), to a class that extends nothing, or to a type alias of such;
   * unions and intersections of such. Names are resolved by the program (every declaration merged
   * into a symbol counts, module augmentations included); no type is computed.
   */
  function isPlainTypeNode(annotation: TSESTree.TypeNode): boolean {
    if (annotation.type === AST_NODE_TYPES.TSUnionType) return annotation.types.every(isPlainTypeNode);
    // A name means the same type wherever this file's scopes resolve it to the same variable, except
    // in a namespace, whose declarations TypeScript merges across blocks: there each is resolved.
    if (annotation.type === AST_NODE_TYPES.TSTypeReference && annotation.typeName.type === AST_NODE_TYPES.Identifier && !inNamespace(annotation)) {
      const variable = variableOf(annotation.typeName);
      if (variable) {
        let plain = plainTypeByVariable.get(variable);
        if (plain === undefined) {
          plain = isPlainByProgram(annotation);
          plainTypeByVariable.set(variable, plain);
        }
        return plain;
      }
    }
    return isPlainByProgram(annotation);
  }

  function isPlainByProgram(annotation: TSESTree.TypeNode): boolean {
    const tsNode = services?.esTreeNodeToTSNodeMap.get(annotation) as ts.TypeNode | undefined;
    return tsNode !== undefined && isPlainTsType(tsNode, 0);
  }

  function inNamespace(node: TSESTree.Node): boolean {
    for (let current = node.parent; current; current = current.parent) if (current.type === AST_NODE_TYPES.TSModuleBlock) return true;
    return false;
  }

  function isPlainTsType(node: ts.TypeNode, depth: number): boolean {
    const { ts } = loadTypeTools();
    if (depth > 8) return false;
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
      case ts.SyntaxKind.NumberKeyword:
      case ts.SyntaxKind.BooleanKeyword:
      case ts.SyntaxKind.BigIntKeyword:
      case ts.SyntaxKind.SymbolKeyword:
      case ts.SyntaxKind.UndefinedKeyword:
      case ts.SyntaxKind.VoidKeyword:
      case ts.SyntaxKind.NeverKeyword:
      case ts.SyntaxKind.LiteralType:
      case ts.SyntaxKind.TemplateLiteralType:
      case ts.SyntaxKind.TypeLiteral:
      case ts.SyntaxKind.ArrayType:
      case ts.SyntaxKind.TupleType:
      case ts.SyntaxKind.FunctionType:
      case ts.SyntaxKind.ConstructorType:
        return true;
      case ts.SyntaxKind.ParenthesizedType:
        return isPlainTsType((node as ts.ParenthesizedTypeNode).type, depth + 1);
      case ts.SyntaxKind.TypeOperator: {
        const operator = node as ts.TypeOperatorNode;
        return operator.operator === ts.SyntaxKind.KeyOfKeyword || (operator.operator === ts.SyntaxKind.ReadonlyKeyword && isPlainTsType(operator.type, depth + 1));
      }
      case ts.SyntaxKind.UnionType:
      case ts.SyntaxKind.IntersectionType:
        return (node as ts.UnionOrIntersectionTypeNode).types.every((member) => isPlainTsType(member, depth + 1));
      case ts.SyntaxKind.TypeReference:
        return isPlainTypeName((node as ts.TypeReferenceNode).typeName, depth + 1);
      default:
        return false;
    }
  }

  /** The symbol a type name resolves to in the program, through imports (`import type { Rec }`). */
  function symbolNamed(name: ts.Node): ts.Symbol | undefined {
    const { ts } = loadTypeTools();
    const checker = services!.program.getTypeChecker();
    const symbol = checker.getSymbolAtLocation(name);
    return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  }

  function isPlainTypeName(name: ts.EntityName | ts.Expression, depth: number): boolean {
    const symbol = symbolNamed(name);
    if (!symbol || Object.hasOwn(NODE_TYPES, symbol.name)) return false;
    let byProgram = plainSymbolCache.get(services!.program);
    if (!byProgram) {
      byProgram = new WeakMap();
      plainSymbolCache.set(services!.program, byProgram);
    }
    let plain = byProgram.get(symbol);
    if (plain === undefined) {
      byProgram.set(symbol, false); // a type that names itself is not followed around
      plain = isPlainSymbol(symbol, depth);
      byProgram.set(symbol, plain);
    }
    return plain;
  }

  function isPlainSymbol(symbol: ts.Symbol, depth: number): boolean {
    const { ts } = loadTypeTools();
    if (symbol.flags & ts.SymbolFlags.TypeParameter) return false;
    // The declarations that make the type (`var Buffer` or `namespace Rec` beside an interface do not).
    const declarations = (symbol.declarations ?? []).filter(
      (declaration) =>
        ts.isInterfaceDeclaration(declaration) || ts.isClassLike(declaration) || ts.isTypeAliasDeclaration(declaration) || ts.isEnumDeclaration(declaration),
    );
    if (declarations.length === 0) return false;
    if (declarations.every(ts.isEnumDeclaration)) return true;
    // Only `extends` can bring in a socket; `implements` does not make a class one.
    const bases = (clauses: ts.NodeArray<ts.HeritageClause> | undefined): ts.ExpressionWithTypeArguments[] =>
      (clauses ?? []).filter((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword).flatMap((clause) => [...clause.types]);
    if (declarations.every(ts.isInterfaceDeclaration)) {
      return declarations.every((declaration) => bases(declaration.heritageClauses).every((base) => isPlainTypeName(base.expression, depth + 1)));
    }
    const [only] = declarations;
    if (declarations.length !== 1 || !only) return false;
    if (ts.isTypeAliasDeclaration(only)) return isPlainTsType(only.type, depth + 1);
    return ts.isClassDeclaration(only) && bases(only.heritageClauses).length === 0;
  }

  /**
   * An interface or class declared here and nowhere else: no script declaring the same global name,
   * no module augmentation (`declare module './records' { interface Rec extends Socket {} }`) adds
   * to it. Asked of the program's merged symbol, which the type checker has at hand (no type is
   * computed).
   */
  function declaredOnce(declaration: TSESTree.ClassDeclaration | TSESTree.TSInterfaceDeclaration): boolean {
    if (!services) return false;
    let once = declaredOnceCache.get(declaration);
    if (once === undefined) {
      const tsNode = services.esTreeNodeToTSNodeMap.get(declaration) as ts.ClassDeclaration | ts.InterfaceDeclaration | undefined;
      const symbol = tsNode?.name ? services.program.getTypeChecker().getSymbolAtLocation(tsNode.name) : undefined;
      once = symbol?.declarations?.length === 1;
      declaredOnceCache.set(declaration, once);
    }
    return once;
  }

  /**
   * The type a call or `new` has by its callee's declarations (src/type-questions.ts), without
   * resolving it. Kept per node, as the checker's answers are: the rules of a file ask about the
   * same calls.
   */
  function declaredTypeOf(node: TSESTree.CallExpression | TSESTree.NewExpression): ts.Type | undefined {
    let declared = declaredTypeCache.get(node);
    if (declared === undefined) {
      declared = askType(context, node, () => declaredResultType(loadTypeTools().ts, services!, node), 'declared type of the callee') ?? null;
      declaredTypeCache.set(node, declared);
    }
    return declared ?? undefined;
  }

  function typeOf(node: TSESTree.Node): ts.Type | undefined {
    if (!services || !MAY_BE_OBJECT.has(node.type)) return undefined;
    const cached = typeCache.get(node);
    if (cached !== undefined) return cached ?? undefined;
    if (typeShortcuts && (node.type === AST_NODE_TYPES.NewExpression || node.type === AST_NODE_TYPES.CallExpression)) {
      // The callee's declared type settles most calls without resolving them (src/type-questions.ts).
      const declared = declaredTypeOf(node);
      if (declared) return declared;
      const bound = node.type === AST_NODE_TYPES.CallExpression ? boundFunctionType(node, services, typeOf, (type) => nodeTypeOf(type) !== undefined) : undefined;
      if (bound) {
        typeCache.set(node, bound);
        return bound;
      }
    }
    let type: ts.Type | undefined;
    try {
      type = askType(context, node, () => services.getTypeAtLocation(node));
    } catch {
      type = undefined; // a node the type checker does not know (never fatal)
    }
    typeCache.set(node, type ?? null);
    return type;
  }

  /** `this.x` of a property declared with a plain type and never narrowed into a socket (src/type-questions.ts). */
  function isPlainMember(node: TSESTree.Node): boolean {
    if (!typeShortcuts || node.type !== AST_NODE_TYPES.MemberExpression || socketTypes.length > 0) return false;
    return isPlainlyDeclaredMember(loadTypeTools().ts, services!, node, {
      member: (body, name) => classMembers(body, sourceCode).get(name),
      cannotNarrow,
      isNone: (type) => nodeTypeOf(type) === undefined,
    });
  }

  /** No socket by what a call's callee declares (src/model/callee-results.ts). */
  const { isPlainCall, isPlainNew, calleeSaysNone } = createCalleeResults({
    services,
    enabled: typeShortcuts && socketTypes.length === 0,
    isPlainConstruction,
    isPlainTsType,
    symbolNamed,
    typeOf,
    declaredTypeOf,
    nodeTypeOf,
  });

  /** No socket by the declarations: calls of functions that declare no return type (src/model/declared-returns.ts). */
  const { noSocketByDeclarations } = createDeclaredReturns({
    services,
    sourceCode,
    enabled: typeShortcuts && socketTypes.length === 0,
    variableOf,
    cannotNarrow,
    nodeTypeOf,
    isPlainValue: (init) => isPlainCall(init) || isPlainNew(init) || calleeSaysNone(init),
  });

  function matchByType(node: TSESTree.Node): SocketMatch | undefined {
    if (!services || isPlainConstruction(node) || isPlainlyDeclared(node) || isPlainMember(node) || isPlainCall(node) || noSocketByDeclarations(node) || calleeSaysNone(node)) {
      return undefined;
    }
    const type = typeOf(node);
    if (!type) return undefined;
    const builtin = nodeTypeOf(type)?.socket;
    if (builtin) return { kind: builtin, via: 'type' };
    if (socketTypes.length > 0 && matchesSocketTypes(type)) return { kind: 'socket', via: 'type' };
    return undefined;
  }

  /** Every part of a type worth checking: union and intersection members, constraints, base classes. */
  function* typeAndBases(type: ts.Type): Generator<ts.Type> {
    const { ts } = loadTypeTools();
    const checker = services!.program.getTypeChecker();
    const seen = new Set<ts.Type>();
    const queue: ts.Type[] = [type];
    while (queue.length > 0 && seen.size < 64) {
      const current = queue.shift()!;
      if (seen.has(current)) continue;
      seen.add(current);
      if (current.isUnionOrIntersection()) {
        queue.push(...current.types);
        continue;
      }
      if (current.flags & ts.TypeFlags.TypeParameter) {
        const constraint = checker.getBaseConstraintOfType(current);
        if (constraint && constraint !== current) queue.push(constraint);
        continue;
      }
      if (!(current.flags & ts.TypeFlags.Object)) continue;
      const objectFlags = (current as ts.ObjectType).objectFlags;
      // `typeof Socket` (the class itself) has the class's symbol but is no instance.
      if (!(objectFlags & (ts.ObjectFlags.ClassOrInterface | ts.ObjectFlags.Reference))) continue;
      yield current;
      const target = objectFlags & ts.ObjectFlags.Reference ? (current as ts.TypeReference).target : current;
      if ((target as ts.ObjectType).objectFlags & ts.ObjectFlags.ClassOrInterface) {
        queue.push(...checker.getBaseTypes(target as ts.InterfaceType));
      }
    }
  }

  function nodeTypeOf(type: ts.Type): NodeTypeHit | undefined {
    const cached = nodeTypeCache.get(type);
    if (cached !== undefined) return cached ?? undefined;
    let result: NodeTypeHit | undefined;
    for (const part of typeAndBases(type)) {
      const symbol = part.getSymbol();
      const candidates = symbol && Object.hasOwn(NODE_TYPES, symbol.getName()) ? NODE_TYPES[symbol.getName()] : undefined;
      if (!symbol || !candidates) continue;
      const modules = new Set((symbol.getDeclarations() ?? []).map(declaringModule));
      result = candidates.find((candidate) => modules.has(candidate.module));
      if (result) break;
    }
    nodeTypeCache.set(type, result ?? null);
    return result;
  }

  /** The ambient module (`declare module "net"`) a declaration is in, without `node:`. */
  function declaringModule(declaration: ts.Node): string | undefined {
    const { ts } = loadTypeTools();
    for (let current: ts.Node | undefined = declaration.parent; current; current = current.parent) {
      if (ts.isModuleDeclaration(current) && ts.isStringLiteral(current.name)) return current.name.text.replace(/^node:/u, '');
    }
    return undefined;
  }

  function matchesSocketTypes(type: ts.Type): boolean {
    const { typeMatchesSpecifier } = loadTypeTools();
    const program = services!.program;
    const matches = (candidate: ts.Type): boolean => socketTypes.some((spec) => typeMatchesSpecifier(candidate, spec, program));
    if (type.aliasSymbol && matches(type)) return true;
    for (const part of typeAndBases(type)) if (matches(part)) return true;
    return false;
  }

  /** Whether a `net.Socket` could be stored where `node` is (true when types cannot tell). */
  function couldHoldSocket(node: TSESTree.Node): boolean {
    const type = typeOf(node);
    if (!type) return true;
    const { ts } = loadTypeTools();
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
    const checker = services!.program.getTypeChecker();
    let netSocketType = netSocketTypeCache.get(checker);
    if (netSocketType === undefined) {
      netSocketType = null;
      const netModule = checker.getAmbientModules().find((symbol) => symbol.getName() === '"net"' || symbol.getName() === '"node:net"');
      const socketSymbol = netModule && checker.tryGetMemberInModuleExports('Socket', netModule);
      if (socketSymbol) netSocketType = checker.getDeclaredTypeOfSymbol(socketSymbol);
      netSocketTypeCache.set(checker, netSocketType);
    }
    if (!netSocketType || typeof checker.isTypeAssignableTo !== 'function') return true;
    return askType(context, node, () => checker.isTypeAssignableTo(netSocketType, type), 'isTypeAssignableTo');
  }


  return { isPlainConstruction, isPlainlyDeclared, typeOf, matchByType, nodeTypeOf, couldHoldSocket, isPlainMember };
}

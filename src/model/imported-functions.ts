/**
 * Typed configs only: the function of another module of the project that an imported callee runs
 * (`track(socket)` with `import { track } from './track.js'`, `new Session(socket)`, `relay.attach(socket)`
 * with `import * as relay from './relay.js'`, or `const track = require('./track')` in JavaScript
 * the program includes). The TypeScript program says where the callee is declared; that file is
 * converted to ESTree once per program (with its scopes, so that the model's questions work there as
 * in the linted file) and the declaration's function is returned with that file's source code.
 *
 * Only the project's own source files are read: a declaration in a `.d.ts` or in a package under
 * node_modules says nothing about what the code does, so a hand-off there stays "handled". So does
 * a callee with more than one implementation, or a class without a constructor of its own.
 * Without type information this module answers nothing: a hand-off across modules counts as
 * handled, as it always did.
 */
import { createRequire } from 'node:module';

import type * as TSParser from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type ParserServicesWithTypeInformation, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

import { findVariable } from '../listeners.js';
import { isFunction, skipWrappers, type FunctionNode } from './ast.js';
import { loadTypeTools } from '../type-questions.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** A function of another module of the program, and that module's source code. */
export interface ImportedFunction {
  fn: FunctionNode;
  sourceCode: SourceCode;
}

/** Per program: each other module read so far (null when it cannot be read), and each callee symbol's answer. */
interface ProgramFiles {
  files: Map<string, { sourceCode: SourceCode; services: ParserServicesWithTypeInformation } | null>;
  /** Per callee symbol, for calls and for `new`. */
  calls: Map<ts.Symbol, ts.Node | null>;
  constructions: Map<ts.Symbol, ts.Node | null>;
}

const byProgram = new WeakMap<ts.Program, ProgramFiles>();
const require = createRequire(import.meta.url);
let tsParser: typeof TSParser | undefined;

/**
 * The function of another module of the project that `call` runs, when the file has type
 * information, the callee is a name the file imports (or a member of one), and the program holds
 * that function's one implementation in a source file of the project.
 */
export function importedFunction(call: TSESTree.CallExpression | TSESTree.NewExpression, sourceCode: SourceCode): ImportedFunction | undefined {
  const services = sourceCode.parserServices;
  if (!services?.program || !services.esTreeNodeToTSNodeMap) return undefined;
  const callee = skipWrappers(call.callee);
  // Cheap check first: only names bound by an import or a require() are asked of the checker.
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee : callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed ? callee.property : undefined;
  if (!name || name.type !== AST_NODE_TYPES.Identifier || !isImportedName(callee, sourceCode)) return undefined;
  const typed = services as ParserServicesWithTypeInformation;
  const program = typed.program;
  let known = byProgram.get(program);
  if (!known) {
    known = { files: new Map(), calls: new Map(), constructions: new Map() };
    byProgram.set(program, known);
  }
  const { ts: tsApi } = loadTypeTools();
  const checker = program.getTypeChecker();
  let symbol = checker.getSymbolAtLocation(typed.esTreeNodeToTSNodeMap.get(name));
  if (symbol && symbol.flags & tsApi.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  if (!symbol) return undefined;
  const isNew = call.type === AST_NODE_TYPES.NewExpression;
  const callees = isNew ? known.constructions : known.calls;
  let target = callees.get(symbol);
  if (target === undefined) {
    target = declaredFunction(tsApi, program, symbol, isNew) ?? null;
    callees.set(symbol, target);
  }
  // The linted file's own functions are src/model/functions.ts' to resolve.
  if (!target || target.getSourceFile() === typed.esTreeNodeToTSNodeMap.get(sourceCode.ast).getSourceFile()) return undefined;
  const file = moduleSource(tsApi, program, target.getSourceFile().fileName, known);
  if (!file) return undefined;
  let fn: TSESTree.Node | undefined = file.services.tsNodeToESTreeNodeMap.get(target);
  // A class's constructor is converted to a method definition holding the function.
  if (fn?.type === AST_NODE_TYPES.MethodDefinition) fn = fn.value;
  return isFunction(fn) ? { fn, sourceCode: file.sourceCode } : undefined;
}

/** Is the callee's root name bound by an `import`, or by a `require()` (also destructured, or a member of one)? */
function isImportedName(callee: TSESTree.Node, sourceCode: SourceCode): boolean {
  let root = callee;
  while (root.type === AST_NODE_TYPES.MemberExpression) root = skipWrappers(root.object);
  if (root.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = findVariable(sourceCode.getScope(root), root);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def) return false;
  if (def.type === TSESLint.Scope.DefinitionType.ImportBinding) return true;
  if (def.type !== TSESLint.Scope.DefinitionType.Variable || def.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init) return false;
  let init = skipWrappers(def.node.init);
  while (init.type === AST_NODE_TYPES.MemberExpression) init = skipWrappers(init.object);
  return init.type === AST_NODE_TYPES.CallExpression && init.callee.type === AST_NODE_TYPES.Identifier && init.callee.name === 'require';
}

/**
 * The one implementation `symbol` declares in a source file of the project: a function (declared, or the value of a variable, an export or a CommonJS assignment), or for
 * `new` the constructor of a class. Undefined for anything else.
 */
function declaredFunction(tsApi: typeof ts, program: ts.Program, symbol: ts.Symbol, isNew: boolean): ts.Node | undefined {
  const found: ts.Node[] = [];
  for (const declaration of symbol.declarations ?? []) {
    const file = declaration.getSourceFile();
    if (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file) || /[\\/]node_modules[\\/]/u.test(file.fileName)) return undefined;
    const fn = implementation(tsApi, declaration, isNew);
    if (fn === null) continue; // an overload's signature, or a type merged with the value
    if (!fn) return undefined;
    found.push(fn);
  }
  const [only] = found;
  return only && found.length === 1 ? only : undefined;
}

/** The function a declaration runs; null for a declaration with no code (a signature, an interface); undefined when it cannot be told. */
function implementation(tsApi: typeof ts, declaration: ts.Node, isNew: boolean): ts.Node | null | undefined {
  if (tsApi.isInterfaceDeclaration(declaration) || tsApi.isTypeAliasDeclaration(declaration) || tsApi.isModuleDeclaration(declaration)) return null;
  if (tsApi.isClassDeclaration(declaration) || tsApi.isClassExpression(declaration)) {
    if (!isNew) return undefined;
    const constructors = declaration.members.filter((member) => tsApi.isConstructorDeclaration(member) && member.body !== undefined);
    return constructors.length === 1 ? constructors[0] : undefined;
  }
  if (isNew) {
    // `new Socket(ws)` of a pre-ES2015 constructor function.
    const fn = functionValue(tsApi, declaration);
    return fn && !tsApi.isArrowFunction(fn) ? fn : fn === null ? null : undefined;
  }
  return functionValue(tsApi, declaration);
}

/** A function declaration with a body, or the function a variable, export or assignment holds. */
function functionValue(tsApi: typeof ts, declaration: ts.Node): ts.Node | null | undefined {
  if (tsApi.isFunctionDeclaration(declaration)) return declaration.body ? declaration : null;
  let value: ts.Node | undefined;
  if (tsApi.isVariableDeclaration(declaration)) {
    // A `let` the module may set to another function later.
    if (!(tsApi.getCombinedNodeFlags(declaration) & tsApi.NodeFlags.Const)) return undefined;
    value = declaration.initializer;
  } else if (tsApi.isPropertyAssignment(declaration)) value = declaration.initializer;
  else if (tsApi.isExportAssignment(declaration)) value = declaration.expression;
  else if (tsApi.isBinaryExpression(declaration)) value = declaration.right;
  else if (tsApi.isPropertyAccessExpression(declaration) && declaration.parent && tsApi.isBinaryExpression(declaration.parent) && declaration.parent.left === declaration) {
    value = declaration.parent.right;
  } else if (tsApi.isFunctionExpression(declaration) || tsApi.isArrowFunction(declaration)) value = declaration;
  // `exports = module.exports = internals.Socket = function (…) {…}`: the function at the end of the chain.
  for (let depth = 0; value && depth < 5; depth += 1) {
    while (value && (tsApi.isParenthesizedExpression(value) || tsApi.isAsExpression(value) || tsApi.isSatisfiesExpression(value))) value = value.expression;
    if (!value || !tsApi.isBinaryExpression(value) || value.operatorToken.kind !== tsApi.SyntaxKind.EqualsToken) break;
    value = value.right;
  }
  return value && (tsApi.isFunctionExpression(value) || tsApi.isArrowFunction(value)) ? value : undefined;
}

/**
 * Another module of the program as the model reads a linted file: ESTree with parents, scopes and
 * the program's parser services (so that its own imports are followed the same way). Read once per
 * program and file.
 */
function moduleSource(tsApi: typeof ts, program: ts.Program, fileName: string, known: ProgramFiles): { sourceCode: SourceCode; services: ParserServicesWithTypeInformation } | undefined {
  let file = known.files.get(fileName);
  if (file !== undefined) return file ?? undefined;
  file = null;
  const sourceFile = program.getSourceFile(fileName);
  try {
    if (sourceFile) {
      tsParser ??= require('@typescript-eslint/parser') as typeof TSParser;
      const parsed = tsParser.parseForESLint(sourceFile.text, {
        programs: [program],
        filePath: fileName,
        sourceType: tsApi.isExternalModule(sourceFile) ? 'module' : 'script',
        ecmaVersion: 'latest',
        range: true,
        loc: true,
        tokens: true,
        comment: true,
      });
      const ast = parsed.ast as unknown as TSESTree.Program;
      setParents(ast, parsed.visitorKeys as unknown as Record<string, readonly string[]>);
      const services = parsed.services as ParserServicesWithTypeInformation;
      const sourceCode = new TSESLint.SourceCode({
        text: sourceFile.text,
        ast: ast as never,
        parserServices: services,
        scopeManager: parsed.scopeManager,
        visitorKeys: parsed.visitorKeys as never,
      });
      file = { sourceCode, services };
    }
  } catch {
    file = null; // a file the parser cannot read is not followed
  }
  known.files.set(fileName, file);
  return file ?? undefined;
}

/** ESLint sets `parent` while it lints a file; a module read here gets them set once. */
function setParents(ast: TSESTree.Program, visitorKeys: Record<string, readonly string[]>): void {
  const stack: TSESTree.Node[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const value of Array.isArray(child) ? child : [child]) {
        if (value && typeof (value as TSESTree.Node).type === 'string') {
          (value as { parent: TSESTree.Node }).parent = node;
          stack.push(value as TSESTree.Node);
        }
      }
    }
  }
}

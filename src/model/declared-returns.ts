/**
 * "Not a socket", read from declarations, for calls of functions whose return type the type
 * checker would infer from their body (type-aware linting, the socket question only). Asking the
 * checker the type of such a call, or of a variable it initializes, makes it check the callee's
 * whole body: in grpc-js `this.createHttp2Server(credentials)` took up to a second, for the
 * `http2.createSecureServer(options)` overloads inside. Every `return` of the callee that hands back
 * a variable declared without a socket part answers it: the inferred type is a union of parts of
 * those declarations. Answers are kept per call and per variable (the rules of a file share them).
 */
import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, TSESLint } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

import { isFunctionLike, paramIdentifier } from './ast.js';
import { calleeMayNarrow, inferredCallee, loadTypeTools } from '../type-questions.js';
import { visitChildren } from './classes.js';
import type { NodeTypeHit } from './node-api.js';

type Variable = TSESLint.Scope.Variable;

/** Per call or variable: no socket by its declarations. */
const noSocketCache = new WeakMap<TSESTree.Node | Variable, boolean>();

export interface DeclaredReturnsEnv {
  services: ParserServicesWithTypeInformation | undefined;
  sourceCode: Readonly<TSESLint.SourceCode>;
  /** The shortcuts are on and no `socketTypes` are given (they may name any type). */
  enabled: boolean;
  variableOf: (identifier: TSESTree.Identifier) => Variable | null;
  /** A read that cannot narrow a variable into a socket (src/model/types.ts). */
  cannotNarrow: (read: TSESTree.Node) => boolean;
  nodeTypeOf: (type: ts.Type) => NodeTypeHit | undefined;
  /** A call or `new` whose callee's declarations say it makes no socket (src/model/callee-results.ts); none without it. */
  isPlainValue?: (node: TSESTree.Node) => boolean;
}

export function createDeclaredReturns({ services, sourceCode, enabled, variableOf, cannotNarrow, nodeTypeOf, isPlainValue = () => false }: DeclaredReturnsEnv): {
  noSocketByDeclarations: (node: TSESTree.Node) => boolean;
} {
  if (!services || !enabled) return { noSocketByDeclarations: () => false };
  const typed = services;
  /**
   * No socket, read from declarations (the socket question only: a server is not asked about).
   * A call of a function of this file that declares no return type (`noSocketReturned`), or a
   * variable whose declaration says so (`noSocketVariable`). Only without `socketTypes`.
   */
  function noSocketByDeclarations(node: TSESTree.Node): boolean {
    if (node.type === AST_NODE_TYPES.CallExpression) return noSocketReturned(node, 0);
    if (node.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = variableOf(node);
    return variable !== null && noSocketVariable(variable, 0);
  }

  /**
   * A call of a function whose return type the checker infers from its body, where every `return`
   * hands back nothing, a literal, or a variable declared without a socket part
   * (`noSocketVariable`): the inferred type is a union of parts of those declarations (narrowing
   * keeps only parts of a declared type), so no part of it is a socket. Asking the checker would
   * check the whole body (`createHttp2Server()` in grpc-js: up to a second).
   */
  function noSocketReturned(call: TSESTree.CallExpression, depth: number): boolean {
    const cached = noSocketCache.get(call);
    if (cached !== undefined) return cached;
    noSocketCache.set(call, false); // a function that returns its own call is not followed around
    const fn = depth > 3 ? undefined : inferredCallee(loadTypeTools().ts, typed, call);
    let none = fn !== undefined;
    const visit = (node: TSESTree.Node): void => {
      if (!none || isFunctionLike(node) || node.type === AST_NODE_TYPES.ClassBody) return;
      if (node.type === AST_NODE_TYPES.ReturnStatement) {
        const value = node.argument;
        if (!value || value.type === AST_NODE_TYPES.Literal) return;
        const variable = value.type === AST_NODE_TYPES.Identifier ? variableOf(value) : null;
        none = variable !== null && noSocketVariable(variable, depth + 1);
        return;
      }
      if (node.type === AST_NODE_TYPES.YieldExpression || node.type === AST_NODE_TYPES.AwaitExpression) {
        none = false;
        return;
      }
      visitChildren(node, visit, sourceCode);
    };
    if (fn?.body) visitChildren(fn.body, visit, sourceCode);
    noSocketCache.set(call, none);
    return none;
  }

  /**
   * A `let`/`const` or parameter declared with a type none of whose parts (with their bases) is a
   * socket, and with no part open (`any`, `unknown`, `object`, a type parameter); or a `const`
   * without a type whose value is a call answered by `noSocketReturned`, or a call or `new` its
   * callee's declarations answer (`isPlainValue`). No read of it anywhere may narrow it into a
   * socket (`instanceof`, a type guard or an assertion function): assignments, truthiness and
   * comparisons keep only parts of its type.
   */
  function noSocketVariable(variable: Variable, depth: number): boolean {
    const cached = noSocketCache.get(variable);
    if (cached !== undefined) return cached;
    noSocketCache.set(variable, false);
    const none = declaredWithoutSocket(variable, depth) && variable.references.every((ref) => ref.init === true || (ref.isWrite() && !ref.isRead()) || keepsParts(ref.identifier));
    noSocketCache.set(variable, none);
    return none;
  }

  function declaredWithoutSocket(variable: Variable, depth: number): boolean {
    const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
    if (!def || def.name.type !== AST_NODE_TYPES.Identifier) return false;
    let annotation: TSESTree.TypeNode | undefined;
    if (def.type === TSESLint.Scope.DefinitionType.Variable) {
      const kind = def.parent?.type === AST_NODE_TYPES.VariableDeclaration ? def.parent.kind : undefined;
      if ((kind !== 'const' && kind !== 'let') || def.node.id !== def.name) return false;
      annotation = def.name.typeAnnotation?.typeAnnotation;
      if (!annotation) {
        const init = def.node.init;
        // The constant's type is its value's: a call or `new` answered from its callee's declarations.
        if (kind !== 'const' || !init) return false;
        return (init.type === AST_NODE_TYPES.CallExpression && noSocketReturned(init, depth + 1)) || isPlainValue(init);
      }
    } else if (def.type === TSESLint.Scope.DefinitionType.Parameter) {
      if (!isFunctionLike(def.node)) return false;
      const param = def.node.params.find((candidate) => paramIdentifier(candidate) === def.name);
      const declared = param?.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
      annotation = declared?.type === AST_NODE_TYPES.Identifier ? declared.typeAnnotation?.typeAnnotation : undefined;
    }
    const tsNode = annotation && (typed.esTreeNodeToTSNodeMap.get(annotation) as ts.TypeNode | undefined);
    if (!tsNode) return false;
    const { ts } = loadTypeTools();
    const type = typed.program.getTypeChecker().getTypeFromTypeNode(tsNode);
    const open = ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Instantiable | ts.TypeFlags.NonPrimitive;
    for (const part of type.isUnion() ? type.types : [type]) {
      if (part.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) continue;
      if (part.flags & open || nodeTypeOf(part)?.socket !== undefined) return false;
    }
    return true;
  }

  /** A read that cannot narrow a variable into a socket: see `cannotNarrow`, and `x as T`, `x!`, an argument of a call that declares no type predicate. */
  function keepsParts(read: TSESTree.Node): boolean {
    if (cannotNarrow(read)) return true;
    const parent = read.parent;
    switch (parent?.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
        return parent.expression === read && parent.parent.type !== AST_NODE_TYPES.AssignmentExpression;
      case AST_NODE_TYPES.CallExpression:
        return parent.callee !== read && !calleeMayNarrow(loadTypeTools().ts, typed, parent);
      default:
        return false;
    }
  }
  return { noSocketByDeclarations };
}

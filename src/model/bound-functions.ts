/**
 * Typed only: the type of `handler.bind(thisArg, ...)` without resolving the generic call.
 *
 * For a plain function (`CallableFunction.bind`, with `strictBindCallApply`) TypeScript types the
 * call `OmitThisParameter<T>` of the function's type `T`: `T` itself or the same signatures without
 * `this`. Either is a function, no socket or server, and no `Socket` can be stored in it, so the
 * function's own type answers every question the detector asks; resolving the generic call can
 * take the checker up to a second for a method of a large class. Intersections, `Function.bind`
 * (`any`) and constructors go to the checker as before.
 */
import { AST_NODE_TYPES, type ParserServicesWithTypeInformation, type TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

import { loadTypeTools } from '../type-questions.js';

export function boundFunctionType(
  node: TSESTree.CallExpression,
  services: ParserServicesWithTypeInformation,
  typeOf: (node: TSESTree.Node) => ts.Type | undefined,
  isNodeType: (type: ts.Type) => boolean,
): ts.Type | undefined {
  const callee = node.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.property.type !== AST_NODE_TYPES.Identifier || callee.property.name !== 'bind') return undefined;
  const { ts } = loadTypeTools();
  const program = services.program;
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(services.esTreeNodeToTSNodeMap.get(callee.property));
  const declarations = symbol?.declarations ?? [];
  const isCallableBind =
    declarations.length > 0 &&
    declarations.every(
      (declaration) =>
        program.isSourceFileDefaultLibrary(declaration.getSourceFile()) &&
        ts.isInterfaceDeclaration(declaration.parent) &&
        declaration.parent.name.text === 'CallableFunction',
    );
  if (!isCallableBind) return undefined;
  const object = typeOf(callee.object);
  if (!object || !(object.flags & ts.TypeFlags.Object) || isNodeType(object)) return undefined;
  const callable = checker.getSignaturesOfType(object, ts.SignatureKind.Call).length > 0;
  return callable && checker.getSignaturesOfType(object, ts.SignatureKind.Construct).length === 0 ? object : undefined;
}

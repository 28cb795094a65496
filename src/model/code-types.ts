/**
 * What the type checker says of a code: the finite union of string literals a value's type
 * allows (`SocketErrorCode | undefined`), when the file is linted with type information.
 * The rules ask it through `askType` (src/type-questions.ts), which caches the answer per node.
 */
import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';

import { loadTypeTools } from '../type-questions.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** Parser services with a program, or null when the file is linted without type information. */
export function typeServices(sourceCode: SourceCode): ParserServicesWithTypeInformation | null {
  const services = sourceCode.parserServices;
  return services?.program && services.esTreeNodeToTSNodeMap ? (services as ParserServicesWithTypeInformation) : null;
}

/** A value a finite union type allows: a string literal, `undefined` or `null`. */
export type UnionMember = string | undefined | null;

/**
 * The values a node's type allows when it is a finite union of string literals (with `undefined`,
 * `null`), such as `SocketErrorCode | undefined`; null for `string`, `any`, enums and the rest.
 */
export function finiteStringMembers(services: ParserServicesWithTypeInformation, node: Node): UnionMember[] | null {
  const { TypeFlags } = loadTypeTools().ts;
  const checker = services.program.getTypeChecker();
  const declared = services.getTypeAtLocation(node);
  const type = checker.getBaseConstraintOfType(declared) ?? declared;
  const members: UnionMember[] = [];
  for (const part of type.isUnion() ? type.types : [type]) {
    if (part.flags & TypeFlags.EnumLiteral) return null;
    if (part.isStringLiteral()) members.push(part.value);
    else if (part.flags & (TypeFlags.Undefined | TypeFlags.Void)) members.push(undefined);
    else if (part.flags & TypeFlags.Null) members.push(null);
    else return null;
  }
  return members.some((member) => typeof member === 'string') ? members : null;
}

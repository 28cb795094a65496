/**
 * What the type checker says of a handler's error parameter: the codes its `code` property can
 * hold (a literal union such as `SocketErrorCode` lets no other code reach the handler), and
 * whether it is known to be an object (`Error`), so that `'code' in err` type-checks and cannot
 * throw. Without type information nothing is known. One answer per parameter, cached on its node.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

import { typeServices } from '../code-dispatch.js';
import { askType, loadTypeTools } from '../type-questions.js';

export interface ErrorType {
  /** The `code` property can only hold these strings (a literal union): other codes cannot reach. */
  codes: ReadonlySet<string> | undefined;
  /** Known to be an object (`Error`), so `'code' in err` type-checks and cannot throw. */
  object: boolean;
}

const UNKNOWN: ErrorType = { codes: undefined, object: false };
const cache = new WeakMap<TSESTree.Identifier, ErrorType>();

export function errorType(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  name: TSESTree.Identifier | undefined,
): ErrorType {
  if (!name) return UNKNOWN;
  const known = cache.get(name);
  if (known) return known;
  const answer = askErrorType(context, name);
  cache.set(name, answer);
  return answer;
}

function askErrorType(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, name: TSESTree.Identifier): ErrorType {
  const services = typeServices(context.sourceCode);
  if (!services) return UNKNOWN;
  const { TypeFlags } = loadTypeTools().ts;
  const checker = services.program.getTypeChecker();
  const tsNode = services.esTreeNodeToTSNodeMap.get(name);
  let type: ts.Type;
  try {
    type = askType(context, name, () => checker.getTypeAtLocation(tsNode));
  } catch {
    return UNKNOWN;
  }
  if (type.flags & (TypeFlags.Any | TypeFlags.Unknown)) return UNKNOWN;
  const nonNullable = checker.getNonNullableType(type);
  const object = nonNullable === type && (type.flags & TypeFlags.Object) !== 0;
  const codes = new Set<string>();
  for (const part of nonNullable.isUnion() ? nonNullable.types : [nonNullable]) {
    const property = part.getProperty('code');
    if (!property) return { codes: undefined, object };
    const propertyType = checker.getTypeOfSymbolAtLocation(property, tsNode);
    for (const member of propertyType.isUnion() ? propertyType.types : [propertyType]) {
      if (member.isStringLiteral()) codes.add(member.value);
      else if (!(member.flags & (TypeFlags.Undefined | TypeFlags.Null))) return { codes: undefined, object };
    }
  }
  return { codes, object };
}

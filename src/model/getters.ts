/**
 * The getters of a file's classes, by name: what `get writable() { return this._stream &&
 * this._stream.writable; }` returns, so that a test reading `this.writable` can be read as the test
 * the getter makes. One index per file, from the model's walk (src/model/resource-walk.ts).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { keyName } from './ast.js';
import { visitOutsideFunctions } from './classes.js';
import { addTo, resourceNodes } from './resource-walk.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const gettersByProgram = new WeakMap<TSESTree.Program, Map<string, TSESTree.Node[]>>();

/** What the file's getters named `name` return: the argument of each `return` outside nested functions. */
export function getterReturns(name: string, sourceCode: SourceCode): readonly TSESTree.Node[] {
  let byName = gettersByProgram.get(sourceCode.ast);
  if (!byName) {
    const found = new Map<string, TSESTree.Node[]>();
    for (const getter of resourceNodes(sourceCode).getters) {
      const key = getter.computed ? undefined : keyName(getter.key);
      if (key === undefined || !getter.value.body) continue;
      visitOutsideFunctions(getter.value.body, (node) => {
        if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) addTo(found, key, node.argument);
      }, sourceCode);
    }
    gettersByProgram.set(sourceCode.ast, (byName = found));
  }
  return byName.get(name) ?? [];
}

/**
 * src/helper-imports.ts through a small test rule that reports every call of a convention helper
 * it recognises, with the helper's name. Recognition is by import from our module only: a function
 * of the same name from anywhere else is somebody else's function.
 */
import { ESLintUtils } from '@typescript-eslint/utils';

import { helperOf } from '../src/helper-imports.js';
import { ruleTester } from './rule-tester.js';

const helperRule = ESLintUtils.RuleCreator.withoutDocs({
  meta: { type: 'problem', messages: { helper: '{{helper}}' }, schema: [] },
  create(context) {
    return {
      CallExpression(node) {
        const helper = helperOf(node.callee, context.sourceCode.getScope(node), context.sourceCode);
        if (helper) context.report({ node, messageId: 'helper', data: { helper } });
      },
    };
  },
});

const found = (helper: string) => ({ messageId: 'helper' as const, data: { helper } });

ruleTester.run('helper-imports: convention helpers recognised by their import', helperRule, {
  valid: [
    // The same names, defined locally or imported from elsewhere, are not ours.
    'function onSocketClose(s, f) {} onSocketClose(socket, () => {});',
    "import { onSocketClose } from './socket-utils'; onSocketClose(socket, () => {});",
    "import { endGracefully } from 'eslint-plugin-socket-errors'; endGracefully(socket, { timeoutMs: 1 });",
    "const { ignoreBenignClose } = require('some-other-lib'); ignoreBenignClose(() => {});",
    // An unresolved global of the same name.
    'endGracefully(socket, { timeoutMs: 1 });',
    // Other exports of our module are not helpers.
    "import { isSocketError } from 'eslint-plugin-socket-errors/codes'; isSocketError(err);",
    // A local that shadows the import.
    "import { onSocketClose } from 'eslint-plugin-socket-errors/codes'; function f(onSocketClose) { onSocketClose(s, g); }",
    // A mutable binding could hold anything by the time of the call.
    "let codes = require('eslint-plugin-socket-errors/codes'); codes.onSocketClose(s, g);",
    // A namespace member that is not a helper.
    "import * as codes from 'eslint-plugin-socket-errors/codes'; codes.classifySocketError(err);",
  ],
  invalid: [
    {
      code: "import { onSocketClose } from 'eslint-plugin-socket-errors/codes'; onSocketClose(socket, () => {});",
      errors: [found('onSocketClose')],
    },
    // The module's name written with an escape is still our module.
    {
      code: "import { onSocketClose } from 'eslint-plugin-socket-errors/\\u0063odes'; onSocketClose(socket, () => {});",
      errors: [found('onSocketClose')],
    },
    {
      code: "import { endGracefully as end } from 'eslint-plugin-socket-errors/codes'; await end(socket, { timeoutMs: 1 });",
      errors: [found('endGracefully')],
    },
    {
      code: "import * as codes from 'eslint-plugin-socket-errors/codes'; socket.on('error', codes.ignoreBenignClose(() => {}));",
      errors: [found('ignoreBenignClose')],
    },
    {
      code: "const { onSocketClose: onClose } = require('eslint-plugin-socket-errors/codes'); onClose(socket, () => {});",
      errors: [found('onSocketClose')],
    },
    {
      code: "const codes = require('eslint-plugin-socket-errors/codes'); codes['endGracefully'](socket, { timeoutMs: 5 });",
      errors: [found('endGracefully')],
    },
    {
      code: "require('eslint-plugin-socket-errors/codes').onSocketClose(socket, () => {});",
      errors: [found('onSocketClose')],
    },
    {
      code: "import { onSocketClose } from 'eslint-plugin-socket-errors/codes'; (onSocketClose as typeof onSocketClose)(socket, () => {});",
      errors: [found('onSocketClose')],
    },
  ],
});

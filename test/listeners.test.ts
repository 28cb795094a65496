/**
 * src/listeners.ts through a small test rule: it reports every `const` whose value gets an
 * 'error' listener in the same file, with the listener methods found. Read each case as "this is
 * what a rule built on the helpers sees".
 */
import { AST_NODE_TYPES, ESLintUtils, type TSESTree } from '@typescript-eslint/utils';

import { findListenerCalls, getListenerCall, isSameReference, ListenerIndex, listenerCallOf } from '../src/listeners.js';
import { ruleTester } from './rule-tester.js';

const listenedRule = ESLintUtils.RuleCreator.withoutDocs({
  meta: {
    type: 'problem',
    messages: { listened: "{{name}} has 'error' listeners: {{methods}}" },
    schema: [],
  },
  create(context) {
    const index = new ListenerIndex(context.sourceCode);
    const declarators: TSESTree.VariableDeclarator[] = [];
    return {
      CallExpression: (node) => void index.add(node),
      VariableDeclarator: (node) => void declarators.push(node),
      'Program:exit'(program) {
        for (const declarator of declarators) {
          if (declarator.id.type !== AST_NODE_TYPES.Identifier) continue;
          const viaIndex = index.on(declarator.id, 'error').map((l) => l.method);
          // The index and the subtree walk must agree.
          const viaWalk = findListenerCalls(program, declarator.id, 'error', context.sourceCode).map((l) => l.method);
          if (viaIndex.join() !== viaWalk.join()) throw new Error(`index ${viaIndex.join()} != walk ${viaWalk.join()}`);
          if (viaIndex.length) {
            context.report({
              node: declarator.id,
              messageId: 'listened',
              data: { name: declarator.id.name, methods: viaIndex.join(',') },
            });
          }
        }
      },
    };
  },
});

const sameRule = ESLintUtils.RuleCreator.withoutDocs({
  meta: { type: 'problem', messages: { same: 'same object' }, schema: [] },
  create(context) {
    return {
      // Reports `same(a, b)` calls whose two arguments name the same object.
      'CallExpression[callee.name="same"]'(node: TSESTree.CallExpression) {
        const [a, b] = node.arguments;
        if (a && b && isSameReference(a, b, context.sourceCode)) context.report({ node, messageId: 'same' });
      },
    };
  },
});

const listened = (name: string, methods: string) => ({ messageId: 'listened' as const, data: { name, methods } });

ruleTester.run('listeners: error listeners found on a variable', listenedRule, {
  valid: [
    // A listener for another event is not an 'error' listener.
    "import net from 'node:net'; const socket = net.connect(80); socket.on('close', () => {});",
    // A reassigned `let` may hold another object when the chain ran: its initializer does not count.
    "let upstream = connect().on('error', fail); upstream = connect();",
    // A computed event name that is not constant is not read as 'error'.
    "const socket = open(); socket.on(eventName, () => {});",
  ],
  invalid: [
    {
      code: "import net from 'node:net'; const socket = net.connect(80); socket.on('error', (err) => console.error(err));",
      errors: [listened('socket', 'on')],
    },
    {
      // every registering method, optional chaining, and a constant event name
      code: `const EVENT = 'error';
const socket = open();
socket.once('error', onError);
socket?.addListener(EVENT, onError);
socket.prependListener('error', onError);
(socket as Emitter).prependOnceListener('error', onError);`,
      errors: [listened('socket', 'once,addListener,prependListener,prependOnceListener')],
    },
    {
      // A variable of the same name in another function is another object: only the inner one is listened.
      code: `import net from 'node:net';
const socket = net.connect(80);
function other() { const socket = net.connect(81); socket.on('error', () => {}); }`,
      errors: [{ ...listened('socket', 'on'), line: 3 }],
    },
    {
      // chained registrations return the emitter
      code: "const upstream = connect().on('connect', ready).on('error', fail);",
      errors: [listened('upstream', 'on')],
    },
    {
      // a listener added later, inside another callback, is still found (rules decide if that is too late)
      code: "const socket = open(); setTimeout(() => { socket.on('error', fail); }, 10);",
      errors: [listened('socket', 'on')],
    },
  ],
});

ruleTester.run('listeners: isSameReference', sameRule, {
  valid: [
    'same(a, b);',
    'same(a.socket, b.socket);',
    // a call is never known to return the same object
    'same(get(), get());',
    // computed keys that are not literals are not comparable
    'same(map[key], map[key]);',
    // `this` in a plain function is not the class instance
    `class Conn { socket; run() { const self = this; function inner() { same(this.socket, self.socket); } } }`,
    // shadowing: the inner `socket` is another variable
    'const socket = open(); function f(socket) { same(socket, outer); } const outer = socket;',
  ],
  invalid: [
    { code: 'const socket = open(); same(socket, socket);', errors: [{ messageId: 'same' }] },
    { code: "const conn = open(); same(conn.socket, conn['socket']);", errors: [{ messageId: 'same' }] },
    { code: 'const socket = open(); same(socket!, (socket as any));', errors: [{ messageId: 'same' }] },
    {
      code: 'class Conn { socket; run() { same(this.socket, this.socket); const f = () => same(this.socket, this.socket); } }',
      errors: [{ messageId: 'same' }, { messageId: 'same' }],
    },
  ],
});

const listenerCallRule = ESLintUtils.RuleCreator.withoutDocs({
  meta: { type: 'problem', messages: { call: "{{method}} '{{event}}'" }, schema: [] },
  create(context) {
    return {
      // Reports each listener call with its method and event; the answer must be the one a
      // lookup with the call's own scope gives.
      CallExpression(node) {
        const found = listenerCallOf(node, context.sourceCode);
        const direct = getListenerCall(node, context.sourceCode.getScope(node));
        if (found?.event !== direct?.event || found?.method !== direct?.method) {
          throw new Error(`listenerCallOf and getListenerCall disagree at ${context.sourceCode.getText(node)}`);
        }
        if (found) context.report({ node, messageId: 'call', data: { method: found.method, event: found.event } });
      },
    };
  },
});

ruleTester.run('listeners: listenerCallOf', listenerCallRule, {
  valid: ['socket.write(data);', 'on(socket, fail);', 'socket.on(...args);', 'socket.on(eventName, fail);', 'socket.on();'],
  invalid: [
    { code: "socket.on('error', fail);", errors: [{ messageId: 'call', data: { method: 'on', event: 'error' } }] },
    // the event held by a constant is read through the call's scope
    { code: "const EVENT = 'close'; socket.once(EVENT, done);", errors: [{ messageId: 'call', data: { method: 'once', event: 'close' } }] },
    { code: "function f(socket) { const EVENT = 'error'; socket?.['on']?.(EVENT, fail); }", errors: [{ messageId: 'call', data: { method: 'on', event: 'error' } }] },
    { code: 'socket.on(1, fail);', errors: [{ messageId: 'call', data: { method: 'on', event: '1' } }] },
  ],
});

/**
 * Values other packages' socket wrappers make (src/model/foreign-wrappers.ts): Companion's
 * TCPHelper and its siblings, however they are imported.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { isForeignWrapper } from '../../src/model/foreign-wrappers.js';
import { probe } from '../support/probe.js';

function answers(code: string): string[] {
  return probe(code, (context, report) => ({
    NewExpression(node: TSESTree.NewExpression) {
      report(node, `${context.sourceCode.getText(node.callee)}: ${isForeignWrapper(node, context.sourceCode)}`);
    },
  })).map(({ message }) => message);
}

describe('isForeignWrapper', () => {
  it('reads an imported, a required and a namespaced TCPHelper, UDPHelper and TelnetHelper', () => {
    expect(answers("import { TCPHelper, UDPHelper as Udp } from '@companion-module/base';\nnew TCPHelper('h', 1);\nnew Udp('h', 2);")).toEqual([
      'TCPHelper: true',
      'Udp: true',
    ]);
    expect(answers("const { TelnetHelper } = require('@companion-module/base');\nconst base = require('@companion-module/base');\nnew TelnetHelper('h', 23);\nnew base.TCPHelper('h', 1);")).toEqual([
      'TelnetHelper: true',
      'base.TCPHelper: true',
    ]);
  });

  it('leaves a class of the same name from elsewhere, another export of the package, and Node sockets', () => {
    expect(answers("import { TCPHelper } from './tcp.js';\nimport { InstanceBase } from '@companion-module/base';\nimport net from 'node:net';\nnew TCPHelper('h', 1);\nnew InstanceBase();\nnew net.Socket();")).toEqual([
      'TCPHelper: false',
      'InstanceBase: false',
      'net.Socket: false',
    ]);
  });
});

/**
 * Next to other languages: a project that lints its JSON and Markdown with @eslint/json and
 * @eslint/markdown besides our config gets our findings in its JavaScript and nothing else
 * (ESLint stopped with a TypeError on package-lock.json before the configs had `files`).
 */
import json from '@eslint/json';
import markdown from '@eslint/markdown';
import { Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

import plugin from '../src/index.js';
import { ensureBuilt } from './support/build.js';
import { lintResults, tempProject, type TempProject } from './support/project.js';

const LOCKFILE = JSON.stringify(
  {
    name: 'chat-server',
    lockfileVersion: 3,
    packages: { 'node_modules/ws': { version: '8.18.0', resolved: 'https://registry.npmjs.org/ws/-/ws-8.18.0.tgz', write: true, code: 'ECONNRESET' } },
  },
  null,
  2,
);

const README = `# Chat server

\`\`\`js
import net from 'node:net';
net.createServer((socket) => socket.on('data', (chunk) => socket.write(chunk)));
\`\`\`

Handles \`err.code === 'ECONNRESET'\` and \`socket.write()\` after \`end()\`.
`;

const SERVER = `import net from 'node:net';

export const server = net.createServer((socket) => {
  socket.on('data', (chunk) => socket.write(chunk));
});
`;

const projects: TempProject[] = [];
afterAll(() => projects.forEach((project) => project.remove()));

describe('next to @eslint/json and @eslint/markdown', () => {
  it('every config applies to JavaScript and TypeScript files only', () => {
    for (const config of Object.values(plugin.configs)) {
      expect(config.files).toEqual(['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}']);
    }
  });

  it('every rule says it lints JavaScript (ESLint 10 reads meta.languages)', () => {
    for (const rule of Object.values(plugin.rules)) expect(rule.meta.languages).toEqual(['js/js']);
  });

  it('lints package-lock.json and README.md with their own plugins and the server with ours', () => {
    ensureBuilt();
    const project = tempProject({
      'package.json': '{ "name": "chat-server", "type": "module" }\n',
      'package-lock.json': LOCKFILE,
      'README.md': README,
      'server.js': SERVER,
      'eslint.config.js': `import json from '@eslint/json';
import markdown from '@eslint/markdown';
import socketErrors from 'eslint-plugin-socket-errors';

export default [
  socketErrors.configs.recommended,
  { files: ['**/*.json'], plugins: { json }, language: 'json/json', rules: { 'json/no-duplicate-keys': 'error' } },
  { files: ['**/*.md'], plugins: { markdown }, language: 'markdown/gfm', rules: { 'markdown/no-html': 'error' } },
];
`,
    });
    projects.push(project);
    const run = project.eslint('--format', 'json', '.');
    const results = lintResults(run);
    const byFile = Object.fromEntries(
      results.map((result) => [result.filePath.slice(project.dir.length + 1), result.messages.map((m) => m.ruleId ?? m.message)]),
    );
    expect(byFile).toEqual({
      'README.md': [],
      'eslint.config.js': [],
      'package-lock.json': [],
      'package.json': [],
      'server.js': ['socket-errors/require-error-listener'],
    });
  });

  it('a rule given a JSON file anyway (ESLint 9 does not read meta.languages) reports nothing and does not throw', () => {
    const withoutLanguages = Object.fromEntries(
      Object.entries(plugin.rules).map(([name, rule]) => [name, { ...rule, meta: { ...rule.meta, languages: undefined } }]),
    );
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [
      {
        files: ['**/*.json', '**/*.md'],
        plugins: { json, markdown, 'socket-errors': { rules: withoutLanguages } as never },
        rules: Object.fromEntries(Object.keys(plugin.rules).map((name) => [`socket-errors/${name}`, 'error'])),
      },
      { files: ['**/*.json'], language: 'json/json' },
      { files: ['**/*.md'], language: 'markdown/gfm' },
    ];
    expect(linter.verify(LOCKFILE, config, 'package-lock.json')).toEqual([]);
    expect(linter.verify(README, config, 'README.md')).toEqual([]);
  });
});

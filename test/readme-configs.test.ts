/**
 * The configs of the README work as copied. Each block marked
 * `<!-- config-file: NAME project: js|ts -->` is written, verbatim, into the file NAME at the root
 * of a fresh JavaScript or TypeScript project that has the plugin installed, and ESLint lints the
 * project: no fatal error (the root config file, a script outside tsconfig.json), the findings the
 * config promises. TypeScript type-checks every block (`checkJs`, as an editor with `// @ts-check`
 * does), with further forms users write: `eslint.config.ts`, `Linter.Config[]`, `tseslint.config()`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureBuilt } from './support/build.js';
import { repoRoot } from './support/docs.js';
import { lintResults, tempProject, type TempProject } from './support/project.js';

interface ReadmeConfig {
  file: string;
  /** The kind of project the block is for. */
  project: 'js' | 'ts';
  code: string;
  /** 1-based line of the block's first code line in README.md. */
  line: number;
}

function readmeConfigs(): ReadmeConfig[] {
  const lines = readFileSync(path.join(repoRoot, 'README.md'), 'utf8').split('\n');
  const configs: ReadmeConfig[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = /^<!--\s*config-file:\s*(\S+)\s+project:\s*(js|ts)\s*-->$/.exec(lines[i]!);
    if (!marker) continue;
    expect(lines[i + 1], `README.md:${i + 1}: a code block follows the marker`).toMatch(/^```(js|ts)$/);
    let end = i + 2;
    while (!lines[end]!.startsWith('```')) end++;
    configs.push({ file: marker[1]!, project: marker[2] as 'js' | 'ts', code: `${lines.slice(i + 2, end).join('\n')}\n`, line: i + 3 });
  }
  return configs;
}

const configs = readmeConfigs();

const SERVER = `import net from 'node:net';

export const server = net.createServer((socket) => {
  socket.on('data', (chunk) => socket.write(chunk)); // require-error-listener
});
`;

/**
 * Reported only with type information: the socket's type is an alias (a parameter annotated
 * \`net.Socket\` itself is a socket to every config).
 */
const KICK = `import type net from 'node:net';

type ClientSocket = net.Socket;

export function kick(socket: ClientSocket, reason: string): void {
  socket.destroy();
  socket.write(\`BYE \${reason}\\n\`); // no-use-after-dead
}
`;

/** A script no tsconfig.json includes. */
const SCRIPT = `import net from 'node:net';

net.connect(7000, '127.0.0.1').end('PING\\n'); // require-error-listener
`;

const PROJECTS: Record<ReadmeConfig['project'], Record<string, string>> = {
  js: {
    'package.json': '{ "name": "chat-server", "private": true, "type": "module" }\n',
    'src/server.js': SERVER,
    'scripts/ping.mjs': SCRIPT,
  },
  ts: {
    'package.json': '{ "name": "chat-server", "private": true, "type": "module" }\n',
    'tsconfig.json': `${JSON.stringify(
      { compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', types: ['node'], noEmit: true, skipLibCheck: true }, include: ['src'] },
      null,
      2,
    )}\n`,
    'src/server.ts': SERVER,
    'src/kick.ts': KICK,
    'scripts/ping.mjs': SCRIPT,
  },
};
const projects: TempProject[] = [];
afterAll(() => projects.forEach((project) => project.remove()));
beforeAll(() => ensureBuilt(), 120_000);

describe('README configs', () => {
  it('marks every config block of the README', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const blocks = readme.match(/^```(?:js|ts)\n(?:(?!```)[\s\S])*?(?:export default|module\.exports)[\s\S]*?^```$/gm) ?? [];
    expect(configs.length).toBeGreaterThan(0);
    expect(configs.length).toBe(blocks.length);
  });

  it('shows TypeScript set-ups with just the parser, with types, and with typescript-eslint\'s rules', () => {
    const ts = configs.filter((config) => config.project === 'ts').map((config) => config.code);
    const withRuleSet = (code: string) => code.includes('tseslint.configs');
    // Syntax only: typescript-eslint's parser is all ESLint needs to read TypeScript.
    expect(ts.filter((code) => !code.includes('recommended-type-checked') && !withRuleSet(code))).toHaveLength(1);
    expect(ts.filter((code) => code.includes('recommended-type-checked') && !withRuleSet(code)).length).toBeGreaterThan(0);
    expect(ts.filter(withRuleSet).length).toBeGreaterThan(0);
  });

  for (const config of configs) {
    const typed = config.code.includes('recommended-type-checked');
    it(`README.md block at line ${config.line} (${config.file}, ${config.project} project) lints as copied`, () => {
      const project = tempProject({ ...PROJECTS[config.project], [config.file]: config.code });
      projects.push(project);
      const results = lintResults(project.eslint('--format', 'json', '.'));
      const found = (file: string) =>
        results.find((result) => result.filePath === path.join(project.dir, file))?.messages.map((m) => m.ruleId) ?? [];
      const fatal = results.flatMap((result) =>
        result.messages.filter((m) => m.fatal).map((m) => `${path.relative(project.dir, result.filePath)}: ${m.message}`),
      );
      expect(fatal).toEqual([]);
      expect(results.map((result) => path.relative(project.dir, result.filePath))).toContain(config.file);
      const ext = config.project === 'ts' ? 'ts' : 'js';
      expect(found(`src/server.${ext}`)).toEqual(['socket-errors/require-error-listener']);
      if (config.project === 'ts') expect(found('src/kick.ts')).toEqual(typed ? ['socket-errors/no-use-after-dead'] : []);
      // Outside every tsconfig.json: linted by syntax, unless the config narrows our files to src/.
      const narrowed = /files: \['src\//.test(config.code);
      expect(found('scripts/ping.mjs')).toEqual(narrowed ? [] : ['socket-errors/require-error-listener']);
    }, 60_000);
  }

  it('type-check as written, with ESLint\'s and typescript-eslint\'s types, in every form', () => {
    const extraForms: Record<string, string> = {
      'ts-linter-config/eslint.config.ts': `import type { Linter } from 'eslint';
import socketErrors from 'eslint-plugin-socket-errors';

const config: Linter.Config[] = [
  socketErrors.configs.recommended,
  { files: ['src/**/*.ts'], plugins: { 'socket-errors': socketErrors }, rules: { 'socket-errors/no-use-after-dead': 'error' } },
];
export default config;
`,
      'ts-define-config/eslint.config.ts': `import { defineConfig } from 'eslint/config';
import socketErrors from 'eslint-plugin-socket-errors';
import tseslint from 'typescript-eslint';

export default defineConfig(
  tseslint.configs.recommended,
  socketErrors.configs['recommended-type-checked'],
  { files: ['test/**'], extends: [socketErrors.configs.strict] },
  { files: ['legacy/**'], extends: ['socket-errors/recommended'], plugins: { 'socket-errors': socketErrors } },
);
`,
      'ts-tseslint-config/eslint.config.mts': `import type { ESLint } from 'eslint';
import socketErrors from 'eslint-plugin-socket-errors';
import tseslint from 'typescript-eslint';

export const plugin: ESLint.Plugin = socketErrors;
export default tseslint.config(tseslint.configs.recommended, socketErrors.configs.strict, {
  files: ['**/*.ts'],
  extends: [socketErrors.configs['recommended-type-checked']],
});
`,
      'cts/eslint.config.cts': `import type { Linter } from 'eslint';
import socketErrors = require('eslint-plugin-socket-errors');

const config: Linter.Config[] = [socketErrors.configs.recommended];
export = config;
`,
    };
    const files: Record<string, string> = {
      'package.json': '{ "name": "app", "type": "module" }\n',
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          allowJs: true,
          checkJs: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
        },
        include: ['**/*.js', '**/*.cjs', '**/*.mjs', '**/*.ts', '**/*.cts', '**/*.mts'],
        exclude: ['node_modules'],
      }),
      ...extraForms,
    };
    configs.forEach((config, index) => (files[`readme-${index + 1}/${config.file}`] = config.code));
    const project = tempProject(files);
    projects.push(project);
    const tsc = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', '.'], {
      cwd: project.dir,
      encoding: 'utf8',
    });
    const where = (output: string) =>
      output.replace(/^readme-(\d+)\//gm, (_, n: string) => `README.md block at line ${configs[Number(n) - 1]!.line}: `);
    expect(where(tsc.stdout + tsc.stderr)).toBe('');
    expect(tsc.status).toBe(0);
  }, 60_000);
});

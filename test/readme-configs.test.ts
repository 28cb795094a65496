/**
 * The configs of the README work as copied. Each block marked `<!-- config-file: NAME -->` is
 * written, verbatim, into the file NAME of a fresh project that has the plugin installed; the
 * project's TypeScript type-checks it (`checkJs`, as an editor with `// @ts-check` does), with
 * further forms users write: `eslint.config.ts`, `Linter.Config[]`, `tseslint.config()`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureBuilt } from './support/build.js';
import { repoRoot } from './support/docs.js';
import { tempProject, type TempProject } from './support/project.js';

interface ReadmeConfig {
  file: string;
  code: string;
  /** 1-based line of the block's first code line in README.md. */
  line: number;
}

function readmeConfigs(): ReadmeConfig[] {
  const lines = readFileSync(path.join(repoRoot, 'README.md'), 'utf8').split('\n');
  const configs: ReadmeConfig[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = /^<!--\s*config-file:\s*(\S+)\s*-->$/.exec(lines[i]!);
    if (!marker) continue;
    expect(lines[i + 1], `README.md:${i + 1}: a code block follows the marker`).toMatch(/^```(js|ts)$/);
    let end = i + 2;
    while (!lines[end]!.startsWith('```')) end++;
    configs.push({ file: marker[1]!, code: `${lines.slice(i + 2, end).join('\n')}\n`, line: i + 3 });
  }
  return configs;
}

const configs = readmeConfigs();
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

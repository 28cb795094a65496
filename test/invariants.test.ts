/**
 * One test guards the plugin's invariants: every rule file is exported under its own name, is
 * documented and tested, sits in exactly the configs its meta names, and the generated docs are
 * up to date with the code.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import * as codes from '../src/codes.js';
import plugin from '../src/index.js';
import { renderErrorCodes, renderRulesTable, replaceRulesTable } from '../scripts/render-docs.mjs';
import { docSection, readRuleDoc, repoRoot } from './support/docs.js';

const ruleFiles = readdirSync(path.join(repoRoot, 'rules'))
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

describe('plugin', () => {
  it('names itself after package.json', () => {
    const pkg = JSON.parse(read('package.json')) as { name: string; version: string };
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version });
  });

  it('exports exactly the rules in rules/', () => {
    expect(Object.keys(plugin.rules).sort()).toEqual(ruleFiles);
  });

  it.each(['recommended', 'recommended-type-checked', 'strict'] as const)('config %s registers the plugin', (name) => {
    const config = plugin.configs[name];
    expect(config.plugins?.['socket-errors']).toBe(plugin);
    for (const ruleId of Object.keys(config.rules ?? {})) expect(ruleId).toMatch(/^socket-errors\//);
  });

  it('has every rule in the shape its public type (src/public.ts) promises', () => {
    for (const rule of Object.values(plugin.rules)) {
      expect(rule.meta).toMatchObject({
        type: expect.stringMatching(/^(problem|suggestion|layout)$/) as string,
        docs: { description: expect.any(String) as string, url: expect.any(String) as string },
        messages: expect.any(Object) as object,
        languages: ['js/js'],
      });
      expect(typeof rule.create).toBe('function');
    }
  });

  it('gives every file of one run its own options (options are merged once per distinct options)', () => {
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { 'socket-errors': plugin as never } },
      { files: ['default.ts'], rules: { 'socket-errors/no-unknown-error-code': 'error' } },
      { files: ['listed.ts'], rules: { 'socket-errors/no-unknown-error-code': ['error', { additionalCodes: ['EPIEP'] }] } },
      { files: ['other.ts'], rules: { 'socket-errors/no-unknown-error-code': ['error', { additionalCodes: ['ECONNRESTE'] }] } },
    ];
    const code = "function f(err: NodeJS.ErrnoException) { if (err.code === 'EPIEP') return; }";
    const reported = (file: string) => linter.verify(code, config, file).map((message) => message.messageId ?? message.message);
    for (let round = 0; round < 2; round += 1) {
      expect(reported('default.ts')).toEqual(['typo']);
      expect(reported('listed.ts')).toEqual([]);
      expect(reported('other.ts')).toEqual(['typo']);
    }
  });

  it('turns type information on in recommended-type-checked only', () => {
    expect(plugin.configs['recommended-type-checked'].languageOptions?.parserOptions).toEqual({ projectService: true });
    expect(plugin.configs.recommended.languageOptions).toBeUndefined();
  });
});

describe.skipIf(ruleFiles.length === 0).each(ruleFiles)('rule %s', (name) => {
  const rule = plugin.rules[name]!;
  const docs = rule.meta.docs!;
  const ruleId = `socket-errors/${name}`;

  it('has a name, a description and a docs URL that match its file', () => {
    expect((rule as { name?: string }).name).toBe(name);
    expect(docs.description).toMatch(/^[A-Z].*[^.]$/);
    expect(docs.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
  });

  it('sits in exactly the configs its meta names', () => {
    const inRecommended = docs.recommended === 'recommended';
    expect(ruleId in (plugin.configs.recommended.rules ?? {})).toBe(inRecommended && !docs.requiresTypeChecking);
    expect(ruleId in (plugin.configs['recommended-type-checked'].rules ?? {})).toBe(inRecommended);
    expect(plugin.configs.strict.rules?.[ruleId]).toEqual(
      docs.strictOptions ? ['error', docs.strictOptions] : 'error',
    );
  });

  it('has a test file', () => {
    expect(existsSync(path.join(repoRoot, `test/rules/${name}.test.ts`))).toBe(true);
  });

  it('has docs that state its description, configs and options', () => {
    const doc = readRuleDoc(name);
    expect(doc.split('\n')[0]).toBe(`# ${ruleId}`);
    expect(doc).toContain(`${docs.description}.`);
    const configs = (['recommended', 'recommended-type-checked', 'strict'] as const).filter(
      (config) => ruleId in (plugin.configs[config].rules ?? {}),
    );
    expect(doc).toContain(`💼 Configs: ${configs.map((c) => `\`${c}\``).join(', ')}.`);
    for (const section of ['Rule details', 'Examples', 'Options', 'When not to use it']) {
      expect(docSection(doc, section), `section "## ${section}"`).toBeDefined();
    }
    const schema = Array.isArray(rule.meta.schema) ? rule.meta.schema : [];
    const properties = Object.keys((schema[0] as { properties?: object } | undefined)?.properties ?? {});
    const options = docSection(doc, 'Options') ?? '';
    for (const option of properties) expect(options, `option ${option} documented`).toContain(`\`${option}\``);
    if (rule.meta.fixable) expect(doc).toContain('🔧');
    if (rule.meta.hasSuggestions) expect(doc).toContain('💡');
  });
});

describe('generated docs', () => {
  it('docs/error-codes.md matches the table in src/codes.ts (run `npm run docs`)', () => {
    expect(read('docs/error-codes.md')).toBe(renderErrorCodes(codes));
  });

  it("README's rules table matches the rules' meta (run `npm run docs`)", () => {
    const readme = read('README.md');
    expect(readme).toBe(replaceRulesTable(readme, renderRulesTable(plugin.rules, plugin.configs)));
  });

  it('lists every code of the table in docs/error-codes.md', () => {
    const doc = read('docs/error-codes.md');
    for (const code of codes.SOCKET_ERROR_CODES) expect(doc).toContain(`| \`${code}\` |`);
  });
});

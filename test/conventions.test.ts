/**
 * docs/conventions.md is run, and so is the before/after of the README's Conventions section: every
 * ```ts block, marked `<!-- do -->` or `<!-- dont: rule, ... -->` just before it, is written to a temporary project, compiled with `tsc --strict`, and linted with
 * the plugin's `strict` config with type information. A "do" example must compile and get no
 * finding; a "don't" example must compile and get findings from exactly the rules its marker names.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ESLint, type Linter } from 'eslint';
import ts from 'typescript';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import plugin from '../src/index.js';
import { repoRoot } from './support/docs.js';

interface GuideExample {
  /** The document and the `## ` heading the example sits under. */
  section: string;
  /** 1-based line of the first code line in its document. */
  line: number;
  expect: 'do' | 'dont';
  /** For "don't" examples: the rules (without the `socket-errors/` prefix) that must report it. */
  rules: string[];
  code: string;
  file: string;
}

/** The examples of a document; the README's marked blocks only (most of its blocks are no examples). */
function readGuide(document: string, { requireMarkers }: { requireMarkers: boolean }): { examples: GuideExample[]; unmarked: string[] } {
  const markdown = readFileSync(path.join(repoRoot, document), 'utf8');
  const prefix = path.basename(document, '.md');
  const examples: GuideExample[] = [];
  const unmarked: string[] = [];
  const lines = markdown.split('\n');
  let section = '';
  let marker: Pick<GuideExample, 'expect' | 'rules'> | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^## (.*)$/.exec(line);
    if (heading) section = `${document}: ${heading[1]!}`;
    const mark = /^<!--\s*(do|dont)(?::\s*([\w\s,-]+))?\s*-->$/.exec(line);
    if (mark) {
      marker = { expect: mark[1] as 'do' | 'dont', rules: (mark[2] ?? '').split(',').map((r) => r.trim()).filter(Boolean) };
      continue;
    }
    if (!line.startsWith('```')) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end]!.startsWith('```')) end++;
    if (/^```(ts|typescript)\s*$/.test(line)) {
      if (marker) {
        const code = lines.slice(start, end).join('\n') + '\n';
        examples.push({ section, line: start + 1, ...marker, code, file: `${prefix}-${start + 1}.ts` });
      } else if (requireMarkers) unmarked.push(`${document}:${start + 1}`);
    }
    marker = undefined;
    i = end;
  }
  return { examples, unmarked };
}

/**
 * "Do" examples that a rule still reports, each a false positive of that rule (the guide is right,
 * the rule is not yet): `it.fails` until the rule is fixed, then the test fails so the entry gets
 * removed. Found by a line that only that example contains.
 */
const KNOWN_FALSE_POSITIVES: { contains: string; reason: string }[] = [];

const guide = readGuide('docs/conventions.md', { requireMarkers: true });
const readme = readGuide('README.md', { requireMarkers: false });
const examples = [...guide.examples, ...readme.examples];
const unmarked = guide.unmarked;
const pluginRuleIds = new Set(Object.keys(plugin.rules).map((name) => `socket-errors/${name}`));

let dir = '';
let diagnostics = new Map<string, string[]>();
let findings = new Map<string, Linter.LintMessage[]>();

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'socket-errors-conventions-'));
  const compilerOptions = {
    strict: true,
    target: 'ES2022',
    lib: ['ES2023'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    types: ['node'],
    typeRoots: [path.join(repoRoot, 'node_modules/@types')],
    skipLibCheck: true,
    noEmit: true,
    // The guide imports the package by name; here it is the source of this checkout.
    paths: { 'eslint-plugin-socket-errors/codes': [path.join(repoRoot, 'src/codes.ts')] },
  };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  // The library sections import pg, redis, ws...: this checkout's devDependencies.
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }));
  for (const example of examples) writeFileSync(path.join(dir, example.file), example.code);

  const parsed = ts.parseJsonConfigFileContent({ compilerOptions }, ts.sys, dir);
  const program = ts.createProgram(
    examples.map((e) => path.join(dir, e.file)),
    parsed.options,
  );
  diagnostics = new Map(
    examples.map((e) => {
      const source = program.getSourceFile(path.join(dir, e.file))!;
      const found = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
      return [
        e.file,
        found.map((d) => {
          const { line } = d.start === undefined ? { line: -1 } : source.getLineAndCharacterOfPosition(d.start);
          return `line ${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
        }),
      ];
    }),
  );

  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        // The program just type-checked, the one tsconfig.json describes: the project service would
        // build and check it again.
        languageOptions: { parser: tseslint.parser, parserOptions: { programs: [program] } },
      },
      plugin.configs.strict,
    ],
  });
  const results = await eslint.lintFiles(examples.map((e) => e.file));
  findings = new Map(results.map((r) => [path.basename(r.filePath), r.messages]));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function describeFindings(messages: Linter.LintMessage[]): string[] {
  return messages.map((m) => `${m.ruleId ?? 'parse'} (line ${m.line}): ${m.message}`);
}

describe('docs/conventions.md and the README before/after', () => {
  it('marks every ts example as do or dont, and has both in every section', () => {
    expect(unmarked, 'ts blocks without a <!-- do --> or <!-- dont: ... --> marker').toEqual([]);
    expect(readme.examples.map((e) => e.expect).sort(), "the README's before and after").toEqual(['do', 'dont']);
    const sections = new Set(guide.examples.map((e) => e.section));
    for (const section of sections) {
      const inSection = examples.filter((e) => e.section === section);
      expect(inSection.some((e) => e.expect === 'do'), `${section}: a do example`).toBe(true);
      expect(inSection.some((e) => e.expect === 'dont'), `${section}: a don't example`).toBe(true);
    }
    expect(sections.size).toBeGreaterThanOrEqual(7);
  });

  it('names only rules of the plugin in its markers', () => {
    for (const example of examples) {
      expect(example.expect === 'do' || example.rules.length > 0, `line ${example.line}: a dont names its rules`).toBe(true);
      for (const rule of example.rules) expect(pluginRuleIds, `line ${example.line}`).toContain(`socket-errors/${rule}`);
    }
    for (const known of KNOWN_FALSE_POSITIVES) {
      const matching = examples.filter((e) => e.expect === 'do' && e.code.includes(known.contains));
      expect(matching, `exactly one "do" example contains ${known.contains}`).toHaveLength(1);
    }
  });

  for (const example of examples) {
    const title = `${example.section}: ${example.expect === 'do' ? 'do' : `don't (${example.rules.join(', ')})`} at line ${example.line}`;

    it(`${title} compiles with tsc --strict`, () => {
      expect(diagnostics.get(example.file)).toEqual([]);
    });

    const falsePositive =
      example.expect === 'do' ? KNOWN_FALSE_POSITIVES.find((known) => example.code.includes(known.contains))?.reason : undefined;
    const lintTest = falsePositive ? it.fails : it;
    lintTest(`${title} is linted as the guide says${falsePositive ? ` (known false positive: ${falsePositive})` : ''}`, () => {
      const messages = findings.get(example.file) ?? [];
      if (example.expect === 'do') {
        expect(describeFindings(messages)).toEqual([]);
      } else {
        expect(describeFindings(messages.filter((m) => !m.ruleId || !pluginRuleIds.has(m.ruleId)))).toEqual([]);
        const reported = [...new Set(messages.map((m) => m.ruleId!.slice('socket-errors/'.length)))].sort();
        expect(reported, describeFindings(messages).join('\n')).toEqual([...example.rules].sort());
      }
    });
  }
});

/** Reading rule docs: their code examples, and the sections the invariants test checks. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const rulesDocsDir = path.join(repoRoot, 'docs/rules');

export interface DocExample {
  /** 'incorrect' blocks must be reported by the rule, 'correct' ones must not. */
  expect: 'incorrect' | 'correct';
  code: string;
  language: 'ts' | 'tsx' | 'js' | 'jsx';
  /** The rule's first option, from a `<!-- options: {...} -->` comment before the block. */
  options: Record<string, unknown> | undefined;
  /** Lint with type information (`<!-- typed -->` before the block). */
  typed: boolean;
  /** 1-based line of the block's first code line in the .md file, for messages. */
  line: number;
}

/**
 * The code blocks under a `### ❌ Incorrect` or `### ✅ Correct` heading (any heading level that
 * contains the word) until the next heading of the same or a higher level.
 */
export function readDocExamples(markdown: string): DocExample[] {
  const examples: DocExample[] = [];
  const lines = markdown.split('\n');
  let section: DocExample['expect'] | undefined;
  let sectionLevel = 0;
  let pendingOptions: Record<string, unknown> | undefined;
  let pendingTyped = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^(#+)\s+(.*)$/.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      if (/\bincorrect\b/i.test(heading[2]!)) [section, sectionLevel] = ['incorrect', level];
      else if (/\bcorrect\b/i.test(heading[2]!)) [section, sectionLevel] = ['correct', level];
      else if (section && level <= sectionLevel) section = undefined;
      continue;
    }
    const options = /^<!--\s*options:\s*(.*?)\s*-->$/.exec(line);
    if (options) {
      pendingOptions = JSON.parse(options[1]!) as Record<string, unknown>;
      continue;
    }
    if (/^<!--\s*typed\s*-->$/.test(line)) {
      pendingTyped = true;
      continue;
    }
    const fence = /^```(ts|tsx|js|jsx|typescript|javascript)\s*$/.exec(line);
    if (!fence) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end]!.startsWith('```')) end++;
    if (section) {
      const raw = fence[1]!;
      const language = raw === 'typescript' ? 'ts' : raw === 'javascript' ? 'js' : (raw as DocExample['language']);
      examples.push({
        expect: section,
        code: lines.slice(start, end).join('\n') + '\n',
        language,
        options: pendingOptions,
        typed: pendingTyped,
        line: start + 1,
      });
    }
    pendingOptions = undefined;
    pendingTyped = false;
    i = end;
  }
  return examples;
}

export function ruleDocNames(): string[] {
  if (!existsSync(rulesDocsDir)) return [];
  return readdirSync(rulesDocsDir)
    .filter((file) => file.endsWith('.md'))
    .map((file) => file.slice(0, -'.md'.length));
}

export function readRuleDoc(name: string): string {
  return readFileSync(path.join(rulesDocsDir, `${name}.md`), 'utf8');
}

/** The text of a `## Title` section, up to the next `## ` heading. */
export function docSection(markdown: string, title: string): string | undefined {
  const match = new RegExp(`^## ${title}\\s*$([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(markdown);
  return match?.[1];
}

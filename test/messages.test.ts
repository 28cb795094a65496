/**
 * Messages are read in an editor hover and in one line of a CI log: each one is a single short
 * sentence (at most 120 characters with realistic names) saying what is wrong. The why and the
 * how live on the rule's docs page, one entry per messageId, and in the suggestion's text.
 */
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { STRICT_CLOSE_CODES } from '../rules/no-fatal-close-errors.js';
import plugin from '../src/index.js';
import { docSection, readRuleDoc } from './support/docs.js';
import { messageSamples, renderMessage } from './support/message-samples.js';

const MAX_LENGTH = 120;

/** The text outside code spans: a `.` inside `socket.end()` does not end a sentence. */
const prose = (text: string) => text.replace(/`[^`]*`/gu, 'X');

describe.each(Object.keys(plugin.rules).sort())('rule %s', (name) => {
  const messages: Record<string, string> = plugin.rules[name]!.meta.messages;
  const samples = messageSamples[name];

  it('has realistic samples for every messageId, and none for ids it does not have', () => {
    expect(samples, `samples for ${name} in test/support/message-samples.ts`).toBeDefined();
    const sampled = [...Object.keys(samples!.reports), ...Object.keys(samples!.suggestions)].sort();
    expect(sampled).toEqual(Object.keys(messages).sort());
  });

  it(`renders every message as one sentence of at most ${MAX_LENGTH} characters`, () => {
    const rendered = Object.entries({ ...samples!.reports, ...samples!.suggestions }).flatMap(([id, list]) =>
      list.map((data) => ({ id, text: renderMessage(messages[id] ?? '', data) })),
    );
    const tooLong = rendered.filter(({ text }) => text.length > MAX_LENGTH).map(({ id, text }) => `${id} (${text.length}): ${text}`);
    expect(tooLong).toEqual([]);
    for (const { id, text } of rendered) {
      expect(text, id).not.toMatch(/\{\{/u);
      expect(prose(text), `${id} ends like a sentence`).toMatch(/^[A-Z`'"].*[.?]$/u);
      expect(prose(text).slice(0, -1), `${id} is one sentence`).not.toMatch(/[.?!;]\s/u);
    }
  });

  it('explains every reported messageId on its docs page, under "## Messages"', () => {
    const section = docSection(readRuleDoc(name), 'Messages');
    expect(section, `docs/rules/${name}.md has a "## Messages" section`).toBeDefined();
    for (const id of Object.keys(samples?.reports ?? {})) {
      // The heading, then the message as a user sees it (placeholders filled in) quoted below it.
      const entry = new RegExp(`^### \`${id}\`\\n\\n> (.*)$`, 'mu').exec(section ?? '');
      expect(entry, `### \`${id}\` followed by the quoted message`).not.toBeNull();
      const pattern = messages[id]!.split(/\{\{\s*\w+\s*\}\}/u).map((part) => part.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'));
      expect(entry![1], `the quoted ${id} is what the rule says`).toMatch(new RegExp(`^${pattern.join('.*')}$`, 'u'));
    }
  });
});

describe('messages as reported on code with long code lists', () => {
  const linter = new Linter({ configType: 'flat' });
  const lint = (code: string, rules: Linter.RulesRecord) =>
    linter.verify(code, [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { 'socket-errors': plugin as never }, rules },
    ], 'server.ts');

  it.each([
    [
      'a TLS dispatch that names one code of a long family',
      `tlsSocket.on('error', (err) => {\n  if (err.code === 'DEPTH_ZERO_SELF_SIGNED_CERT') promptToTrust(host);\n});\n`,
      { 'socket-errors/exhaustive-error-codes': ['error', { ignoreKinds: [] }] },
    ],
    [
      'a dispatch that names two codes of a family',
      `upstreamSocket.on('error', (err) => {\n  if (err.code === 'ERR_SOCKET_CONNECTION_TIMEOUT' || err.code === 'ERR_TLS_HANDSHAKE_TIMEOUT') reconnect();\n});\n`,
      { 'socket-errors/exhaustive-error-codes': 'error' },
    ],
    [
      'a throw under the strict list of benign close codes',
      `import net from 'node:net';\nconst upstreamSocket = net.connect(443, 'backend.internal');\nupstreamSocket.on('error', (err) => {\n  throw err;\n});\n`,
      { 'socket-errors/no-fatal-close-errors': ['error', { codes: STRICT_CLOSE_CODES }] },
    ],
  ] as const)('%s', (_title, code, rules) => {
    const reported = lint(code, rules as Linter.RulesRecord);
    expect(reported.length, 'reported').toBeGreaterThan(0);
    for (const message of reported) {
      expect(message.message.length, message.message).toBeLessThanOrEqual(MAX_LENGTH);
      for (const suggestion of message.suggestions ?? []) expect(suggestion.desc.length, suggestion.desc).toBeLessThanOrEqual(MAX_LENGTH);
    }
  });
});

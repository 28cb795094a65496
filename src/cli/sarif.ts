/**
 * A small SARIF 2.1.0 writer for the audit's results, shaped for GitHub code scanning: one run,
 * the rules of the config as `tool.driver.rules`, findings as `results`, and files that could not
 * be audited (parse errors, ignored files named on the command line) as tool execution
 * notifications, since they say nothing about the code's socket handling.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** What the writer needs from an ESLint lint message. */
export interface SarifInputMessage {
  ruleId: string | null;
  severity: number;
  message: string;
  line?: number;
  column?: number;
  endLine?: number | undefined;
  endColumn?: number | undefined;
  fatal?: boolean | undefined;
}

/** What the writer needs from an ESLint lint result. */
export interface SarifInputResult {
  filePath: string;
  messages: readonly SarifInputMessage[];
  /** The file's text after fixes (ESLint sets it when `--fix` changed the file). */
  output?: string | undefined;
  /** The file's text (ESLint sets it for files with problems and no fix). Read from disk otherwise. */
  source?: string | undefined;
}

/** What the writer needs from a rule's `meta`. */
export interface SarifRuleMeta {
  type?: string | undefined;
  docs?: { description?: string | undefined; url?: string | undefined } | undefined;
}

export interface SarifOptions {
  /** Absolute directory the file URIs are relative to (`%SRCROOT%`). */
  root: string;
  tool: { name: string; version: string; informationUri: string };
  /** Every rule the run had enabled, by rule id. */
  rules: Readonly<Record<string, SarifRuleMeta>>;
}

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifRegion {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

export interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId?: string };
    region?: SarifRegion;
  };
}

export interface SarifReportingDescriptor {
  id: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  helpUri?: string;
  help?: { text: string };
  defaultConfiguration?: { level: SarifLevel };
  properties?: Record<string, unknown>;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  /** What identifies the finding across commits, whatever moves around it. */
  partialFingerprints: { [FINGERPRINT]: string };
}

export interface SarifNotification {
  level: SarifLevel;
  message: { text: string };
  descriptor: { id: string; index: number };
  locations: SarifLocation[];
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [
    {
      tool: {
        driver: {
          name: string;
          version: string;
          semanticVersion: string;
          informationUri: string;
          rules: SarifReportingDescriptor[];
          notifications: SarifReportingDescriptor[];
        };
      };
      originalUriBaseIds: Record<string, { uri: string }>;
      columnKind: 'utf16CodeUnits';
      results: SarifResult[];
      invocations: [{ executionSuccessful: boolean; toolExecutionNotifications: SarifNotification[] }];
    },
  ];
}

/**
 * The fingerprint GitHub code scanning matches alerts by across commits. Ours hashes the rule, the
 * file and the text of the finding's first line with its whitespace collapsed, so a finding keeps
 * its fingerprint when lines above it are added or removed, and changes when its own line does.
 * The message is left out on purpose: rewording a message must not reopen every alert. `:n` counts
 * identical lines of one file (the first is `:1`), as GitHub's own fingerprints do.
 */
export const FINGERPRINT = 'primaryLocationLineHash';

/** Notification ids for messages that are about the run, not the code. */
const NOTIFICATIONS: SarifReportingDescriptor[] = [
  {
    id: 'socket-errors/parse-error',
    shortDescription: { text: 'The file could not be parsed, so it was not audited' },
  },
  {
    id: 'socket-errors/file-not-audited',
    shortDescription: { text: 'The file was named on the command line but not audited (ignored or outside the scan root)' },
  },
];

export function toSarif(results: readonly SarifInputResult[], options: SarifOptions): SarifLog {
  const ruleIds = Object.keys(options.rules).sort();
  const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));
  const rules = ruleIds.map((id) => ruleDescriptor(id, options.rules[id]!));
  const findings: SarifResult[] = [];
  const notifications: SarifNotification[] = [];

  for (const result of results) {
    const artifactLocation = artifactLocationFor(result.filePath, options.root);
    let lines: string[] | undefined;
    const occurrences = new Map<string, number>();
    const fingerprint = (ruleId: string, line: number | undefined) => {
      lines ??= sourceOf(result).split(/\r?\n|\r|\u2028|\u2029/);
      const text = (line !== undefined ? (lines[line - 1] ?? '') : '').trim().replace(/\s+/g, ' ');
      const hash = createHash('sha256').update(`${ruleId}\0${artifactLocation.uri}\0${text}`).digest('hex').slice(0, 32);
      const occurrence = (occurrences.get(hash) ?? 0) + 1;
      occurrences.set(hash, occurrence);
      return `${hash}:${occurrence}`;
    };
    for (const message of result.messages) {
      const level: SarifLevel = message.severity >= 2 ? 'error' : 'warning';
      const region = regionFor(message);
      const location: SarifLocation = { physicalLocation: region ? { artifactLocation, region } : { artifactLocation } };
      if (message.ruleId !== null) {
        let index = ruleIndex.get(message.ruleId);
        if (index === undefined) {
          // not among the rules the run was given: still a finding, described by its id
          index = rules.push(ruleDescriptor(message.ruleId, {})) - 1;
          ruleIndex.set(message.ruleId, index);
        }
        findings.push({
          ruleId: message.ruleId,
          ruleIndex: index,
          level,
          message: { text: message.message },
          locations: [location],
          partialFingerprints: { [FINGERPRINT]: fingerprint(message.ruleId, message.line) },
        });
      } else {
        const descriptorIndex = message.fatal ? 0 : 1;
        notifications.push({
          level,
          message: { text: message.message },
          descriptor: { id: NOTIFICATIONS[descriptorIndex]!.id, index: descriptorIndex },
          locations: [location],
        });
      }
    }
  }

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: options.tool.name,
            version: options.tool.version,
            semanticVersion: options.tool.version,
            informationUri: options.tool.informationUri,
            rules,
            notifications: NOTIFICATIONS,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: directoryUri(options.root) } },
        columnKind: 'utf16CodeUnits',
        results: findings,
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
      },
    ],
  };
}

/** The text the findings' lines refer to: after fixes when there were any; empty when unreadable. */
function sourceOf(result: SarifInputResult): string {
  if (result.output !== undefined) return result.output;
  if (result.source !== undefined) return result.source;
  try {
    return readFileSync(result.filePath, 'utf8');
  } catch {
    return '';
  }
}

function ruleDescriptor(id: string, meta: SarifRuleMeta): SarifReportingDescriptor {
  const description = meta.docs?.description ?? id;
  const descriptor: SarifReportingDescriptor = {
    id,
    shortDescription: { text: description },
    fullDescription: { text: description },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['reliability', 'correctness'], precision: 'high', 'problem.severity': 'error' },
  };
  if (meta.docs?.url) {
    descriptor.helpUri = meta.docs.url;
    descriptor.help = { text: `${description}. Details and examples: ${meta.docs.url}` };
  }
  return descriptor;
}

/** ESLint columns are 1-based UTF-16 offsets with an exclusive end, as SARIF's default `columnKind`. */
function regionFor(message: SarifInputMessage): SarifRegion | undefined {
  if (!message.line || message.line < 1) return undefined;
  const region: SarifRegion = { startLine: message.line, startColumn: Math.max(1, message.column ?? 1) };
  if (message.endLine !== undefined && message.endLine >= message.line) {
    region.endLine = message.endLine;
    if (message.endColumn !== undefined) {
      region.endColumn = Math.max(message.endColumn, message.endLine === message.line ? region.startColumn! : 1);
    }
  }
  return region;
}

/** A file below the root as a relative URI against `%SRCROOT%`; any other file as an absolute `file:` URI. */
export function artifactLocationFor(filePath: string, root: string): { uri: string; uriBaseId?: string } {
  const relative = path.relative(root, filePath);
  if (relative === '' || isOutside(relative)) {
    return { uri: pathToFileURL(filePath).href };
  }
  const uri = encodeURI(relative.split(path.sep).join('/'))
    .replace(/[?#]/g, (c) => encodeURIComponent(c))
    // a colon before the first slash would read as a URI scheme
    .replace(/^[^/]*/, (first) => first.replace(/:/g, '%3A'));
  return { uri, uriBaseId: '%SRCROOT%' };
}

/** Whether a path from `path.relative(root, file)` leaves `root`. */
export function isOutside(relative: string): boolean {
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/**
 * SARIF 2.1.0: one `tool.driver.rules[]` entry per catalog rule, one result per finding (suppressed
 * findings carry an `inSource` suppression with the annotation's reason), input errors as tool
 * execution notifications. File URIs are relative to the working directory (forward slashes,
 * percent-encoded), `file://` URIs for files outside it, and `stdin` for standard input.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Log, Notification, ReportingDescriptor, Result } from 'sarif';
import { CATALOG, topicOf } from '../../engine/catalog';
import { Severity, UNNAMED } from '../../model/finding';
import { STDIN_NAME } from '../input';
import { CheckReport } from '../report';

const LEVELS: { [severity: string]: 'error' | 'warning' | 'note' } = {
  [Severity.ERROR]: 'error',
  [Severity.WARNING]: 'warning',
  [Severity.INFO]: 'note',
};

/** The SARIF URI of a source's display name. */
export function sarifUri(file: string, cwd: string): string {
  if (file === STDIN_NAME) return 'stdin';
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return pathToFileURL(absolute).href;
  return relative.split(path.sep).map(segment => encodeURIComponent(segment)).join('/');
}

/** The report as a SARIF log object. */
export function toSarif(report: CheckReport): Log {
  const rules: ReportingDescriptor[] = CATALOG.map(rule => ({
    id: rule.name,
    name: rule.name,
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.why },
    help: { text: rule.remediation },
    helpUri: rule.docsUrl,
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties: { topic: topicOf(rule).id, ...(rule.gating ? { gating: rule.gating } : {}) },
  }));
  const ruleIndex = new Map(CATALOG.map((rule, index) => [rule.name, index]));
  const results: Result[] = report.findings.map(finding => {
    const index = ruleIndex.get(finding.rule);
    const object = finding.resource;
    const result: Result = {
      ruleId: finding.rule,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: LEVELS[finding.severity],
      message: { text: finding.message },
      locations: [{
        // From a cluster there is no file: the object is the location (a logical location alone).
        ...(report.cluster || finding.line === undefined ? {} : {
          physicalLocation: {
            artifactLocation: { uri: sarifUri(finding.file, report.cwd) },
            region: { startLine: finding.line },
          },
        }),
        logicalLocations: [{
          name: object.name ?? UNNAMED,
          fullyQualifiedName: `${object.kind}/${object.namespace ? `${object.namespace}/` : ''}${object.name ?? UNNAMED}`,
          kind: 'object',
        }],
      }],
      properties: {
        path: finding.path,
        ...(finding.documentIndex !== undefined ? { documentIndex: finding.documentIndex } : {}),
        object: { ...object },
        remediation: finding.remediation,
      },
    };
    if (finding.suppressedReason) result.suppressions = [{ kind: 'inSource', justification: finding.suppressedReason }];
    return result;
  });
  const notifications: Notification[] = [
    ...report.inputErrors.map(error => ({ error, level: 'error' as const })),
    ...report.inputWarnings.map(error => ({ error, level: 'warning' as const })),
  ].map(({ error, level }) => ({
    level,
    message: { text: error.message },
    locations: [report.cluster ? {
      logicalLocations: [{ name: error.file, kind: 'object' }],
    } : {
      physicalLocation: {
        artifactLocation: { uri: sarifUri(error.file, report.cwd) },
        ...(error.line !== undefined ? { region: { startLine: Math.max(1, error.line) } } : {}),
      },
    }],
    ...(error.documentIndex !== undefined ? { properties: { documentIndex: error.documentIndex } } : {}),
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-windows',
          version: report.version,
          informationUri: 'https://github.com/cdk8s-windows/cdk8s-windows',
          rules,
        },
      },
      invocations: [{
        executionSuccessful: report.inputErrors.length === 0,
        toolExecutionNotifications: notifications,
      }],
      results,
      properties: {
        target: report.profile.describe(),
        strict: report.strict,
        ...(report.cluster ? { cluster: { ...report.cluster } } : {}),
        summary: { ...report.summary },
      },
    }],
  };
}

/** The report as SARIF text. */
export function formatSarif(report: CheckReport): string {
  return JSON.stringify(toSarif(report), null, 2) + '\n';
}

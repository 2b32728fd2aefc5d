/**
 * Plain-text renderings for people at a terminal: the analysis summary and one query answer.
 * Long lists are cut with "... and N more" so a 10,000-endpoint account still prints a screenful;
 * the complete data is always available through --json.
 */
import type { AnalysisResult, AnalysisSummary, ReachAnswer, RuleRef } from '../core/analysis-types';
import { describeExposure } from '../core/describe-exposure';
import type { Endpoint, Snapshot } from '../core/model';

export const MAX_LISTED_WARNINGS = 20;
export const MAX_LISTED_EXPOSURES = 50;

export function formatAnalysis(snapshot: Snapshot, analysis: AnalysisResult, summary: AnalysisSummary): string {
  const lines: string[] = [];
  const formats = snapshot.sources.map((s) => `${s.file} (${s.format})`);
  lines.push(`Inputs: ${formats.length > 0 ? formats.join(', ') : 'none recognised'}`);
  lines.push('');
  lines.push(`  security groups   ${summary.groups} defined, ${summary.externalGroups} external`);
  lines.push(`  rules             ${summary.rules}`);
  lines.push(`  endpoints         ${summary.endpoints}`);
  lines.push(`  flow graph        ${summary.flowNodes} nodes, ${summary.flowEdges} edges`);
  const possibly = summary.possiblyExposedEndpoints ? `, ${summary.possiblyExposedEndpoints} more depending on prefix lists of unknown entries` : '';
  // "Outside" is the internet, a public CIDR or a prefix list holding outside addresses (see
  // AnalysisSummary.internetExposedEndpoints): a rule open to one office /32 counts too.
  // Of those, what the rules alone let in: a public address and nothing in between.
  const atPublic = summary.internetExposedEndpoints > 0 && summary.exposedAtPublicAddress !== undefined ? `; ${summary.exposedAtPublicAddress} of them at a public address` : '';
  lines.push(`  exposed outside   ${endpointCount(summary.internetExposedEndpoints)} (internet, public CIDRs, prefix lists)${atPublic}${possibly}`);
  if (summary.endpointsWithUnknownRules) {
    lines.push(`  unknown rules     ${summary.endpointsWithUnknownRules} endpoints carry a group defined outside the inputs: they may have more flows than shown`);
  }
  lines.push(`  warnings          ${summary.warnings}`);
  for (const note of analysis.notes ?? []) lines.push(`  note: ${note}`);

  if (snapshot.warnings.length > 0) {
    lines.push('');
    lines.push(`Warnings (${snapshot.warnings.length}):`);
    for (const w of snapshot.warnings.slice(0, MAX_LISTED_WARNINGS)) {
      const where = w.file ? ` [${w.file}]` : '';
      lines.push(`  - ${w.code}: ${w.message}${where}`);
    }
    if (snapshot.warnings.length > MAX_LISTED_WARNINGS) {
      lines.push(`  ... and ${snapshot.warnings.length - MAX_LISTED_WARNINGS} more`);
    }
  }

  lines.push('');
  const exposures = analysis.exposures;
  if (exposures.length === 0) {
    lines.push('Exposure: no endpoint is reachable from outside sources.');
  } else {
    const endpoints = new Map(snapshot.endpoints.map((e) => [e.id, e]));
    const nodes = new Map(analysis.flows.nodes.map((n) => [n.id, n]));
    const risky = exposures.filter((x) => x.risky).length;
    const depends = exposures.filter((x) => x.depends).length;
    const dependsNote = depends ? `, ${depends} depending on prefix lists of unknown entries, marked ?` : '';
    lines.push(`Exposure to outside sources (${exposures.length} entries, ${risky} risky, marked !${dependsNote}; risky and internet-wide first):`);
    // Most urgent first: risky ports, then the whole internet before narrower sources.
    const rank = (x: (typeof exposures)[number]) => (x.risky ? 0 : 2) + (nodes.get(x.from)?.kind === 'internet' ? 0 : 1);
    const ordered = exposures.map((x, i) => ({ x, i })).sort((a, b) => rank(a.x) - rank(b.x) || a.i - b.i).map((e) => e.x);
    for (const x of ordered.slice(0, MAX_LISTED_EXPOSURES)) {
      const endpoint = endpoints.get(x.endpointId);
      lines.push(`  ${x.risky ? '!' : ' '}${x.depends ? '?' : ' '}${labelEndpoint(endpoint, x.endpointId)}  from ${describeExposure(x, endpoint, nodes.get(x.from))}`);
    }
    if (exposures.length > MAX_LISTED_EXPOSURES) lines.push(`  ... and ${exposures.length - MAX_LISTED_EXPOSURES} more`);
  }
  return printable(lines);
}

export function labelEndpoint(endpoint: Endpoint | undefined, id: string): string {
  if (!endpoint) return id;
  // ARNs are long and unreadable next to a name; the Terraform address says the same thing shorter.
  const shown = id.startsWith('arn:') && endpoint.tfAddress ? endpoint.tfAddress : id;
  return endpoint.name && endpoint.name !== id ? `${endpoint.name} (${shown})` : id;
}

export interface QueryDescription {
  from: string;
  to: string;
  traffic: string;
}

export function formatAnswer(answer: ReachAnswer, asked: QueryDescription): string {
  const lines: string[] = [];
  const fromAt = answer.fromAddress && answer.fromAddress !== asked.from ? ` [${answer.fromAddress}]` : '';
  const toAt = answer.toAddress && answer.toAddress !== asked.to ? ` [${answer.toAddress}]` : '';
  lines.push(`${answer.verdict.toUpperCase()}  ${asked.from}${fromAt} -> ${asked.to}${toAt}  ${asked.traffic}`);
  if (answer.explanation) lines.push(answer.explanation);
  if (answer.refusedBy && answer.refusedBy.length > 0) {
    // A side, not a rule: it also refuses when it has no address of the family asked about.
    const sides = answer.refusedBy.map((d) => (d === 'egress' ? "the source's side (egress)" : "the destination's side (ingress)"));
    lines.push(`${answer.verdict === 'depends' ? 'Undecided on' : 'Refused on'}: ${sides.join(' and ')}`);
  }
  appendRules(lines, 'Egress rules on the source that allow it', answer.egress);
  appendRules(lines, 'Ingress rules on the destination that allow it', answer.ingress);
  return printable(lines);
}

function appendRules(lines: string[], title: string, rules: RuleRef[]): void {
  if (rules.length === 0) return;
  lines.push(`${title}:`);
  for (const r of rules) {
    const where = r.origins.map((o) => o.address ?? o.file).filter(Boolean)[0];
    lines.push(`  - ${r.summary}${where ? `  (${where})` : ''}`);
  }
}

/** `1 endpoint`, `2 endpoints`. */
function endpointCount(n: number): string {
  return `${n} endpoint${n === 1 ? '' : 's'}`;
}

/**
 * The lines as the terminal gets them: a control character in a name or a tag (a line break, an
 * escape sequence that recolours or clears the screen) comes from the inputs, where a hand-edited
 * file may put it, and is shown as an escape instead of acting on the terminal or faking a line.
 */
function printable(lines: readonly string[]): string {
  // eslint-disable-next-line no-control-regex
  return lines.map((l) => l.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('\n') + '\n';
}

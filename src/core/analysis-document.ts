/**
 * The `reachmap analyze --json` document: one JSON object holding the summary, the warnings, the
 * grouped flow graph, the exposures and the full snapshot. Kept in one function so the CLI and the
 * app's "export analysis" produce the same shape; README.md documents every top-level key, and any
 * change here is a change to that public format (bump ANALYSIS_DOCUMENT_VERSION).
 */
import type { AnalysisResult, AnalysisSummary, Exposure, FlowGraph } from './analysis-types';
import type { Snapshot, Warning } from './model';

export const ANALYSIS_DOCUMENT_FORMAT = 'reachmap-analysis';
export const ANALYSIS_DOCUMENT_VERSION = 1;

export interface AnalysisDocument {
  format: typeof ANALYSIS_DOCUMENT_FORMAT;
  version: typeof ANALYSIS_DOCUMENT_VERSION;
  /** Tool and version that wrote it, e.g. 'reachmap 0.1.0'. */
  tool: string;
  summary: AnalysisSummary;
  /** What the analysis chose to simplify on big inputs (e.g. CIDR-only pairs drawn through CIDR nodes). */
  notes: string[];
  /** Import warnings: also in snapshot.warnings, repeated here so readers need not dig. */
  warnings: Warning[];
  exposures: Exposure[];
  flows: FlowGraph;
  snapshot: Snapshot;
}

/**
 * Builds the document. The counts that describe the inputs are taken from the snapshot itself so
 * they always agree with the `snapshot` key, whatever the engine chose to count.
 */
export function buildAnalysisDocument(snapshot: Snapshot, analysis: AnalysisResult, tool: string): AnalysisDocument {
  return {
    format: ANALYSIS_DOCUMENT_FORMAT,
    version: ANALYSIS_DOCUMENT_VERSION,
    tool,
    summary: summarize(snapshot, analysis),
    notes: analysis.notes ?? [],
    warnings: snapshot.warnings,
    exposures: analysis.exposures,
    flows: analysis.flows,
    snapshot,
  };
}

export function summarize(snapshot: Snapshot, analysis: AnalysisResult): AnalysisSummary {
  const external = snapshot.groups.filter((g) => g.external).length;
  return {
    ...analysis.summary,
    groups: snapshot.groups.length - external,
    externalGroups: external,
    rules: snapshot.rules.length,
    endpoints: snapshot.endpoints.length,
    warnings: snapshot.warnings.length,
    flowNodes: analysis.flows.nodes.length,
    flowEdges: analysis.flows.edges.length,
    internetExposedEndpoints: analysis.summary.internetExposedEndpoints,
    possiblyExposedEndpoints: analysis.summary.possiblyExposedEndpoints ?? 0,
    endpointsWithUnknownRules: analysis.summary.endpointsWithUnknownRules ?? 0,
  };
}

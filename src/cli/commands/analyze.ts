/**
 * `reachmap analyze`: imports the inputs, computes the grouped flow graph and prints either a
 * summary for people or the full analysis document (--json) for programs. The document names the
 * inputs by their base names, as the app's "export analysis" does: it is the kind of file that gets
 * attached to a ticket, and the paths given may hold the user's name. The summary for people keeps them.
 */
import { shortenSnapshotFiles } from '../../core/export-names';
import { analyzeFlows, buildReachIndex } from '../../core/reach';
import { buildAnalysisDocument, summarize } from '../../core/analysis-document';
import { EXIT_OK, type CliCommand } from '../cli-types';
import { formatAnalysis } from '../format-text';
import { createProgress, loadSnapshot } from '../load-snapshot';
import { OutputBuffer } from '../output-buffer';
import { TOOL } from '../version';
import { writeJson } from '../write-json';

export const command: CliCommand = {
  name: 'analyze',
  summary: 'summarize groups, rules, endpoints, flows and internet exposure',
  help: `Usage: reachmap analyze <file|folder>... [--json]

Imports Terraform state/plan JSON, AWS CLI JSON, EC2 API XML answers or saved snapshots, merges
them, and prints:
counts (groups, external groups, rules, endpoints, warnings, flow nodes/edges), the import
warnings, and the endpoints reachable from outside sources (internet, CIDR blocks, prefix
lists) with their ports; risky ports (admin, databases, all traffic) are marked with '!'.

Folders are scanned recursively for .json, .tfstate, .backup files (skipping node_modules,
.terraform and hidden folders, and a state's backup beside the state); files there that no
importer recognises are skipped with a warning.
Saved EC2 Query API XML answers are read when named directly.

Options:
  --json       print the analysis document as one JSON object (keys: format, version, tool,
               summary, warnings, exposures, flows, snapshot; see README.md); inputs are
               named by file name, not path
  -h, --help   show this help

Exit status: 0 analysed (warnings do not change it), 2 bad usage or unreadable input.`,
  options: {
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const progress = createProgress(io);
    const snapshot = await loadSnapshot(args.positionals, io, 'analyze', progress);
    progress.phase('analysing');
    // Only the JSON document lists each edge's rules; the summary never reads them.
    const analysis = analyzeFlows(buildReachIndex(snapshot), { ruleIds: args.options.json === true });
    progress.done(`${analysis.flows.nodes.length} nodes, ${analysis.flows.edges.length} edges`);
    const out = new OutputBuffer(io.stdout);
    if (args.options.json) {
      await writeJson(buildAnalysisDocument(shortenSnapshotFiles(snapshot), analysis, TOOL), out);
      out.write('\n');
    } else {
      out.write(formatAnalysis(snapshot, analysis, summarize(snapshot, analysis)));
    }
    await out.flush();
    return EXIT_OK;
  },
};

/**
 * The flow graph (work in progress): allowed flows between classes of endpoints and external nodes.
 */
import type { AnalysisResult, EdgeExplanation } from '../analysis-types';
import type { ReachIndex } from './reach-index';

export function analyzeFlows(_index: ReachIndex): AnalysisResult {
  throw new Error('analyzeFlows: not implemented yet');
}

export function explainEdge(_index: ReachIndex, _result: AnalysisResult, _edgeId: string): EdgeExplanation | null {
  throw new Error('explainEdge: not implemented yet');
}

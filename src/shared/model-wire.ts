/**
 * A loaded model as it crosses from the analysis worker to the window: the title, sources and
 * partial-open note that the host reads, and the rest (snapshot, analysis in columns, warnings) as
 * one JSON text. A large estate's model is ~26 MB; as objects, structured cloning deserialised it
 * on the host's event loop and serialised it again for the window (about half a second each way),
 * while a string crosses a worker or IPC boundary as one copy and the window parses it once with
 * JSON.parse. Only the worker packs and only the window (and a respawned worker) unpacks.
 */
import { packAnalysis, unpackAnalysis } from '../core/analysis-wire';
import type { AnalysisResult } from '../core/analysis-types';
import type { Snapshot } from '../core/model';
import type { LoadedModel, ModelBody, WireModel } from './api-contract';

/** The model for sending. Its body holds only JSON values, as every part of a model does. */
export function packModel(model: LoadedModel): WireModel {
  const body: ModelBody = { snapshot: model.snapshot, analysis: packAnalysis(model.analysis) };
  // The worker's warnings are the snapshot's list: sent once, shared again on arrival.
  if (model.warnings !== model.snapshot.warnings) body.warnings = model.warnings;
  const wire: WireModel = { title: model.title, sources: model.sources, body: JSON.stringify(body) };
  if (model.partial) wire.partial = model.partial;
  return wire;
}

/** The snapshot and analysis of a packed model (what a respawned worker needs). Throws when damaged. */
export function unpackModelBody(text: string): { snapshot: Snapshot; analysis: AnalysisResult; warnings: Snapshot['warnings'] } {
  let body: ModelBody;
  try {
    body = JSON.parse(text) as ModelBody;
  } catch {
    throw new Error('The model arrived damaged: it is not JSON.');
  }
  const snapshot = isObject(body) ? body.snapshot : null;
  const fine = isObject(snapshot) && Array.isArray(snapshot.warnings) && isObject(body.analysis) && isObject(body.analysis.packedFlows);
  if (!fine || (body.warnings !== undefined && !Array.isArray(body.warnings))) {
    throw new Error('The model arrived damaged: it has no snapshot or no analysis.');
  }
  return { snapshot, analysis: unpackAnalysis(body.analysis), warnings: body.warnings ?? snapshot.warnings };
}

/** The model as the window uses it. Throws when the body is damaged. */
export function unpackModel(wire: WireModel): LoadedModel {
  const { snapshot, analysis, warnings } = unpackModelBody(wire.body);
  const model: LoadedModel = { title: wire.title, sources: wire.sources, snapshot, analysis, warnings };
  if (wire.partial) model.partial = wire.partial;
  return model;
}

function isObject(x: unknown): x is Record<string, unknown> & object {
  return typeof x === 'object' && x !== null;
}

/**
 * `query --batch`: answers one JSON question per input line and writes one JSON answer per line,
 * in order. The index is built once by the caller; each line is parsed, validated and answered on
 * its own so a bad line becomes an `{"error": …}` line and the run goes on. The benchmark drives
 * this same function, so its numbers measure what users get.
 */
import { answerQuery, RefCache, type QueryInput, type ReachIndexLike } from './query-line';
import type { OutputBuffer } from './output-buffer';

export interface BatchStats {
  /** Lines read that are neither blank nor comments. */
  questions: number;
  /** Lines that got an `{"error": …}` answer. */
  errors: number;
}

/** Answers every line of `lines`; writes to `out` and flushes it as it fills. */
export async function runBatch(
  index: ReachIndexLike,
  lines: AsyncIterable<string> | Iterable<string>,
  out: OutputBuffer,
): Promise<BatchStats> {
  const stats: BatchStats = { questions: 0, errors: 0 };
  const refs = new RefCache();
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    const line = raw.trim();
    // Blank lines and comments ask nothing; no JSON question can start with '#' or '//'.
    if (line === '' || line.startsWith('#') || line.startsWith('//')) continue;
    stats.questions++;
    out.write(answerLine(index, line, lineNo, stats, refs));
    out.write('\n');
    if (out.full) await out.flush();
  }
  await out.flush();
  return stats;
}

/** One answer line (without the newline) for one question line. */
export function answerLine(index: ReachIndexLike, line: string, lineNo: number, stats?: BatchStats, refs?: RefCache): string {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (err) {
    return formatErrorLine(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`, lineNo, stats);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return formatErrorLine('each line must be a JSON object like {"from": …, "to": …, "protocol": …}', lineNo, stats);
  }
  try {
    return JSON.stringify(answerQuery(index, input as QueryInput, refs));
  } catch (err) {
    // Engine failures are reported per line too: one odd question must not lose the other answers.
    return formatErrorLine(err instanceof Error ? err.message : String(err), lineNo, stats);
  }
}

function formatErrorLine(message: string, lineNo: number, stats?: BatchStats): string {
  if (stats) stats.errors++;
  return JSON.stringify({ error: message, line: lineNo });
}

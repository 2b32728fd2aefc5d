/**
 * What the window says after an open that left some files out: the banner line (how many files
 * opened, and each skipped file with its reason), and the merge of the files the browser itself
 * could not read into the host's account of the open. The map of the other files is still worth
 * seeing, but only if the user cannot miss that it is not the whole of what they chose.
 */
import { badFileWarning } from '../core/model';
import type { Warning } from '../core/model';
import type { LoadedModel, PartialOpen, SkippedFile } from '../shared/api-contract';

/** Files named one by one in the banner; the Warnings panel lists them all. */
const NAMED_IN_BANNER = 3;

/**
 * The banner line. `notInputs` counts the files of scanned folders that were no input at all (other
 * JSON beside a state, an emptied state): left out quietly, as a folder holds such files, but
 * counted here so the numbers agree with the Warnings panel, which lists them.
 */
export function describePartialOpen(partial: PartialOpen, notInputs = 0): string {
  const { opened, skipped } = partial;
  const total = opened + skipped.length;
  const named = skipped.slice(0, NAMED_IN_BANNER).map((s) => `${s.file}: ${s.reason}`);
  const rest = skipped.length - named.length;
  if (rest > 0) named.push(`and ${rest} more (see Warnings)`);
  const others = notInputs > 0 ? ` ${notInputs} other file${notInputs === 1 ? '' : 's'} of the folders ${notInputs === 1 ? 'was' : 'were'} no input and left out (see Warnings).` : '';
  return `Opened ${opened} of ${total} files. Skipped ${endSentence(named.join('; '))}${others} The map shows only the files that opened.`;
}

/** A reason ending in its own question mark or full stop keeps it instead of getting a second. */
function endSentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

/**
 * Adds the files the browser could not read (so never sent) to a model the host opened from the
 * others: they lead the skipped list and the warnings, as the host's own unreadable files do.
 * `sent` is how many files went to the host, all of which opened when it reports no partial open.
 */
export function withUnreadFiles(model: LoadedModel, unread: SkippedFile[], sent: number): LoadedModel {
  if (unread.length === 0) return model;
  return {
    ...model,
    warnings: [...unread.map((u) => badFileWarning(u.file, u.reason)), ...model.warnings],
    partial: { opened: model.partial?.opened ?? sent, skipped: [...unread, ...(model.partial?.skipped ?? [])] },
  };
}

/** Warnings of a live AWS import that mean part of the account is missing from the map. */
const GAP_CODES = new Set(['missing-permission', 'aws-call-failed', 'region-failed']);

/**
 * The banner line after a live import that could not read everything (calls refused for lack of a
 * permission, calls or whole regions that failed), or null: a map missing instances' names or a
 * region reads as complete otherwise, with only the warnings count to tell.
 */
export function describeImportGaps(warnings: readonly Warning[]): string | null {
  const gaps = warnings.filter((w) => GAP_CODES.has(w.code));
  if (gaps.length === 0) return null;
  const refused = gaps.filter((w) => w.code === 'missing-permission').length;
  const failed = gaps.length - refused;
  const parts = [refused ? `${refused} call${refused === 1 ? ' was' : 's were'} refused for lack of a permission` : '', failed ? `${failed} call${failed === 1 ? '' : 's'} or region${failed === 1 ? '' : 's'} failed` : ''].filter(Boolean);
  return `Imported with gaps: ${parts.join(', and ')}, so the map may miss what they would have given. The Warnings list each.`;
}

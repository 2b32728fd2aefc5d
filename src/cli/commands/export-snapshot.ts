/**
 * `reachmap export-snapshot`: imports the inputs and writes the normalized snapshot, which holds
 * only what reachability needs and none of the secrets Terraform state often carries, so it can be
 * shared. For the same reason it names the inputs by their base names, not by the paths given (see
 * export-names.ts). The file is written to a temporary name and renamed, so a crash never leaves
 * half a file.
 */
import { shortenSnapshotFiles } from '../../core/export-names';
import { serializeSnapshot } from '../../core/snapshot-io';
import { describeFsError } from '../../node/load-inputs';
import { writeFileAtomic } from '../../node/write-file-atomic';
import { CliError, EXIT_OK, type CliCommand } from '../cli-types';
import { createProgress, loadSnapshot } from '../load-snapshot';
import { stringOption } from '../parse-args';

export const command: CliCommand = {
  name: 'export-snapshot',
  summary: 'write the merged, secrets-free snapshot of the inputs to a file',
  help: `Usage: reachmap export-snapshot <file|folder>... --out FILE

Imports and merges the inputs and writes the reachmap snapshot (groups, rules, endpoints,
subnets, VPCs, prefix lists, warnings; no secrets) to FILE. The snapshot can be opened again
with any reachmap command or the app. Inputs are named by their file names, not their paths
(with a parent folder where two share a name), so the file can be shared.

Options:
  -o, --out FILE   where to write the snapshot (written atomically)
  -h, --help       show this help

Exit status: 0 written, 2 bad usage, unreadable input or unwritable output.`,
  options: {
    out: { type: 'string', valueName: 'FILE', short: 'o' },
  },
  async run(args, io) {
    const out = stringOption(args, 'out');
    if (!out) throw new CliError('export-snapshot: --out FILE is required');
    const progress = createProgress(io);
    const snapshot = await loadSnapshot(args.positionals, io, 'export-snapshot', progress);
    progress.phase(`writing ${out}`);
    await writeSnapshotFile(out, serializeSnapshot(shortenSnapshotFiles(snapshot)));
    progress.done();
    return EXIT_OK;
  },
};

/** Writes next to the target then renames (writeFileAtomic), with a one-line error naming the file. */
export async function writeSnapshotFile(file: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(file, text);
  } catch (err) {
    throw new CliError(`${file}: cannot write (${describeFsError(err)})`);
  }
}

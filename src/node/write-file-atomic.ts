/**
 * Writes a file so that readers, and the user after a crash or a full disk, see either the old
 * file or the whole new one, never a part: the data goes to a temporary name next to the target
 * (same directory, so the rename stays on one file system) and is then renamed over it. Used for
 * every file Reachmap writes for a user: exports, snapshots and the recent-files list.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

let counter = 0;

export async function writeFileAtomic(file: string, data: string | Uint8Array, options: { mode?: number } = {}): Promise<void> {
  // pid + counter + time: unique across concurrent writes in this process and other processes.
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++counter}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(tmp, data, { flag: 'wx', ...(options.mode !== undefined ? { mode: options.mode } : {}) });
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => {});
    throw err;
  }
}

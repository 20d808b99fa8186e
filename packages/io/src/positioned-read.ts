/** Positioned reads that fill a whole buffer, in chunks small enough for one readSync call. */
import fs from 'node:fs';

/** readSync refuses lengths of 2 GiB and more. */
const MAX_CHUNK_BYTES = 1 << 30;

/** Fills `target` from `fd` starting at `position`; returns false if the file ended first. */
export function readFully(fd: number, target: Uint8Array, position: number): boolean {
  let done = 0;
  while (done < target.byteLength) {
    const length = Math.min(MAX_CHUNK_BYTES, target.byteLength - done);
    const read = fs.readSync(fd, target, done, length, position + done);
    if (read === 0) return false;
    done += read;
  }
  return true;
}

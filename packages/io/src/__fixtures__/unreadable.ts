/** Files the current user cannot read, even when the tests run as root (which reads anything). */
import fs from 'node:fs';
import path from 'node:path';

/** The "nobody" user: root drops to it so that file permissions apply. */
const NOBODY = 65534;

/** Writes `text` to `file` with no permissions; its folder stays open to other users. */
export function makeUnreadable(file: string, text: string): void {
  fs.writeFileSync(file, text);
  fs.chmodSync(file, 0o000);
  fs.chmodSync(path.dirname(file), 0o755);
}

/** Runs `work` as an unprivileged user when the process is root, then restores root. */
export function asUnprivilegedUser<T>(work: () => T): T {
  if (process.getuid?.() !== 0 || process.seteuid === undefined) return work();
  process.seteuid(NOBODY);
  try {
    return work();
  } finally {
    process.seteuid(0);
  }
}

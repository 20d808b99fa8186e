/**
 * Something other than a readable file where otfuse expects one: a folder, a named pipe, a file
 * without read permission, or a symbolic link (to the real file, which must be accepted, or to a
 * folder). A folder once ended a run with a bare `EISDIR`; a pipe can block a read forever.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export const REPLACEMENTS = ['folder', 'named pipe', 'unreadable file', 'link to the file', 'link to a folder'] as const;
export type Replacement = (typeof REPLACEMENTS)[number];

/** Puts `by` at `file`, whose valid content is `bytes`. */
export function placeReplacement(file: string, bytes: Buffer, by: Replacement): void {
  switch (by) {
    case 'folder':
      fs.mkdirSync(file);
      return;
    case 'named pipe':
      execFileSync('mkfifo', [file]);
      return;
    case 'unreadable file':
      // Still readable when the fuzzer runs as root, and then rightly accepted.
      fs.writeFileSync(file, bytes, { mode: 0o000 });
      return;
    case 'link to the file':
      fs.writeFileSync(`${file}.target`, bytes);
      fs.symlinkSync(`${file}.target`, file);
      return;
    case 'link to a folder':
      fs.mkdirSync(`${file}.target`);
      fs.symlinkSync(`${file}.target`, file);
      return;
  }
}

/** The line a refusal of a misplaced file reads: the path, what it is, and what was expected. */
export const MISPLACED_REFUSAL = /(\bis (a folder|a named pipe \(FIFO\)|a socket|a device|not a regular file)|: permission denied); expected \w/;

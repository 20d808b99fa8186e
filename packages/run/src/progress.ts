/** Where a run reports its stages, progress lines and warnings (the CLI prints them on stderr). */
export interface Progress {
  /** Announces a stage; the returned function marks it done and returns its seconds. */
  stage(name: string): () => number;
  line(text: string): void;
  warn(text: string): void;
}

/** Where a library call's warnings go when its caller names no other place. */
export function warnOnStderr(text: string): void {
  process.stderr.write(`warning: ${text}\n`);
}

/** Progress that prints nothing and collects warnings (for tests and library use). */
export function silentProgress(warnings: string[] = []): Progress {
  return {
    stage: () => {
      const start = performance.now();
      return () => (performance.now() - start) / 1000;
    },
    line: () => undefined,
    warn: (text) => warnings.push(text),
  };
}

/**
 * A counter that reports `done/total` at most once per tenth of the total (and at the end), so
 * long loops show they are alive without flooding the terminal.
 */
export function tenthsCounter(progress: Progress, label: string): (done: number, total: number, detail?: string) => void {
  let lastTenth = -1;
  let lastTotal = -1;
  return (done, total, detail) => {
    if (total !== lastTotal) {
      lastTotal = total;
      lastTenth = -1;
    }
    const tenth = total > 0 ? Math.floor((10 * done) / total) : 10;
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    progress.line(`    ${label} ${done}/${total}${detail ? ` (${detail})` : ''}`);
  };
}

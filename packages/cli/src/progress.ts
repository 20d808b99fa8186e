/** Progress lines on stderr (stdout stays for results); quiet hides progress but not warnings. */
export interface Progress {
  /** Announces a stage; the returned function marks it done and returns its seconds. */
  stage(name: string): () => number;
  line(text: string): void;
  warn(text: string): void;
}

export function stderrProgress(quiet: boolean, write: (text: string) => void = (text) => process.stderr.write(text)): Progress {
  const say = (text: string) => {
    if (!quiet) write(`${text}\n`);
  };
  return {
    stage(name: string) {
      const start = performance.now();
      say(`▸ ${name}`);
      return () => {
        const seconds = (performance.now() - start) / 1000;
        say(`  ✓ ${name} (${seconds.toFixed(1)} s)`);
        return seconds;
      };
    },
    line: say,
    warn: (text) => write(`warning: ${text}\n`),
  };
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

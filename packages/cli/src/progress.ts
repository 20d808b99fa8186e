/** Progress lines on stderr (stdout stays for results); silent when quiet. */
export interface Progress {
  stage(name: string): () => number;
  line(text: string): void;
}

export function stderrProgress(quiet: boolean): Progress {
  const write = (text: string) => {
    if (!quiet) process.stderr.write(`${text}\n`);
  };
  return {
    stage(name: string) {
      const start = Date.now();
      write(`▸ ${name}`);
      return () => {
        const seconds = (Date.now() - start) / 1000;
        write(`  ✓ ${name} (${seconds.toFixed(1)} s)`);
        return seconds;
      };
    },
    line: write,
  };
}

import type { Progress } from '@otfuse/run';

/** Progress lines on stderr (stdout stays for results); quiet hides progress but not warnings. */
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

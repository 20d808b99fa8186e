import { MISPLACED_REFUSAL } from './misplaced';

/** How one case ended, as the fuzz report counts it. */
export type Verdict = 'accepted' | 'refused' | 'crash' | 'unclear-message' | 'hang' | 'allocation';

export interface Outcome {
  verdict: Verdict;
  /** `ErrorName:CODE` of a refusal or a crash. */
  error?: string;
  /** What the user would read (`otfuse: …`). */
  message?: string;
  seconds: number;
}

/**
 * A refusal is right when the user can act on it: the message is what the CLI prints (no stack),
 * names the mutated file (or its folder, for a checkpoint), and names a field: a quoted name, a
 * dotted key, a line, or a part of the file format.
 */
export function checkRefusal(message: string, mutated: string): boolean {
  const first = message.split('\n')[0];
  // A model path broken in the experiment file is named by its key and the path itself.
  const namesFile = [mutated, mutated.split('/').pop() as string, mutated.split('/')[0]].some((name) => message.includes(name)) || (mutated === 'experiment.yaml' && /\bmodel\.name_\d+\b/.test(message));
  // The field is looked for outside the paths (a file name has dots too); `:4:` is a line.
  const outsidePaths = message.replace(/^otfuse: /, '').replace(/\/[^\s:']+/g, '');
  const namesField = /'[^']*'|"[^"]*"|:\d+:|__[a-z]+__|(^|\s)[a-z_][a-z_0-9.<>]*: |\b[a-z_]+(\.[a-z_0-9<>]+)+\b|\b(header|offset|offsets|dtype|shape|tensor|line|byte|bytes|key|shard|index|metadata)\b/i.test(outsidePaths);
  const noStack = !/^\s+at .+:\d+:\d+\)?$/m.test(message);
  // A file that is not a readable file has no field: what was expected in its place is named instead.
  const namesExpected = MISPLACED_REFUSAL.test(first);
  return first.startsWith('otfuse: ') && namesFile && (namesField || namesExpected) && noStack;
}

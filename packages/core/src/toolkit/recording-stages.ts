import type { ForwardStage, Params, StageState } from '../staged-forward';
import { ActivationRecorder } from './activation-recorder';

/** What a stage computes: the next state from its parameters and the previous state, recording on the way. */
export type RecordingRun<R> = (params: Params, state: StageState, record: R) => StageState;

/**
 * A maker of the stages of one forward pass. Each stage declares the wanted keys among those it
 * can record, and records them with a recorder of its own per run (`recorder` sees the stage's
 * input state, for recorders that read the inputs).
 */
export function recordingStages<R extends ActivationRecorder>(wanted: ReadonlySet<string>, recorder: (state: StageState) => R) {
  return (id: string, params: readonly string[], keys: readonly string[], run: RecordingRun<R>): ForwardStage => ({
    id,
    params,
    keys: keys.filter((key) => wanted.has(key)),
    run: (values, state) => {
      const record = recorder(state);
      return { state: run(values, state, record), activations: record.activations };
    },
  });
}

/** Writing safetensors files atomically, streaming one tensor at a time. */
import { type AtomicWriteOptions, writeAll, writeFileAtomically } from './atomic-file';
import { type EncodeOptions, type TensorsInput, planSafetensors } from './encode';

export type WriteSafetensorsOptions = EncodeOptions & AtomicWriteOptions;

/**
 * Writes `tensors` to `file` in the reference writer's layout (see {@link EncodeOptions}).
 * Everything is validated before anything is written; the file appears whole or not at all,
 * and an existing file is kept unless `overwrite` is true.
 */
export function writeSafetensors(file: string, tensors: TensorsInput, options: WriteSafetensorsOptions = {}): void {
  const plan = planSafetensors(tensors, options, file);
  writeFileAtomically(
    file,
    (fd) => {
      writeAll(fd, plan.header);
      for (const tensor of plan.tensors) writeAll(fd, tensor.bytes());
    },
    options,
  );
}

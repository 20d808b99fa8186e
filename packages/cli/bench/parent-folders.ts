/** The two parent model folders every fusion bench writes, as `transformers` writes them. */
import path from 'node:path';
import type { HostTensor } from '@otfuse/core';
import { writeModelFolder } from '@otfuse/io';

/** `parent0` and `parent1` in `dir`: float32 weights of `init` at seeds 100 and 101, and `configJson`. */
export function writeParentFolders(dir: string, configJson: Readonly<Record<string, unknown>>, init: (seed: number) => Record<string, HostTensor>): void {
  [0, 1].forEach((i) => {
    const tensors = Object.entries(init(100 + i)).map(([name, t]) => [name, { dtype: 'F32' as const, shape: t.shape, data: t.data }] as const);
    writeModelFolder(path.join(dir, `parent${i}`), { config: configJson, tensors });
  });
}

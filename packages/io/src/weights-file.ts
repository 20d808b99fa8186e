/** One weights file, opened by the reader its name calls for. */
import path from 'node:path';
import { SafetensorsFile } from './safetensors-file';
import type { TensorReader } from './tensor-reader';
import { TorchCheckpointFile } from './torch/torch-file';

/** Endings of the files `torch.save` writes that HuggingFace folders hold (`pytorch_model.bin`, `*.pt`, `*.pth`). */
export const TORCH_FILE_EXTENSIONS: readonly string[] = ['.bin', '.pt', '.pth'];

/** Opens `file` lazily: a PyTorch checkpoint when its name ends as one does, safetensors otherwise. */
export function openWeightsFile(file: string): TensorReader {
  return TORCH_FILE_EXTENSIONS.includes(path.extname(file).toLowerCase()) ? TorchCheckpointFile.open(file) : SafetensorsFile.open(file);
}

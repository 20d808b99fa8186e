import { MODEL_CARD_FILE, modelCardText } from './model-card';
import type { ModelToWrite, ModelWriter, WriteModelOptions } from './model-writer';
import { SAFETENSORS_FOLDER_WRITER } from './safetensors-folder-writer';

/**
 * Writes a model folder: every model otfuse makes (fused, finetuned, trained, or through
 * `fuseFolders`) goes through here, so each carries its weights, its config.json, its source's
 * side files and its card (`README.md`, replacing a carried one). `writer` picks the format;
 * default: a HuggingFace safetensors folder.
 */
export function writeModel(dir: string, model: ModelToWrite, options: WriteModelOptions & { writer?: ModelWriter } = {}): void {
  const { writer = SAFETENSORS_FOLDER_WRITER, ...where } = options;
  const withCard = model.card ? { ...model, sideFiles: { ...model.sideFiles, [MODEL_CARD_FILE]: modelCardText(model.card) } } : model;
  writer.write(dir, withCard, where);
}

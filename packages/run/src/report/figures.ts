import type { FlowGraph } from './flow-graph';
import type { Barrier, Landscape } from './landscape';
import type { MapFigures } from './map-figures';

/** A figure that could not be made for this run, and why. */
export interface Skipped {
  skipped: string;
}

/** What report.json records for the plots; with `maps.safetensors` it is all `otfuse report` needs. */
export interface ReportFigures {
  /** Every solved transport map, in solve order (the maps themselves are in `maps.safetensors`). */
  maps: MapFigures[];
  flowGraph: FlowGraph;
  landscape: Landscape | Skipped;
  barrier: Barrier | Skipped;
  /** Training loss per finetuning step, per finetuned model. */
  finetuneLosses: { name: string; losses: number[] }[];
}

export const isSkipped = (figure: object): figure is Skipped => 'skipped' in figure;

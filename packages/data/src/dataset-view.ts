import type { Batch, Dataset } from './dataset';

/**
 * A data set that shows another's examples: its name, split, shapes and files are the
 * parent's; `size` and a stated `numClasses` may differ (a subset, another class count).
 */
export abstract class DatasetView implements Dataset {
  readonly name: string;
  readonly split: Dataset['split'];
  readonly inputShape: readonly number[];
  readonly numClasses: number;
  readonly numClassesStated?: boolean;
  readonly size: number;
  readonly labelShape?: readonly number[];
  readonly assets?: Readonly<Record<string, string>>;
  readonly pixels?: Dataset['pixels'];

  protected constructor(
    protected readonly parent: Dataset,
    view: { size: number; numClasses?: number },
  ) {
    this.name = parent.name;
    this.split = parent.split;
    this.inputShape = parent.inputShape;
    this.numClasses = view.numClasses ?? parent.numClasses;
    if (view.numClasses === undefined && parent.numClassesStated !== undefined) this.numClassesStated = parent.numClassesStated;
    this.size = view.size;
    if (parent.labelShape !== undefined) this.labelShape = parent.labelShape;
    if (parent.assets !== undefined) this.assets = parent.assets;
    if (parent.pixels !== undefined) this.pixels = parent.pixels;
  }

  abstract get(indices: ArrayLike<number>): Batch;
}

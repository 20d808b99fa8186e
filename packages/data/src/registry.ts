import type { Dataset } from './dataset';
import { DataError } from './errors';
import { type ParamSpecs, resolveParams } from './params';

/**
 * A named way to build a data set, with the metadata listings and docs are generated from.
 * `create` receives parameters already validated against `params`, defaults filled in.
 */
export interface DatasetFactory<P extends object = object> {
  readonly name: string;
  /** One line. */
  readonly description: string;
  readonly params: ParamSpecs;
  create(params: P): Promise<Dataset>;
}

/** Data set factories by name; a duplicate name is an error, a failed lookup lists the names. */
export class DatasetRegistry {
  private readonly factories = new Map<string, DatasetFactory>();

  register<P extends object>(factory: DatasetFactory<P>): this {
    if (this.factories.has(factory.name)) {
      throw new DataError('DATASET_DUPLICATE', `data set '${factory.name}' is already registered`);
    }
    this.factories.set(factory.name, factory);
    return this;
  }

  has(name: string): boolean {
    return this.factories.has(name);
  }

  get(name: string): DatasetFactory {
    const factory = this.factories.get(name);
    if (!factory) {
      throw new DataError('DATASET_NOT_FOUND', `data set '${name}' not found; available: ${this.names().join(', ') || '(none)'}`);
    }
    return factory;
  }

  /** Registered names, sorted. */
  names(): string[] {
    return [...this.factories.keys()].sort();
  }

  list(): DatasetFactory[] {
    return this.names().map((name) => this.get(name));
  }

  /** Validates `params` against the factory's specs, then builds the data set. */
  async create(name: string, params: Readonly<Record<string, unknown>> = {}): Promise<Dataset> {
    const factory = this.get(name);
    return factory.create(resolveParams(`data set '${name}'`, factory.params, params));
  }
}

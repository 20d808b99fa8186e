/**
 * What the pickle of a `torch.save(state_dict)` may hold, and nothing more: a dict (or
 * OrderedDict, with its `_metadata` attribute) of names to tensors, each tensor rebuilt by
 * `torch._utils._rebuild_tensor_v2` (optionally wrapped by `_rebuild_parameter`) from a
 * persistent id `('storage', torch.<Type>Storage, key, location, numel)`. These hooks build plain
 * descriptions of those calls; they import and run nothing.
 */
import type { Dtype } from '../dtypes';
import { TorchCheckpointError } from '../errors';
import { unpickle, type PickleHooks } from './pickle';
import { PickleDict, type PickleCallable, type PickleGlobal, PickleRefusal, describePickleValue, isTuple } from './pickle-values';
import { STORAGE_DTYPES, isStorageType } from './storage-types';
import type { ViewLayout } from './tensor-view';

/** One storage of the checkpoint: the zip entry `<archive>/data/<key>` holds its bytes. */
export class TorchStorage {
  constructor(
    readonly key: string,
    /** Its type's name, e.g. `FloatStorage`. */
    readonly type: string,
    readonly dtype: Dtype,
    /** Elements it holds. */
    readonly numel: number,
  ) {}
}

/** A tensor of the state dict: a view of a storage, in elements. */
export class TorchTensor implements ViewLayout {
  constructor(
    readonly storage: TorchStorage,
    readonly offset: number,
    readonly shape: readonly number[],
    readonly stride: readonly number[],
  ) {}
}

class StorageType implements PickleGlobal {
  readonly qualifiedName: string;

  constructor(readonly name: string) {
    this.qualifiedName = `torch ${name}`;
  }
}

const HOLDS = 'a torch state dict';
const REBUILD_TENSOR = 'torch._utils _rebuild_tensor_v2';

function invalid(rule: string): PickleRefusal {
  return new PickleRefusal('invalid', rule);
}

function index(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw invalid(`${what} must be a non-negative integer, found ${describePickleValue(value)}`);
  return value;
}

function indices(value: unknown, what: string): number[] {
  if (!isTuple(value)) throw invalid(`${what} must be a tuple, found ${describePickleValue(value)}`);
  return value.map((item, i) => index(item, `${what}[${i}]`));
}

function callable(qualifiedName: string, call: (args: readonly unknown[]) => unknown): PickleCallable {
  return { qualifiedName, call };
}

/** `_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks, metadata=None)`. */
function rebuildTensor(args: readonly unknown[]): TorchTensor {
  const [storage, offset, size, stride, requiresGrad, hooks, metadata = null] = args;
  if (args.length < 6 || args.length > 7 || typeof requiresGrad !== 'boolean' || !(hooks instanceof PickleDict)) {
    throw invalid(`'${REBUILD_TENSOR}' takes (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]), not ${args.map(describePickleValue).join(', ')}`);
  }
  if (!(storage instanceof TorchStorage)) throw invalid(`'${REBUILD_TENSOR}' needs a storage, found ${describePickleValue(storage)}`);
  if (metadata !== null && !(metadata instanceof PickleDict && metadata.items.size === 0)) throw invalid(`tensor metadata ${describePickleValue(metadata)} (only None or an empty dict)`);
  const shape = indices(size, 'size');
  const strides = indices(stride, 'stride');
  if (shape.length !== strides.length) throw invalid(`size has ${shape.length} axes but stride ${strides.length}`);
  return new TorchTensor(storage, index(offset, 'storage_offset'), shape, strides);
}

/** `_rebuild_parameter(data, requires_grad, backward_hooks)`: a parameter is its data. */
function rebuildParameter(args: readonly unknown[]): TorchTensor {
  if (args.length !== 3 || !(args[0] instanceof TorchTensor)) throw invalid(`'torch._utils _rebuild_parameter' takes (tensor, requires_grad, backward_hooks), not ${args.map(describePickleValue).join(', ')}`);
  return args[0];
}

const GLOBALS: ReadonlyMap<string, PickleCallable> = new Map([
  [
    'collections OrderedDict',
    callable('collections OrderedDict', (args) => {
      if (args.length) throw invalid(`'collections OrderedDict' is called with ${args.length} arguments; a state dict fills it by SETITEMS`);
      return new PickleDict('collections.OrderedDict');
    }),
  ],
  [REBUILD_TENSOR, callable(REBUILD_TENSOR, rebuildTensor)],
  ['torch._utils _rebuild_parameter', callable('torch._utils _rebuild_parameter', rebuildParameter)],
]);

/** The hooks for one pickle; storages are shared by key, as tied weights share one. */
function stateDictHooks(): PickleHooks {
  const storages = new Map<string, TorchStorage>();
  return {
    holds: HOLDS,
    global: (module, name) => GLOBALS.get(`${module} ${name}`) ?? (module === 'torch' && isStorageType(name) ? new StorageType(name) : undefined),
    persistentLoad(pid) {
      if (!isTuple(pid) || pid.length !== 5 || pid[0] !== 'storage' || !(pid[1] instanceof StorageType) || typeof pid[2] !== 'string' || typeof pid[3] !== 'string') {
        throw invalid(`persistent id ${isTuple(pid) ? `(${pid.map(describePickleValue).join(', ')})` : describePickleValue(pid)} is not ('storage', <storage type>, key, location, numel)`);
      }
      const type = pid[1].name;
      const storage = new TorchStorage(pid[2], type, STORAGE_DTYPES[type], index(pid[4], `storage '${pid[2]}' numel`));
      const known = storages.get(storage.key);
      if (!known) storages.set(storage.key, storage);
      else if (known.type !== type || known.numel !== storage.numel) {
        throw invalid(`storage '${storage.key}' is declared as ${known.numel} × ${known.type} and as ${storage.numel} × ${type}`);
      }
      return known ?? storage;
    },
    build(target, state) {
      // OrderedDict's only state is its attributes: model.state_dict() sets `_metadata`.
      if (!(target instanceof PickleDict) || target.type !== 'collections.OrderedDict') return false;
      if (!(state instanceof PickleDict) || [...state.items.keys()].some((key) => typeof key !== 'string')) return false;
      target.attributes = state;
      return true;
    },
  };
}

const CODES = { global: 'PT_PICKLE_GLOBAL', opcode: 'PT_PICKLE_OPCODE', invalid: 'PT_PICKLE_INVALID' } as const;

/** The tensors of the state dict `pickle` holds, by name in its order. `file` names the checkpoint in errors. */
export function readStateDict(pickle: Uint8Array, file: string): Map<string, TorchTensor> {
  let value: unknown;
  try {
    value = unpickle(pickle, stateDictHooks());
  } catch (error) {
    if (!(error instanceof PickleRefusal)) throw error;
    throw new TorchCheckpointError(CODES[error.kind], { file }, `${error.message}; nothing was executed`);
  }
  if (!(value instanceof PickleDict)) throw new TorchCheckpointError('PT_NOT_STATE_DICT', { file }, `the pickle holds ${describePickleValue(value)}, not a state dict of tensors`);
  const tensors = new Map<string, TorchTensor>();
  for (const [name, tensor] of value.items) {
    if (typeof name !== 'string') throw new TorchCheckpointError('PT_NOT_STATE_DICT', { file }, `the state dict has a key that is ${describePickleValue(name)}, not a name`);
    if (!(tensor instanceof TorchTensor)) {
      const rule = `the state dict maps it to ${describePickleValue(tensor)}, not a tensor; only a flat state dict of tensors is read`;
      throw new TorchCheckpointError('PT_NOT_STATE_DICT', { file, tensor: name }, rule);
    }
    tensors.set(name, tensor);
  }
  return tensors;
}

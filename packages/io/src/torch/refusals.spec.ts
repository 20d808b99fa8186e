import fs from 'node:fs';
import path from 'node:path';
import { TORCH_FIXTURES, checkpointFile, f32Bytes, op, pickleOf, stateDictPickle, tensorPickle, zipFile, type CheckpointFixture } from '../__fixtures__/torch-files';
import { useTempDirs } from '../__fixtures__/temp-dir';
import { openTorchCheckpoint } from './torch-file';

const tempDir = useTempDirs();

/** Writes `bytes` as `<temp>/pytorch_model.bin` and returns its path. */
function write(bytes: Uint8Array): string {
  const file = path.join(tempDir(), 'pytorch_model.bin');
  fs.writeFileSync(file, bytes);
  return file;
}

const W = { w: { key: '0', numel: 6, shape: [2, 3] } };
const STORAGE = { '0': f32Bytes(1, 2, 3, 4, 5, 6) };
const checkpoint = (fixture: Partial<CheckpointFixture> = {}) => write(checkpointFile({ pickle: W, storages: STORAGE, ...fixture }));

/** Opening `file` fails with `code`, and the message is the file then `rule`. */
function expectRefusal(file: string, code: string, rule: string | RegExp, tensor?: string): void {
  let error: unknown;
  try {
    openTorchCheckpoint(file).close();
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toMatchObject({ name: 'TorchCheckpointError', code, file, tensor });
  const message = (error as Error).message;
  const where = tensor === undefined ? file : `${file}: tensor '${tensor}'`;
  expect(message.startsWith(`${where}: `)).toBe(true);
  if (typeof rule === 'string') expect(message).toBe(`${where}: ${rule}`);
  else expect(message).toMatch(rule);
  expect(message).not.toContain('\n');
}

describe('checkpoints the reader refuses, naming the file and the fault', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reads what the hand-built fixtures hold when nothing is wrong, zip64 and deflated included', () => {
    for (const fixture of [{}, { zip64: true }, { deflate: true }, { byteorder: null }]) {
      const reader = openTorchCheckpoint(checkpoint(fixture));
      expect(reader.read('w')).toEqual({ dtype: 'F32', shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) });
      reader.close();
    }
  });

  it('refuses a global the pickle would call, and runs nothing', () => {
    const dir = tempDir();
    const marker = path.join(dir, 'pwned');
    const command = Buffer.concat([op.str(`touch ${marker}`), op.tuple1, op.reduce]);
    const cases: Array<[Buffer, string]> = [
      [op.global('os', 'system'), 'os system'],
      [Buffer.concat([op.str('posix'), op.str('system'), Buffer.from([0x93])]), 'posix system'],
      [op.global('builtins', 'eval'), 'builtins eval'],
      [op.global('torch', 'load'), 'torch load'],
      [op.global('torch._utils', '_rebuild_tensor'), 'torch._utils _rebuild_tensor'],
    ];
    for (const [global, name] of cases) {
      const file = write(checkpointFile({ pickle: pickleOf(global, command), storages: STORAGE }));
      expectRefusal(file, 'PT_PICKLE_GLOBAL', `the pickle calls the global '${name}', which a torch state dict never holds; nothing was executed`);
    }
    // Inside a state dict, after tensors the reader accepted.
    const inside = pickleOf(op.emptyDict, op.mark, op.str('w'), tensorPickle(W.w), op.str('x'), op.global('os', 'system'), command, op.setItems);
    expectRefusal(write(checkpointFile({ pickle: inside, storages: STORAGE })), 'PT_PICKLE_GLOBAL', /the global 'os system'/);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('refuses an opcode plain data never needs, by name', () => {
    const inst = pickleOf(Buffer.from('ios\nsystem\n'));
    expectRefusal(write(checkpointFile({ pickle: inst })), 'PT_PICKLE_OPCODE', 'the pickle uses opcode INST (0x69) at byte 2, which a torch state dict never holds; nothing was executed');
    const unknown = pickleOf(Buffer.from([0xff]));
    expectRefusal(write(checkpointFile({ pickle: unknown })), 'PT_PICKLE_OPCODE', /opcode 0xff \(no pickle opcode\) at byte 2/);
  });

  it('refuses malformed pickles and pickles that are not a state dict of tensors', () => {
    const cases: Array<[Buffer, string, string | RegExp, string?]> = [
      [Buffer.concat([op.proto, op.emptyDict]), 'PT_PICKLE_INVALID', 'malformed pickle at byte 3: the pickle ends inside an opcode; nothing was executed'],
      [pickleOf(op.emptyDict, Buffer.from('h\x07')), 'PT_PICKLE_INVALID', /memo entry 7 is read before it is written/],
      [pickleOf(op.setItem), 'PT_PICKLE_INVALID', /an opcode needs 2 values and the stack has 0/],
      [pickleOf(op.global('torch', 'FloatStorage'), op.emptyTuple, op.reduce), 'PT_PICKLE_INVALID', /REDUCE calls the global 'torch FloatStorage', which is not callable/],
      [pickleOf(op.emptyDict, op.emptyDict, op.build), 'PT_PICKLE_INVALID', /BUILD sets a dict of 0 on a dict of 0, which a torch state dict never does/],
      [pickleOf(op.emptyList), 'PT_NOT_STATE_DICT', 'the pickle holds a list of 0, not a state dict of tensors'],
      [pickleOf(op.emptyDict, op.str('step'), op.int(3), op.setItem), 'PT_NOT_STATE_DICT', "the state dict maps it to an int (3), not a tensor; only a flat state dict of tensors is read", 'step'],
      [stateDictPickle({ w: { ...W.w, type: 'ComplexFloatStorage' } }), 'PT_PICKLE_GLOBAL', /the global 'torch ComplexFloatStorage'/],
    ];
    for (const [pickle, code, rule, tensor] of cases) expectRefusal(write(checkpointFile({ pickle, storages: STORAGE })), code, rule, tensor);
  });

  it('refuses a storage that declares more bytes than its entry holds, before reading or allocating it', () => {
    const reads: number[] = [];
    const realRead = fs.readSync as (...args: unknown[]) => number;
    jest.spyOn(fs, 'readSync').mockImplementation(((...args: unknown[]) => {
      reads.push(args[3] as number);
      return realRead(...args);
    }) as unknown as typeof fs.readSync);
    const huge = checkpoint({ pickle: { w: { key: '0', numel: 2n ** 40n, shape: [2, 3] } } });
    expectRefusal(huge, 'PT_STORAGE_SIZE', "its storage '0' declares 1099511627776 × FloatStorage (4398046511104 bytes) but archive/data/0 holds 24 bytes", 'w');
    expect(Math.max(...reads)).toBeLessThanOrEqual(fs.statSync(huge).size);
    expectRefusal(checkpoint({ storages: {} }), 'PT_STORAGE_MISSING', "its storage '0' has no entry archive/data/0 in the zip", 'w');
  });

  it('refuses a view that reaches past its storage or holds more elements than it', () => {
    expectRefusal(checkpoint({ pickle: { w: { key: '0', numel: 6, offset: 2, shape: [2, 3] } } }), 'PT_VIEW_OUT_OF_BOUNDS', 'its view (offset 2, size [2, 3], stride [3, 1]) reaches element 7 of a storage of 6', 'w');
    const broadcast = { w: { key: '0', numel: 6, shape: [4, 3], stride: [0, 1] } };
    expectRefusal(checkpoint({ pickle: broadcast }), 'PT_VIEW_OUT_OF_BOUNDS', 'its view (offset 0, size [4, 3], stride [0, 1]) holds 12 elements, more than its storage\'s 6', 'w');
  });

  it('refuses a big-endian checkpoint and an unknown byte order', () => {
    expectRefusal(checkpoint({ byteorder: 'big' }), 'PT_BYTE_ORDER', "stores its tensors big-endian (byteorder 'big'); only little-endian checkpoints are read");
    expectRefusal(checkpoint({ byteorder: 'middle' }), 'PT_BYTE_ORDER', 'archive/byteorder holds "middle", neither \'little\' nor \'big\'');
  });

  it('refuses truncated, foreign and legacy files', () => {
    const real = fs.readFileSync(path.join(TORCH_FIXTURES, 'views.bin'));
    expectRefusal(write(real.subarray(0, real.length - 30)), 'PT_TRUNCATED', 'a zip file without its end record: the file is truncated');
    expectRefusal(write(real.subarray(0, 2000)), 'PT_TRUNCATED', /truncated/);
    expectRefusal(write(Buffer.alloc(0)), 'PT_NOT_A_ZIP', 'not a zip file (0 bytes); expected a checkpoint written by torch.save');
    expectRefusal(write(Buffer.from('{"not": "a checkpoint"}')), 'PT_NOT_A_ZIP', /not a zip file \(23 bytes\)/);
    expectRefusal(path.join(TORCH_FIXTURES, 'legacy.bin'), 'PT_LEGACY_FORMAT', /format torch.save used before torch 1.6 .*convert it to safetensors$/);
    expectRefusal(write(zipFile([{ name: 'model/weights.npy', data: 'x' }])), 'PT_NO_PICKLE', "holds no <archive>/data.pkl, so torch.save did not write it (its entries: 'model/weights.npy')");
    const two = zipFile([{ name: 'a/data.pkl', data: stateDictPickle({}) }, { name: 'b/data.pkl', data: stateDictPickle({}) }]);
    expectRefusal(write(two), 'PT_NO_PICKLE', 'holds 2 archives (a/data.pkl, b/data.pkl); torch.save writes one');
    expectRefusal(path.join(tempDir(), 'none.bin'), 'PT_FILE_NOT_FOUND', 'no such file');
  });

  it('refuses entries it cannot read: another compression method, a corrupt or overstated deflated entry', () => {
    const bytes = Buffer.from(checkpointFile({ pickle: W, storages: STORAGE }));
    // The central directory entry of data.pkl (the first) says bzip2 (12).
    const directory = bytes.indexOf(Buffer.from('PK\x01\x02', 'latin1'));
    bytes.writeUInt16LE(12, directory + 10);
    expectRefusal(write(bytes), 'PT_ZIP_UNSUPPORTED', "entry 'archive/data.pkl': compression method 12 (bzip2); only stored and deflated entries are read");

    const deflated = Buffer.from(checkpointFile({ pickle: W, storages: STORAGE, deflate: true }));
    const entry = deflated.indexOf(Buffer.from('PK\x01\x02', 'latin1'));
    deflated.writeUInt32LE(10_000_000, entry + 24);
    expectRefusal(write(deflated), 'PT_ZIP_INVALID', /entry 'archive\/data.pkl': declares 10000000 bytes, more than its \d+ deflated bytes can hold/);
    deflated.writeUInt32LE(400, entry + 24);
    expectRefusal(write(deflated), 'PT_ZIP_INVALID', `entry 'archive/data.pkl': inflates to ${stateDictPickle(W).length} bytes, not the 400 it declares`);
    // The first deflate block header (after the 30-byte local header and the 16-byte name) says block type 3, which does not exist.
    deflated[46] = 0x07;
    expectRefusal(write(deflated), 'PT_ZIP_INVALID', /entry 'archive\/data.pkl': its deflated data is corrupt \(.+\)$/);
  });
});

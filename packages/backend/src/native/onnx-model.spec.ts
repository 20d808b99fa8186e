import { encodeOnnxModel } from './onnx-model';
import { matmulModel, NATIVE_ACTIVATIONS } from './matmul-model';
import { loadOnnxRuntime, type NativeRuntime } from './onnxruntime';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').replace(/(..)(?!$)/g, '$1 ');
const ascii = (text: string) => hex(new TextEncoder().encode(text));

describe('encodeOnnxModel', () => {
  it('writes the ModelProto fields with the numbers of onnx.proto', () => {
    const model = encodeOnnxModel(
      {
        nodes: [
          {
            opType: 'Relu',
            inputs: ['X'],
            outputs: ['Y'],
            attributes: [
              { name: 'p', ints: [1, 300] },
              { name: 'a', float: 0.5 },
              { name: 'i', int: 2 },
            ],
          },
        ],
        inputs: [{ name: 'X', dims: ['n'] }],
        outputs: [{ name: 'Y' }],
        initializers: [{ name: 's', dims: [], values: Float32Array.of(6) }],
      },
      'g',
    );
    const expected = [
      '08 08', // ir_version 8
      `12 06 ${ascii('otfuse')}`, // producer_name
      '3a 5f', // graph, 95 bytes:
      `0a 30 0a 01 58 12 01 59 22 04 ${ascii('Relu')}`, //   node: input X, output Y, op_type
      '2a 0b 0a 01 70 42 03 01 ac 02 a0 01 07', //     attribute p: ints [1, 300] (300 as a 2-byte varint), type INTS
      '2a 0b 0a 01 61 15 00 00 00 3f a0 01 01', //     attribute a: f 0.5 (fixed32), type FLOAT
      '2a 08 0a 01 69 18 02 a0 01 02', //     attribute i: i 2, type INT
      '12 01 67', //   name g
      '2a 0b 10 01 42 01 73 4a 04 00 00 c0 40', //   initializer s: FLOAT scalar, raw_data 6.0
      '5a 10 0a 01 58 12 0b 0a 09 08 01 12 05 0a 03 12 01 6e', //   input X: float32 [n]
      '62 09 0a 01 59 12 04 0a 02 08 01', //   output Y: float32, shape left open
      '42 04 0a 00 10 10', // opset_import: default domain, version 16
    ].join(' ');
    expect(hex(model)).toBe(expected);
  });

  it('writes a string attribute as bytes with type STRING', () => {
    const nodes = [{ opType: 'ScatterND', inputs: [], outputs: [], attributes: [{ name: 'r', string: 'add' }] }];
    // attribute, 11 bytes: name "r", s (field 4) "add", type STRING (3)
    expect(hex(encodeOnnxModel({ nodes, inputs: [], outputs: [] }))).toContain(`2a 0b 0a 01 72 22 03 ${ascii('add')} a0 01 03`);
  });

  it('rejects an attribute without a value', () => {
    const nodes = [{ opType: 'Relu', inputs: [], outputs: [], attributes: [{ name: 'x' }] }];
    expect(() => encodeOnnxModel({ nodes, inputs: [], outputs: [] })).toThrow("ONNX attribute 'x' has no value");
  });
});

describe('matmul models', () => {
  let runtime: NativeRuntime;

  beforeAll(() => {
    const load = loadOnnxRuntime(1);
    if ('error' in load) throw new Error(load.error);
    runtime = load.runtime;
  });

  const ranks = [
    [2, 2],
    [3, 3],
    [4, 2],
  ];
  const variants = ranks.flatMap(([rankA, rankB]) =>
    [false, true].flatMap((transposeA) =>
      [false, true].flatMap((transposeB) =>
        [false, true].flatMap((bias) =>
          NATIVE_ACTIVATIONS.map((activation) => ({ rankA, rankB, transposeA, transposeB, bias, activation })),
        ),
      ),
    ),
  );

  it(`are all accepted by onnxruntime-node (${variants.length} variants)`, () => {
    const rejected = variants.filter((variant) => {
      try {
        runtime.createSession(matmulModel(variant));
        return false;
      } catch {
        return true;
      }
    });
    expect(rejected).toEqual([]);
  });
});

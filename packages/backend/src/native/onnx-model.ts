/**
 * A minimal protobuf encoder for the ONNX models the native matmul runs: one MatMul, with
 * optional Transpose nodes in front and an optional bias Add and activation behind it. Only
 * what those graphs need is encoded; everything else of onnx.proto is left at its default.
 *
 * Field numbers, from onnx/onnx.proto (protobuf wire format; fields left out take their defaults):
 *   ModelProto         ir_version=1 (varint)  graph=7 (message)  opset_import=8 (repeated message)
 *                      producer_name=2 (string)
 *   OperatorSetIdProto domain=1 (string, "" is the default ONNX domain)  version=2 (varint)
 *   GraphProto         node=1  name=2  initializer=5  input=11  output=12 (repeated messages)
 *   NodeProto          input=1  output=2 (repeated string)  op_type=4 (string)  attribute=5 (message)
 *   AttributeProto     name=1 (string)  f=2 (fixed32 float)  i=3 (varint)  s=4 (bytes)  ints=8 (repeated varint)
 *                      type=20 (varint enum AttributeType: FLOAT=1, INT=2, INTS=7)
 *   TensorProto        dims=1 (repeated varint)  data_type=2 (varint: FLOAT=1, INT32=6, INT64=7, BOOL=9)
 *                      name=8 (string)  raw_data=9 (bytes, little-endian)
 *   ValueInfoProto     name=1 (string)  type=2 (TypeProto)
 *   TypeProto          tensor_type=1 (TypeProto.Tensor)
 *   TypeProto.Tensor   elem_type=1 (varint, a TensorProto.DataType)  shape=2 (TensorShapeProto)
 *   TensorShapeProto   dim=1 (repeated Dimension)
 *   Dimension          dim_value=1 (varint)  dim_param=2 (string: a symbolic dimension)
 */

/** Wire types of the protobuf encoding. */
const VARINT = 0;
const FIXED32 = 5;
const LENGTH_DELIMITED = 2;

/** The element types the graphs use, with their TensorProto.DataType numbers. */
export const ONNX_DATA_TYPES = { float32: 1, uint8: 2, int8: 3, int32: 6, int64: 7, bool: 9 } as const;
export type OnnxElemType = keyof typeof ONNX_DATA_TYPES;
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_STRING = 3;
const ATTRIBUTE_INTS = 7;

export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 16;

/**
 * Appends protobuf fields to a list of byte chunks: a tensor's data is kept as the chunk it is,
 * never copied byte by byte, so a model of hundreds of megabytes encodes in one final copy.
 */
class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private pending: number[] = [];
  private size = 0;

  private varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`protobuf varint must be a non-negative safe integer, got ${value}`);
    }
    let rest = value;
    while (rest >= 0x80) {
      this.byte((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.byte(rest);
  }

  private byte(value: number): void {
    this.pending.push(value);
    this.size++;
  }

  private flush(): void {
    if (this.pending.length > 0) this.chunks.push(Uint8Array.from(this.pending));
    this.pending = [];
  }

  private append(chunks: readonly Uint8Array[]): void {
    this.flush();
    for (const chunk of chunks) {
      this.chunks.push(chunk);
      this.size += chunk.length;
    }
  }

  private tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  uint(field: number, value: number): this {
    this.tag(field, VARINT);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, FIXED32);
    const buffer = new DataView(new ArrayBuffer(4));
    buffer.setFloat32(0, value, true);
    for (let i = 0; i < 4; i++) this.byte(buffer.getUint8(i));
    return this;
  }

  /** `data` is kept, not copied: it must not change before `finish`. */
  raw(field: number, data: Uint8Array): this {
    this.tag(field, LENGTH_DELIMITED);
    this.varint(data.length);
    this.append([data]);
    return this;
  }

  string(field: number, value: string): this {
    return this.raw(field, new TextEncoder().encode(value));
  }

  message(field: number, write: (writer: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    write(inner);
    inner.flush();
    this.tag(field, LENGTH_DELIMITED);
    this.varint(inner.size);
    this.append(inner.chunks);
    return this;
  }

  /** Repeated varints, packed: onnx.proto is proto2, whose parsers accept packed and unpacked alike. */
  packedUints(field: number, values: readonly number[]): this {
    const inner = new ProtoWriter();
    values.forEach((value) => inner.varint(value));
    return this.raw(field, Uint8Array.from(inner.pending));
  }

  finish(): Uint8Array {
    this.flush();
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

/** A graph input or output (float32 unless `elemType` says otherwise), of a known rank with symbolic or fixed dims, or of any shape. */
export interface OnnxValue {
  readonly name: string;
  readonly elemType?: OnnxElemType;
  /** Per dim, a symbolic name (`dim_param`) or a size (`dim_value`); `undefined` leaves the shape, and so the rank, open. */
  readonly dims?: readonly (string | number)[];
}

export interface OnnxAttribute {
  readonly name: string;
  readonly float?: number;
  readonly int?: number;
  readonly ints?: readonly number[];
  readonly string?: string;
}

export interface OnnxNode {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: readonly OnnxAttribute[];
}

/** Where a constant's bytes live instead of the model: a file beside it (ONNX external data). */
export interface OnnxExternalData {
  /** The file's name, relative to the model's folder. */
  readonly location: string;
  readonly offset: number;
  readonly length: number;
}

/** A constant of the graph; its element type follows the array (a Uint8Array holds booleans unless `elemType` is uint8). */
export interface OnnxInitializer {
  readonly name: string;
  readonly dims: readonly number[];
  readonly values: Float32Array | Int32Array | BigInt64Array | Uint8Array | Int8Array;
  readonly elemType?: 'uint8';
  /** Written to another file (see {@link initializerBytes}); `values` then only give the type. */
  readonly external?: OnnxExternalData;
}

function initializerType(initializer: OnnxInitializer): OnnxElemType {
  const { values } = initializer;
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Int32Array) return 'int32';
  if (values instanceof BigInt64Array) return 'int64';
  if (values instanceof Int8Array) return 'int8';
  return initializer.elemType ?? 'bool';
}

/** A constant's values as ONNX stores them (raw_data, or external data): little-endian whatever the host's byte order. */
export function initializerBytes(initializer: OnnxInitializer): Uint8Array {
  const { values } = initializer;
  const type = initializerType(initializer);
  const raw = new Uint8Array(values.byteLength);
  if (type === 'int8' || type === 'uint8' || type === 'bool') {
    raw.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    return raw;
  }
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) {
    if (type === 'float32') view.setFloat32(i * 4, values[i] as number, true);
    else if (type === 'int32') view.setInt32(i * 4, values[i] as number, true);
    else view.setBigInt64(i * 8, values[i] as bigint, true);
  }
  return raw;
}

export interface OnnxGraph {
  readonly nodes: readonly OnnxNode[];
  readonly inputs: readonly OnnxValue[];
  readonly outputs: readonly OnnxValue[];
  readonly initializers?: readonly OnnxInitializer[];
}

function writeValueInfo(writer: ProtoWriter, value: OnnxValue): void {
  writer.string(1, value.name).message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.uint(1, ONNX_DATA_TYPES[value.elemType ?? 'float32']);
      if (value.dims !== undefined) {
        const dims = value.dims;
        tensor.message(2, (shape) => dims.forEach((dim) => shape.message(1, (d) => (typeof dim === 'number' ? d.uint(1, dim) : d.string(2, dim)))));
      }
    }),
  );
}

function writeAttribute(writer: ProtoWriter, attribute: OnnxAttribute): void {
  writer.string(1, attribute.name);
  if (attribute.float !== undefined) {
    writer.float(2, attribute.float).uint(20, ATTRIBUTE_FLOAT);
  } else if (attribute.int !== undefined) {
    writer.uint(3, attribute.int).uint(20, ATTRIBUTE_INT);
  } else if (attribute.ints !== undefined) {
    writer.packedUints(8, attribute.ints).uint(20, ATTRIBUTE_INTS);
  } else if (attribute.string !== undefined) {
    writer.string(4, attribute.string).uint(20, ATTRIBUTE_STRING);
  } else {
    throw new Error(`ONNX attribute '${attribute.name}' has no value`);
  }
}

function writeNode(writer: ProtoWriter, node: OnnxNode): void {
  node.inputs.forEach((input) => writer.string(1, input));
  node.outputs.forEach((output) => writer.string(2, output));
  writer.string(4, node.opType);
  node.attributes?.forEach((attribute) => writer.message(5, (a) => writeAttribute(a, attribute)));
}

// TensorProto's external_data (13: key=1, value=2 entries) and data_location (14: EXTERNAL=1).
const EXTERNAL_DATA = 13;
const DATA_LOCATION = 14;

function writeInitializer(writer: ProtoWriter, initializer: OnnxInitializer): void {
  if (initializer.dims.length > 0) writer.packedUints(1, initializer.dims);
  writer.uint(2, ONNX_DATA_TYPES[initializerType(initializer)]).string(8, initializer.name);
  const { external } = initializer;
  if (external === undefined) {
    writer.raw(9, initializerBytes(initializer));
    return;
  }
  const entries: [string, string][] = [
    ['location', external.location],
    ['offset', String(external.offset)],
    ['length', String(external.length)],
  ];
  entries.forEach(([key, value]) => writer.message(EXTERNAL_DATA, (entry) => entry.string(1, key).string(2, value)));
  writer.uint(DATA_LOCATION, 1);
}

/** Serialises `graph` as an onnx.ModelProto (IR version 8, default-domain opset 16). */
export function encodeOnnxModel(graph: OnnxGraph, name = 'otfuse-matmul'): Uint8Array {
  return new ProtoWriter()
    .uint(1, ONNX_IR_VERSION)
    .string(2, 'otfuse')
    .message(7, (g) => {
      graph.nodes.forEach((node) => g.message(1, (n) => writeNode(n, node)));
      g.string(2, name);
      graph.initializers?.forEach((initializer) => g.message(5, (t) => writeInitializer(t, initializer)));
      graph.inputs.forEach((input) => g.message(11, (v) => writeValueInfo(v, input)));
      graph.outputs.forEach((output) => g.message(12, (v) => writeValueInfo(v, output)));
    })
    .message(8, (opset) => opset.string(1, '').uint(2, ONNX_OPSET))
    .finish();
}

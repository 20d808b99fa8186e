import type { SeededRandom } from '@otfuse/extension';
import { parse, stringify } from 'yaml';

/** A mutated input and what was done to it (printed with a failing case). */
export interface Mutation {
  bytes: Buffer;
  what: string;
}

const pick = <T>(random: SeededRandom, items: readonly T[]): T => items[random.nextInt(items.length)];

/** Values of the wrong type, out of range, or absurdly large, for any JSON or YAML field. */
export const HOSTILE_VALUES: readonly unknown[] = [
  null, true, false, 0, -1, 1.5, -0.5, 1e12, 2 ** 53 + 2, -1e300, 1e308, '', 'x', '12', [], [1, 2], {}, { a: 1 }, 'window_0', 'NaN', [[[[[]]]]],
];

/** Random changes to a safetensors file's bytes: header length, truncation, byte flips, NaNs in the data. */
export function mutateSafetensorsBytes(random: SeededRandom, input: Buffer): Mutation {
  const bytes = Buffer.from(input);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  switch (random.nextInt(5)) {
    case 0: {
      const value = pick(random, [0n, 1n, 7n, BigInt(headerLength - 1), BigInt(headerLength + 1), BigInt(bytes.length), 2n ** 63n, 2n ** 64n - 1n, 100_000_000n]);
      bytes.writeBigUInt64LE(value, 0);
      return { bytes, what: `header length set to ${value}` };
    }
    case 1: {
      const at = random.nextInt(bytes.length);
      return { bytes: bytes.subarray(0, at), what: `truncated to ${at} of ${input.length} bytes` };
    }
    case 2: {
      const flips = 1 + random.nextInt(4);
      const places: number[] = [];
      for (let k = 0; k < flips; k++) {
        const at = 8 + random.nextInt(headerLength);
        bytes[at] = random.nextInt(256);
        places.push(at);
      }
      return { bytes, what: `header bytes changed at ${places.join(', ')}` };
    }
    case 3: {
      const flips = 1 + random.nextInt(8);
      for (let k = 0; k < flips; k++) bytes[8 + headerLength + random.nextInt(bytes.length - 8 - headerLength)] = random.nextInt(256);
      return { bytes, what: `${flips} data bytes changed` };
    }
    default: {
      const floats = Math.floor((bytes.length - 8 - headerLength) / 4);
      const at = 8 + headerLength + 4 * random.nextInt(floats);
      const value = pick(random, [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
      bytes.writeFloatLE(value, at);
      return { bytes, what: `${value} written at byte ${at}` };
    }
  }
}

/** Random changes to a safetensors header's JSON (re-encoded with a correct length prefix). */
export function mutateSafetensorsHeader(random: SeededRandom, input: Buffer): Mutation {
  const length = Number(input.readBigUInt64LE(0));
  const header = JSON.parse(input.subarray(8, 8 + length).toString('utf8')) as Record<string, Record<string, unknown>>;
  const data = input.subarray(8 + length);
  const names = Object.keys(header).filter((k) => k !== '__metadata__');
  const name = pick(random, names);
  const entry = header[name];
  let what: string;
  let text: string | undefined;
  switch (random.nextInt(9)) {
    case 0:
      entry.dtype = pick(random, ['F64', 'F16', 'I64', 'BOOL', 'U8', 'F8_E4M3', 'Q4', 'f32', '', 7, null]);
      what = `dtype of '${name}' → ${JSON.stringify(entry.dtype)}`;
      break;
    case 1:
      entry.shape = pick(random, [[-1], [0], [2 ** 31, 2 ** 31], [2 ** 53], [1e6, 1e6, 1e6], [], [1.5], 'x', null, [3, 'a'], Array(40).fill(2)]);
      what = `shape of '${name}' → ${JSON.stringify(entry.shape)}`;
      break;
    case 2: {
      const [a, b] = entry.data_offsets as [number, number];
      entry.data_offsets = pick(random, [[b, a], [a, b + 4], [a + 4, b], [0, 4], [a, 2 ** 60], [-4, b], [a], 'x', null, [a, b, 0]]);
      what = `data_offsets of '${name}' → ${JSON.stringify(entry.data_offsets)}`;
      break;
    }
    case 3:
      header.__metadata__ = pick(random, [7, 'x', [1], null, { nested: { deep: 1 } }, { n: 3 }]) as never;
      what = `__metadata__ → ${JSON.stringify(header.__metadata__)}`;
      break;
    case 4:
      delete header[name];
      what = `'${name}' removed from the header`;
      break;
    case 5: {
      // A second entry under the same name: JSON.stringify cannot write one, so splice the text.
      const json = JSON.stringify(header);
      const dup = `${JSON.stringify(name)}:${JSON.stringify(entry)},`;
      text = `{${dup}${json.slice(1)}`;
      what = `'${name}' appears twice`;
      break;
    }
    case 6: {
      const depth = pick(random, [64, 1000, 100_000]);
      text = JSON.stringify(header).replace(/}$/, `,"deep":${'['.repeat(depth)}${']'.repeat(depth)}}`);
      what = `an entry nested ${depth} deep`;
      break;
    }
    case 7:
      header[pick(random, ['extra', '', '../x', name.toUpperCase()])] = { dtype: 'F32', shape: [2], data_offsets: [0, 8] };
      what = 'an extra tensor overlapping the first';
      break;
    default:
      (entry as Record<string, unknown>)[pick(random, ['dtype', 'shape', 'data_offsets'])] = undefined;
      what = `a field of '${name}' removed`;
  }
  const json = Buffer.from(text ?? JSON.stringify(header));
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(json.length));
  return { bytes: Buffer.concat([prefix, json, data]), what };
}

/** Random changes to a JSON file (config.json, a shard index): keys removed or retyped, sizes made absurd, the text broken. */
export function mutateJson(random: SeededRandom, input: Buffer, interesting: readonly string[]): Mutation {
  const value = JSON.parse(input.toString('utf8')) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(value), ...interesting])];
  const key = pick(random, keys);
  switch (random.nextInt(6)) {
    case 0:
      delete value[key];
      return { bytes: Buffer.from(JSON.stringify(value)), what: `'${key}' removed` };
    case 1:
    case 2: {
      value[key] = pick(random, HOSTILE_VALUES);
      return { bytes: Buffer.from(JSON.stringify(value)), what: `'${key}' → ${JSON.stringify(value[key])}` };
    }
    case 3: {
      const n = value[key];
      value[key] = typeof n === 'number' ? pick(random, [n + 1, n - 1, n * 3, -n, n / 2]) : Array.isArray(n) ? [...n, ...n] : `${String(n)}x`;
      return { bytes: Buffer.from(JSON.stringify(value)), what: `'${key}' → ${JSON.stringify(value[key])}` };
    }
    case 4: {
      const text = JSON.stringify(value);
      const at = random.nextInt(text.length);
      return { bytes: Buffer.from(text.slice(0, at)), what: `JSON truncated at ${at}` };
    }
    default:
      value[pick(random, ['unknown_key', 'torch_dtype', 'model_type'])] = pick(random, HOSTILE_VALUES);
      return { bytes: Buffer.from(JSON.stringify(value)), what: 'a key added' };
  }
}

/** Random changes to an experiment file's YAML text. */
export function mutateYaml(random: SeededRandom, input: string, keys: readonly string[]): Mutation {
  const lines = input.split('\n');
  const yamlValue = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v));
  switch (random.nextInt(8)) {
    case 0: {
      const key = pick(random, keys);
      const value = pick(random, HOSTILE_VALUES);
      return { bytes: Buffer.from(withKey(input, key, value)), what: `${key}: ${yamlValue(value)}` };
    }
    case 1: {
      const at = random.nextInt(lines.length);
      return { bytes: Buffer.from(lines.filter((_, i) => i !== at).join('\n')), what: `line ${at + 1} removed` };
    }
    case 2: {
      const key = pick(random, ['fusion.ot_solverr', 'modle', 'fusion.acts.bogus', 'data.params.split', 'report.landscape.gridd']);
      return { bytes: Buffer.from(`${input}${setKey(key, '1')}`), what: `unknown key ${key}` };
    }
    case 3: {
      // An alias bomb: each level repeats the one below nine times.
      let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
      for (let i = 1; i < 9; i++) bomb += `a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]\n`;
      return { bytes: Buffer.from(`${bomb}${input}`), what: 'an alias bomb' };
    }
    case 4:
      return { bytes: Buffer.from(`${input}---\nmodel: {}\n`), what: 'a second document' };
    case 5: {
      const key = pick(random, keys);
      const value = pick(random, ['1e400', '-1e400', '.nan', '0x7fffffffffffffff', '99999999999999999999999', '1_000', '!!binary aGVsbG8=', '~', '!!js/function "x"', '&x [*x]']);
      // Written as raw YAML, not as a string: a placeholder is swapped for the text.
      return { bytes: Buffer.from(withKey(input, key, RAW).replace(`'${RAW}'`, value).replace(RAW, value)), what: `${key}: ${value}` };
    }
    case 6: {
      const at = random.nextInt(input.length);
      return { bytes: Buffer.from(input.slice(0, at)), what: `truncated at ${at}` };
    }
    default: {
      const at = random.nextInt(input.length);
      const junk = pick(random, ['\t', ':', '{', '[', '"', '\u0000', '&', '*x', '%', '@', '\n  - ', '\ufeff']);
      return { bytes: Buffer.from(input.slice(0, at) + junk + input.slice(at)), what: `${JSON.stringify(junk)} inserted at ${at}` };
    }
  }
}

const RAW = '__raw_value__';

/** The YAML text with a dotted key set to `value` (sections created as needed). */
function withKey(text: string, key: string, value: unknown): string {
  const doc = (parse(text) ?? {}) as Record<string, unknown>;
  const parts = key.split('.');
  let at: Record<string, unknown> = doc;
  for (const part of parts.slice(0, -1)) {
    if (typeof at[part] !== 'object' || at[part] === null || Array.isArray(at[part])) at[part] = {};
    at = at[part] as Record<string, unknown>;
  }
  at[parts[parts.length - 1]] = value;
  return stringify(doc);
}

/** YAML text that sets a dotted key at the end of a file (a later key overrides or duplicates). */
function setKey(key: string, value: string): string {
  const parts = key.split('.');
  return `${parts.map((p, i) => `${'  '.repeat(i)}${p}:${i === parts.length - 1 ? ` ${value}` : ''}`).join('\n')}\n`;
}

import { op, pickleOf } from '../__fixtures__/torch-files';
import { unpickle, type PickleHooks } from './pickle';
import { PickleDict, PickleRefusal } from './pickle-values';

/** Hooks that allow no global, persistent id or BUILD at all. */
const NOTHING: PickleHooks = {
  holds: 'plain data',
  global: () => undefined,
  persistentLoad: () => {
    throw new PickleRefusal('invalid', 'no persistent ids here');
  },
  build: () => false,
};

const load = (...parts: Buffer[]) => unpickle(pickleOf(...parts), NOTHING);
const bytes = (...values: number[]) => Buffer.from(values);

describe('the data-only pickle interpreter', () => {
  it('reads the integers of every width, floats, strings, booleans and None', () => {
    const tuple = load(
      op.mark,
      op.int(-7),
      bytes(0x4b, 200), // BININT1
      bytes(0x4d, 0x34, 0x12), // BININT2
      op.int(2 ** 40),
      op.int(-(2n ** 62n)),
      bytes(0x8a, 0), // LONG1 of no bytes: 0
      bytes(0x47, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0), // BINFLOAT 1.5, big-endian
      op.str('né'),
      bytes(0x8c, 2, 0x68, 0x69), // SHORT_BINUNICODE 'hi'
      bytes(0x88),
      op.newFalse,
      op.none,
      op.tuple,
    );
    expect(tuple).toEqual([-7, 200, 0x1234, 2 ** 40, -(2n ** 62n), 0, 1.5, 'né', 'hi', true, false, null]);
    expect(Object.isFrozen(tuple)).toBe(true);
  });

  it('builds tuples, lists and dicts, and shares memoized values', () => {
    const value = load(
      op.emptyDict,
      bytes(0x71, 0), // BINPUT 0
      op.str('list'),
      op.emptyList,
      bytes(0x94), // MEMOIZE (index 1)
      op.int(1),
      Buffer.from('a'),
      op.mark,
      op.int(2),
      op.int(3),
      Buffer.from('e'),
      op.setItem,
      op.str('again'),
      bytes(0x68, 1), // BINGET 1
      op.setItem,
      op.str('pair'),
      op.int(4),
      op.int(5),
      bytes(0x86),
      op.setItem,
    ) as PickleDict;
    expect(value).toBeInstanceOf(PickleDict);
    expect([...value.items]).toEqual([
      ['list', [1, 2, 3]],
      ['again', [1, 2, 3]],
      ['pair', [4, 5]],
    ]);
    expect(value.items.get('again')).toBe(value.items.get('list'));
  });

  it('refuses globals the hooks do not allow, opcodes plain data never needs, and malformed input', () => {
    const refusal = (kind: string, message: string | RegExp) => expect.objectContaining({ kind, message: expect.stringMatching(message) });
    expect(() => load(op.global('subprocess', 'Popen'))).toThrow(refusal('global', "^the pickle calls the global 'subprocess Popen', which plain data never holds$"));
    expect(() => load(bytes(0x81))).toThrow(refusal('opcode', '^the pickle uses opcode NEWOBJ \\(0x81\\) at byte 2, which plain data never holds$'));
    expect(() => load(op.str('x'), op.str('y'), bytes(0x93))).toThrow(refusal('global', "'x y'"));
    expect(() => load(Buffer.from('Q'))).toThrow(refusal('invalid', 'needs 1 values'));
    expect(() => load(op.int(1), op.int(2), Buffer.from('a'))).toThrow(refusal('invalid', 'APPEND to an int \\(1\\), not a list'));
    expect(() => load(op.emptyTuple, op.emptyTuple, Buffer.from('a'))).toThrow(refusal('invalid', 'APPEND to a tuple of 0, not a list'));
    expect(() => load(op.int(1), op.int(2))).toThrow(refusal('invalid', 'STOP leaves 2 values and 0 open marks'));
    expect(() => load(op.mark, Buffer.from('t'), Buffer.from('t'))).toThrow(refusal('invalid', 'needs a MARK'));
    expect(() => load(bytes(0x58, 9, 0, 0, 0), Buffer.from('ab'))).toThrow(refusal('invalid', 'ends inside a string'));
    expect(() => load(bytes(0x8c, 1, 0xff))).toThrow(refusal('invalid', 'not valid UTF-8'));
    expect(() => unpickle(bytes(0x80, 9), NOTHING)).toThrow(refusal('invalid', 'protocol 9'));
  });
});

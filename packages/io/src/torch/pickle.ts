/**
 * A pickle interpreter for data only. It rebuilds None, booleans, numbers, strings, tuples,
 * lists and dicts, and hands each global, persistent id and BUILD to hooks that know the few a
 * format allows; REDUCE may call only a {@link PickleCallable} those hooks returned. Nothing is
 * imported or run: any other opcode, global or call is refused with a message naming it.
 */
import { opcodeName } from './pickle-opcodes';
import { PickleDict, PickleRefusal, describePickleValue, isCallable, isTuple } from './pickle-values';

export interface PickleHooks {
  /** What the pickle should hold, for messages (`a torch state dict`). */
  readonly holds: string;
  /** The value a global stands for, or undefined for one the format never holds (refused). */
  global(module: string, name: string): unknown;
  /** The object a persistent id (BINPERSID) stands for; throws a PickleRefusal for an unknown one. */
  persistentLoad(pid: unknown): unknown;
  /** BUILD: sets `state` on `target`; false when the format never builds such a target or state. */
  build(target: unknown, state: unknown): boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const HIGHEST_PROTOCOL = 5;

class Unpickler {
  private position = 0;
  /** Where the opcode being run starts, for messages. */
  private at = 0;
  private readonly stack: unknown[] = [];
  private readonly marks: number[] = [];
  private readonly memo = new Map<number, unknown>();
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly hooks: PickleHooks,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  run(): unknown {
    for (;;) {
      this.at = this.position;
      const code = this.take(1, 'an opcode')[0];
      if (code === 0x2e) return this.stop();
      this.step(code);
    }
  }

  private step(code: number): void {
    const stack = this.stack;
    switch (code) {
      case 0x80: // PROTO
        if (this.take(1, 'PROTO')[0] > HIGHEST_PROTOCOL) throw this.invalid(`protocol ${this.bytes[this.at + 1]} is newer than any Python writes`);
        return;
      case 0x95: // FRAME: a length hint for buffered readers; the bytes follow as usual.
        this.take(8, 'FRAME');
        return;
      case 0x28: // MARK
        this.marks.push(stack.length);
        return;
      case 0x4e: // NONE
        stack.push(null);
        return;
      case 0x88: // NEWTRUE
      case 0x89: // NEWFALSE
        stack.push(code === 0x88);
        return;
      case 0x4b: // BININT1
        stack.push(this.take(1, 'BININT1')[0]);
        return;
      case 0x4d: // BININT2
        stack.push(this.view.getUint16(this.skip(2, 'BININT2'), true));
        return;
      case 0x4a: // BININT
        stack.push(this.view.getInt32(this.skip(4, 'BININT'), true));
        return;
      case 0x8a: // LONG1
        stack.push(this.long(this.take(1, 'LONG1')[0]));
        return;
      case 0x47: // BINFLOAT: big-endian, unlike everything else.
        stack.push(this.view.getFloat64(this.skip(8, 'BINFLOAT'), false));
        return;
      case 0x58: // BINUNICODE
        stack.push(this.text(this.view.getUint32(this.skip(4, 'BINUNICODE'), true)));
        return;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(this.text(this.take(1, 'SHORT_BINUNICODE')[0]));
        return;
      case 0x29: // EMPTY_TUPLE
        stack.push(Object.freeze([]));
        return;
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: // TUPLE3
        stack.push(Object.freeze(this.popN(code - 0x84)));
        return;
      case 0x74: // TUPLE
        stack.push(Object.freeze(this.popMark()));
        return;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        return;
      case 0x61: // APPEND
      case 0x65: // APPENDS
        this.list(code === 0x61 ? this.popN(1) : this.popMark());
        return;
      case 0x7d: // EMPTY_DICT
        stack.push(new PickleDict());
        return;
      case 0x73: // SETITEM
      case 0x75: // SETITEMS
        this.setItems(code === 0x73 ? this.popN(2) : this.popMark());
        return;
      case 0x71: // BINPUT
      case 0x72: // LONG_BINPUT
        this.memo.set(this.memoIndex(code === 0x72, 'BINPUT'), this.top());
        return;
      case 0x94: // MEMOIZE
        this.memo.set(this.memo.size, this.top());
        return;
      case 0x68: // BINGET
      case 0x6a: // LONG_BINGET
        stack.push(this.memoized(this.memoIndex(code === 0x6a, 'BINGET')));
        return;
      case 0x63: // GLOBAL
        stack.push(this.global(this.line('GLOBAL'), this.line('GLOBAL')));
        return;
      case 0x93: {
        // STACK_GLOBAL
        const [module, name] = this.popN(2);
        if (typeof module !== 'string' || typeof name !== 'string') throw this.invalid('STACK_GLOBAL needs a module and a name');
        stack.push(this.global(module, name));
        return;
      }
      case 0x52: // REDUCE
        stack.push(this.reduce(...(this.popN(2) as [unknown, unknown])));
        return;
      case 0x51: // BINPERSID
        stack.push(this.hooks.persistentLoad(this.popN(1)[0]));
        return;
      case 0x62: {
        // BUILD
        const [state] = this.popN(1);
        if (!this.hooks.build(this.top(), state)) throw this.invalid(`BUILD sets ${describePickleValue(state)} on ${describePickleValue(this.top())}, which ${this.hooks.holds} never does`);
        return;
      }
      default:
        throw new PickleRefusal('opcode', `the pickle uses opcode ${opcodeName(code)} at byte ${this.at}, which ${this.hooks.holds} never holds`);
    }
  }

  private stop(): unknown {
    if (this.stack.length !== 1 || this.marks.length) throw this.invalid(`STOP leaves ${this.stack.length} values and ${this.marks.length} open marks, not one value`);
    return this.stack[0];
  }

  private global(module: string, name: string): unknown {
    const value = this.hooks.global(module, name);
    if (value === undefined) throw new PickleRefusal('global', `the pickle calls the global '${module} ${name}', which ${this.hooks.holds} never holds`);
    return value;
  }

  private reduce(callable: unknown, args: unknown): unknown {
    if (!isCallable(callable)) throw this.invalid(`REDUCE calls ${describePickleValue(callable)}, which is not callable`);
    if (!isTuple(args)) throw this.invalid(`REDUCE calls '${callable.qualifiedName}' with ${describePickleValue(args)}, not a tuple`);
    return callable.call(args);
  }

  private list(items: unknown[]): void {
    const target = this.top();
    if (!Array.isArray(target) || Object.isFrozen(target)) throw this.invalid(`APPEND to ${describePickleValue(target)}, not a list`);
    target.push(...items);
  }

  private setItems(pairs: unknown[]): void {
    const target = this.top();
    if (!(target instanceof PickleDict)) throw this.invalid(`SETITEM on ${describePickleValue(target)}, not a dict`);
    if (pairs.length % 2) throw this.invalid('SETITEMS with a key and no value');
    for (let i = 0; i < pairs.length; i += 2) target.items.set(pairs[i], pairs[i + 1]);
  }

  /** The memo index after BINPUT/BINGET (one byte) or their LONG_ forms (four). */
  private memoIndex(long: boolean, what: string): number {
    return long ? this.view.getUint32(this.skip(4, `LONG_${what}`), true) : this.take(1, what)[0];
  }

  private memoized(index: number): unknown {
    if (!this.memo.has(index)) throw this.invalid(`memo entry ${index} is read before it is written`);
    return this.memo.get(index);
  }

  /** A little-endian two's-complement integer of `length` bytes: a number when it is safe, else a bigint. */
  private long(length: number): number | bigint {
    const bytes = this.take(length, 'LONG1');
    let value = 0n;
    for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
    if (length && bytes[length - 1] & 0x80) value -= 1n << BigInt(8 * length);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }

  private text(length: number): string {
    return this.decode(this.take(length, 'a string'));
  }

  /** A newline-terminated line (GLOBAL's module and name). */
  private line(what: string): string {
    const end = this.bytes.indexOf(0x0a, this.position);
    if (end < 0) throw this.invalid(`the pickle ends inside ${what}`);
    const start = this.position;
    this.position = end + 1;
    return this.decode(this.bytes.subarray(start, end));
  }

  private decode(bytes: Uint8Array): string {
    try {
      return utf8.decode(bytes);
    } catch {
      throw this.invalid('a string that is not valid UTF-8');
    }
  }

  private top(): unknown {
    if (!this.stack.length || this.stack.length === this.marks.at(-1)) throw this.invalid('an opcode needs a value and the stack has none');
    return this.stack[this.stack.length - 1];
  }

  private popN(count: number): unknown[] {
    const floor = this.marks.at(-1) ?? 0;
    if (this.stack.length - count < floor) throw this.invalid(`an opcode needs ${count} values and the stack has ${this.stack.length - floor}`);
    return this.stack.splice(this.stack.length - count, count);
  }

  private popMark(): unknown[] {
    const mark = this.marks.pop();
    if (mark === undefined) throw this.invalid('an opcode needs a MARK and there is none');
    return this.stack.splice(mark);
  }

  /** The next `count` bytes. */
  private take(count: number, what: string): Uint8Array {
    return this.bytes.subarray(this.skip(count, what), this.position);
  }

  /** Moves past the next `count` bytes and returns where they start. */
  private skip(count: number, what: string): number {
    if (this.position + count > this.bytes.length) throw this.invalid(`the pickle ends inside ${what}`);
    this.position += count;
    return this.position - count;
  }

  private invalid(rule: string): PickleRefusal {
    return new PickleRefusal('invalid', `malformed pickle at byte ${this.at}: ${rule}`);
  }
}

/** Interprets `bytes` as a pickle of plain data, with `hooks` for the globals and objects the format allows. */
export function unpickle(bytes: Uint8Array, hooks: PickleHooks): unknown {
  return new Unpickler(bytes, hooks).run();
}

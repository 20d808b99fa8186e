/**
 * JSON parsing with a usable error position. JSON.parse in Node 20 does not always say where a
 * document breaks, so after a failure a small scanner finds the first offending character.
 */

export class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${reason} at line ${line}, column ${column} (offset ${offset})`);
  }
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw locateJsonError(text, (error as Error).message);
  }
}

const MAX_DEPTH = 512;

class Scanner {
  offset = 0;

  constructor(private readonly text: string) {}

  fail(expected: string): never {
    const found = this.offset < this.text.length ? `'${this.text[this.offset]}'` : 'end of input';
    throw new ScanFailure(this.offset, `expected ${expected}, found ${found}`);
  }

  skipSpace(): void {
    while (this.offset < this.text.length && ' \t\n\r'.includes(this.text[this.offset])) this.offset++;
  }

  literal(word: string): void {
    for (const char of word) {
      if (this.text[this.offset] !== char) this.fail(JSON.stringify(word));
      this.offset++;
    }
  }

  value(depth: number): void {
    if (depth > MAX_DEPTH) throw new ScanFailure(this.offset, `nesting deeper than ${MAX_DEPTH}`);
    this.skipSpace();
    const char = this.text[this.offset];
    if (char === '{') this.members('}', () => {
      this.skipSpace();
      if (this.text[this.offset] !== '"') this.fail('a string key');
      this.string();
      this.skipSpace();
      if (this.text[this.offset] !== ':') this.fail("':'");
      this.offset++;
      this.value(depth + 1);
    });
    else if (char === '[') this.members(']', () => this.value(depth + 1));
    else if (char === '"') this.string();
    else if (char === 't') this.literal('true');
    else if (char === 'f') this.literal('false');
    else if (char === 'n') this.literal('null');
    else if (char === '-' || (char >= '0' && char <= '9')) this.number();
    else this.fail('a JSON value');
    this.skipSpace();
  }

  members(close: string, member: () => void): void {
    this.offset++;
    this.skipSpace();
    if (this.text[this.offset] === close) {
      this.offset++;
      return;
    }
    for (;;) {
      member();
      this.skipSpace();
      const char = this.text[this.offset];
      if (char === close) {
        this.offset++;
        return;
      }
      if (char !== ',') this.fail(`',' or '${close}'`);
      this.offset++;
    }
  }

  string(): void {
    this.offset++;
    for (;;) {
      if (this.offset >= this.text.length) this.fail("closing '\"'");
      const code = this.text.charCodeAt(this.offset);
      if (code === 0x22) {
        this.offset++;
        return;
      }
      if (code < 0x20) this.fail('a character allowed in a string');
      if (code === 0x5c) {
        this.offset++;
        const escape = this.text[this.offset];
        if (escape === 'u') {
          for (let i = 1; i <= 4; i++) {
            this.offset++;
            if (!/[0-9a-fA-F]/.test(this.text[this.offset] ?? '')) this.fail('a hex digit');
          }
        } else if (escape === undefined || !'"\\/bfnrt'.includes(escape)) {
          this.fail('an escape character');
        }
      }
      this.offset++;
    }
  }

  digits(): void {
    const start = this.offset;
    while (this.text[this.offset] >= '0' && this.text[this.offset] <= '9') this.offset++;
    if (this.offset === start) this.fail('a digit');
  }

  number(): void {
    if (this.text[this.offset] === '-') this.offset++;
    if (this.text[this.offset] === '0') this.offset++;
    else this.digits();
    if (this.text[this.offset] === '.') {
      this.offset++;
      this.digits();
    }
    if (this.text[this.offset] === 'e' || this.text[this.offset] === 'E') {
      this.offset++;
      if (this.text[this.offset] === '+' || this.text[this.offset] === '-') this.offset++;
      this.digits();
    }
  }
}

class ScanFailure {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

/** Where and why `text` is not JSON; `fallback` is used if the scanner finds no fault. */
export function locateJsonError(text: string, fallback: string): JsonSyntaxError {
  const scanner = new Scanner(text);
  let offset = text.length;
  let reason = fallback;
  try {
    scanner.value(0);
    if (scanner.offset < text.length) scanner.fail('end of input');
  } catch (failure) {
    if (!(failure instanceof ScanFailure)) throw failure;
    offset = failure.offset;
    reason = failure.reason;
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return new JsonSyntaxError(offset, line, column, reason);
}

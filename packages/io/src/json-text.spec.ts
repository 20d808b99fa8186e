import { JsonSyntaxError, parseJson } from './json-text';

function failure(text: string): JsonSyntaxError {
  try {
    parseJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  throw new Error(`parsed: ${text}`);
}

describe('parseJson', () => {
  it('parses valid JSON like JSON.parse', () => {
    expect(parseJson('{"a": [1, -2.5e3, true, null, "x\\u00e9"]}')).toEqual({ a: [1, -2500, true, null, 'xé'] });
  });

  it.each([
    ['{"a": 1,}', 1, 9, "expected a string key, found '}'"],
    ['{"a" 1}', 1, 6, "expected ':', found '1'"],
    ['[1, 2', 1, 6, "expected ',' or ']', found end of input"],
    ['{\n  "a": tru\n}', 2, 11, 'expected "true"'],
    ['{"a": "x\ny"}', 1, 9, 'expected a character allowed in a string'],
    ['{"a": 01}', 1, 8, "expected ',' or '}', found '1'"],
    ['{"a": "\\q"}', 1, 9, 'expected an escape character'],
    ['{} x', 1, 4, "expected end of input, found 'x'"],
    ['', 1, 1, 'expected a JSON value, found end of input'],
  ])('locates the fault in %j', (text, line, column, reason) => {
    const error = failure(text);
    expect({ line: error.line, column: error.column }).toEqual({ line, column });
    expect(error.reason).toContain(reason);
  });
});

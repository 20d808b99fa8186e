import { OtError } from '../errors';

/** Runs `fn`, expecting an OtError with `code` whose message contains every fragment. */
export function expectOtError(fn: () => unknown, code: string, ...fragments: string[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(OtError);
  const error = caught as OtError;
  expect(error.code).toBe(code);
  for (const fragment of fragments) expect(error.message).toContain(fragment);
}

/**
 * Loads `@tensorflow/tfjs-node` or `@tensorflow/tfjs-node-gpu`. Both are optional dependencies
 * whose install downloads libtensorflow, so they are often absent; loading one registers its
 * `tensorflow` backend with the TensorFlow.js engine.
 */

export type NativePackage = '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu';

/** Why a native package cannot be used, or `undefined` once it is loaded. */
export function loadNativePackage(packageName: NativePackage): string | undefined {
  try {
    // A plain require keeps the package optional: nothing imports it statically.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(packageName);
    return undefined;
  } catch (error) {
    return describeLoadFailure(packageName, error);
  }
}

function describeLoadFailure(packageName: NativePackage, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'MODULE_NOT_FOUND' && message.includes(`'${packageName}'`)) {
    return `${packageName} is not installed (its install needs to download libtensorflow)`;
  }
  return `${packageName} is installed but failed to load: ${message.split('\n')[0]}`;
}

const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

/**
 * Makes both native TensorFlow.js packages fail to load as an absent package does, whatever
 * this machine has installed, so a test checks the code and not the machine. Call it at the
 * top of a spec: the packages are required only when a backend is initialised.
 */
export function withoutNativePackages(): void {
  for (const name of NATIVE_PACKAGES) {
    jest.doMock(
      name,
      () => {
        throw Object.assign(new Error(`Cannot find module '${name}' from 'native-package.ts'`), { code: 'MODULE_NOT_FOUND' });
      },
      { virtual: true },
    );
  }
}

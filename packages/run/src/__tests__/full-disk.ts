import fs from 'node:fs';

/**
 * Makes the file system under `dir` behave as a disk with `freeBytes` left: once that much has
 * been written to files opened there, `fs.writeSync` fails with ENOSPC, as the kernel's does.
 * Returns the function that restores `fs`.
 */
export function simulateFullDisk(dir: string, freeBytes: number): () => void {
  const open = fs.openSync;
  const write = fs.writeSync;
  const close = fs.closeSync;
  const onDisk = new Set<number>();
  let free = freeBytes;
  const openSpy = jest.spyOn(fs, 'openSync').mockImplementation((...args: Parameters<typeof fs.openSync>) => {
    const fd = open(...args);
    if (String(args[0]).startsWith(dir)) onDisk.add(fd);
    return fd;
  });
  const closeSpy = jest.spyOn(fs, 'closeSync').mockImplementation((fd: number) => {
    onDisk.delete(fd);
    close(fd);
  });
  const writeSpy = jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buffer: NodeJS.ArrayBufferView | string, ...rest: unknown[]) => {
    if (onDisk.has(fd)) {
      const length = typeof buffer === 'string' ? Buffer.byteLength(buffer) : typeof rest[1] === 'number' ? rest[1] : buffer.byteLength;
      if (length > free) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { errno: -28, code: 'ENOSPC', syscall: 'write' });
      free -= length;
    }
    return (write as (...a: unknown[]) => number)(fd, buffer, ...rest);
  }) as typeof fs.writeSync);
  return () => {
    openSpy.mockRestore();
    closeSpy.mockRestore();
    writeSpy.mockRestore();
  };
}

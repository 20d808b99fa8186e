/**
 * A helper thread of the worker pool: waits for the main thread to start a job, takes the job
 * from its port, claims chunks until none is left, reports done, and waits again.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { claimChunks, doneIndex, failedIndex, GENERATION, type JobMessage } from './control';

const { control: buffer, port, helper } = workerData as { control: SharedArrayBuffer; port: MessagePort; helper: number };
const control = new Int32Array(buffer);

function serve(): void {
  let seen = Atomics.load(control, GENERATION);
  Atomics.store(control, doneIndex(helper), seen);
  Atomics.notify(control, doneIndex(helper));
  for (;;) {
    Atomics.wait(control, GENERATION, seen);
    seen = Atomics.load(control, GENERATION);
    const message = receiveMessageOnPort(port)?.message as JobMessage | undefined;
    if (message !== undefined && 'close' in message) return;
    if (message !== undefined) {
      try {
        claimChunks(control, message.task, message.args);
      } catch {
        Atomics.store(control, failedIndex(helper), 1);
      }
    }
    Atomics.store(control, doneIndex(helper), seen);
    Atomics.notify(control, doneIndex(helper));
  }
}

serve();
port.close();

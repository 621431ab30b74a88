/**
 * A worker thread of the checker's process, between it and the candidate's process: the checker's
 * properties call answers synchronously, so the checker's main thread sends each request here and
 * blocks (Atomics.wait) until this thread posts the reply and wakes it. This thread starts the
 * candidate's process, forwards only the reply to the request being waited on (any other message
 * is dropped: the channel carries answers, nothing else), watches its resident memory, and kills
 * its process group when told to or when it passes the memory limit.
 */
import { spawn, type Serializable } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { workerData, type MessagePort } from 'node:worker_threads';

/** What the checker's main thread gives this thread. */
export interface RelayData {
  /** node's arguments for the candidate's process (flags, then the host's file). */
  readonly args: readonly string[];
  readonly memoryMb: number;
  /** One Int32: set to 1 (and notified) when a message is posted to the main thread. */
  readonly signal: SharedArrayBuffer;
  /** The main thread's channel (read there with receiveMessageOnPort, while it blocks). */
  readonly port: MessagePort;
}

/** A message to the main thread: the reply to the request it waits on, or the process's end. */
export type RelayMessage = { readonly reply: unknown } | { readonly exited: string };

const { args, memoryMb, signal, port } = workerData as RelayData;
const flag = new Int32Array(signal);

function post(m: RelayMessage) {
  port.postMessage(m);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'ignore', 'ignore', 'ipc'], serialization: 'advanced' });
let waitingOn: number | undefined;
let stopped: string | undefined;

function stop(reason: string) {
  stopped ??= reason;
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // the group is gone already
  }
}

/** Resident memory of a process in MB, from /proc (0 where /proc is not there). */
function residentMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

// typed arrays live outside V8's heap, so the heap limit alone does not bound them
const watch = setInterval(() => {
  if (residentMb(child.pid!) > memoryMb * 1.5) stop(`stopped by the memory limit: over ${Math.round(memoryMb * 1.5)} MB resident`);
}, 20);

child.on('message', (m: unknown) => {
  const id = (m as { id?: unknown } | null)?.id;
  if (waitingOn === undefined || id !== waitingOn) return;
  waitingOn = undefined;
  post({ reply: m });
});
child.on('error', (e) => stop(`the candidate's process did not start: ${e.message}`));
child.on('exit', (code, sig) => {
  clearInterval(watch);
  const reason =
    stopped ??
    (code === 134 || sig === 'SIGABRT'
      ? `stopped by the memory limit: the JavaScript heap passed ${memoryMb} MB`
      : `the candidate's process ended before answering (exit ${code ?? sig})`);
  stop(reason); // the rest of its group, if any
  post({ exited: reason });
});

port.on('message', (m: { id: number; message: unknown } | { stop: string }) => {
  if ('stop' in m) return stop(m.stop);
  waitingOn = m.id;
  child.send(m.message as Serializable, (e) => e && stop(`the candidate's process closed its channel (${e.message})`));
});

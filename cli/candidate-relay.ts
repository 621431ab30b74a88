/**
 * A worker thread of the checker's process, between it and the candidate's process: the checker's
 * properties call answers synchronously, so the checker's main thread posts each request here and
 * blocks (Atomics.wait) until this thread posts the reply and wakes it. One thread serves the
 * checker's candidates one after another: for each it starts the candidate's process, forwards
 * only the reply to the request being waited on (any other message is dropped: the channel
 * carries answers, nothing else), watches its resident memory, and kills its process group when
 * told to or when it passes the memory limit.
 */
import { spawn, type ChildProcess, type Serializable } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { workerData, type MessagePort } from 'node:worker_threads';

/** What the checker's main thread gives this thread. */
export interface RelayData {
  /** One Int32: set to 1 (and notified) when a message is posted to the main thread. */
  readonly signal: SharedArrayBuffer;
  /** The main thread's channel (read there with receiveMessageOnPort, while it blocks). */
  readonly port: MessagePort;
}

/** What the main thread asks: start a candidate's process, send it a request, or stop it. */
export type RelayRequest =
  | { readonly start: { readonly args: readonly string[]; readonly memoryMb: number; readonly env: Readonly<Record<string, string>> } }
  | { readonly id: number; readonly message: unknown }
  | { readonly stop: string };

/**
 * A message to the main thread: the reply to the request it waits on, or the process's end (why,
 * and the end of what it wrote to stderr when it ended on its own: an uncaught error's message).
 */
export type RelayMessage = { readonly reply: unknown } | { readonly exited: string; readonly stderr?: string };

const { signal, port } = workerData as RelayData;
const flag = new Int32Array(signal);

function post(m: RelayMessage) {
  port.postMessage(m);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
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

/** The candidate's process being served (one at a time: the checker waits on each). */
let current: { readonly child: ChildProcess; waitingOn?: number; stopped?: string } | undefined;

function stop(reason: string) {
  if (!current) return;
  current.stopped ??= reason;
  try {
    process.kill(-current.child.pid!, 'SIGKILL');
  } catch {
    // the group is gone already
  }
}

function start(args: readonly string[], memoryMb: number, env: Readonly<Record<string, string>>) {
  // env: what its Node needs to start and nothing more (cli/candidate-process.ts, candidateEnvironment)
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
  const served: NonNullable<typeof current> = (current = { child });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-4096)));
  // typed arrays live outside V8's heap, so the heap limit alone does not bound them
  const watch = setInterval(() => {
    if (residentMb(child.pid!) > memoryMb * 1.5) stop(`stopped by the memory limit: over ${Math.round(memoryMb * 1.5)} MB resident`);
  }, 20);
  child.on('message', (m: unknown) => {
    if (served.waitingOn === undefined || (m as { id?: unknown } | null)?.id !== served.waitingOn) return;
    served.waitingOn = undefined;
    post({ reply: m });
  });
  child.on('error', (e) => stop(`the candidate's process did not start: ${e.message}`));
  child.on('exit', (code, sig) => {
    clearInterval(watch);
    const ownEnd = served.stopped === undefined;
    const reason =
      served.stopped ??
      (code === 134 || sig === 'SIGABRT'
        ? `stopped by the memory limit: the JavaScript heap passed ${memoryMb} MB`
        : `the candidate's process ended before answering (exit ${code ?? sig})`);
    stop(reason); // the rest of its group, if any
    current = undefined;
    post(ownEnd ? { exited: reason, stderr } : { exited: reason });
  });
}

port.on('message', (m: RelayRequest) => {
  if ('start' in m) return start(m.start.args, m.start.memoryMb, m.start.env);
  if ('stop' in m) return stop(m.stop);
  if (!current) return;
  current.waitingOn = m.id;
  current.child.send(m.message as Serializable, (e) => e && stop(`the candidate's process closed its channel (${e.message})`));
});

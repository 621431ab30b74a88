/**
 * The candidate's process, seen from the checker's: the module is bundled (esbuild) into one ESM
 * file, run by cli/candidate-host.ts in a process of its own — Node's permission model on (it
 * may read only its bundle: no writing files, no child processes, no worker threads), a heap
 * limit, a process group of its own — and asked for answers, synchronously, one request at a
 * time (the properties call answers synchronously): the main thread posts a request to a relay
 * thread (cli/candidate-relay.ts) and blocks until the reply to that request id comes back. The
 * time limit counts the time spent waiting on the module; the memory limit is the relay's watch.
 */
import { buildSync, type BuildFailure } from 'esbuild';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { RelayData, RelayMessage, RelayRequest } from './candidate-relay.ts';
import { terminalText } from '../reports/escape.ts';

export interface Limits {
  /** The time the module may take, in all, to load and answer (ms). */
  timeMs: number;
  /** Its heap limit (MB); 1.5 times it is the limit on its resident memory. */
  memoryMb: number;
}

/** The module cannot be bundled: a syntax error, an import that resolves nowhere (one line, `file:line: what`). */
export class CannotLoad extends Error {}

/** The candidate's process stopped (a limit, a crash, it ended): no further answers. */
export class CandidateStopped extends Error {}

/** A reply envelope, validated: the export's value, what it threw, or why the reply is not an answer. */
export type Reply = { readonly value: unknown } | { readonly threw: string } | { readonly invalid: string };

const require = createRequire(import.meta.url);

/**
 * Where a bundled module's bare imports resolve when its own folder has no node_modules for them:
 * examcheck's own (complex.js for P5's interface, and every package examcheck depends on).
 */
const NODE_PATHS = require.resolve.paths('complex.js') ?? [];

/**
 * `entry` and everything it imports as one ESM file (`.ts`, `.mts`, `.js`, `.mjs` alike, so
 * top-level await works wherever the file is). Throws CannotLoad.
 */
function bundle(entry: string): string {
  try {
    const { outputFiles } = buildSync({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      nodePaths: NODE_PATHS,
      // CommonJS packages inside an ESM bundle call require() for Node's own modules (a global:
      // a module's own top-level `require` may shadow it)
      banner: { js: "import { createRequire as __examcheckRequire } from 'node:module'; globalThis.require ??= __examcheckRequire(import.meta.url);" },
    });
    return outputFiles[0].text;
  } catch (e) {
    const [first] = (e as BuildFailure).errors ?? [];
    if (!first) throw e;
    throw new CannotLoad(first.location ? `${first.location.file}:${first.location.line}: ${first.text}` : first.text);
  }
}

/** This process's folder of bundles (the host, the relay, each module checked) and its relay thread, made when first needed. */
let shared: { readonly dir: string; readonly port: MessagePort; readonly flag: Int32Array } | undefined;
let bundles = 0;

function setUp(): NonNullable<typeof shared> {
  if (!shared) {
    const dir = mkdtempSync(join(tmpdir(), 'examcheck-candidate-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'host.mjs'), bundle(fileURLToPath(new URL('candidate-host.ts', import.meta.url))));
    writeFileSync(join(dir, 'relay.mjs'), bundle(fileURLToPath(new URL('candidate-relay.ts', import.meta.url))));
    const signal = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    const data: RelayData = { signal, port: port2 };
    // one relay thread serves every candidate of this process, one after another
    new Worker(join(dir, 'relay.mjs'), { workerData: data, transferList: [port2] }).unref();
    shared = { dir, port: port1, flag: new Int32Array(signal) };
  }
  return shared;
}

/** Node's permission model: `--permission` from Node 22, `--experimental-permission` before. */
const PERMISSION = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';

/**
 * The environment of a module's process: of the checker's variables (`env`), only the dynamic
 * loader's library path, which a Node installed with its shared libraries outside the system's
 * folders (a build from source, a cluster's module system) needs to start at all: without it the
 * process exits 127 before running a line, and every module would be "cannot be checked". Nothing
 * else: the checker's variables (a token, a path) are not the module's to read and its answers
 * must not depend on them (LANG would set Intl's default locale); NODE_OPTIONS cannot load code
 * into it; and a NODE_EXTRA_CA_CERTS the checker's machine sets is not read at every start (52 ms
 * a process on this project's machine, more than the rest of the process's start-up).
 */
function candidateEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ['LD_LIBRARY_PATH', 'DYLD_LIBRARY_PATH']) if (env[name] !== undefined) kept[name] = env[name];
  return kept;
}

/** A module's text as one line: terminal escape sequences and control characters out (reports/escape.ts), at most 300 characters. */
const clean = (s: string) => terminalText(s).replace(/\s+/g, ' ').trim().slice(0, 300);

/** A reply envelope from the candidate's process: `{ id, value }` or `{ id, threw: string }`, nothing else. */
function envelope(m: unknown): Reply {
  const keys = typeof m === 'object' && m !== null ? Object.keys(m).sort().join() : '';
  if (keys === 'id,value') return { value: (m as { value: unknown }).value };
  if (keys === 'id,threw' && typeof (m as { threw: unknown }).threw === 'string') return { threw: clean((m as { threw: string }).threw) };
  return { invalid: "the candidate's process sent a reply that is not an answer" };
}

/**
 * One module's process: started by the constructor, asked with `exchange` (one request at a time,
 * each waited for; the time limit counts the waiting), and killed, with its process group, by
 * `close`, which returns once it is gone.
 */
export class CandidateProcess {
  /** Why the process stopped before the checker was done with it (a limit, a crash), or undefined. */
  stopped: string | undefined;
  /** The module's bundle: a URL the host imports. */
  readonly url: string;
  private readonly relay: NonNullable<typeof shared>;
  private readonly bundleFile: string;
  private waitedMs = 0;
  private ended = false;

  /** Bundles the module (throws CannotLoad) and starts its process. */
  constructor(
    modulePath: string,
    private readonly limits: Limits,
  ) {
    this.relay = setUp();
    const { dir } = this.relay;
    this.bundleFile = join(dir, `candidate-${++bundles}.mjs`);
    writeFileSync(this.bundleFile, bundle(modulePath));
    this.url = pathToFileURL(this.bundleFile).href;
    const args = [PERMISSION, `--allow-fs-read=${dir}`, '--no-warnings', `--max-old-space-size=${limits.memoryMb}`, join(dir, 'host.mjs')];
    this.post({ start: { args, memoryMb: limits.memoryMb, env: candidateEnvironment(process.env) } });
  }

  private post(m: RelayRequest): void {
    this.relay.port.postMessage(m);
  }

  /** The next message from the relay, waiting at most `ms` (undefined when none came). */
  private receive(ms: number): RelayMessage | undefined {
    const { port, flag } = this.relay;
    const until = performance.now() + ms;
    for (;;) {
      Atomics.store(flag, 0, 0);
      const m = receiveMessageOnPort(port);
      if (m) return m.message as RelayMessage;
      const left = until - performance.now();
      if (left <= 0) return undefined;
      Atomics.wait(flag, 0, 0, left);
    }
  }

  /** Sends one request (`{ load }` or `{ request }`) and waits for its reply. Throws CandidateStopped. */
  exchange(body: { load: unknown } | { request: unknown }): Reply {
    if (this.stopped !== undefined) throw new CandidateStopped(this.stopped);
    // unguessable: a reply the module sends ahead, for a request not yet made, cannot match one
    const id = randomInt(2 ** 47);
    this.post({ id, message: { id, ...body } });
    const started = performance.now();
    const m = this.receive(this.limits.timeMs - this.waitedMs);
    this.waitedMs += performance.now() - started;
    if (!m) this.stop(`stopped by the time limit: still running after ${this.limits.timeMs / 1000} s of answering (an infinite loop?)`);
    else if ('exited' in m) {
      this.ended = true;
      const error = m.stderr?.match(/^\w*(Error|Exception)\b.*$/m)?.[0];
      this.stopped ??= error ? `${m.exited}: ${clean(error)}` : m.exited;
    } else return envelope(m.reply);
    throw new CandidateStopped(this.stopped!);
  }

  /** Kills the process group and waits until the process is gone. */
  private stop(reason: string): void {
    this.stopped ??= reason;
    this.end();
  }

  private end(): void {
    if (!this.ended) this.post({ stop: this.stopped ?? '' });
    // a SIGKILLed process ends at once; the bound only keeps a lost message from hanging the checker
    const until = performance.now() + 10_000;
    while (!this.ended && performance.now() < until) {
      const m = this.receive(until - performance.now());
      if (m && 'exited' in m) this.ended = true;
    }
  }

  /** Kills the candidate's process group and waits for it to be gone. */
  close(): void {
    this.end();
    rmSync(this.bundleFile, { force: true });
  }
}

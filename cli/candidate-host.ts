/**
 * The candidate's process: loads the student's module (bundled by the checker into one ESM file)
 * and answers the checker's requests, each `{ id, request }`, with `{ id, value }` or
 * `{ id, threw }`. It holds no verdict and no claim: what it sends is an answer to be judged.
 * The checker starts it (cli/candidate.ts) under Node's permission model (no writing files, no
 * child processes), with the heap limit and in a process group of its own.
 */
import { serve, wrongShape, type Protocol } from '../properties/candidate-serve.ts';

/** The first request: where the module's bundle is and which export, of which protocol, to read. */
interface Load {
  readonly url: string;
  readonly exportName: string;
  readonly protocol: Protocol;
  readonly expects: string;
}

const send = process.send!.bind(process);
let answer: { protocol: Protocol; exported: unknown } | undefined;

/** One line for whatever was thrown (an Error, a string, an object whose toString throws). */
function reason(e: unknown): string {
  try {
    return e instanceof Error ? e.message.split('\n')[0] : String(e);
  } catch {
    return 'a value that cannot be shown';
  }
}

async function load(l: Load): Promise<unknown> {
  const exports = (await import(l.url)) as Record<string, unknown>;
  // a CommonJS module's bundle has its exports object as the default export
  const commonjs = exports.default as Record<string, unknown> | undefined;
  const exported = typeof commonjs === 'object' && commonjs !== null && l.exportName in commonjs ? commonjs[l.exportName] : (exports.default ?? exports[l.exportName]);
  if (exported === undefined) return { wrongShape: `it exports neither a default nor "${l.exportName}"`, missing: true };
  const why = wrongShape(l.protocol, exported, l.expects);
  if (why) return { wrongShape: why };
  answer = { protocol: l.protocol, exported };
  return { loaded: true };
}

process.on('message', async (m: { id: number; load?: Load; request?: unknown }) => {
  let out: { id: number; value: unknown } | { id: number; threw: string };
  try {
    out = { id: m.id, value: m.load ? await load(m.load) : serve(answer!.protocol, answer!.exported, m.request) };
  } catch (e) {
    out = { id: m.id, threw: reason(e) };
  }
  try {
    send(out);
  } catch (e) {
    // a function, a promise, a symbol: not an answer the channel can carry
    send({ id: m.id, threw: `it returned a value that is not plain data (${reason(e)})` });
  }
});

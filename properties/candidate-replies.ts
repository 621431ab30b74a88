/**
 * The checker's side of the candidate interfaces: what a reply from the candidate's process must be
 * to count as an answer. Each reader takes a reply (any plain value the module's process sent) and
 * returns it as the number or vector the property judges, or refutes it with the reason it is not
 * one — of the wrong type, the wrong size, empty — so nothing of a wrong shape reaches a check.
 */
import { refute } from './run.ts';

/** A reply, shown briefly (a module's reply can be any size). */
export function showReply(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (ArrayBuffer.isView(v) || Array.isArray(v)) return `${(v as ArrayLike<unknown>).length} values`;
  return v === null ? 'null' : typeof v === 'object' ? 'an object' : String(v);
}

/** The reply as a number (any float64, NaN and ±∞ included: the property judges those), or a refutation. */
export function numberReply(v: unknown, what = 'the answer'): number {
  if (typeof v !== 'number') refute(`${what} gives ${showReply(v)}, not a number`);
  return v;
}

/** The reply as exactly `size` numbers (an array or a Float64Array), or a refutation naming `what` and the size it should have. */
export function vectorReply(v: unknown, size: number, what: string): Float64Array {
  const values = v instanceof Float64Array || Array.isArray(v) ? (v as ArrayLike<unknown>) : undefined;
  if (!values || values.length !== size) refute(`${what} should have ${size} values, the answer gave ${showReply(v)}`);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) out[i] = numberReply(values[i], `${what}[${i}]`);
  return out;
}

/** The reply as an object with a number under each key, or a refutation. */
export function numbersReply<K extends string>(v: unknown, keys: readonly K[], what: string): Record<K, number> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) refute(`${what} gives ${showReply(v)}, not an object { ${keys.join(', ')} }`);
  return Object.fromEntries(keys.map((k) => [k, numberReply((v as Record<string, unknown>)[k], `${what}'s ${k}`)])) as Record<K, number>;
}

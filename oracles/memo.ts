/**
 * One function's results remembered by key, for oracle work that several answers are checked
 * against on the same input (the reference, each wrong answer, each erratum's two readings).
 * Bounded: when `size` entries are held the memo starts over, so a nightly run's memory stays
 * flat. `compute` must be deterministic in its argument; a call that throws is not remembered.
 */
export function memo<A, V>(compute: (arg: A) => V, { size = 5000, key = (arg: A) => JSON.stringify(arg) }: { size?: number; key?: (arg: A) => string } = {}): (arg: A) => V {
  const held = new Map<string, V>();
  return (arg) => {
    const k = key(arg);
    if (held.has(k)) return held.get(k)!;
    const value = compute(arg);
    if (held.size >= size) held.clear();
    held.set(k, value);
    return value;
  };
}

/** results.json, schema 1 (DESIGN.md §7): its types (properties/results.ts) and `parseResults`, which checks a file against them. */
import type { Kind, Verdict } from '../properties/claim.ts';
import type { Profile } from '../properties/profile.ts';
import { SCHEMA_VERSION, type Results } from '../properties/results.ts';

export * from '../properties/results.ts';

/** The values of the schema's closed fields, for `parseResults`. */
const KINDS: readonly Kind[] = ['identity', 'numerical', 'statistical', 'empirical', 'discussion'];
const VERDICTS: readonly Verdict[] = ['verified', 'refuted', 'unchecked', 'discussion', 'pending'];
const PROFILE_NAMES: readonly Profile['name'][] = ['quick', 'default', 'nightly'];

/** A check of one field: null when the value fits, else what was expected ("a number"). */
type Shape = (v: unknown, at: string) => string | null;

const described = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
};
const is = (what: string, test: (v: unknown) => boolean): Shape => (v, at) => (test(v) ? null : `${at}: expected ${what}, found ${described(v)}`);
const str = is('a string', (v) => typeof v === 'string');
const num = is('a number', (v) => typeof v === 'number' && Number.isFinite(v));
const count = is('a whole number ≥ 0', (v) => Number.isSafeInteger(v) && (v as number) >= 0);
const bool = is('true or false', (v) => typeof v === 'boolean');
const any: Shape = () => null;
const oneOf = (values: readonly unknown[]) => is(`one of ${values.join(', ')}`, (v) => values.includes(v));
const orNull = (shape: Shape): Shape => (v, at) => (v === null ? null : shape(v, at));
const list = (item: Shape): Shape => (v, at) => (Array.isArray(v) ? v.reduce<string | null>((e, x, i) => e ?? item(x, `${at}[${i}]`), null) : `${at}: expected a list, found ${described(v)}`);
/** An object with these fields (each required unless named in `optional`; others are allowed: fields are only ever added). */
const record =
  (fields: Record<string, Shape>, optional: readonly string[] = []): Shape =>
  (v, at) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${at}: expected an object, found ${described(v)}`;
    for (const [key, shape] of Object.entries(fields)) {
      const o = v as Record<string, unknown>;
      if (!(key in o)) {
        if (optional.includes(key)) continue;
        return `${at ? `${at}.` : ''}${key}: missing`;
      }
      const wrong = shape(o[key], `${at ? `${at}.` : ''}${key}`);
      if (wrong) return wrong;
    }
    return null;
  };

const TRIAL_FIELDS = { counterexample: any, failure: orNull(str), shrinks: orNull(num), replay: orNull(str) };
const CLAIM = record(
  {
    id: str,
    exam: str,
    source: orNull(record({ file: str, line: count })),
    problem: count,
    part: orNull(str),
    kind: oneOf(KINDS),
    statement: str,
    domain: str,
    oracle: orNull(str),
    verdict: oneOf(VERDICTS),
    expected: bool,
    ok: bool,
    runs: count,
    ms: num,
    ...TRIAL_FIELDS,
    corpus: record({ replayed: count, saved: count }),
    wrongAnswers: list(record({ id: str, description: str, refuted: bool, runsToFailure: orNull(count), ...TRIAL_FIELDS })),
    errata: list(
      record({
        id: str, asWritten: str, corrected: str, asWrittenRefuted: bool, correctedVerified: bool, ...TRIAL_FIELDS,
        correctedCounterexample: any, correctedFailure: orNull(str), correctedReplay: orNull(str),
      }),
    ),
    findings: list(record({ id: str, summary: str, counterexample: any })),
    measurements: list(
      record(
        {
          id: str, title: str, summary: str,
          table: record({ columns: list(str), rows: list(list((v, at) => (v === null ? null : typeof v === 'number' ? num(v, at) : str(v, at)))) }),
          plot: record({
            x: record({ label: str, log: bool }, ['log']),
            y: record({ label: str, log: bool }, ['log']),
            series: list(record({ name: str, points: list((v, at) => (Array.isArray(v) && v.length === 2 ? list(num)(v, at) : `${at}: expected a point [x, y], found ${described(v)}`)) })),
          }),
        },
        ['table', 'plot'],
      ),
    ),
  },
  ['exam', 'source'],
);
const RESULTS = record(
  {
    schema: oneOf([SCHEMA_VERSION]),
    seed: is('a 32-bit integer', (v) => Number.isInteger(v) && (v as number) >= -(2 ** 31) && (v as number) < 2 ** 31),
    profile: oneOf(PROFILE_NAMES),
    startedAt: is('a time such as 2026-11-29T22:49:45.000Z', (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v)),
    ok: bool,
    claims: list(CLAIM),
    // a budget of wall time or of examples: one of the two
    fuzz: (v, at) =>
      record({ budgetMs: num, budgetRuns: count, elapsedMs: num, interrupted: bool, shard: is('a shard i/n', (v) => typeof v === 'string' && /^\d+\/\d+$/.test(v)) }, ['budgetMs', 'budgetRuns'])(v, at) ??
      (('budgetMs' in (v as object)) === ('budgetRuns' in (v as object)) ? `${at}: expected one of budgetMs and budgetRuns` : null),
    merged: count,
  },
  ['fuzz', 'merged'],
);

/**
 * results.json as read from disk (a shard's report, to merge): every field the schema has, of
 * its type, checked before anything reads it. Throws an Error of one line naming the first field
 * that is missing or of the wrong type (`claims[3].runs: expected a whole number ≥ 0, found "x"`).
 */
export function parseResults(text: string): Results {
  const data: unknown = JSON.parse(text);
  const wrong = RESULTS(data, '');
  if (wrong) throw new Error(wrong.replace(/^: /, ''));
  return data as Results;
}

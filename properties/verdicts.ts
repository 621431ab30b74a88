/**
 * The seed exam's verdicts as recorded before issue 15 (verdicts.json: default profile, seeds
 * 1–20, corpus off), and a claim result's row in the same form, so a run can be compared with
 * them: issue 15 moved claims into claim files and must leave every row as it was.
 */
import { readFileSync } from 'node:fs';
import type { ClaimResult } from './results.ts';

/** What is compared: the verdict and the ids of the wrong answers, errata and findings, each sorted. */
export interface VerdictRow {
  readonly verdict: string;
  readonly wrongRefuted: readonly string[];
  readonly wrongSurvived: readonly string[];
  readonly errata: readonly string[];
  /** Errata whose as-written reading was not refuted or whose corrected reading was not verified. */
  readonly errataNotOk: readonly string[];
  readonly findings: readonly string[];
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

/** A claim result's row. */
export function verdictRow(r: ClaimResult): VerdictRow {
  return {
    verdict: r.verdict,
    wrongRefuted: sorted(r.wrongAnswers.filter((w) => w.refuted).map((w) => w.id)),
    wrongSurvived: sorted(r.wrongAnswers.filter((w) => !w.refuted).map((w) => w.id)),
    errata: sorted(r.errata.map((e) => e.id)),
    errataNotOk: sorted(r.errata.filter((e) => !(e.asWrittenRefuted && e.correctedVerified)).map((e) => e.id)),
    findings: sorted(r.findings.map((f) => f.id)),
  };
}

interface Recorded {
  readonly recorded: string;
  readonly claims: Readonly<Record<string, VerdictRow & { readonly seeds: string }>>;
}

/** The recorded table: claim id → row (with the seeds it was recorded on). */
export const RECORDED: Recorded = JSON.parse(readFileSync(new URL('./verdicts.json', import.meta.url), 'utf8'));

const FIELDS = ['verdict', 'wrongRefuted', 'wrongSurvived', 'errata', 'errataNotOk', 'findings'] as const;

/** How `actual` differs from the recorded row of its claim, one line per field; empty when it does not. */
export function differences(id: string, actual: VerdictRow | undefined, recorded = RECORDED): string[] {
  const row = recorded.claims[id];
  if (!row) return [`${id}: not in the recorded table`];
  if (!actual) return [`${id}: recorded, but not in the registry`];
  return FIELDS.filter((f) => JSON.stringify(row[f]) !== JSON.stringify(actual[f])).map(
    (f) => `${id}: ${f} was ${JSON.stringify(row[f])}, is ${JSON.stringify(actual[f])}`,
  );
}

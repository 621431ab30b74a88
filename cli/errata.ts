/**
 * `examcheck errata [EXAM]`: run an exam's claims, write its errata sheet (errata.md or errata.tex)
 * beside the run's report, and, with `--patch`, the errata that replace exam text as a unified diff
 * against exam.md (`<exam>.patch`, for `git apply` at the repository's root); with `--apply`, the
 * corrected exam folder (`<exam>/exam.md` and its claim files), re-checked: every claim whose
 * erratum was applied is read from the corrected text and its corrected reading must verify.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMS_DIR, readExam } from '../properties/exams.ts';
import { UsageError } from '../properties/errors.ts';
import type { RunSettings } from '../properties/profile.ts';
import { BROKEN_EXAMS, REGISTRY, registryOf, SEED_EXAM } from '../properties/registry.ts';
import { runClaim, trial } from '../properties/run.ts';
import { examLeads, renderErrataSheet, type ExamLead } from '../reports/errata.ts';
import { correctAnchors, correctExam, unifiedDiff, type AnchorFile, type ExamCorrection } from '../reports/patch.ts';
import { resultsOf, type Results } from '../reports/schema.ts';
import { writeReport } from '../reports/write.ts';

/** The exam folders loaded, in the registry's order. */
export const EXAM_NAMES: readonly string[] = [...new Set([...REGISTRY.map((c) => c.exam), ...BROKEN_EXAMS.map((b) => b.exam)])];

/** The exams named on the command line (every exam loaded when none is); an unknown one is a UsageError. */
export function examsNamed(named: readonly string[]): readonly string[] {
  for (const e of named) if (!EXAM_NAMES.includes(e)) throw new UsageError(`unknown exam "${e}": the exams loaded are ${EXAM_NAMES.join(', ')}`);
  return named.length ? named : EXAM_NAMES;
}

/** Run every claim of the named exams and build results.json. */
export function checkExams(exams: readonly string[], run: RunSettings): Results {
  const broken = BROKEN_EXAMS.find((b) => exams.includes(b.exam));
  if (broken) throw broken.error;
  const claims = REGISTRY.filter((c) => exams.includes(c.exam)).map((c) => runClaim(c, run, { repair: true }));
  return resultsOf({ seed: run.seed, profile: run.profile.name, startedAt: new Date().toISOString(), claims });
}

/**
 * The files whose anchors quote the exam: its claim files (`anchor: Problem N …` lines) and, for
 * the seed exam, the TypeScript claims' entries in properties/registry.ts (`anchor: { problem: N, … }`).
 */
export function anchorFiles(exam: string): AnchorFile[] {
  const claimFiles = readExam(join(EXAMS_DIR, exam)).claimFiles.map((f): AnchorFile => ({ ...f, anchorOf: (l) => numberOf(/^\s+anchor:\s*Problem\s+(\d+)/.exec(l)) }));
  if (exam !== SEED_EXAM) return claimFiles;
  const registry = 'properties/registry.ts';
  return [...claimFiles, { file: registry, text: readFileSync(join(EXAMS_DIR, '..', registry), 'utf8'), anchorOf: (l) => numberOf(/^\s+anchor: \{ problem: (\d+),/.exec(l)) }];
}

const numberOf = (m: RegExpExecArray | null) => (m ? Number(m[1]) : null);

/** The exam's text corrected by every erratum that says which text it replaces. */
export function correctionOf(lead: ExamLead): ExamCorrection {
  // named as its claim files are, relative to the root: a draft outside exams/ (EXAMCHECK_EXAMS) too
  const file = readExam(join(EXAMS_DIR, lead.exam)).textFile;
  const asked = lead.errata.flatMap((i) => i.replaces.map((r) => ({ problem: i.problemNumber, from: r.from, to: r.to, erratum: `${i.claim}/${i.id}` })));
  return correctExam(file, readFileSync(join(EXAMS_DIR, lead.exam, 'exam.md'), 'utf8'), asked);
}

/** What the re-check of a corrected copy says of one applied erratum. */
export interface Recheck {
  readonly erratum: string;
  readonly verified: boolean;
  /** The claim's words as read from the corrected text. */
  readonly statement: string;
  readonly failure: string | null;
}

/**
 * Load the corrected exam folder `dir` (its anchors read through the applied replacements) and
 * check, for each applied erratum, its claim's corrected reading on the corrected copy's claims.
 * A stale anchor in the copy is the loader's one-line error.
 */
export function recheck(dir: string, correction: ExamCorrection, run: RunSettings): Recheck[] {
  const exam = { ...readExam(dir), anchorEdits: correction.applied };
  const claims = registryOf([exam]);
  return [...new Set(correction.applied.flatMap((r) => r.errata))].map((ref): Recheck => {
      const [claimId, erratumId] = [ref.slice(0, ref.lastIndexOf('/')), ref.slice(ref.lastIndexOf('/') + 1)];
      const claim = claims.find((c) => c.id === claimId);
      const erratum = claim?.status === 'built' ? claim.property?.errata?.find((e) => e.id === erratumId) : undefined;
      if (!claim || claim.status !== 'built' || !claim.property || !erratum) return { erratum: ref, verified: false, statement: claim?.statement ?? '', failure: 'no such claim or erratum in the corrected copy' };
      const t = trial(claim.id, claim.property, `${erratumId}:corrected`, erratum.fixed, run);
      return { erratum: ref, verified: !t.failed && t.runs > 0, statement: claim.statement, failure: t.failure };
  });
}

/**
 * Write the corrected exam folder under `outDir` (exam.md corrected, its claim files with their
 * anchors kept in step); return the folder. (The TypeScript claims' anchors, which the folder cannot
 * hold, are read through the replacements when it is re-checked.)
 */
export function writeCorrected(outDir: string, exam: string, correction: ExamCorrection): string {
  const dir = join(outDir, exam);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'exam.md'), correction.after);
  const files = readExam(join(EXAMS_DIR, exam)).claimFiles;
  const anchored = new Map(correctAnchors(correction, anchorFiles(exam)).map((c) => [c.file, c.after]));
  for (const f of files) writeFileSync(join(dir, f.file.split('/').at(-1)!), anchored.get(f.file) ?? f.text);
  return dir;
}

/** The correction and the anchors kept in step, as one diff for `git apply` at the repository's root. */
export const correctionPatch = (exam: string, correction: ExamCorrection): string => unifiedDiff([correction, ...correctAnchors(correction, anchorFiles(exam))]);

/**
 * The errata command's work after the run: the sheet, and per exam the patch and the corrected
 * copy as asked. Returns the lines to print and whether everything asked for holds (every
 * replacement applied, every applied erratum verified on the corrected copy).
 */
export async function writeErrata(results: Results, options: { format: 'md' | 'tex'; patch: boolean; apply: boolean; run: RunSettings; outDir?: string }): Promise<{ lines: string[]; ok: boolean; dir: string }> {
  const dir = await writeReport(results, options.outDir);
  const sheet = join(dir, `errata.${options.format}`);
  writeFileSync(sheet, renderErrataSheet(results, options.format));
  const lines = [`errata sheet: ${sheet}`];
  let ok = results.ok;
  if (options.patch || options.apply) {
    for (const lead of examLeads(results)) {
      const correction = correctionOf(lead);
      for (const n of correction.notFound) lines.push(`${lead.exam}: ${n.errata.join(', ')}: ${n.reason}: "${n.from}" (not applied)`);
      ok &&= correction.notFound.length === 0;
      if (correction.applied.length === 0) {
        if (correction.notFound.length === 0) lines.push(`${lead.exam}: no erratum replaces text of the exam`);
        continue;
      }
      if (options.patch) {
        const patch = correctionPatch(lead.exam, correction);
        const file = join(dir, `${lead.exam}.patch`);
        writeFileSync(file, patch);
        lines.push(`patch: ${file} (${(patch.match(/^@@ /gm) ?? []).length} hunks, ${correction.applied.length} replacements; git apply ${file})`);
      }
      if (options.apply) {
        const copy = writeCorrected(dir, lead.exam, correction);
        lines.push(`corrected copy: ${copy}`);
        for (const r of recheck(copy, correction, options.run)) {
          lines.push(`  ${r.verified ? 're-checked: verified' : 'RE-CHECK FAILED'} ${r.erratum}${r.failure ? `: ${r.failure}` : ''}`);
          ok &&= r.verified;
        }
      }
    }
  }
  return { lines, ok, dir };
}

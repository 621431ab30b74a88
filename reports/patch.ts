/**
 * A corrected exam (DESIGN.md §7): the errata whose correction is a replacement of the exam's
 * text, applied to exam.md, and the unified diff a course reviews and applies with git. Each
 * replacement is anchored to the exact text it replaces, once inside its problem; one that does not
 * match (the exam changed since the erratum was written, or the text is there twice) is listed
 * "anchor not found" and never applied. The claims' anchors that quote a replaced text are changed
 * with it, in the same diff, so examcheck still loads the exam once the diff is applied. The diff
 * is made by jsdiff (`diff` on npm).
 */
import { formatPatch, structuredPatch } from 'diff';
import { problemSpans } from '../properties/exams.ts';

/** A replacement an erratum asks for: in Problem `problem` of the exam, `from` (exactly as written) becomes `to`. */
export interface Replacement {
  readonly problem: number;
  readonly from: string;
  readonly to: string;
  /** The errata that ask for it (`P2.equivalence/theta-equals-v`): two errata may share one. */
  readonly errata: readonly string[];
}

/** An exam's text with its errata's replacements applied, and those that were not. */
export interface ExamCorrection {
  /** `exams/<exam>/exam.md`, relative to the repository's root. */
  readonly file: string;
  readonly before: string;
  readonly after: string;
  readonly applied: readonly Replacement[];
  /** Each with why it was not applied: `anchor not found in Problem 3`, `anchor found 2 times …`, or an overlap. */
  readonly notFound: readonly (Replacement & { readonly reason: string })[];
}

/** Every index at which `needle` starts in `text`. */
function occurrences(text: string, needle: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf(needle); i >= 0 && needle !== ''; i = text.indexOf(needle, i + 1)) at.push(i);
  return at;
}

/**
 * The exam text with each replacement applied where its `from` occurs exactly once in its
 * problem (`**Problem N.**` to the next), and the replacements that could not be: no such problem,
 * the text not there or there more than once, or overlapping a replacement before it.
 * Replacements asked for by several errata (the same problem, text and correction) are one.
 */
export function correctExam(file: string, text: string, asked: readonly { readonly problem: number; readonly from: string; readonly to: string; readonly erratum: string }[]): ExamCorrection {
  const merged = new Map<string, Replacement>();
  for (const r of asked) {
    const key = JSON.stringify([r.problem, r.from, r.to]);
    const before = merged.get(key);
    merged.set(key, { problem: r.problem, from: r.from, to: r.to, errata: [...(before?.errata ?? []), r.erratum] });
  }
  const spans = problemSpans(text);
  const placed: { at: number; r: Replacement }[] = [];
  const notFound: (Replacement & { reason: string })[] = [];
  for (const r of merged.values()) {
    const span = spans.get(r.problem);
    const starts = span ? occurrences(text.slice(span.start, span.end), r.from).map((i) => i + span.start) : [];
    const at = starts[0];
    const overlapping = placed.find((p) => at < p.at + p.r.from.length && p.at < at + r.from.length);
    const reason = !span
      ? `anchor not found: there is no Problem ${r.problem} in ${file}`
      : starts.length === 0
        ? `anchor not found in Problem ${r.problem} of ${file}`
        : starts.length > 1
          ? `anchor found ${starts.length} times in Problem ${r.problem} of ${file}: quote more of the text`
          : overlapping
            ? `anchor overlaps the replacement of "${overlapping.r.from}" (${overlapping.r.errata.join(', ')})`
            : null;
    if (reason) notFound.push({ ...r, reason });
    else placed.push({ at, r });
  }
  placed.sort((a, b) => a.at - b.at);
  let after = '';
  let end = 0;
  for (const { at, r } of placed) {
    after += text.slice(end, at) + r.to;
    end = at + r.from.length;
  }
  after += text.slice(end);
  return { file, before: text, after, applied: placed.map((p) => p.r), notFound };
}

/** A file's text before and after a change, the file relative to the repository's root. */
export interface FileChange {
  readonly file: string;
  readonly before: string;
  readonly after: string;
}

/** A file whose lines quote the exam's text (claim files' `anchor:` lines, the TypeScript claims' anchors), and which lines do. */
export interface AnchorFile {
  readonly file: string;
  readonly text: string;
  /** The problem an anchor line quotes, or null for a line that is no anchor. */
  readonly anchorOf: (line: string) => number | null;
}

/**
 * The anchors a correction would leave stale, kept in step: in each anchor line of Problem N that
 * holds a replaced text of Problem N, that text replaced (an anchor quotes the exam verbatim). Only
 * the files that change are returned.
 */
export function correctAnchors(c: ExamCorrection, files: readonly AnchorFile[]): FileChange[] {
  return files
    .map((f) => {
      const after = f.text
        .split('\n')
        .map((line) => {
          const problem = f.anchorOf(line);
          return problem === null ? line : c.applied.filter((r) => r.problem === problem).reduce((l, r) => l.split(r.from).join(r.to), line);
        })
        .join('\n');
      return { file: f.file, before: f.text, after };
    })
    .filter((f) => f.before !== f.after);
}

/**
 * The changes as one unified diff of `a/<file>` against `b/<file>` per file, for `git apply` at the
 * repository's root: one line of context, so a hunk holds one replacement unless two replaced lines
 * are at most two lines apart (then their context would overlap, which git refuses: they share a hunk).
 * Empty when nothing changes.
 */
export function unifiedDiff(changes: readonly FileChange[]): string {
  const patches = changes.filter((c) => c.before !== c.after).map((c) => structuredPatch(`a/${c.file}`, `b/${c.file}`, c.before, c.after, undefined, undefined, { context: 1 }));
  // git apply reads the `---`/`+++` lines; jsdiff's "Index:"/"===" header lines are for svn
  return patches.length ? formatPatch(patches).replace(/^(?:Index: .*\n)?=+\n/gm, '') : '';
}

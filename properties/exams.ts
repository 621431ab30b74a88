/**
 * Exam folders (DESIGN.md §2): `exams/<name>/` holds the exam's text (`exam.md`, markdown with
 * LaTeX) and its claim files (`*.claims`). This module finds the folders, reads them, and reads a
 * claim's words out of the exam text by its anchor, so no statement is ever retyped: an anchor
 * that no longer matches the text is a one-line error naming the anchor's file and line.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: messages name files relative to it. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the exam folders are: exams/, or EXAMCHECK_EXAMS where a run reads its own (a test's folders). */
export const EXAMS_DIR = process.env.EXAMCHECK_EXAMS || join(ROOT, 'exams');

/** A place in a file, for messages (`file:line`): the file relative to the repository's root, lines from 1. */
export interface Place {
  readonly file: string;
  readonly line: number;
}

/** An error a user can meet in an exam folder: one line, `file:line: what is wrong`. */
export class ExamError extends Error {
  override name = 'ExamError';
}

/**
 * A claim's words in the exam: the text of Problem `problem` from the start of `from` to the end
 * of `to` (the first occurrence of `to` after `from`), or `from` alone when `to` is absent. Both
 * are matched with runs of whitespace taken as one space, and `$$` as `$` (see `examWords`).
 */
export interface Anchor {
  readonly problem: number;
  readonly from: string;
  readonly to?: string;
}

/** One problem of an exam: its number, and its text as words (see `examWords`). */
export interface ProblemText {
  readonly problem: number;
  readonly words: string;
}

/** An exam folder as read from disk. */
export interface Exam {
  /** The folder's name: the exam's id, and the prefix of its claim ids where two exams are loaded. */
  readonly name: string;
  /** `exams/<name>/exam.md`, relative to the repository's root. */
  readonly textFile: string;
  /** The exam's problems, by number; empty when the folder has no exam.md. */
  readonly problems: ReadonlyMap<number, ProblemText>;
  /** The claim files, in name order: each file's path (relative to the root) and text. */
  readonly claimFiles: readonly { readonly file: string; readonly text: string }[];
  /**
   * Replacements made to the text since its anchors were written (a corrected copy of the exam,
   * reports/patch.ts): an anchor's quote that holds a replaced text is read with it replaced.
   */
  readonly anchorEdits?: readonly { readonly from: string; readonly to: string }[];
}

/** A claim's words, read from the exam by an anchor, and where they are. */
export interface AnchoredStatement {
  readonly problem: number;
  /** The part (`a`, `b`, …): the last `**x.**` marker of the problem before the words, if any. */
  readonly part?: string;
  readonly statement: string;
  /** Where the words start in the problem's text: claims are listed in the exam's order. */
  readonly offset: number;
}

/**
 * The exam's words as a statement: markdown markup dropped (code fences, heading marks), every
 * run of whitespace one space; the math as written (`$…$`, and `$$…$$` for display math).
 */
export function examWords(markdown: string): string {
  return markdown
    .replace(/^```.*$/gm, ' ')
    .replace(/^#{1,6}[ \t]+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const PROBLEM_MARK = /\*\*Problem (\d+)\.\*\*/g;
const PART_MARK = /\*\*([a-z])\.\*\*/g;

/** Where each problem of an exam text is: from its `**Problem N.**` to the next one (character offsets, end exclusive). */
export function problemSpans(markdown: string): Map<number, { readonly start: number; readonly end: number }> {
  const marks = [...markdown.matchAll(PROBLEM_MARK)];
  return new Map(marks.map((m, k) => [Number(m[1]), { start: m.index, end: marks[k + 1]?.index ?? markdown.length }]));
}

/** The problems of an exam text: each from its `**Problem N.**` to the next one. */
export function problemsOf(markdown: string): Map<number, ProblemText> {
  return new Map([...problemSpans(markdown)].map(([problem, { start, end }]) => [problem, { problem, words: examWords(markdown.slice(start, end)) }]));
}

const quoteOf = (anchor: Anchor) => (anchor.to === undefined ? `"${anchor.from}"` : `"${anchor.from}" … "${anchor.to}"`);

/** Every index at which `needle` starts in `text`. */
function occurrences(text: string, needle: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) at.push(i);
  return at;
}

/**
 * The words an anchor picks out of an exam. Errors (ExamError, one line naming `at`): the problem
 * is not in the exam, `from` is not in the problem or is there more than once, `to` does not
 * follow it.
 */
export function resolveAnchor(exam: Exam, anchor: Anchor, at: Place): AnchoredStatement {
  // read only for a message: a place's line may be worked out on demand
  const where = () => `${at.file}:${at.line}: anchor ${quoteOf(anchor)}`;
  const examFile = 'exam.md';
  const text = exam.problems.get(anchor.problem);
  if (!text) throw new ExamError(`${where()}: there is no Problem ${anchor.problem} in ${exam.textFile}`);
  // a quote already holding the corrected text (an anchor kept in step) stays as it is
  const edited = (quote: string) => (exam.anchorEdits ?? []).reduce((q, e) => (q.includes(examWords(e.to)) ? q : q.replace(examWords(e.from), examWords(e.to))), examWords(quote));
  const from = edited(anchor.from);
  const to = anchor.to === undefined ? undefined : edited(anchor.to);
  if (from === '' || to === '') throw new ExamError(`${where()}: an anchor quotes some text of the exam`);
  const starts = occurrences(text.words, from);
  if (starts.length === 0) throw new ExamError(`${where()} not found in Problem ${anchor.problem} of ${examFile}`);
  if (starts.length > 1) throw new ExamError(`${where()} found ${starts.length} times in Problem ${anchor.problem} of ${examFile}: quote more of the text`);
  const start = starts[0];
  let end = start + from.length;
  if (to !== undefined) {
    const toAt = text.words.indexOf(to, end);
    if (toAt < 0) throw new ExamError(`${where()} not found in Problem ${anchor.problem} of ${examFile}`);
    end = toAt + to.length;
  }
  const parts = [...text.words.slice(0, start).matchAll(PART_MARK)];
  const part = parts.at(-1)?.[1];
  return { problem: anchor.problem, ...(part === undefined ? {} : { part }), statement: text.words.slice(start, end), offset: start };
}

/**
 * An anchor as written in a claim file: `Problem N "from" … "to"` or `Problem N "text"` (`...`
 * for `…` too). The quoted text is the exam's, verbatim, and holds no `"`.
 */
export function parseAnchor(written: string, at: Place): Anchor {
  const m = /^Problem\s+(\d+)\s+"([^"]*)"(?:\s*(?:…|\.\.\.)\s*"([^"]*)")?\s*$/.exec(written.trim());
  if (!m) throw new ExamError(`${at.file}:${at.line}: an anchor is Problem N "first words" … "last words" (got ${written.trim()})`);
  return { problem: Number(m[1]), from: m[2], ...(m[3] === undefined ? {} : { to: m[3] }) };
}

/** An exam folder: its text, split into problems, and its claim files. */
export function readExam(dir: string): Exam {
  const name = dir.split(/[\\/]/).filter(Boolean).at(-1)!;
  const textPath = join(dir, 'exam.md');
  const files = readdirSync(dir).filter((f) => f.endsWith('.claims')).sort();
  return {
    name,
    textFile: relative(ROOT, textPath),
    problems: existsSync(textPath) ? problemsOf(readFileSync(textPath, 'utf8')) : new Map(),
    claimFiles: files.map((f) => ({ file: relative(ROOT, join(dir, f)), text: readFileSync(join(dir, f), 'utf8') })),
  };
}

/**
 * Every exam folder under `root` (a folder is an exam if it holds an exam.md or a claim file), in
 * name order. Throws ExamError where `root` is not a folder (an EXAMCHECK_EXAMS that names none).
 */
export function loadExams(root: string = EXAMS_DIR): Exam[] {
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new ExamError(`${root}: no such folder of exams${root === process.env.EXAMCHECK_EXAMS ? ' (EXAMCHECK_EXAMS)' : ''}`);
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(root, d.name))
    .filter((dir) => existsSync(join(dir, 'exam.md')) || readdirSync(dir).some((f) => f.endsWith('.claims')))
    .sort()
    .map(readExam);
}

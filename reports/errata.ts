/**
 * What course staff read first (DESIGN.md §7): each exam's errata and findings, from results.json.
 * The terminal, summary.md and report.html open with `examLeads`; `examcheck errata` writes the
 * errata sheet (`renderErrataSheet`, markdown with LaTeX or a LaTeX fragment).
 *
 * An erratum is a reading of the exam as literally written that is false, with its correction; a
 * finding is a condition the exam leaves unstated, with its witness. A claim whose answer as written
 * is refuted and that lists no erratum of its own (a problem set's published answer, with its
 * repair) is one erratum: the failing line as written, its repair, the witness; its findings say
 * why in words, so they are its explanation rather than findings of their own.
 */
import { markdownCode } from './escape.ts';
import type { ClaimResult, Results } from './schema.ts';
import { failureAt } from '../properties/witness.ts';

/** One erratum or finding, in one exam's order. */
export interface ExamItem {
  readonly kind: 'erratum' | 'finding';
  /** The erratum's or finding's id (for a refuted answer with no erratum of its own: its first finding's id, else the claim's). */
  readonly id: string;
  readonly claim: string;
  /** `P2`, `P6a`: the problem and part. */
  readonly problem: string;
  readonly problemNumber: number;
  /** An erratum: the exam's words as written (LaTeX), and the correction. A finding: the condition it leaves unstated (markdown). */
  readonly asWritten: string;
  readonly corrected: string;
  /** What shows it, in one line (a failure message, a counterexample, or the finding's own words). */
  readonly witness: string;
  /** An erratum: its literal reading refuted and its correction verified on this run. */
  readonly confirmed: boolean;
  /** Where the correction is a replacement of the exam's text (exam.md). */
  readonly replaces: readonly { readonly from: string; readonly to: string }[];
  /** A refuted answer's failing line (`exams/course-02MLP/p4.claims:33`), where a claim file states it. */
  readonly at?: string;
  /** A refuted answer's findings, in words: why it is wrong (the sheet shows them under the erratum). */
  readonly reason?: string;
  /** How `asWritten` and `corrected` are written: the exam's LaTeX and words, or a claim file's notation (a repair's edit). */
  readonly notation: 'latex' | 'code';
}

/** One exam folder's headline: "exam X (N problems, M claims): E errata, F findings, K claims verified", then its items. */
export interface ExamLead {
  readonly exam: string;
  readonly problems: number;
  readonly claims: number;
  readonly verified: number;
  /** Errata and findings in exam order: by problem and claim as the registry lists them, a claim's errata before its findings. */
  readonly items: readonly ExamItem[];
  readonly errata: readonly ExamItem[];
  readonly findings: readonly ExamItem[];
}

const json = (x: unknown) => JSON.stringify(x) ?? String(x);

/** The witness of a counterexample: its text where it is one, else compact JSON. */
const witnessOf = (counterexample: unknown, failure: string | null): string =>
  failure !== null ? failureAt(failure, counterexample) : (counterexample === null || counterexample === undefined ? 'none recorded' : typeof counterexample === 'string' ? counterexample : json(counterexample));

/** Does this claim's refuted answer count as an erratum of its own (no erratum listed, the answer as written refuted)? */
export const isRefutedAnswer = (c: ClaimResult): boolean => c.verdict === 'refuted' && c.errata.length === 0;

function itemsOf(c: ClaimResult): ExamItem[] {
  const problem = `P${c.problem}${c.part ?? ''}`;
  const base = { claim: c.id, problem, problemNumber: c.problem };
  if (isRefutedAnswer(c)) {
    const r = c.repair;
    return [
      {
        ...base,
        kind: 'erratum',
        id: c.findings[0]?.id ?? c.id,
        asWritten: r?.found ? r.from : c.findings[0]?.summary ?? c.statement,
        corrected: r?.found ? r.to : r ? `no repair found among ${r.tried} edits tried` : 'no repair searched',
        witness: witnessOf(c.counterexample, c.failure),
        confirmed: c.expected,
        replaces: [],
        notation: r?.found ? 'code' : 'latex',
        ...(c.findings.length ? { reason: c.findings.map((f) => f.summary).join(' ') } : {}),
        ...(r?.found && c.source ? { at: `${c.source.file}:${r.line}` } : {}),
      },
    ];
  }
  return [
    ...c.errata.map((e): ExamItem => ({
      ...base,
      kind: 'erratum',
      id: e.id,
      asWritten: e.asWritten,
      corrected: e.corrected,
      witness: witnessOf(e.counterexample, e.failure),
      confirmed: e.asWrittenRefuted && e.correctedVerified,
      replaces: e.replaces ?? [],
      notation: 'latex',
    })),
    ...c.findings.map((f): ExamItem => ({
      ...base,
      kind: 'finding',
      id: f.id,
      asWritten: f.summary,
      corrected: '',
      witness: f.counterexample === null || f.counterexample === undefined ? 'in the finding’s words' : witnessOf(f.counterexample, null),
      confirmed: true,
      replaces: [],
      notation: 'latex',
    })),
  ];
}

/** Every exam folder of a run, in the order its claims come (the registry's: exam, problem, place in the problem). */
export function examLeads(results: Results): ExamLead[] {
  const byExam = new Map<string, ClaimResult[]>();
  for (const c of results.claims) {
    const exam = c.exam ?? 'exam';
    byExam.set(exam, [...(byExam.get(exam) ?? []), c]);
  }
  return [...byExam].map(([exam, claims]) => {
    const items = claims.flatMap(itemsOf);
    return {
      exam,
      problems: new Set(claims.map((c) => c.problem)).size,
      claims: claims.length,
      verified: claims.filter((c) => c.verdict === 'verified').length,
      items,
      errata: items.filter((i) => i.kind === 'erratum'),
      findings: items.filter((i) => i.kind === 'finding'),
    };
  });
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "exam midterm-practice (8 problems, 16 claims): 9 errata, 12 findings, 11 claims verified". */
export const leadHeadline = (lead: ExamLead): string =>
  `exam ${lead.exam} (${plural(lead.problems, 'problem')}, ${plural(lead.claims, 'claim')}): ${plural(lead.errata.length, 'erratum', 'errata')}, ${plural(lead.findings.length, 'finding')}, ${plural(lead.verified, 'claim')} verified`;

/** Whitespace collapsed to one line, and cut at `max` characters with an ellipsis. */
export function oneLine(text: string, max = Infinity): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * An item in one line: `P2 erratum theta-equals-v (P2.equivalence): "as written" → "corrected"; witness: …`,
 * or `P6a finding w-independent-of-x (P6.bias): the condition; witness: …`; each part cut at `max`.
 */
export function itemLine(item: ExamItem, max = Infinity): string {
  const head = `${item.problem} ${item.kind} ${item.id} (${item.claim})`;
  const flag = item.confirmed ? '' : ' [NOT CONFIRMED on this run]';
  if (item.kind === 'finding') return `${head}: ${oneLine(item.asWritten, max)}; witness: ${oneLine(item.witness, max)}`;
  const at = item.at ? ` at ${item.at}` : '';
  return `${head}: "${oneLine(item.asWritten, max)}"${at} → "${oneLine(item.corrected, max)}"; witness: ${oneLine(item.witness, max)}${flag}`;
}

/** The harness's own health, a line below the exams: every outcome as expected, or which claims were not. */
export function harnessLine(results: Results): string {
  const wrong = results.claims.flatMap((c) => c.wrongAnswers);
  const counts = `${plural(results.claims.length, 'claim')}, wrong answers refuted ${wrong.filter((w) => w.refuted).length}/${wrong.length}`;
  const unexpected = results.claims.filter((c) => !c.ok).map((c) => c.id);
  return unexpected.length === 0 ? `harness: every outcome as expected (${counts})` : `harness: UNEXPECTED OUTCOMES in ${unexpected.join(', ')} (${counts})`;
}

/** The terminal's lead, after the seed: each exam's headline and its items (each part cut at 160 characters), then the harness line. */
export function leadLines(results: Results): string[] {
  return [...examLeads(results).flatMap((lead) => [leadHeadline(lead), ...lead.items.map((i) => `  ${itemLine(i, 160)}`)]), harnessLine(results)];
}


/** TeX text: its special characters escaped (math is kept apart by `texOf`). */
const texText = (s: string) =>
  s.replace(/[\\{}$&#^_%~]/g, (c) => ({ '\\': '\\textbackslash{}', '^': '\\textasciicircum{}', '~': '\\textasciitilde{}' })[c] ?? `\\${c}`);

/** The exam's words (LaTeX math between `$`s, text around it) as a TeX fragment: the math kept, the text escaped. */
const texOf = (s: string) =>
  oneLine(s)
    .split(/(\$\$[^$]+\$\$|\$[^$]+\$)/)
    .map((part) => (/^\$[^$]|^\$\$/.test(part) && part.endsWith('$') && part.length > 2 ? part : texText(part)))
    .join('');

/** One item of the sheet, in markdown (math as LaTeX between `$`s, for a renderer with math) or TeX. */
function sheetItem(i: ExamItem, format: 'md' | 'tex'): string[] {
  const words = (s: string) => (format === 'tex' ? (i.notation === 'code' ? `\\texttt{${texText(oneLine(s))}}` : texOf(s)) : i.notation === 'code' ? markdownCode(s) : oneLine(s));
  const code = (s: string) => (format === 'tex' ? `\\texttt{${texText(oneLine(s))}}` : markdownCode(s));
  const claim = `claim ${code(i.claim)}`;
  const flag = i.confirmed ? '' : ' (not confirmed on this run: see the report)';
  if (format === 'md') {
    return i.kind === 'erratum'
      ? [`**Erratum ${i.id}** (${claim})${flag}`, '', `- as written${i.at ? ` (${code(i.at)})` : ''}: ${words(i.asWritten)}`, `- corrected: ${words(i.corrected)}`, ...(i.reason ? [`- why: ${oneLine(i.reason)}`] : []), `- witness: ${code(i.witness)}`, '']
      : [`**Finding ${i.id}** (${claim})`, '', `- ${oneLine(i.asWritten)}`, `- witness: ${code(i.witness)}`, ''];
  }
  return i.kind === 'erratum'
    ? [`\\item \\textbf{Erratum ${texText(i.id)}} (${claim})${texText(flag)}\\\\`, `  As written${i.at ? ` (${code(i.at)})` : ''}: ${words(i.asWritten)}\\\\`, `  Corrected: ${words(i.corrected)}\\\\`, ...(i.reason ? [`  Why: ${texOf(i.reason)}\\\\`] : []), `  Witness: ${code(i.witness)}`]
    : [`\\item \\textbf{Finding ${texText(i.id)}} (${claim}): ${texOf(i.asWritten)}\\\\`, `  Witness: ${code(i.witness)}`];
}

/**
 * The errata sheet a course would post: for each exam, each problem in order, its errata (as
 * written → corrected, with the witness) and its findings (the condition left unstated, with the
 * witness). `md`: markdown with LaTeX math; `tex`: a LaTeX fragment (sections and itemize lists,
 * to \\input into a document; its witnesses may hold Unicode: LuaLaTeX or XeLaTeX).
 */
export function renderErrataSheet(results: Results, format: 'md' | 'tex'): string {
  const out: string[] = [];
  const run = `examcheck, profile ${results.profile}, seed ${results.seed}`;
  for (const lead of examLeads(results)) {
    const problems = [...new Set(lead.items.map((i) => i.problemNumber))];
    if (format === 'md') {
      out.push(`# Errata: ${lead.exam}`, '', `${leadHeadline(lead)} (${run}).`, '');
      for (const p of problems) out.push(`## Problem ${p}`, '', ...lead.items.filter((i) => i.problemNumber === p).flatMap((i) => sheetItem(i, 'md')));
    } else {
      out.push(`\\section*{Errata: ${texText(lead.exam)}}`, `${texText(`${leadHeadline(lead)} (${run}).`)}`, '');
      for (const p of problems) {
        out.push(`\\subsection*{Problem ${p}}`, '\\begin{itemize}', ...lead.items.filter((i) => i.problemNumber === p).flatMap((i) => sheetItem(i, 'tex')), '\\end{itemize}', '');
      }
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

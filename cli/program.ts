/**
 * `examcheck answer <claim> --program FILE`: a student's `+=` statements graded against a claim
 * file's `gradient` (or `equal`) claim, with what a grader writes in the margin (DESIGN.md §5):
 * the verdict, the line that fails, the smallest witness, and the smallest repair.
 *
 * FILE holds statements in the claim file's notation, one per line (indentation optional, `#`
 * comments and blank lines allowed, no declarations: the claim file's sizes, indices and tensors
 * are used). They replace the body of the claim's answer program (BACKWARD of `gradient BACKWARD
 * of FORWARD`, ANSWER of `equal ANSWER to SPEC`), and the claim's own property judges the file so
 * made, as it judges the exam's answer. Every line number shown is FILE's.
 *
 * A FILE that does not parse, uses an undeclared tensor or index, or is ill-formed (the lint) is
 * an error of one line, `FILE:line:column: what is wrong` (exit 2), never a refutation.
 */
import { readFileSync } from 'node:fs';
import { lint, NotationError, parseClaimFile, tensorShape, type ClaimFile, type Statement } from '../oracles/notation/index.ts';
import type { GradientCase } from '../oracles/checks/gradient.ts';
import type { BuiltClaim } from '../properties/claim.ts';
import { UsageError } from '../properties/errors.ts';
import type { RunSettings } from '../properties/profile.ts';
import { givenStatements, statementKey } from '../properties/claim-files.ts';
import { findRepair } from '../properties/repairs.ts';
import { trial } from '../properties/run.ts';
import { escapeRegExp } from '../reports/escape.ts';
import { repairEdit, repairLine } from '../reports/repair.ts';
import type { RepairResult, Trial } from '../reports/schema.ts';
import { inputsText } from '../properties/witness.ts';

/** A student's program graded: the verdict and the feedback lines (the terminal's and Gradescope's). */
export interface ProgramVerdict {
  readonly holds: boolean;
  readonly trial: Trial;
  /** The repair, its line FILE's; null where the program holds. */
  readonly repair: RepairResult | null;
  /** The feedback, one line each: verdict and failing line, witness, repair. */
  readonly feedback: readonly string[];
}

/** The claim file's text, its parsed form, and the answer program a student's statements replace. */
interface Target {
  readonly text: string;
  readonly file: ClaimFile;
  /** Lines first..last (1-based, inclusive) of the answer program's body in the claim file. */
  readonly first: number;
  readonly last: number;
  readonly program: string;
  /** The answer program's statements that state the problem's Given (properties/claim-files.ts's givenStatements). */
  readonly given: readonly Statement[];
}

/** The answer program of a claim file's gradient or equal claim; a usage error for any other claim. */
function targetOf(claim: BuiltClaim<string>): Target {
  const prop = claim.property;
  const text = prop?.reference.answer;
  const takes = 'takes no program answer: only a claim file\'s gradient or equal claim does';
  if (!prop || typeof text !== 'string' || !claim.source) throw new UsageError(`${claim.id} ${takes}`);
  const file = parseClaimFile(text, claim.source.file);
  const block = file.claims.find((b) => b.line === claim.source!.line);
  if (!block || block.negated || (block.kind !== 'gradient' && block.kind !== 'equal')) throw new UsageError(`${claim.id} ${takes}`);
  const program = file.programs.get(block.args[0])!;
  const statements = program.statements;
  const given = givenStatements(file, block);
  return {
    text,
    file,
    first: program.line + 1,
    last: statements.length ? statements[statements.length - 1].line : program.line,
    program: program.name,
    given: statements.filter((st) => given.has(st.line)),
  };
}

/**
 * What a student's program file holds, for the autograder's instructions: the answer program's
 * statements (their operators as the claim's are: `+=`, or `=` for an update rule), the tensors
 * its statements name, with their axes, and the `step t:` form where the claim's answer uses it.
 */
export function programWords(claim: BuiltClaim<string>): string {
  const t = targetOf(claim);
  const statements = t.file.programs.get(t.program)!.statements;
  const ops = [...new Set(statements.map((st) => st.op))].map((op) => `\`${op}\``).join(' and ');
  const named = [...t.file.declarations.tensors.values()].filter((d) => statements.some((st) => new RegExp(`(?<![\\w.'])${d.name}(?:\\.grad)?\\[`).test(st.text)));
  const tensors = named.map((d) => `\`${d.name}[${d.axes.join(', ')}]\``).join(', ');
  const steps = [...new Set(statements.flatMap((st) => (st.step ? [st.step.letter] : [])))];
  const step = steps.map((l) => `; statements run in order at each step ${l} go indented under a line \`step ${l}:\`, and do not list ${l} in their \`for\``).join('');
  return `the ${ops} statements of the answer program \`${t.program}\` of \`${claim.source!.file}\`, one per line, in its notation (no declarations), over its tensors ${tensors}${step}`;
}

/** Does the claim take a program answer (`answer --program`): is it a claim file's gradient or equal claim? */
export function takesProgram(claim: BuiltClaim<string>): boolean {
  try {
    targetOf(claim);
    return true;
  } catch (e) {
    if (e instanceof UsageError) return false;
    throw e;
  }
}

/** The column (1-based) of what a message names in the student's line: `token`, or a quoted name or expression, else the first word. */
function columnOf(line: string, message: string, token?: string): number {
  const body = line.indexOf(':') + 1;
  const quoted = token ?? /"([^"]+)"/.exec(message)?.[1];
  const char = /\(char (\d+)\)/.exec(message)?.[1];
  if (quoted !== undefined) {
    const word = new RegExp(`(?<![\\w.'])${escapeRegExp(quoted)}(?![\\w'])`, 'g');
    const at = [...line.matchAll(word)].map((m) => m.index!);
    const k = at.find((i) => i >= body) ?? at[0];
    if (k !== undefined) return k + 1 + (char === undefined ? 0 : Math.min(Number(char) - 1, quoted.length));
  }
  return line.search(/\S/) + 1;
}

/** A gradient or equal claim's example in one line: the sizes, each tensor by name as nested lists, the reals and the function values (properties/witness.ts). */
export function witnessText(file: ClaimFile, x: GradientCase): string {
  return inputsText(x, (name, sizes) => tensorShape(file, name, sizes))!;
}

/**
 * Grade a student's statements (`source`, read from `fileName`) against the claim's answer
 * program. Throws UsageError for a claim that takes no program, and a NotationError of one line
 * `fileName:line:column: …` for statements that do not parse or are ill-formed.
 */
export function judgeProgram(claim: BuiltClaim<string>, source: string, fileName: string, run: RunSettings): ProgramVerdict {
  const t = targetOf(claim);
  const studentLines = source.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  if (!studentLines.some((l) => l.replace(/#.*/, '').trim() !== '')) throw new UsageError(`${fileName}: no statements (one per line, e.g. for b, j: s.grad[b, j] += ...)`);
  const lines = t.text.split('\n');
  // the student's lines keep their indentation relative to the least indented one (a `step t:`
  // block's statements are the lines indented under it), and go in at the program's body's; a
  // line written as a Given statement of the claim's answer program is marked so (no repair edits
  // it), the student's own comments dropped (they mark nothing)
  const givenKeys = new Set(t.given.map((st) => statementKey(st.text)));
  const statementLines = studentLines.filter((l) => l.replace(/#.*/, '').trim() !== '');
  const margin = Math.min(...statementLines.map((l) => l.search(/\S/)));
  const body = (l: string) => {
    const own = l.replace(/#.*/, '').trimEnd();
    if (own.trim() === '') return '';
    return `  ${own.slice(margin)}${givenKeys.has(statementKey(own)) ? '  # given' : ''}`;
  };
  const text = [...lines.slice(0, t.first - 1), ...studentLines.map(body), ...lines.slice(t.last)].join('\n');
  // claim-file lines first..first+n-1 are the student's lines 1..n; later lines shift by the difference
  const studentLine = (line: number) => (line >= t.first && line < t.first + studentLines.length ? line - t.first + 1 : null);
  const claimFile = claim.source!.file;
  const place = (line: number, message: string, token?: string) => {
    const own = studentLine(line);
    return own === null ? `${claimFile}:${line}: ${message}` : `${fileName}:${own}:${columnOf(studentLines[own - 1], message, token)}: ${message}`;
  };
  /**
   * A message of the claim file's run, its places in the student's lines named in the student's
   * file; one about the program as a whole (it reads a tensor nothing writes) about the student's
   * file, naming the Given's statement that writes it where one does (found by review: a program
   * without quiz2-p1b's EMA y was told "exams/course-quiz2/p1.claims:48: program line4 reads y").
   */
  const relocate = (message: string) =>
    message
      // the claim file's name for the program (line4) is not the student's
      .replace(new RegExp(`^${escapeRegExp(t.program)} fails here: (?=${escapeRegExp(claimFile)}:${t.first - 1}: )`), '')
      .replace(new RegExp(`${escapeRegExp(claimFile)}:${t.first - 1}: program ${escapeRegExp(t.program)} reads (\\S+), which the run does not give`), (_, name: string) => {
        const writer = t.given.find((st) => `${st.target.tensor}${st.target.grad ? '.grad' : ''}` === name);
        return `${fileName}: the program reads ${name}, which it never computes${writer ? ` (the problem's Given does: copy its \`${writer.text.replace(/#.*/, '').trim()}\` into the program)` : ' and the run does not give'}`;
      })
      .replaceAll(new RegExp(`${escapeRegExp(claimFile)}:(\\d+)`, 'g'), (whole, l: string) => {
      const own = studentLine(Number(l));
      return own === null ? whole : `${fileName}:${own}`;
    });

  let file: ClaimFile;
  try {
    file = parseClaimFile(text, claimFile);
  } catch (e) {
    if (!(e instanceof NotationError)) throw e;
    const m = /^[^:]+:(\d+): (.*)$/.exec(e.message);
    throw m ? new NotationError(place(Number(m[1]), m[2])) : e;
  }
  const findings = lint(file, file.programs.get(t.program)!);
  if (findings.length) throw new NotationError(place(findings[0].line, findings[0].message, findings[0].index ?? findings[0].tensor));

  const result = trial(claim.id, claim.property!, 'program', text, run);
  if (!result.failed) return { holds: true, trial: result, repair: null, feedback: [`holds: the program passes ${result.runs} generated examples (profile ${run.profile.name}, seed ${run.seed})`] };
  const found = findRepair(claim.property!, text, run);
  const repair = found?.found ? { ...found, line: studentLine(found.line) ?? found.line } : found;
  const failure = relocate(result.failure ?? '');
  const witness = result.counterexample && typeof result.counterexample === 'object' && 'sizes' in result.counterexample ? witnessText(file, result.counterexample as GradientCase) : JSON.stringify(result.counterexample);
  const failingLines = repair?.found ? [repair.line] : linesWriting(file, t.program, failure).map((l) => studentLine(l)!);
  // a failure placed at one of the student's lines (a write a backward may not make) reads `line N …`
  const placed = failure.startsWith(`${fileName}:`) ? /^:(\d+): (.*)$/.exec(failure.slice(fileName.length)) : null;
  const verdict = placed ? `line ${placed[1]} ${placed[2]}` : failingLines.length === 1 ? `line ${failingLines[0]} fails: ${failure}` : failingLines.length > 1 ? `lines ${failingLines.join(', ')} fail: ${failure}` : failure;
  return {
    holds: false,
    trial: result,
    repair,
    feedback: [`refuted: ${verdict}`, `witness: ${witness}`, repair?.found ? repairEdit(repair) : repair ? repairLine(repair, null) : 'no repair: no edit of the program to try'],
  };
}

/** The lines of the program that write the `.grad` a failure names first (`h.grad[1, 2]: …`): where to look when no repair is found. */
function linesWriting(file: ClaimFile, program: string, failure: string): number[] {
  const tensor = /^(\S+?)\.grad\[/.exec(failure)?.[1];
  if (tensor === undefined) return [];
  return file.programs.get(program)!.statements.filter((st) => st.target.grad && st.target.tensor === tensor).map((st) => st.line);
}

/**
 * What a student may be shown of a claim's statement: the question, the exam's words before its
 * answer where the exam separates them ("… Answer as written: <answer>"), else null. A statement
 * anchored at the answer itself (the midterm's: the answer is the claim) shows nothing, since
 * Gradescope's output must not hand out the reference answer.
 */
export function questionOf(statement: string): string | null {
  const at = statement.search(/\bAnswer as written\b/i);
  const question = at < 0 ? '' : statement.slice(0, at).trim();
  return question === '' ? null : question;
}

/**
 * Gradescope's autograder results.json for a graded answer (a program, a formula): score 1 where
 * it holds, else 0, the feedback lines as the test's output (markdown), under the claim's question
 * (questionOf: never the exam's answer).
 */
export function gradescopeFeedback(claimId: string, statement: string, verdict: Pick<ProgramVerdict, 'holds' | 'feedback'>) {
  const score = verdict.holds ? 1 : 0;
  const question = questionOf(statement);
  const output = `${question === null ? '' : `> ${question}\n\n`}${verdict.feedback.map((l) => `- ${l}`).join('\n')}`;
  return { score, max_score: 1, output_format: 'md', tests: [{ name: claimId, status: verdict.holds ? 'passed' : 'failed', score, max_score: 1, output, output_format: 'md' }] };
}

/** Read FILE for `answer --program`: a missing file is a usage error naming it. */
export function readProgram(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`no program file at ${path}`);
  }
}

/**
 * `examcheck answer <claim> --program FILE`: a student's UGRNN backward graded with its failing
 * line and repair (and the Gradescope file carrying them), a right one passed, unreadable
 * statements named by line and column; the command itself on the seed exam's P1.backward.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { BuiltClaim } from '../properties/claim.ts';
import { readExam } from '../properties/exams.ts';
import { resolveRun } from '../properties/profile.ts';
import { registryOf } from '../properties/registry.ts';
import { type CandidateOutcome, gradescopeResults } from './candidate.ts';
import { judgeProgram, gradescopeFeedback, questionOf } from './program.ts';
import { claimById } from '../properties/registry.ts';
import { examcheck } from './testing.ts';

const FIXTURE = fileURLToPath(new URL('../properties/fixtures/backprop', import.meta.url));
const claims = registryOf([readExam(FIXTURE)]) as BuiltClaim<string>[];
const ugrnn = claims.find((c) => c.id === 'ugrnn.backward')!;
const run = resolveRun({ seed: '3', profile: 'quick' });

const RIGHT = [
  'for b, j, i: W.grad[j, i] += (1/NB) * h[b, i] * R.grad[b, j]',
  'for b, j, i: h.grad[b, i] += W[j, i] * R.grad[b, j]',
  'for b, j, k: U.grad[j, k] += (1/NB) * x[b, k] * R.grad[b, j]',
  'for b, j: BR.grad[j] -= (1/NB) * R.grad[b, j]',
];
/** The student's answer: line 2 adds into h.grad[b, j], where h.grad[b, i] is meant. */
const STUDENT = RIGHT.map((l, k) => (k === 1 ? l.replace('h.grad[b, i]', 'h.grad[b, j]') : l));

describe('answer --program', () => {
  test('the UGRNN backward with h.grad[b, j] for h.grad[b, i]: line 2 fails, the witness, the repair; the Gradescope file carries them', () => {
    const v = judgeProgram(ugrnn, `${STUDENT.join('\n')}\n`, 'student.txt', run);
    expect(v.holds).toBe(false);
    expect(v.feedback[0]).toMatch(/^refuted: line 2 fails: h\.grad\[1, [12]\]: the answer added -?\d+, the gradient is -?\d+; must be equal exactly in rationals/);
    expect(v.feedback[1]).toMatch(/^witness: NB = 1, J = 2, K = 1; W = \[\[.*\]\]; h = \[\[.*\]\]; .*R\.grad = \[\[.*\]\] \(outGrad\)/);
    expect(v.feedback[2]).toBe('repair: h.grad[b, j] → h.grad[b, i] (index, verified on fresh seeds)');
    expect(v.repair).toMatchObject({ found: true, line: 2, from: 'h.grad[b, j]', to: 'h.grad[b, i]' });
    const gs = gradescopeFeedback(ugrnn.id, ugrnn.statement, v);
    expect(gs).toMatchObject({ score: 0, max_score: 1, tests: [{ name: 'ugrnn.backward', status: 'failed', score: 0 }] });
    expect(gs.tests[0].output).toContain('line 2 fails');
    expect(gs.tests[0].output).toContain('repair: h.grad[b, j] → h.grad[b, i]');
  });

  test('the right backward, with comments, blank lines and its own indentation, passes', () => {
    const v = judgeProgram(ugrnn, `# my answer\n\n${RIGHT.map((l) => `    ${l}`).join('\n')}\n`, 'student.txt', run);
    expect(v.holds).toBe(true);
    expect(v.feedback).toEqual([`holds: the program passes ${v.trial.runs} generated examples (profile ${run.profile.name}, seed ${run.seed})`]);
    expect(gradescopeFeedback(ugrnn.id, ugrnn.statement, v)).toMatchObject({ score: 1, tests: [{ status: 'passed' }] });
  });

  test("Gradescope shows the question, never the exam's answer: the words before \"Answer as written\", else nothing", () => {
    const p4b = claimById('02MLP-p4b') as BuiltClaim<string>;
    const numpy = claimById('P1.numpy') as BuiltClaim<string>;
    expect(questionOf('Write the loops. Answer as written: for b A.grad[b] += 1')).toBe('Write the loops.');
    expect(questionOf(numpy.statement)).toBeNull();
    const program = gradescopeFeedback(p4b.id, p4b.statement, { holds: false, feedback: ['refuted'] }).tests[0].output;
    expect(program).toMatch(/^> Write the backward \+= loops .*the batch size being B\.\n\n- refuted$/);
    const unusable: CandidateOutcome = { kind: 'unusable', reason: 'no module' };
    expect(gradescopeResults(numpy.id, unusable, numpy.statement).tests[0].output).toBe('**Could not be checked**: no module');
  });

  test('an update rule with a `step t:` block (quiz4-p2c) is read as the claim file reads it: the claim\'s own program, indented or not, holds', () => {
    const p2c = claimById('quiz4-p2c') as BuiltClaim<string>;
    const body = (p2c.property!.reference.answer as string).split('\n');
    const own = body.slice(body.indexOf('program rolling_average') + 1, body.indexOf('claim quiz4-p2c: equal rolling_average to sgd_run') - 1).join('\n');
    expect(own).toMatch(/^  for k, i: Es\[0, k, i\] = E0\[k, i\]\n  step t:\n    for k: dists/);
    // the block's lines are those indented under `step t:`, whatever the file's margin
    expect(judgeProgram(p2c, `# mine\n${own.replace(/^  /gm, '')}\n`, 'F', { ...run, profile: { ...run.profile, numRuns: 5 } }).holds).toBe(true);
  });

  test('a statement inside a `step t:` block is repaired where it stands (its edits read with t bound): quiz4-p2c with the other codes doubled', () => {
    const p2c = claimById('quiz4-p2c') as BuiltClaim<string>;
    const body = (p2c.property!.reference.answer as string).split('\n');
    const own = body.slice(body.indexOf('program rolling_average') + 1, body.indexOf('claim quiz4-p2c: equal rolling_average to sgd_run') - 1).join('\n');
    const v = judgeProgram(p2c, own.replace('(1 - near[t, k])*Es[t, k, i]', '(1 - near[t, k])*2*Es[t, k, i]'), 'F', { ...run, profile: { ...run.profile, numRuns: 5 } });
    expect(v.repair).toMatchObject({ found: true, line: 5, from: '(1 - near[t, k]) * 2', to: '(1 - near[t, k])' });
  });

  test("a repair edits the student's own statements, never the Given's: quiz2-p1b with 2 gamma is repaired on its z line, not on the EMA y it copies", () => {
    const p1b = claimById('quiz2-p1b') as BuiltClaim<string>;
    const v = judgeProgram(p1b, 'for t: y[t + 1] = beta*y[t] + (1 - beta)*x[t]   # the EMA\nfor t: z[t + 1] = (2*gamma/(1 - beta))*y[t + 1]\n', 's.txt', { ...run, profile: { ...run.profile, numRuns: 5 } });
    expect(v.feedback[1]).toMatch(/^witness: T = \d; x = \[.*\]; beta = (?:\d+\/\d+|\d), gamma = /);
    expect(v.repair).toMatchObject({ found: true, line: 2, from: '2 * gamma', to: 'gamma' });
  });

  test("a student's program that reads the Given's y without computing it is told so in its own terms, not by a line of the claim file it never sees (found by review)", () => {
    const p1b = claimById('quiz2-p1b') as BuiltClaim<string>;
    // the answer line alone: z = gamma/(1 - beta) y, with the EMA y of the Given left out
    let feedback: string;
    try {
      feedback = judgeProgram(p1b, 'for t: z[t + 1] = (gamma/(1 - beta))*y[t + 1]\n', 's.txt', { ...run, profile: { ...run.profile, numRuns: 5 } }).feedback.join('\n');
    } catch (e) {
      feedback = (e as Error).message;
    }
    // was "refuted: line4 fails here: exams/course-quiz2/p1.claims:48: program line4 reads y, which the run does not give"
    expect(feedback).not.toContain('p1.claims');
    expect(feedback).toMatch(/\by\b/);
  });

  test.each([
    ['a forward tensor, last', [...RIGHT, 'for b, i: h[b, i] += 1'], 'refuted: line 5 writes h, a forward tensor: a backward writes .grad tensors only'],
    ['a forward tensor, first', ['for b, i: h[b, i] += 1', ...RIGHT], 'refuted: line 1 writes h, a forward tensor: a backward writes .grad tensors only'],
    ["the output's gradient", [...RIGHT, 'for b, j: R.grad[b, j] = 0'], "refuted: line 5 writes R.grad, the output's gradient: a backward writes the .grad of inputs and intermediates only"],
  ])('a backward that writes %s is refuted naming the line', (_, lines, verdict) => {
    const v = judgeProgram(ugrnn, lines.join('\n'), 'student.txt', run);
    expect([v.holds, v.feedback[0]]).toEqual([false, verdict]);
  });

  test.each([
    ['the course\'s own notation, no colon', 'for b,j   s.grad[b,j] += p.grad[b,j] * exp(s[b,j])/Z[b]'],
    ['a capital For, as the course writes it', 'For b, j: s.grad[b, j] += p.grad[b, j] * exp(s[b, j]) / Z[b]'],
  ])('%s is told the statement form, at column 1, not to write * (found by review: "b" at column 5 …: two operands in a row: write * between them, and file column 18 for the capital For)', (_, line) => {
    const p2a = claimById('02MLP-p2a') as BuiltClaim<string>;
    expect(() => judgeProgram(p2a, `${line}\n`, 's.txt', run)).toThrowErrorWith(/^s\.txt:1:1: .*for INDICES: TARGET/);
  });

  test.each([
    ['an undeclared tensor', 'for b, j: BR.grad[j] -= q[b, j]', 's.txt:4:25: undeclared tensor "q"'],
    ['a syntax error', 'for b, j: BR.grad[j] -= (R.grad[b, j]', 's.txt:4:38: syntax error in expression "(R.grad[b, j]": Parenthesis ) expected (char 15)'],
    ['an index of another range', 'for b, j: BR.grad[k] -= R.grad[b, j]', 's.txt:4:19: axis 1 of BR.grad runs over j in 1..J, but is read with k in 1..K'],
    ['an unbound index', 'for b, j: BR.grad[j] -= R.grad[b, z]', 's.txt:4:35: undeclared variable "z"'],
  ])('%s is one line naming the line and column', (_, line, message) => {
    expect(() => judgeProgram(ugrnn, [...RIGHT.slice(0, 3), line].join('\n'), 's.txt', run)).toThrowError(message);
  });

  test('through the command: exit 1 with the feedback and the Gradescope file (a formula answer too, with its repair), exit 2 for an unreadable file or a claim without a program', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'examcheck-program-'));
    const student = join(dir, 'p1.txt');
    const results = join(dir, 'results.json');
    // P1.backward with B.grad subtracted
    writeFileSync(
      student,
      ["for b, x, y, c: L.grad[b, x, y, c] += L'.grad[b, x, y, c] * A[c]", "for b, x, y, c: A.grad[c] += L'.grad[b, x, y, c] * (L[b, x, y, c] + B[c])", "for b, x, y, c: B.grad[c] -= L'.grad[b, x, y, c] * A[c]"].join('\n'),
    );
    const r = await examcheck(['answer', 'P1.backward', '--program', student, '--gradescope', results, '--seed', '4', '--profile', 'quick']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^refuted: line 3 fails: B\.grad\[1\]: /m);
    expect(r.stdout).toContain("repair: B.grad[c] -= → B.grad[c] += (sign, verified on fresh seeds)");
    expect(JSON.parse(readFileSync(results, 'utf8')).tests[0].output).toContain('line 3 fails');
    writeFileSync(student, 'for b, x, y, c: B.grad[c] += Q[c]');
    const bad = await examcheck(['answer', 'P1.backward', '--program', student, '--gradescope', results]);
    expect([bad.code, bad.stderr]).toEqual([2, `examcheck: ${student}:1:30: undeclared tensor "Q"\n`]);
    // the file that cannot be checked scores 0 with its reason, under no statement (the midterm's is its answer)
    expect(JSON.parse(readFileSync(results, 'utf8'))).toMatchObject({ score: 0, tests: [{ status: 'failed', output: `- cannot be checked: ${student}:1:30: undeclared tensor "Q"` }] });
    // a formula's feedback for the student names the right value, never the exam's formula
    const half = await examcheck(['answer', 'P8.half-dropout', '1/2', '--seed', '3', '--profile', 'quick', '--gradescope', results]);
    expect(half.stdout).toContain("the exam's 1 - alpha/2 gives 1");
    const shown = JSON.parse(readFileSync(results, 'utf8')).tests[0].output;
    expect(shown).toContain('the formula gives 1/2 and the right value is 1');
    expect(shown).not.toMatch(/alpha\/2|\\frac\{\\alpha\}|works out/);
    const formula = await examcheck(['answer', 'P6.bias', 'd*mu_w*mu_x', '--seed', '3', '--profile', 'quick', '--gradescope', results]);
    expect(formula.code).toBe(1);
    expect(formula.stdout).toMatch(/^repair: \(*d \* mu_w\)? \* mu_x\)? → -\(.*\) \(sign, verified on fresh seeds\)$/m);
    expect(JSON.parse(readFileSync(results, 'utf8')).tests[0].output).toMatch(/- repair: .* → -\(/);
    const chain = await examcheck(['answer', 'P6.bias', '--program', student]);
    expect([chain.code, chain.stderr]).toEqual([2, "examcheck: P6.bias takes no program answer: only a claim file's gradient or equal claim does\n"]);
  });
});

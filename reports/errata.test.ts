/**
 * What course staff read first (issue 22): the terminal leads with each exam's errata and
 * findings; the errata sheet; the corrected exam as a patch git accepts, each replacement anchored
 * once, and re-checked through the corrected text.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { correctionPatch, recheck, writeCorrected } from '../cli/errata.ts';
import { examcheck, root } from '../cli/testing.ts';
import { parseClaimFile } from '../oracles/notation/index.ts';
import { PROFILES } from '../properties/profile.ts';
import { REGISTRY, SEED_EXAM } from '../properties/registry.ts';
import { isRefutedAnswer, leadLines, renderErrataSheet } from './errata.ts';
import { correctExam } from './patch.ts';
import type { ClaimResult, Results } from './schema.ts';

/** The errata and findings of results.json, worked out from its claims (not through reports/errata.ts's items): `kind id (claim)`. */
const expectedItems = (results: Results) =>
  results.claims.flatMap((c: ClaimResult) =>
    isRefutedAnswer(c)
      ? [`erratum ${c.findings[0]?.id ?? c.id} (${c.id})`]
      : [...c.errata.map((e) => `erratum ${e.id} (${c.id})`), ...c.findings.map((f) => `finding ${f.id} (${c.id})`)],
  );

/** The items the terminal names in its lead: the indented lines between the seed's line and the harness's. */
function terminalItems(stdout: string): { headlines: string[]; items: string[] } {
  const lines = stdout.split('\n');
  const lead = lines.slice(1, lines.findIndex((l) => l.startsWith('harness: ')));
  return {
    headlines: lead.filter((l) => l.startsWith('exam ')),
    items: lead.filter((l) => l.startsWith('  ')).map((l) => /^ {2}P\d+[a-z]? (erratum|finding) (\S+) \((\S+)\)/.exec(l)!.slice(1).join(' ').replace(/ (\S+)$/, ' ($1)')),
  };
}

describe('the terminal leads with the exam', () => {
  test("the first lines after the seed name every erratum and finding of results.json, in exam order, then the harness's health, then the claims", async () => {
    const ids = ['P6.xavier', '07reg-p9.gradient', '2019-02MLP-p4b'];
    const r = await examcheck(['check', '--profile', 'quick', '--seed', '7', ...ids.flatMap((id) => ['--claim', id])]);
    expect(r.code, r.stderr).toBe(0);
    const dir = /^report: (.*)$/m.exec(r.stdout)![1];
    const results: Results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    const { headlines, items } = terminalItems(r.stdout);
    expect(items).toEqual(expectedItems(results));
    expect(items).toEqual(['erratum y-for-a(y+b) (P6.xavier)', 'finding line-1-parentheses (07reg-p9.gradient)', 'erratum h-grad-index (2019-02MLP-p4b)']);
    expect(headlines).toEqual([
      'exam midterm-practice (1 problem, 1 claim): 1 erratum, 0 findings, 1 claim verified',
      'exam course-07reg (1 problem, 1 claim): 0 errata, 1 finding, 1 claim verified',
      'exam course-2019-02MLP (1 problem, 1 claim): 1 erratum, 0 findings, 0 claims verified',
    ]);
    // a course's refuted answer: its line as written, its repair, its witness
    const line = readFileSync('exams/course-2019-02MLP/p4.claims', 'utf8').split('\n').findIndex((l) => l.includes('h.grad[b, j] +=')) + 1;
    expect(r.stdout).toContain(`  P4b erratum h-grad-index (2019-02MLP-p4b): "h.grad[b, j]" at exams/course-2019-02MLP/p4.claims:${line} → "h.grad[b, i]"; witness: at B = `);
    // the claim's own line holds the whole witness: its inputs, then what differs there
    expect(r.stdout).toMatch(/^ {5}exams\/course-2019-02MLP\/p4\.claims:\d+ fails: at B = \d.*; h\.grad = \[[-\d,]+\] \(before\).*: h\.grad\[1, \d\]: the answer added/m);
    const lines = r.stdout.split('\n');
    const harness = lines.findIndex((l) => l.startsWith('harness: '));
    expect(lines[harness]).toMatch(/^harness: every outcome as expected \(3 claims, wrong answers refuted \d+\/\d+\)$/);
    expect(lines[harness + 1]).toMatch(/^ok {3}P6\.xavier /);
    // summary.md opens the same way
    const summary = readFileSync(join(dir, 'summary.md'), 'utf8').split('\n');
    expect(summary[0]).toBe(`# ${headlines[0]}`);
    expect(summary.filter((l) => l.startsWith('- P')).length).toBe(items.length);
  });

  test('an erratum whose literal reading is not refuted is flagged, not counted as confirmed', () => {
    const [claim] = JSON.parse(JSON.stringify(fakeResults().claims)) as ClaimResult[];
    claim.errata[0].asWrittenRefuted = false;
    const lines = leadLines({ ...fakeResults(), ok: false, claims: [{ ...claim, ok: false }] });
    expect(lines[1]).toMatch(/\[NOT CONFIRMED on this run\]$/);
    expect(lines.at(-1)).toBe('harness: UNEXPECTED OUTCOMES in Q.one (1 claim, wrong answers refuted 0/0)');
  });
});

/** A one-claim run with an erratum and a finding whose words need escaping in TeX. */
function fakeResults(): Results {
  const claim = {
    id: 'Q.one', exam: 'quiz', source: null, problem: 3, part: 'b', kind: 'identity', statement: 's', domain: '', oracle: null, verdict: 'verified', expected: true, ok: true,
    runs: 1, ms: 1, counterexample: null, failure: null, shrinks: null, replay: null, corpus: { replayed: 0, saved: 0 }, wrongAnswers: [], measurements: [],
    errata: [{ id: 'e_1', asWritten: String.raw`the rate $\eta_1 = 5\%$ & more`, corrected: String.raw`$\eta_1 = 20$`, asWrittenRefuted: true, correctedVerified: true, counterexample: { x: 1 }, failure: null, replay: null, correctedCounterexample: null, correctedFailure: null, correctedReplay: null }],
    findings: [{ id: 'f', summary: 'needs x_i ≠ 0', counterexample: 'x = 0' }],
  } as ClaimResult;
  return { schema: 1, seed: 5, profile: 'quick', startedAt: '2026-11-29T00:00:00.000Z', ok: true, claims: [claim] };
}

describe('the errata sheet', () => {
  test('markdown: by problem, each erratum as written → corrected with its witness, each finding with its witness', () => {
    expect(renderErrataSheet(fakeResults(), 'md')).toBe(
      [
        '# Errata: quiz', '', 'exam quiz (1 problem, 1 claim): 1 erratum, 1 finding, 1 claim verified (examcheck, profile quick, seed 5).', '',
        '## Problem 3', '', '**Erratum e_1** (claim `Q.one`)', '', String.raw`- as written: the rate $\eta_1 = 5\%$ & more`, String.raw`- corrected: $\eta_1 = 20$`, '- witness: `{"x":1}`', '',
        '**Finding f** (claim `Q.one`)', '', '- needs x_i ≠ 0', '- witness: `x = 0`', '',
      ].join('\n').trimEnd() + '\n',
    );
  });

  test("a problem set's refuted answer: its line as written, its repair, why (its findings), its witness", () => {
    const [base] = fakeResults().claims;
    const refuted = {
      ...base, id: 'C-p4b', exam: 'course-x', part: null, verdict: 'refuted', errata: [], source: { file: 'exams/course-x/p4.claims', line: 20 },
      failure: 'h.grad[1, 1]: the answer added 0, the gradient is 1', findings: [{ id: 'h-grad-index', summary: 'Line 2 adds at j.', counterexample: null }],
      repair: { found: true, kind: 'index', line: 33, from: 'h.grad[b, j]', to: 'h.grad[b, i]', tried: 6 },
    } as ClaimResult;
    const md = renderErrataSheet({ ...fakeResults(), claims: [refuted] }, 'md');
    expect(md).toContain(
      ['**Erratum h-grad-index** (claim `C-p4b`)', '', '- as written (`exams/course-x/p4.claims:33`): `h.grad[b, j]`', '- corrected: `h.grad[b, i]`', '- why: Line 2 adds at j.', '- witness: `h.grad[1, 1]: the answer added 0, the gradient is 1`'].join('\n'),
    );
    expect(md).toContain('exam course-x (1 problem, 1 claim): 1 erratum, 0 findings, 0 claims verified');
    // no repair found: said so, in place of a correction
    expect(renderErrataSheet({ ...fakeResults(), claims: [{ ...refuted, repair: { found: false, tried: 9 } }] }, 'md')).toContain('- corrected: no repair found among 9 edits tried');
  });

  test('report.html and summary.md open with the exam: its headline, its errata (math rendered) and findings, then the harness line', async () => {
    const { renderHtml } = await import('./html.ts');
    const { renderSummary } = await import('./summary.ts');
    const html = await renderHtml(fakeResults());
    const at = (s: string) => html.indexOf(s);
    expect(at('<h1 class="headline">exam quiz (1 problem, 1 claim): 1 erratum, 1 finding, 1 claim verified</h1>')).toBeGreaterThan(0);
    expect(at('<h1 class="headline">')).toBeLessThan(at('<li class="erratum"><strong>P3b erratum</strong> <code>e_1</code>'));
    expect(at('<li class="erratum">')).toBeLessThan(at('<li class="finding">'));
    expect(at('<li class="finding">')).toBeLessThan(at('<p class="harness ok">harness: every outcome as expected'));
    expect(at('<p class="harness ok">')).toBeLessThan(at('<table class="claims">'));
    expect(html.slice(at('<li class="erratum">'), at('<li class="finding">'))).toMatch(/<span class="as-written">the rate <span class="katex"><math/);
    expect(renderSummary(fakeResults()).split('\n').slice(0, 6)).toEqual([
      '# exam quiz (1 problem, 1 claim): 1 erratum, 1 finding, 1 claim verified', '',
      String.raw`- P3b erratum e\_1 (Q.one): "the rate \$\\eta\_1 = 5\\%\$ \& more" → "\$\\eta\_1 = 20\$"; witness: {"x":1}`,
      '- P3b finding f (Q.one): needs x\\_i ≠ 0; witness: x = 0', '', 'harness: every outcome as expected (1 claim, wrong answers refuted 0/0)',
    ]);
  });

  test('TeX: the math kept, the text around it escaped', () => {
    const tex = renderErrataSheet(fakeResults(), 'tex');
    expect(tex).toContain('\\section*{Errata: quiz}');
    expect(tex).toContain('\\subsection*{Problem 3}\n\\begin{itemize}\n\\item \\textbf{Erratum e\\_1} (claim \\texttt{Q.one})\\\\');
    expect(tex).toContain(String.raw`As written: the rate $\eta_1 = 5\%$ \& more\\`);
    expect(tex).toContain(String.raw`\item \textbf{Finding f} (claim \texttt{Q.one}): needs x\_i ≠ 0\\`);
    expect(tex).toContain(String.raw`Witness: \texttt{\{"x":1\}}`);
  });
});

const EXAM_FILE = `exams/${SEED_EXAM}/exam.md`;
/** The seed exam's errata that replace its text, as the registry holds them (TypeScript fields and claim files' replaces lines). */
const seedReplacements = () =>
  REGISTRY.filter((c) => c.exam === SEED_EXAM && c.status === 'built').flatMap((c) =>
    (c.status === 'built' ? (c.property?.errata ?? []) : []).flatMap((e) => (e.replaces ?? []).map((r) => ({ problem: c.problem, from: r.from, to: r.to, erratum: `${c.id}/${e.id}` }))),
  );

describe('the corrected exam', () => {
  const text = readFileSync(join(root, EXAM_FILE), 'utf8');

  test('every seed-exam erratum that is a text replacement applies; git apply --check accepts the diff; one hunk per replacement, except replaced lines two apart', () => {
    const asked = seedReplacements();
    expect(new Set(asked.map((a) => a.erratum.split('/')[0]))).toEqual(new Set(['P2.equivalence', 'P2.induction', 'P3.beta2', 'P4.stationary', 'P5.hvp', 'P6.derivation', 'P6.xavier']));
    const c = correctExam(EXAM_FILE, text, asked);
    expect(c.notFound).toEqual([]);
    // P2.induction's erratum is P2.equivalence's three: one replacement each, asked for by both
    expect(c.applied.length).toBe(11);
    expect(c.applied.filter((r) => r.errata.length === 2).map((r) => r.errata[1])).toEqual(Array(3).fill('P2.induction/velocity-update'));
    const whole = correctionPatch(SEED_EXAM, c);
    const git = spawnSync('git', ['apply', '--check', '-'], { cwd: root, input: whole, encoding: 'utf8' });
    expect(git.status, git.stderr).toBe(0);
    // the exam's diff, then the anchors kept in step: P6.xavier's first words in its claim file's anchor: line, P3.beta2's last words in properties/registry.ts
    const [patch, ...anchorFiles] = whole.split(/^(?=--- a\/(?:exams\/midterm-practice\/p6-xavier\.claims|properties\/registry\.ts)$)/m);
    expect(patch.startsWith(`--- a/${EXAM_FILE}\n+++ b/${EXAM_FILE}\n@@ `)).toBe(true);
    expect(anchorFiles.join('').split('\n').filter((l) => /^[-+] /.test(l))).toEqual([
      expect.stringMatching(/^- {2}anchor: Problem 6 "y will have zero mean/),
      expect.stringMatching(/^\+ {2}anchor: Problem 6 "a\(y\+b\) will have zero mean/),
      expect.stringMatching(/^- {4}anchor: \{ problem: 3, .*to: String\.raw`\\beta_2 = 1 - \\frac\{b\\epsilon\}\{5\}\$\$` \},$/),
      expect.stringMatching(/^\+ {4}anchor: \{ problem: 3, .*to: String\.raw`\\beta_2 = \\max\\left\(0, 1 - \\frac\{b\\epsilon\}\{20\}\\right\)\$\$` \},$/),
    ]);
    // each replacement's line is in one hunk; a hunk holds two only where their lines are two apart (context 1 each would overlap)
    const changed = c.applied.map((r) => text.slice(0, text.indexOf(r.from)).split('\n').length).sort((a, b) => a - b);
    const groups = changed.filter((line, k) => k === 0 || line - changed[k - 1] > 2).length;
    expect((patch.match(/^@@ /gm) ?? []).length).toBe(groups);
    expect(groups).toBe(10); // P2's velocity lines 47 and 49 share a hunk
    const [minus, plus] = ['-', '+'].map((sign) => patch.split('\n').filter((l: string) => l.startsWith(sign) && !l.startsWith(`${sign}${sign}${sign}`)).join('\n'));
    for (const r of c.applied) expect([minus.includes(r.from), plus.includes(r.to)]).toEqual([true, true]);
  });

  test('an anchor that no longer matches, or matches twice, is listed and never applied', () => {
    const c = correctExam(EXAM_FILE, text, [
      { problem: 3, from: String.raw`\beta_2 = 1 - \frac{b\epsilon}{7}`, to: 'X', erratum: 'P3.beta2/stale' },
      { problem: 3, from: 'or', to: 'X', erratum: 'P3.beta2/ambiguous' },
      { problem: 9, from: 'x', to: 'X', erratum: 'P9/none' },
      { problem: 2, from: '$$\\Theta = v^{t+1}$$', to: 'Y', erratum: 'P2/a' },
      { problem: 2, from: '\\Theta = v', to: 'Z', erratum: 'P2/overlap' },
    ]);
    expect(c.notFound.map((n) => [n.errata[0], n.reason.replace(/ of .*|: .*/, '')])).toEqual([
      ['P3.beta2/stale', 'anchor not found in Problem 3'],
      ['P3.beta2/ambiguous', 'anchor found 6 times in Problem 3'],
      ['P9/none', 'anchor not found'],
      ['P2/overlap', 'anchor overlaps the replacement'],
    ]);
    expect(c.after).toBe(text.replace('$$\\Theta = v^{t+1}$$', 'Y'));
  });

  test("the corrected copy, re-checked: its claims are read from the corrected text (anchors through the replacements) and each applied erratum's corrected reading verifies", () => {
    const c = correctExam(EXAM_FILE, text, seedReplacements());
    const dir = writeCorrected(mkdtempSync(join(tmpdir(), 'examcheck-corrected-')), SEED_EXAM, c);
    const run = { profile: { ...PROFILES.quick, numRuns: 3 }, seed: 1 };
    const checked = recheck(dir, c, run);
    expect(checked.filter((r) => !r.verified)).toEqual([]);
    expect(checked.length).toBe(10);
    // P6.xavier's words now say a(y+b); P3.beta2's end with the corrected β₂
    expect(checked.find((r) => r.erratum === 'P6.xavier/y-for-a(y+b)')!.statement).toMatch(/^a\(y\+b\) will have zero mean/);
    expect(checked.find((r) => r.erratum === 'P3.beta2/window-for-squares')!.statement).toMatch(/\\max\\left\(0, 1 - \\frac\{b\\epsilon\}\{20\}\\right\)\$\$$/);
    // a correction naming an erratum the copy does not have is not verified
    const misnamed = c.applied.map((r, k) => (k === 0 ? { ...r, errata: ['P2.equivalence/nope'] } : r));
    expect(recheck(dir, { ...c, applied: misnamed }, run).find((r) => r.erratum === 'P2.equivalence/nope')).toMatchObject({ verified: false });
    // read without the replacements, P3.beta2's anchor (its last words are the corrected β₂) is stale: the loader's one line
    expect(() => recheck(dir, { ...c, applied: [] }, run)).toThrowErrorWith(/^properties\/registry\.ts:\d+: anchor "we will want to average over a number k" … .* not found in Problem 3 of exam\.md$/);
  });
});

describe('examcheck errata: usage', () => {
  test.each([
    [['errata', 'nope'], /^examcheck: unknown exam "nope": the exams loaded are course-02MLP, .*midterm-practice/],
    [['errata', '--format', 'pdf'], /^examcheck: invalid --format "pdf": md or tex \(examcheck errata --help lists its arguments and options\)$/],
    [['errata', 'a', 'b'], /^examcheck: errata takes at most one exam/],
  ])('%j is one line, exit 2, before anything runs', async (args, message) => {
    const r = await examcheck(args);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr.trim()).toMatch(message);
  });
});

describe('replaces lines in claim files', () => {
  test('follow an erratum; are never the target of an edit; anything else is one line', () => {
    const base = 'real x\n2*x\n= x + x\nclaim A: chain\n  erratum e: "x + x" -> "x + 3*x"\n    as written: $x + 3x$\n    corrected: $x + x$\n';
    const f = parseClaimFile(`${base}    replaces "x + 3x" with "x + x"\n    replaces "\\"q\\"" with "r"\n`, 'f.claims');
    expect(f.claims[0].errata[0].replaces).toEqual([{ from: 'x + 3x', to: 'x + x' }, { from: '"q"', to: 'r' }]);
    // "x + x" also in a replaces line: the edit still names one place
    expect(() => parseClaimFile(`${base}    replaces "x + x" with "y"\n`, 'f.claims')).not.toThrow();
    expect(() => parseClaimFile('real x\nclaim A: chain\n  x\n  = x\n  replaces "a" with "b"\n', 'f.claims')).toThrowErrorWith('f.claims:5: "replaces" follows an erratum line');
    expect(() => parseClaimFile(`${base}    replaces "a" by "b"\n`, 'f.claims')).toThrowErrorWith('f.claims:8: a replacement is: replaces "exam text as written" with "corrected text"');
  });
});

describe("a draft's patch (EXAMCHECK_EXAMS outside the repository)", () => {
  // found by review: the patch of a draft in /tmp/drafts/ugrnn named its exam.md `a/exams/ugrnn/exam.md`
  // (no such file) and its claim file `a/../../../tmp/drafts/ugrnn/p1.claims`: one patch, two bases
  // last in the file: it loads the modules afresh under another EXAMCHECK_EXAMS, and main's lazy
  // imports after it would meet those copies (another UsageError class)
  test('names exam.md as it names the claim files, relative to the root, so one git apply takes both', async () => {
    const drafts = mkdtempSync(join(tmpdir(), 'examcheck-drafts-'));
    mkdirSync(join(drafts, 'd'));
    writeFileSync(join(drafts, 'd', 'exam.md'), '**Problem 1.** x\n');
    vi.resetModules();
    vi.stubEnv('EXAMCHECK_EXAMS', drafts);
    try {
      const { correctionOf } = await import('../cli/errata.ts');
      const c = correctionOf({ exam: 'd', problems: 1, claims: 0, verified: 0, items: [], errata: [], findings: [] });
      expect(c.file).toBe(relative(root, join(drafts, 'd', 'exam.md')));
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});

/** What staff read when a reference is broken: the report's counterexample, replay and quote are right. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fraction from 'fraction.js';
import { describe, expect, test } from 'vitest';
import { examcheck, root } from '../cli/testing.ts';
import { resolveRun } from '../properties/profile.ts';
import { claimById } from '../properties/registry.ts';
import { claimResult, runClaim } from '../properties/run.ts';
import { withWrongReference } from '../properties/swap.ts';
import { escapeHtml, fileNamePart, markdownCode, markdownText, terminalText } from './escape.ts';
import { renderHtml, renderStatement } from './html.ts';
import { resultsOf, type PowerResults, type Results } from './schema.ts';
import { notWitness, renderSummary } from './summary.ts';
import { REPORTS_OUT, reportsDir, writeReport } from './write.ts';

const run = resolveRun();

describe('a deliberately broken reference', () => {
  const result = runClaim(withWrongReference('P1.backward', 'A-grad-1e-12'), run, { corpusDir: mkdtempSync(join(tmpdir(), 'examcheck-')) });
  const results: Results = { schema: 1, seed: run.seed, profile: run.profile.name, startedAt: 'now', ok: result.ok, claims: [result] };

  test('is reported refuted and unexpected, with the shrunk counterexample and why', () => {
    expect(result).toMatchObject({ verdict: 'refuted', expected: false, ok: false });
    expect(result.counterexample).toMatchObject({ sizes: { N: 1, H: 1, W: 1, C: 1 } });
    // the answer is the gradient times 1 + 10⁻¹²; the gradient shrinks to a small number (±1, ±1/2, …)
    const [, added, gradient] = /^A\.grad\[1\]: the answer added (-?\d+(?:\/\d+)?), the gradient is (-?\d+(?:\/\d+)?); must be equal exactly in rationals/.exec(result.failure!)!;
    expect(new Fraction(added).div(gradient).equals(new Fraction(1000000000001, 1000000000000))).toBe(true);
    expect(new Fraction(gradient).abs().compare(2)).toBeLessThanOrEqual(0);
  });

  test("a verified `not` claim's witness is its evidence in summary.md; a refuted claim's witness measurement is not", () => {
    const summary = 'at T = 1; x = [1]; beta = 7/8, gamma = 1: z[1]: line4 leaves 7, recurrence 1 (seed 1, shrunk).';
    const not = { ...result, id: 'X.not', verdict: 'verified' as const, ok: true, measurements: [{ id: 'witness', title: 'The witness', summary }] };
    expect(notWitness(not)).toBe(summary);
    expect(renderSummary({ ...results, claims: [not] })).toContain(`## Witnesses\n\n- \`X.not\`: ${markdownText(summary)}`);
    expect(notWitness({ ...not, verdict: 'refuted' })).toBeNull();
    expect(notWitness({ ...not, measurements: [{ id: 'witness', title: 'No witness', summary: '100 examples searched (seed 1): equal g to f held on every one.' }] })).toBeNull();
  });

  test("summary.md and report.html quote the exam, the counterexample and the replay command", async () => {
    const summary = renderSummary(results);
    expect(summary).toContain(`> ${markdownCode(claimById('P1.backward').statement)}`);
    const { file, line } = claimById('P1.backward').source!;
    expect(summary).toContain(`- stated at \`${file}:${line}\``);
    expect(summary).toContain(JSON.stringify(result.counterexample));
    expect(summary).toContain(`replay: \`${result.replay}\``);
    const html = await renderHtml(results);
    expect(html).toContain(renderStatement(claimById('P1.backward').statement));
    expect(html).toContain(escapeHtml(result.replay!));
    expect(html).toContain(escapeHtml(result.failure!));
  });

  // in this process: replay as a real process, from scratch, is cli/cli.test.ts's
  test('its replay command reproduces the failure bit for bit', async () => {
    expect(result.replay).toMatch(/^npx examcheck replay P1\.backward --answer A-grad-1e-12 /);
    const r = await examcheck(result.replay!.split(' ').slice(2));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`P1.backward (A-grad-1e-12): ${result.failure}\ncounterexample: ${JSON.stringify(result.counterexample)}\n`);
  });
});

describe('an erratum whose corrected reading is wrong too', () => {
  const claim = claimById('P5.hvp');
  if (claim.status !== 'built' || !claim.property?.errata) throw new Error('P5.hvp has an erratum');
  const [erratum] = claim.property.errata;
  const result = runClaim({ ...claim, property: { ...claim.property, errata: [{ ...erratum, fixed: erratum.literal }] } }, run, { corpusDir: null });
  const results: Results = { schema: 1, seed: run.seed, profile: run.profile.name, startedAt: 'now', ok: result.ok, claims: [result] };

  test('is reported with the corrected reading’s own counterexample and replay command', async () => {
    const [e] = result.errata;
    expect(e).toMatchObject({ asWrittenRefuted: true, correctedVerified: false });
    expect(e.correctedReplay).toMatch(/^npx examcheck replay P5\.hvp --answer step-scale:corrected /);
    expect(renderSummary(results)).toContain(`corrected reading refuted: ${markdownText(e.correctedFailure)}; counterexample ${markdownCode(JSON.stringify(e.correctedCounterexample))}`);
    expect(await renderHtml(results)).toContain(escapeHtml(e.correctedReplay!));
  });
});

describe('where reports go', () => {
  test('reports/out/, or the folder EXAMCHECK_REPORTS names (the tests’ commands: their run’s temporary folder)', async () => {
    const results = resultsOf({ seed: 1, profile: 'quick', startedAt: '2026-11-30T00:00:00.000Z', claims: [] });
    const saved = process.env.EXAMCHECK_REPORTS;
    try {
      process.env.EXAMCHECK_REPORTS = mkdtempSync(join(tmpdir(), 'reports-'));
      expect(await writeReport(results)).toBe(join(process.env.EXAMCHECK_REPORTS, '2026-11-30T00-00-00-000Z-quick-seed1'));
      delete process.env.EXAMCHECK_REPORTS;
      expect(reportsDir()).toBe(REPORTS_OUT);
      expect(REPORTS_OUT).toBe(join(root, 'reports', 'out'));
    } finally {
      if (saved === undefined) delete process.env.EXAMCHECK_REPORTS;
      else process.env.EXAMCHECK_REPORTS = saved;
    }
  });
});

describe('the detection-power section', () => {
  const power: PowerResults = {
    measuredAt: '2026-11-27T00:00:00.000Z',
    profile: 'default',
    seeds: 200,
    firstSeed: 1,
    allRefutedOnEverySeed: false,
    wrongAnswers: [
      { claim: 'P8.half-dropout', wrongAnswer: 'one-minus-alpha', refutedFraction: 1, survivedSeeds: [], medianRunsToFailure: 1, worstRunsToFailure: 3, medianShrinkMs: 9.5, worstShrinkMs: 21 },
      { claim: 'P3.beta2', wrongAnswer: '<b>1 − ε</b>', refutedFraction: 0.995, survivedSeeds: [17], medianRunsToFailure: 2, worstRunsToFailure: 40, medianShrinkMs: 4, worstShrinkMs: 30 },
    ],
  };

  test('is in report.html and summary.md, saying when and over which seeds it was measured, data escaped', async () => {
    const results: Results = { schema: 1, seed: run.seed, profile: run.profile.name, startedAt: 'now', ok: true, claims: [] };
    const dir = await writeReport(results, mkdtempSync(join(tmpdir(), 'examcheck-report-')), power);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<h2 id="power">Detection power</h2>');
    expect(html).toContain('measured 2026-11-27T00:00:00.000Z by <code>npm run power</code>: 200 seeds from 1, profile default; SOME WRONG ANSWERS SURVIVED SOME SEEDS');
    expect(html).toContain('<tr class="bad"><td>P3.beta2</td><td>&lt;b&gt;1 − ε&lt;/b&gt;</td><td>99.5%</td>');
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('| P8.half-dropout | one-minus-alpha | 100.0% | 1 | 3 | 9.5 | 21 |');
  });
});

describe("the exam's words in report.html", () => {
  test('$…$ is inline math, $$…$$ display math (a split environment renders only there), text between escaped', () => {
    const html = renderStatement(String.raw`a <b> $x^2$ and $$\begin{split} y &= 1 \end{split}$$`);
    expect(html.startsWith('a &lt;b&gt; <span class="katex"><math')).toBe(true);
    expect(html).toContain('display="block"');
    expect(html).not.toContain('katex-error');
    expect(renderStatement(String.raw`$\begin{split} y &= 1 \end{split}$`)).toContain('katex-error');
  });
});

describe('reports take no markup from data (issue 16.12)', () => {
  const hostile = '</title><meta http-equiv="refresh" content="0;url=https://example.com/">';
  /** A results.json as a hostile shard could hold it: markup in every field, whatever its declared type. */
  const forged = (): Results => {
    const [claim] = resultsOf({ seed: 1, profile: 'default', startedAt: 'now', claims: [claimResult(claimById('P1.numpy'), { reference: { failed: true, runs: 1, counterexample: { s: 'a`b``c' }, failure: 'boom', shrinks: 0, replay: 'x', path: '0' } })] }).claims;
    return {
      schema: hostile, seed: hostile, profile: hostile, startedAt: hostile, ok: false,
      claims: [{ ...claim, id: '# Heading', problem: hostile, part: hostile, kind: hostile, verdict: `x" onmouseover="alert(1)`, runs: hostile, ms: hostile,
        statement: 'words\n# injected heading\n![img](https://example.com/i.png) [link](https://example.com) <img src=x>',
        failure: 'fails at `x` and ```y``` [link](https://example.com)', replay: 'npx examcheck replay `rm -rf`',
        wrongAnswers: [{ id: 'w`', description: '**bold** _it_ | pipe', refuted: false, runsToFailure: null, counterexample: null, failure: null, shrinks: null, replay: null }] }],
    } as unknown as Results;
  };

  test('report.html: the seed in <title>, kind, verdict in a class attribute, problem, part: all escaped', async () => {
    const html = await renderHtml(forged());
    expect(html.match(/<meta /g)).toHaveLength(2); // charset and the CSP, nothing from data
    expect(html).not.toContain(hostile);
    expect(html).toContain(`<title>examcheck report: seed ${escapeHtml(hostile)}</title>`);
    expect(html).toContain(`class="verdict x&quot; onmouseover=&quot;alert(1)`);
    expect(html).not.toMatch(/<img|onmouseover="/);
  });

  test('summary.md: no heading, link, image or HTML from data, and no backtick leaves its code span', () => {
    const md = renderSummary(forged());
    expect(md.split('\n').filter((l) => l.startsWith('#'))).toEqual(['# exam midterm-practice (1 problem, 1 claim): 0 errata, 0 findings, 0 claims verified', '## # Heading']);
    expect(md).toContain('harness: UNEXPECTED OUTCOMES in # Heading');
    // outside the statement's code span, no image, link or HTML opens
    expect(md.split('\n').filter((l) => !l.startsWith('> `')).join('\n')).not.toMatch(/(^|[^\\])!\[|(^|[^\\])\[link\]|(^|[^\\])<img/m);
    expect(md).toContain('> `words # injected heading ![img](https://example.com/i.png) [link](https://example.com) <img src=x>`');
    expect(md).toContain('- verdict **x" onmouseover="alert(1)**: fails at \\`x\\` and \\`\\`\\`y\\`\\`\\` \\[link](https://example.com)');
    expect(md).toContain('- counterexample: ```{"s":"a`b``c"}```');
    expect(md).toContain('- replay: `` npx examcheck replay `rm -rf` ``');
    expect(md).toContain('- wrong answer `` w` `` (\\*\\*bold\\*\\* \\_it\\_ \\| pipe)');
  });

  test('each context has its helper', () => {
    expect(escapeHtml(`<a href='x'>&"`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&quot;');
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('`x`')).toBe('`` `x` ``');
    expect(markdownCode('a|b')).toBe('`a\\|b`');
    expect(markdownText('1 * 2 _x_ ![a](b) <c> $d$ \\e ~f~ &amp; |\ng')).toBe('1 \\* 2 \\_x\\_ !\\[a](b) \\<c> \\$d\\$ \\\\e \\~f\\~ \\&amp; \\| g');
    expect(terminalText('\u001b[31mred\u001b[0m \u001b]0;title\u0007ok\r\u001bc\u009b2Jdone\n')).toBe('red okdone\n');
    expect(fileNamePart('../../etc/x y')).toBe('--..-etc-x-y');
  });
});

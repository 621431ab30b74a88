/** A refuted answer's repair as the terminal, summary.md and report.html show it. */
import { describe, expect, test } from 'vitest';
import { renderHtml } from './html.ts';
import { repairLine } from './repair.ts';
import type { ClaimResult, Results } from './schema.ts';
import { renderSummary } from './summary.ts';

const found = { found: true as const, kind: 'index', line: 33, from: 'h.grad[b, j]', to: 'h.grad[b, i]', tried: 19 };
const claim = {
  id: '02MLP-p4b', exam: 'course-02MLP', source: { file: 'exams/course-02MLP/p4.claims', line: 38 }, problem: 4, part: 'b', kind: 'identity', statement: 'Write the backward', domain: '', oracle: null,
  verdict: 'refuted', expected: true, ok: true, runs: 1, ms: 1, counterexample: { sizes: { B: 1, H: 2, K: 1 } }, failure: 'h.grad[1, 1]: the answer added 0, the gradient is -1',
  shrinks: 3, replay: null, corpus: { replayed: 0, saved: 0 }, wrongAnswers: [], errata: [], findings: [], measurements: [], repair: found,
} satisfies ClaimResult;
const results: Results = { schema: 1, seed: 1, profile: 'quick', startedAt: 'now', ok: true, claims: [claim] };

describe('repairs in reports', () => {
  test('one line: the claim file\'s line that fails, why, and the edit; or none among the edits tried', () => {
    expect(repairLine(found, claim.failure, claim.source.file)).toBe(
      'exams/course-02MLP/p4.claims:33 fails: h.grad[1, 1]: the answer added 0, the gradient is -1; repair: h.grad[b, j] → h.grad[b, i] (index, verified on fresh seeds)',
    );
    expect(repairLine(found, null)).toBe('line 33 fails; repair: h.grad[b, j] → h.grad[b, i] (index, verified on fresh seeds)');
    expect(repairLine({ found: false, tried: 212 }, claim.failure)).toBe('no repair found among 212 edits tried (an index, a sign, a factor, a .grad, a term)');
  });

  test('summary.md lists every repair; report.html shows it under the witness', async () => {
    expect(renderSummary(results)).toContain('## Repairs\n\n- `02MLP-p4b`: exams/course-02MLP/p4.claims:33 fails: h.grad[1, 1]');
    expect(await renderHtml(results)).toContain('<p class="repair">exams/course-02MLP/p4.claims:33 fails; repair: h.grad[b, j] → h.grad[b, i] (index, verified on fresh seeds)</p>');
  });
});

/** What staff read when a reference is broken: the report's counterexample, replay and quote are right. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { resolveRun } from '../properties/profile.ts';
import { claimById } from '../properties/registry.ts';
import { runClaim } from '../properties/run.ts';
import { withWrongReference } from '../properties/swap.ts';
import { escapeHtml, renderHtml, renderStatement } from './html.ts';
import type { Results } from './schema.ts';
import { renderSummary } from './summary.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = resolveRun();

describe('a deliberately broken reference', () => {
  const result = runClaim(withWrongReference('P1.backward', 'A-grad-1e-12'), run, { corpusDir: mkdtempSync(join(tmpdir(), 'examcheck-')) });
  const results: Results = { schema: 1, seed: run.seed, profile: run.profile.name, startedAt: 'now', ok: result.ok, claims: [result] };

  test('is reported refuted and unexpected, with the shrunk counterexample and why', () => {
    expect(result).toMatchObject({ verdict: 'refuted', expected: false, ok: false });
    expect(result.counterexample).toMatchObject({ shape: [1, 1, 1, 1] });
    expect(result.failure).toMatch(/^A\.grad\[0\]: the answer added .*error 1\.00e-12/);
  });

  test("summary.md and report.html quote the exam, the counterexample and the replay command", async () => {
    const summary = renderSummary(results);
    expect(summary).toContain(`> ${claimById('P1.backward').statement}`);
    expect(summary).toContain(JSON.stringify(result.counterexample));
    expect(summary).toContain(`replay: \`${result.replay}\``);
    const html = await renderHtml(results);
    expect(html).toContain(renderStatement(claimById('P1.backward').statement));
    expect(html).toContain(escapeHtml(result.replay!));
    expect(html).toContain(escapeHtml(result.failure!));
  });

  test('its replay command reproduces the failure bit for bit', () => {
    expect(result.replay).toMatch(/^npx examcheck replay P1\.backward --answer A-grad-1e-12 /);
    const r = spawnSync(process.execPath, ['bin/examcheck.js', ...result.replay!.split(' ').slice(2)], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`P1.backward (A-grad-1e-12): ${result.failure}\ncounterexample: ${JSON.stringify(result.counterexample)}\n`);
  });
});

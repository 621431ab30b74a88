/**
 * summary.md: GitHub-flavoured markdown for a terminal or a CI job summary. Every field goes
 * through escape.ts's markdown helpers: text as `markdownText`, code and JSON as `markdownCode`.
 */
import { markdownCode as code, markdownText as text } from './escape.ts';
import { examLeads, harnessLine, itemLine, leadHeadline } from './errata.ts';
import { repairLine } from './repair.ts';
import { failureAt } from '../properties/witness.ts';
import type { ClaimResult, Results } from './schema.ts';

const mark = (c: ClaimResult) => (c.ok ? '✅' : '❌');

const json = (x: unknown) => {
  const s = JSON.stringify(x) ?? String(x);
  return s.length > 400 ? `${s.slice(0, 400)}…` : s;
};

/** The exams first (DESIGN.md §7): each exam's headline, its errata and findings (reports/errata.ts), then the harness's health. */
function examLines(results: Results): string[] {
  return examLeads(results).flatMap((lead, k) => [
    `${k === 0 ? '#' : '##'} ${text(leadHeadline(lead))}`,
    '',
    ...lead.items.map((i) => `- ${text(itemLine(i, 400))}`),
    ...(lead.items.length ? [''] : []),
  ]);
}

/**
 * A verified `not` claim's evidence (properties/claim-files.ts's `witness` measurement): the run
 * that shows the two sides differ, with every input of it; null for any other claim.
 */
export function notWitness(c: ClaimResult): string | null {
  if (c.verdict !== 'verified') return null;
  const m = c.measurements.find((m) => m.id === 'witness');
  return m && m.summary.startsWith('at ') ? m.summary : null;
}

export function renderSummary(results: Results): string {
  const lines = [
    ...examLines(results),
    text(harnessLine(results)),
    '',
    `profile ${code(results.profile)}, seed ${code(results.seed)}, schema ${text(results.schema)}`,
    '',
    '| | claim | kind | verdict | runs | wrong answers refuted | ms |',
    '|---|---|---|---|---|---|---|',
    ...results.claims.map(
      (c) =>
        `| ${mark(c)} | ${code(c.id)} | ${text(c.kind)} | ${text(c.verdict)}${c.expected ? '' : ' (unexpected)'} | ${text(c.runs)} | ${c.wrongAnswers.filter((w) => w.refuted).length}/${c.wrongAnswers.length} | ${text(c.ms)} |`,
    ),
  ];
  const witnessed = results.claims.flatMap((c) => {
    const w = notWitness(c);
    return w === null ? [] : [`- \`${c.id}\`: ${text(w)}`];
  });
  if (witnessed.length) lines.push('', '## Witnesses', '', ...witnessed);
  const repaired = results.claims.filter((c) => c.repair);
  if (repaired.length) {
    lines.push('', '## Repairs', '', ...repaired.map((c) => `- \`${c.id}\`: ${repairLine(c.repair!, c.failure && failureAt(c.failure, c.counterexample), c.source?.file)}`));
  }
  for (const c of results.claims.filter((c) => !c.ok)) {
    // the exam's words as their source (LaTeX and all), readable raw in a terminal
    lines.push('', `## ${text(c.id)}`, '', `> ${code(c.statement)}`, '');
    if (c.source) lines.push(`- stated at ${code(`${c.source.file}:${c.source.line}`)}`);
    if (!c.expected) {
      lines.push(`- verdict **${text(c.verdict)}**: ${text(c.failure ?? 'no counterexample found')}`);
      if (c.counterexample !== null) lines.push(`- counterexample: ${code(json(c.counterexample))}`);
      if (c.replay) lines.push(`- replay: ${code(c.replay)}`);
    }
    for (const w of c.wrongAnswers.filter((w) => !w.refuted)) {
      lines.push(`- wrong answer ${code(w.id)} (${text(w.description)}) was **not refuted**: the property is too weak`);
    }
    for (const e of c.errata.filter((e) => !(e.asWrittenRefuted && e.correctedVerified))) {
      lines.push(`- erratum ${code(e.id)}: as written refuted ${Boolean(e.asWrittenRefuted)}, corrected verified ${Boolean(e.correctedVerified)}`);
      if (e.correctedFailure) lines.push(`  - corrected reading refuted: ${text(e.correctedFailure)}; counterexample ${code(json(e.correctedCounterexample))}`);
      if (e.correctedReplay) lines.push(`  - replay: ${code(e.correctedReplay)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

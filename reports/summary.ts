/** summary.md: GitHub-flavoured markdown for a terminal or a CI job summary. */
import { repairLine } from './repair.ts';
import type { ClaimResult, Results } from './schema.ts';

const mark = (c: ClaimResult) => (c.ok ? '✅' : '❌');

const json = (x: unknown) => {
  const s = JSON.stringify(x);
  return s.length > 400 ? `${s.slice(0, 400)}…` : s;
};

export function renderSummary(results: Results): string {
  const lines = [
    `# examcheck: ${results.ok ? 'every outcome as expected' : 'UNEXPECTED OUTCOMES'}`,
    '',
    `profile \`${results.profile}\`, seed \`${results.seed}\`, schema ${results.schema}`,
    '',
    '| | claim | kind | verdict | runs | wrong answers refuted | ms |',
    '|---|---|---|---|---|---|---|',
    ...results.claims.map(
      (c) =>
        `| ${mark(c)} | \`${c.id}\` | ${c.kind} | ${c.verdict}${c.expected ? '' : ' (unexpected)'} | ${c.runs} | ${c.wrongAnswers.filter((w) => w.refuted).length}/${c.wrongAnswers.length} | ${c.ms} |`,
    ),
  ];
  const repaired = results.claims.filter((c) => c.repair);
  if (repaired.length) {
    lines.push('', '## Repairs', '', ...repaired.map((c) => `- \`${c.id}\`: ${repairLine(c.repair!, c.failure, c.source?.file)}`));
  }
  for (const c of results.claims.filter((c) => !c.ok)) {
    lines.push('', `## ${c.id}`, '', `> ${c.statement}`, '');
    if (c.source) lines.push(`- stated at \`${c.source.file}:${c.source.line}\``);
    if (!c.expected) {
      lines.push(`- verdict **${c.verdict}**: ${c.failure ?? 'no counterexample found'}`);
      if (c.counterexample !== null) lines.push(`- counterexample: \`${json(c.counterexample)}\``);
      if (c.replay) lines.push(`- replay: \`${c.replay}\``);
    }
    for (const w of c.wrongAnswers.filter((w) => !w.refuted)) {
      lines.push(`- wrong answer \`${w.id}\` (${w.description}) was **not refuted**: the property is too weak`);
    }
    for (const e of c.errata.filter((e) => !(e.asWrittenRefuted && e.correctedVerified))) {
      lines.push(`- erratum \`${e.id}\`: as written refuted ${e.asWrittenRefuted}, corrected verified ${e.correctedVerified}`);
      if (e.correctedFailure) lines.push(`  - corrected reading refuted: ${e.correctedFailure}; counterexample \`${json(e.correctedCounterexample)}\``);
      if (e.correctedReplay) lines.push(`  - replay: \`${e.correctedReplay}\``);
    }
  }
  return `${lines.join('\n')}\n`;
}

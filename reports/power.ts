/**
 * The detection-power section of the report: written by `npm run power` to reports/out/power.json,
 * and shown, with when and over which seeds it was measured, in every report written after it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml, markdownCode, markdownText } from './escape.ts';
import type { PowerResults } from './schema.ts';

export const powerFile = (reportsOut: string) => join(reportsOut, 'power.json');

/** The latest power measurement, or null where there is none (or it cannot be read). */
export function latestPower(reportsOut: string): PowerResults | null {
  try {
    return existsSync(powerFile(reportsOut)) ? (JSON.parse(readFileSync(powerFile(reportsOut), 'utf8')) as PowerResults) : null;
  } catch {
    return null;
  }
}

/** When and how the power was measured, each field through `field` (escape.ts's helper for the context). */
const provenance = (p: PowerResults, field: (x: unknown) => string, command: string) =>
  `measured ${field(p.measuredAt)} by ${command}: ${field(p.seeds)} seeds from ${field(p.firstSeed)}, profile ${field(p.profile)}; ${p.allRefutedOnEverySeed ? 'every wrong answer refuted on every seed' : 'SOME WRONG ANSWERS SURVIVED SOME SEEDS'}`;

const cells = (w: PowerResults['wrongAnswers'][number]) => [
  w.claim,
  w.wrongAnswer,
  `${(100 * w.refutedFraction).toFixed(1)}%`,
  String(w.medianRunsToFailure ?? '—'),
  String(w.worstRunsToFailure ?? '—'),
  String(w.medianShrinkMs),
  String(w.worstShrinkMs),
  w.inputsRefuting === undefined ? '—' : `${(100 * w.inputsRefuting).toFixed(1)}%`,
  w.missBound === undefined ? '—' : w.missBound.toExponential(1),
  w.runsNeeded === undefined ? '—' : String(w.runsNeeded ?? '∞'),
];
const HEADERS = ['claim', 'wrong answer', 'refuted on', 'median runs to failure', 'worst', 'median find+shrink ms', 'worst ms', 'inputs refuting', 'miss per seed ≤', 'runs for the target'];

export function renderPowerMarkdown(p: PowerResults): string {
  return [
    '## Detection power',
    '',
    provenance(p, markdownText, markdownCode('npm run power')),
    '',
    `| ${HEADERS.join(' | ')} |`,
    `|${HEADERS.map(() => '---').join('|')}|`,
    ...p.wrongAnswers.map((w) => `| ${cells(w).map(markdownText).join(' | ')} |`),
    '',
  ].join('\n');
}

export function renderPowerHtml(p: PowerResults): string {
  const rows = p.wrongAnswers.map((w) => `<tr class="${w.refutedFraction === 1 ? 'ok' : 'bad'}">${cells(w).map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`);
  return `<h2 id="power">Detection power</h2>
<p>${provenance(p, escapeHtml, '<code>npm run power</code>')}</p>
<table class="power"><tr>${HEADERS.map((h) => `<th>${h}</th>`).join('')}</tr>${rows.join('')}</table>`;
}

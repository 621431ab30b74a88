/** Where a run's report goes: reports/out/<run>/{results.json, summary.md}. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../properties/errors.ts';
import { fileNamePart } from './escape.ts';
import { latestPower, renderPowerHtml, renderPowerMarkdown } from './power.ts';
import type { Results } from './schema.ts';
import { renderSummary } from './summary.ts';

export const REPORTS_OUT = join(dirname(fileURLToPath(import.meta.url)), 'out');

/**
 * Where reports go: reports/out/, or EXAMCHECK_REPORTS where a run writes elsewhere (the test
 * suite's commands: into the run's temporary folder, so `npm test` leaves only its own report).
 */
export const reportsDir = (): string => process.env.EXAMCHECK_REPORTS || REPORTS_OUT;

/** A report's folder name; a fuzz shard's names the shard, so shards started together never share one. */
export const runName = (results: Results): string =>
  fileNamePart(`${results.startedAt.replace(/[:.]/g, '-')}-${results.profile}-seed${results.seed}${results.fuzz ? `-shard${results.fuzz.shard.replace('/', 'of')}` : ''}`);

/**
 * Write results.json, summary.md and report.html (with the latest detection power, if measured);
 * return the folder they are in. A folder that cannot be written (a file in its place, no
 * permission, a full disk) is a UsageError of one line naming it.
 */
export async function writeReport(results: Results, outDir = join(reportsDir(), runName(results)), power = latestPower(REPORTS_OUT)): Promise<string> {
  // vega and KaTeX load only when a report is written, not in every examcheck process
  const { renderHtml } = await import('./html.ts');
  const files: [string, string][] = [
    ['results.json', `${JSON.stringify(results, null, 2)}\n`],
    ['summary.md', renderSummary(results) + (power ? `\n${renderPowerMarkdown(power)}` : '')],
    ['report.html', await renderHtml(results, power ? renderPowerHtml(power) : '')],
  ];
  try {
    mkdirSync(outDir, { recursive: true });
    for (const [name, text] of files) writeFileSync(join(outDir, name), text);
  } catch (e) {
    throw new UsageError(`cannot write the report to ${outDir}: ${(e as Error).message.split('\n')[0]}`);
  }
  return outDir;
}

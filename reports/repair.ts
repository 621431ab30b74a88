import type { RepairResult } from './schema.ts';

/**
 * A refuted answer's repair in one line, as the terminal, summary.md, report.html and Gradescope
 * show it: `line 2 fails: …; repair: h.grad[b, j] → h.grad[b, i]` (`file:2` where the line is a
 * claim file's), or that none was found among the edits tried (properties/repairs.ts).
 */
export function repairLine(repair: RepairResult, failure: string | null, file?: string): string {
  if (!repair.found) return `no repair found among ${repair.tried} edits tried (an index, a sign, a factor, a .grad, a term)`;
  return `${file ? `${file}:` : 'line '}${repair.line} fails${failure ? `: ${failure}` : ''}; repair: ${repair.from} → ${repair.to} (${repair.kind}, verified on fresh seeds)`;
}

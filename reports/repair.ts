import type { RepairResult } from './schema.ts';

/** A found repair's edit: `repair: h.grad[b, j] → h.grad[b, i] (index, verified on fresh seeds)`. */
export const repairEdit = (repair: Extract<RepairResult, { found: true }>): string => `repair: ${repair.from} → ${repair.to} (${repair.kind}, verified on fresh seeds)`;

/**
 * A refuted answer's repair in one line, as the terminal, summary.md, report.html and Gradescope
 * show it: `line 2 fails: …; repair: h.grad[b, j] → h.grad[b, i]` (`file:2` where the line is a
 * claim file's), or that none was found among the edits tried (properties/repairs.ts).
 */
export function repairLine(repair: RepairResult, failure: string | null, file?: string): string {
  if (!repair.found) return `no repair found among ${repair.tried} edits tried (an index, a sign, a factor, a .grad, a term)`;
  return `${file ? `${file}:` : 'line '}${repair.line} fails${failure ? `: ${failure}` : ''}; ${repairEdit(repair)}`;
}

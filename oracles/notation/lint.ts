/**
 * Index well-formedness (DESIGN.md §2), before anything runs: many of the course's real errors are
 * of this kind, and each is a finding naming `file:line` and the index or tensor.
 *
 * - every index letter on the right is bound by the `for` or by a sum (or prod);
 * - the target's index letters are the loop's (and with `=`, every loop letter is in the target:
 *   otherwise each entry is overwritten, once per value of the missing letter);
 * - every tensor is declared and used with its declared arity;
 * - an axis is read with a letter whose range is over the same sizes and integers as the axis's
 *   (W declared W[j, i] with j in 1..J, read as W[k, i] with k in 1..K, is a finding; a time
 *   t in 0..T - 1 reading y declared y[s] with s in 0..T is not: the steps and the times of one
 *   run). Shifted, strided and gathered indices, and the ends themselves, are checked when the
 *   program runs.
 * - every name is declared.
 */
import type { MathNode } from '../mathjs.ts';
import type { ClaimFile, Declarations, IndexDecl, LintFinding, Program } from './syntax.ts';
import { loopsOf, scanNames, symbolOf } from './names.ts';
import { shownName } from './primes.ts';

/** Every finding of a program's statements, in statement order (none: the program is well-formed). */
export function lint(file: ClaimFile, program: Program): LintFinding[] {
  const d = file.declarations;
  const findings: LintFinding[] = [];
  for (const st of program.statements) {
    const at = { file: file.file, line: st.line };
    const report = (f: { message: string; index?: string; tensor?: string }) => findings.push({ ...at, ...f });
    const loops = new Set(loopsOf(st));
    for (const i of st.loops) if (!d.indices.has(i)) report({ message: `"${i}" in the for list is not a declared index`, index: i });
    const access = (a: { tensor: string; grad: boolean; indices: readonly MathNode[] }) => {
      const decl = d.tensors.get(a.tensor)!;
      const shown = `${a.tensor}${a.grad ? '.grad' : ''}`;
      if (a.indices.length !== decl.axes.length) {
        return report({ message: `${shown} is used with ${a.indices.length} ${a.indices.length === 1 ? 'index' : 'indices'}, but ${a.tensor} is declared ${a.tensor}[${decl.axes.join(', ')}]`, tensor: a.tensor });
      }
      a.indices.forEach((ix, axis) => {
        const letter = symbolOf(ix);
        const axisLetter = decl.axes[axis];
        if (letter === null || letter === axisLetter || !d.indices.has(letter)) return;
        const [mine, theirs] = [d.indices.get(letter)!, d.indices.get(axisLetter)!];
        if (over(d, mine) !== over(d, theirs)) report({ message: `axis ${axis + 1} of ${shown} runs over ${axisLetter} in ${shownRange(theirs)}, but is read with ${letter} in ${shownRange(mine)}`, index: letter, tensor: a.tensor });
      });
    };
    const scan = (node: MathNode, bound: ReadonlySet<string>) =>
      scanNames(node, bound, { decls: d, defined: new Set(d.definitions.keys()), program: true, problem: report, access });
    // the target: its letters must be the loop's
    const t = st.target;
    if (!d.tensors.has(t.tensor)) report({ message: `undeclared tensor "${t.tensor}"`, tensor: t.tensor });
    else {
      access(t);
      for (const ix of t.indices) {
        const letter = symbolOf(ix);
        if (letter !== null && d.indices.has(letter) && !loops.has(letter)) report({ message: `the target's index "${letter}" is not in the for list`, index: letter });
        else scan(ix, loops);
      }
    }
    if (st.op === '=') {
      const written = new Set(t.indices.flatMap((ix) => letters(ix)));
      for (const i of loops) if (!written.has(i)) report({ message: `"${i}" is in the for list but not in the target of "=": each entry would be overwritten once per ${i}`, index: i });
    }
    scan(st.rhs, loops);
  }
  return findings.map((f) => ({ ...f, message: shownName(f.message) }));
}

/** The symbols of an index expression. */
function letters(m: MathNode): string[] {
  const out: string[] = [];
  m.traverse((n) => {
    const s = symbolOf(n);
    if (s !== null) out.push(s);
  });
  return out;
}

/**
 * The sizes and integers an index's range is over, as one key (`0..T - 1` and `0..T`: both T; a
 * range that reads another index letter, `t' in 0..t`, is over that letter's).
 */
function over(d: Declarations, decl: IndexDecl): string {
  const of = (decl: IndexDecl): string[] => [decl.low, decl.range].flatMap((e) => (e ? letters(e.node) : [])).flatMap((n) => (d.indices.has(n) && n !== decl.name ? of(d.indices.get(n)!) : [n]));
  return [...new Set(of(decl))].sort().join();
}

const shownRange = (decl: IndexDecl): string => `${decl.low?.text ?? 1}..${decl.range.text}`;

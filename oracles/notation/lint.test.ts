/** The index lint: each kind of ill-formed statement is named with its line and index; well-formed ones pass. */
import { describe, expect, it } from 'vitest';
import { lint, parseClaimFile } from './index.ts';

const DECLS = `size B, D, K in 1..4
index b in 1..B
index i, j in 1..D
index k in 1..K
tensor R[b, j], W[j, i], x[b, k], h[b, i], V[k, i], L[]
real eta
`;

/** The findings of a one-program file, as "line: message [index, tensor]". */
function findings(...statements: string[]): string[] {
  const file = parseClaimFile(`${DECLS}program p\n${statements.map((s) => `  ${s}`).join('\n')}\n`, 'l.claims');
  return lint(file, file.programs.get('p')!).map((f) => `${f.file}:${f.line}: ${f.message} [${f.index ?? ''}, ${f.tensor ?? ''}]`);
}

describe('the lint', () => {
  it('names the unbound index i in for b, j, k: R[b, j] += W[k, i] * x[b, k] (and the range W is read with)', () => {
    const [unbound, ...rest] = findings('for b, j, k: R[b, j] += V[k, i] * x[b, k]');
    expect(unbound).toBe('l.claims:8: index "i" is not bound here (not a loop index, not a sum\'s) [i, ]');
    expect(rest).toEqual([]);
    // the issue's own statement: W's first axis runs over j in 1..D, and k runs over 1..K
    expect(findings('for b, j, k: R[b, j] += W[k, i] * x[b, k]')).toEqual([
      'l.claims:8: axis 1 of W runs over j in 1..D, but is read with k in 1..K [k, W]',
      'l.claims:8: index "i" is not bound here (not a loop index, not a sum\'s) [i, ]',
    ]);
  });

  it('reads the indices of an undeclared tensor, and names their unbound letter first (02MLP P4a: W^{X,R}[k,i])', () => {
    expect(findings('for b, j, k: R[b, j] += Q[k, i] * x[b, k]')).toEqual([
      'l.claims:8: index "i" is not bound here (not a loop index, not a sum\'s) [i, ]',
      'l.claims:8: undeclared tensor "Q" [, Q]',
    ]);
  });

  it('passes for b, j, i: h.grad[b, j] += W[j, i] * R.grad[b, j]: well-formed (it is wrong, but only the gradient check can tell)', () => {
    expect(findings('for b, j, i: h.grad[b, j] += W[j, i] * R.grad[b, j]')).toEqual([]);
  });

  it('flags the same statement where i and j run over different ranges: h has no axis over j', () => {
    const text = 'size B, I, J in 1..4\nindex b in 1..B\nindex i in 1..I\nindex j in 1..J\ntensor R[b, j], W[j, i], h[b, i]\nprogram p\n  for b, j, i: h.grad[b, j] += W[j, i] * R.grad[b, j]\n';
    const file = parseClaimFile(text, 'r.claims');
    expect(lint(file, file.programs.get('p')!).map((f) => f.message)).toEqual(['axis 2 of h.grad runs over i in 1..I, but is read with j in 1..J']);
  });

  it('passes the forward, a sum, a scalar tensor, a shifted index and a real', () => {
    expect(findings('for b, j, i: R[b, j] += W[j, i] * h[b, i]', 'L[] = sum(b, sum(j, R[b, j]^2)) * eta', 'for b, i: h[b, i] = h[b, i + 1] + h[b, 2*i - 1]')).toEqual([]);
  });

  it.each<[string, string]>([
    ['for b: R[b, j] += 1', 'l.claims:8: the target\'s index "j" is not in the for list [j, ]'],
    ['for b, j, i: R[b, j] = W[j, i]', 'l.claims:8: "i" is in the for list but not in the target of "=": each entry would be overwritten once per i [i, ]'],
    ['for b, j: R[b] += 1', 'l.claims:8: R is used with 1 index, but R is declared R[b, j] [, R]'],
    ['for b, j: R[b, j] += W[j]', 'l.claims:8: W is used with 1 index, but W is declared W[j, i] [, W]'],
    ['for b, j: R[b, j] += Q[b, j]', 'l.claims:8: undeclared tensor "Q" [, Q]'],
    ['for b, j: Q[b, j] += 1', 'l.claims:8: undeclared tensor "Q" [, Q]'],
    ['for b, j: R[b, j] += y', 'l.claims:8: undeclared variable "y" [, ]'],
    ['for b, j: R[b, j] += W', 'l.claims:8: "W" is a tensor: write W[j, i] [, W]'],
    ['for b, z: L[] += 1', 'l.claims:8: "z" in the for list is not a declared index [z, ]'],
    ['for b, k: R[b, k] += 1', 'l.claims:8: axis 2 of R runs over j in 1..D, but is read with k in 1..K [k, R]'],
    ['for b: L[] += sum(q, 1)', 'l.claims:8: sum needs a declared index and a body: sum(i, ...) [, ]'],
  ])('%j', (statement, finding) => {
    expect(findings(statement)).toEqual([finding]);
  });
});

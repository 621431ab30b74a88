/**
 * The repair candidates: worked out by hand for one statement and one formula (what each kind
 * proposes, in which order, written how), and every text they write reads back.
 */
import { describe, expect, it } from 'vitest';
import { parseClaimFile } from './notation/index.ts';
import { candidates, formulaSite, misspelt, REPAIR_ORDER, statementSite, type Candidate } from './repair.ts';

const FILE = `size NB, J in 1..3
index b in 1..NB
index i, j in 1..J
tensor W[j, i], h[b, i], R[b, j], L'[b, j]
real a, c
size K in 1..2

program backward
  for b, j, i: h.grad[b, j] += W[j, i] * R.grad[b, j]
  for b, j: L'.grad[b, j] -= -R[b, j] + 2 * h[b, j]

claim q: chain
  a
  answer: a*c - NB
`;
const file = parseClaimFile(FILE, 'r.claims');
const [st1, st2] = file.programs.get('backward')!.statements;
const of = (sites: Parameters<typeof candidates>[1], kinds = REPAIR_ORDER) => [...candidates(file, sites, kinds)];
const edits = (cs: readonly Candidate[]) => cs.map((c) => `${c.kind} ${c.line}: ${c.from} → ${c.to}`);

describe('repair candidates', () => {
  it('index: each letter of each access renamed to another letter bound there, then axes swapped, target first; only well-formed edits', () => {
    const cs = of([statementSite(st1)], ['index']);
    // b ranges over NB, i and j over J: b ↔ j or b ↔ i would be ill-formed (the lint's finding), and is not proposed
    expect(edits(cs)).toEqual([
      'index 9: h.grad[b, j] → h.grad[b, i]',
      'index 9: W[j, i] → W[i, i]',
      'index 9: W[j, i] → W[j, j]',
      'index 9: W[j, i] → W[i, j]',
      'index 9: R.grad[b, j] → R.grad[b, i]',
    ]);
    // the line written with the edit, in the statement's own words
    expect(cs[0].text).toBe('  for b, j, i: h.grad[b, i] += W[j, i] * R.grad[b, j]');
  });

  it('index, after single letters: a loop letter renamed through its statement, then an access re-indexed with any letters the lint accepts (a misspelt tensor as any of its arity)', () => {
    const f = parseClaimFile(
      `size B, N, M, K in 1..2
index b in 1..B
index n in 1..N
index n_out in 1..M
index j in 1..M
index k in 1..K
tensor W[j, k], W_x[j, k], x[b, k], R[b, j], L[b, n_out], T[b, n_out]
program p
  for b, n: L[b, n] += T[b, n_out]
  for b, j, k: R[b, j] += W[k, i] * x[b, k]
  for b, j, k: R[b, j] += W_X[k, i] * x[b, k]
`,
      'i.claims',
    );
    const [conv, ugrnn, misspelt] = f.programs.get('p')!.statements;
    // 03CNNs-p5's shape: the for list and the target name n where n_out is meant
    expect(edits([...candidates(f, [statementSite(conv)], ['index'])])).toEqual([
      'index 9: for b, n: L[b, n] → for b, n_out: L[b, n_out]',
    ]);
    // 02MLP-p4a's shape: W[k, i] (i unbound) where W[j, k] is meant: two letters at once
    expect(edits([...candidates(f, [statementSite(ugrnn)], ['index'])])).toEqual(['index 10: W[k, i] → W[j, k]']);
    // and with W^{X,R} for W^{x,R}: an undeclared tensor read as each declared one of its arity it misspells (not W, x or R: two letters away)
    expect(edits([...candidates(f, [statementSite(misspelt)], ['index'])])).toEqual(['index 11: W_X[k, i] → W_x[j, k]']);
  });

  it('sign, factor, grad, term: what each proposes for -R + 2h, written back with primes', () => {
    const cs = of([statementSite(st2)], ['sign', 'factor', 'grad', 'term']);
    expect(edits(cs)).toEqual([
      "sign 10: L'.grad[b, j] -= → L'.grad[b, j] +=",
      'sign 10: -R[b, j] + 2 * h[b, j] → -R[b, j] - (2 * h[b, j])',
      'sign 10: -R[b, j] + 2 * h[b, j] → -(-R[b, j]) + (2 * h[b, j])',
      'sign 10: -R[b, j] → R[b, j]',
      // a factor dropped first: an extra factor is taken out, not cancelled by its inverse
      'factor 10: 2 * h[b, j] → h[b, j]',
      'factor 10: 2 * h[b, j] → 2',
      ...['2 * (-R[b, j] + 2 * h[b, j])', '(-R[b, j] + 2 * h[b, j]) / 2', 'NB * (-R[b, j] + 2 * h[b, j])', '(-R[b, j] + 2 * h[b, j]) / NB', 'J * (-R[b, j] + 2 * h[b, j])', '(-R[b, j] + 2 * h[b, j]) / J', 'K * (-R[b, j] + 2 * h[b, j])', '(-R[b, j] + 2 * h[b, j]) / K'].map(
        (to) => `factor 10: -R[b, j] + 2 * h[b, j] → ${to}`,
      ),
      ...['2 * (-R[b, j])', '(-R[b, j]) / 2', 'NB * (-R[b, j])', '(-R[b, j]) / NB', 'J * (-R[b, j])', '(-R[b, j]) / J', 'K * (-R[b, j])', '(-R[b, j]) / K'].map((to) => `factor 10: -R[b, j] → ${to}`),
      ...['2 * (2 * h[b, j])', '(2 * h[b, j]) / 2', 'NB * (2 * h[b, j])', '(2 * h[b, j]) / NB', 'J * (2 * h[b, j])', '(2 * h[b, j]) / J', 'K * (2 * h[b, j])', '(2 * h[b, j]) / K'].map((to) => `factor 10: 2 * h[b, j] → ${to}`),
      "grad 10: L'.grad[b, j] → L'[b, j]",
      'grad 10: R[b, j] → R.grad[b, j]',
      'grad 10: h[b, j] → h.grad[b, j]',
      'term 10: -R[b, j] + 2 * h[b, j] → -R[b, j]',
      'term 10: -R[b, j] + 2 * h[b, j] → 2 * h[b, j]',
      "term 10: for b, j: L'.grad[b, j] -= -R[b, j] + 2 * h[b, j] → (statement dropped)",
    ]);
    expect(cs.find((c) => c.kind === 'grad')!.text).toBe("  for b, j: L'[b, j] -= -R[b, j] + 2 * h[b, j]");
    expect(cs.at(-1)!.text).toBe('');
  });

  it('a shift of an index is an index repair (never a sign or term one); a comparison is flipped as a sign; an extra (1/NB) is dropped', () => {
    const f = parseClaimFile(
      `size NB, J in 1..3
index b in 1..NB
index j in 1..J
tensor x[b, j], y[b, j]
program p
  for b, j: y.grad[b, j] += ind(x[b, j] >= 0) * x[b, j + 1]
  for b, j: y.grad[b, j] += (1/NB) * x[b, j]
`,
      's.claims',
    );
    const [relu, scaled] = f.programs.get('p')!.statements;
    const cs = [...candidates(f, [statementSite(relu)])];
    expect(edits(cs.filter((c) => c.from === 'x[b, j + 1]'))).toEqual(expect.arrayContaining(['index 6: x[b, j + 1] → x[b, j]', 'index 6: x[b, j + 1] → x[b, j - 1]']));
    expect(cs.filter((c) => /^j [+-] 1$|^j$/.test(c.from))).toEqual([]);
    expect(edits(cs.filter((c) => c.from === 'x[b, j] >= 0'))).toEqual(['sign 6: x[b, j] >= 0 → x[b, j] > 0', 'sign 6: x[b, j] >= 0 → x[b, j] <= 0']);
    const factor = [...candidates(f, [statementSite(scaled)], ['factor'])][0];
    expect(factor).toMatchObject({ from: '(1 / NB) * x[b, j]', to: 'x[b, j]', text: '  for b, j: y.grad[b, j] += x[b, j]' });
  });

  it('sign: `=` where `+=` is meant', () => {
    const f = parseClaimFile(FILE.replace('h.grad[b, j] +=', 'h.grad[b, j] ='), 'r.claims');
    const st = f.programs.get('backward')!.statements[0];
    // with i in the for list but not in the target, `=` is ill-formed: every other sign edit keeps it so
    expect(edits([...candidates(f, [statementSite(st)], ['sign'])])).toEqual(['sign 9: h.grad[b, j] = → h.grad[b, j] +=']);
  });

  it('kinds go in order across lines: every index edit of every line before the first sign edit', () => {
    const kinds = of([statementSite(st1), statementSite(st2)]).map((c) => c.kind);
    expect(kinds.filter((k, i) => k !== kinds[i - 1])).toEqual(['index', 'sign', 'factor', 'grad', 'term']);
  });

  it("a formula: a variable renamed to another of its kind (a size for a size), a sign, a factor, a term; the answer: line written back", () => {
    const answer = file.claims[0].answer!;
    const site = formulaSite(answer.line, answer.node, (f) => `  answer: ${f}`);
    const cs = of([site]);
    expect(edits(cs.filter((c) => c.kind === 'index'))).toEqual(['index 14: a → c', 'index 14: c → a', 'index 14: NB → J', 'index 14: NB → K']);
    expect(cs.find((c) => c.kind === 'sign')).toMatchObject({ from: 'a * c - NB', to: '-(a * c - NB)', text: '  answer: -(a * c - NB)' });
    expect(edits(cs.filter((c) => c.kind === 'term'))).toEqual(['term 14: a * c - NB → a * c', 'term 14: a * c - NB → -NB']);
  });

  it('factor, last: a declared real or function value squared (its power one up from 1), not an integer, a size or a power\'s base', () => {
    const answer = file.claims[0].answer!;
    const factors = edits(of([formulaSite(answer.line, answer.node, (f) => `  answer: ${f}`)]).filter((c) => c.kind === 'factor'));
    expect(factors.slice(-2)).toEqual(['factor 14: a → a^2', 'factor 14: c → c^2']);
    const g = parseClaimFile('integer N in [1, 3]\nindex i in 1..N\nfunction alpha\nreal s\nclaim q: chain\n  s\n  answer: sum(i, alpha(i)) + s^3 + N\n', 'g.claims');
    const line = g.claims[0].answer!;
    const squared = [...candidates(g, [formulaSite(line.line, line.node, (f) => `  answer: ${f}`)], ['factor'])].map((c) => `${c.from} → ${c.to}`).filter((e) => e.endsWith('^2') && !e.split(' → ')[0].includes('^'));
    expect(squared).toEqual(['alpha(i) → alpha(i)^2']);
  });

  it('every text proposed reads back as a claim file (the printer round-trips)', () => {
    const lines = FILE.split('\n');
    for (const c of of([statementSite(st1), statementSite(st2)])) {
      const edited = lines.map((l, k) => (k === c.line - 1 ? c.text : l)).join('\n');
      expect(() => parseClaimFile(edited, 'r.claims'), c.text).not.toThrow();
    }
  });
});

describe('repair candidates, edit by edit', () => {
  const f = parseClaimFile(
    `size N, K in 1..3
index b, j in 1..N
index k in 1..K
tensor s[b, j], Z[b], W[j, k], x[b, k], R[b, j]
real a, c, w
program p
  for b: Z[b] += sum(j, s[b, j]) * prod(j, s[b, j])
  for b, j, k: R.grad[b, j] += W.grad[k, i] * x[b, k]
  for b, j: R[b, j] = a^2 / c + c^(-1) - 2 * exp(a) - (w)

claim q: chain
  a
  answer: (a + c) - w * c + 2
`,
    'x.claims',
  );
  const [reduced, grad, powers] = f.programs.get('p')!.statements;

  it('inside a sum or a product its letter is bound too; a gradient read is re-indexed as the gradient', () => {
    expect(edits([...candidates(f, [statementSite(reduced)], ['index'])])).toEqual([
      'index 7: s[b, j] → s[j, j]',
      'index 7: s[b, j] → s[b, b]',
      'index 7: s[b, j] → s[j, b]',
      'index 7: s[b, j] → s[j, j]',
      'index 7: s[b, j] → s[b, b]',
      'index 7: s[b, j] → s[j, b]',
      'index 7: for b: Z[b] → for j: Z[j]',
    ]);
    expect(edits([...candidates(f, [statementSite(grad)], ['index'])])).toEqual([
      'index 8: W.grad[k, i] → W.grad[b, k]',
      'index 8: W.grad[k, i] → W.grad[j, k]',
    ]);
  });

  it('`=` with a sum of powers, a quotient, a call and a parenthesis: every sign, factor and term edit in order', () => {
    expect(edits([...candidates(f, [statementSite(powers)], ['sign', 'factor', 'term'])])).toEqual([
      'sign 9: R[b, j] = → R[b, j] +=',
      'sign 9: a ^ 2 / c + c ^ (-1) - 2 * exp(a) - (w) → -(a ^ 2 / c + c ^ (-1) - 2 * exp(a) - (w))',
      'sign 9: a ^ 2 / c + c ^ (-1) - 2 * exp(a) - (w) → a ^ 2 / c + c ^ (-1) - 2 * exp(a) + (w)',
      'sign 9: a ^ 2 / c + c ^ (-1) - 2 * exp(a) - (w) → -(a ^ 2 / c + c ^ (-1) - 2 * exp(a)) - (w)',
      'sign 9: a ^ 2 / c + c ^ (-1) - 2 * exp(a) → a ^ 2 / c + c ^ (-1) + (2 * exp(a))',
      'sign 9: a ^ 2 / c + c ^ (-1) - 2 * exp(a) → -(a ^ 2 / c + c ^ (-1)) - (2 * exp(a))',
      'sign 9: a ^ 2 / c + c ^ (-1) → a ^ 2 / c - (c ^ (-1))',
      'sign 9: a ^ 2 / c + c ^ (-1) → -(a ^ 2 / c) + (c ^ (-1))',
      'sign 9: -1 → 1',
      'factor 9: a ^ 2 / c → a ^ 2',
      'factor 9: a ^ 2 → a',
      'factor 9: a ^ 2 → a^3',
      'factor 9: c ^ (-1) → c^(-2)',
      'factor 9: 2 * exp(a) → exp(a)',
      'factor 9: 2 * exp(a) → 2',
      'factor 9: a ^ 2 / c + c ^ (-1) - 2 * exp(a) - (w) → 2 * (a ^ 2 / c + c ^ (-1) - 2 * exp(a) - (w))',
      'factor 9: a ^ 2 / c + c ^ (-1) - 2 * exp(a) - (w) → (a ^ 2 / c + c ^ (-1) - 2 * exp(a) - (w)) / 2',
      'factor 9: a ^ 2 / c + c ^ (-1) - 2 * exp(a) - (w) → N * (a ^ 2 / c + c ^ (-1) - 2 * exp(a) - (w))',
      'factor 9: a ^ 2 / c + c ^ (-1) - 2 * exp(a) - (w) → (a ^ 2 / c + c ^ (-1) - 2 * exp(a) - (w)) / N',
      'factor 9: a ^ 2 / c + c ^ (-1) - 2 * exp(a) - (w) → K * (a ^ 2 / c + c ^ (-1) - 2 * exp(a) - (w))',
      'factor 9: a ^ 2 / c + c ^ (-1) - 2 * exp(a) - (w) → (a ^ 2 / c + c ^ (-1) - 2 * exp(a) - (w)) / K',
      'factor 9: a ^ 2 / c → 2 * (a ^ 2 / c)',
      'factor 9: a ^ 2 / c → (a ^ 2 / c) / 2',
      'factor 9: a ^ 2 / c → N * (a ^ 2 / c)',
      'factor 9: a ^ 2 / c → (a ^ 2 / c) / N',
      'factor 9: a ^ 2 / c → K * (a ^ 2 / c)',
      'factor 9: a ^ 2 / c → (a ^ 2 / c) / K',
      'factor 9: c ^ (-1) → 2 * (c ^ (-1))',
      'factor 9: c ^ (-1) → (c ^ (-1)) / 2',
      'factor 9: c ^ (-1) → N * (c ^ (-1))',
      'factor 9: c ^ (-1) → (c ^ (-1)) / N',
      'factor 9: c ^ (-1) → K * (c ^ (-1))',
      'factor 9: c ^ (-1) → (c ^ (-1)) / K',
      'factor 9: 2 * exp(a) → 2 * (2 * exp(a))',
      'factor 9: 2 * exp(a) → (2 * exp(a)) / 2',
      'factor 9: 2 * exp(a) → N * (2 * exp(a))',
      'factor 9: 2 * exp(a) → (2 * exp(a)) / N',
      'factor 9: 2 * exp(a) → K * (2 * exp(a))',
      'factor 9: 2 * exp(a) → (2 * exp(a)) / K',
      'factor 9: (w) → 2 * (w)',
      'factor 9: (w) → (w) / 2',
      'factor 9: (w) → N * (w)',
      'factor 9: (w) → (w) / N',
      'factor 9: (w) → K * (w)',
      'factor 9: (w) → (w) / K',
      'factor 9: c → c^2',
      'factor 9: a → a^2',
      'factor 9: w → w^2',
      'term 9: a ^ 2 / c + c ^ (-1) - 2 * exp(a) - (w) → a ^ 2 / c + c ^ (-1) - 2 * exp(a)',
      'term 9: a ^ 2 / c + c ^ (-1) - 2 * exp(a) - (w) → -(w)',
      'term 9: a ^ 2 / c + c ^ (-1) - 2 * exp(a) → a ^ 2 / c + c ^ (-1)',
      'term 9: a ^ 2 / c + c ^ (-1) - 2 * exp(a) → -(2 * exp(a))',
      'term 9: a ^ 2 / c + c ^ (-1) → a ^ 2 / c',
      'term 9: a ^ 2 / c + c ^ (-1) → c ^ (-1)',
      'term 9: for b, j: R[b, j] = a ^ 2 / c + c ^ (-1) - 2 * exp(a) - (w) → (statement dropped)',
    ]);
  });

  it('a formula: the terms of a sum through its parentheses (not a subtracted one), each scaled', () => {
    const answer = f.claims[0].answer!;
    expect(edits([...candidates(f, [formulaSite(answer.line, answer.node, (x) => `  answer: ${x}`)], ['sign', 'factor', 'term'])])).toEqual([
      'sign 13: (a + c) - w * c + 2 → -((a + c) - w * c + 2)',
      'sign 13: (a + c) - w * c + 2 → (a + c) - w * c - 2',
      'sign 13: (a + c) - w * c + 2 → -((a + c) - w * c) + 2',
      'sign 13: (a + c) - w * c → (a + c) + (w * c)',
      'sign 13: (a + c) - w * c → -(a + c) - (w * c)',
      'sign 13: a + c → a - c',
      'sign 13: a + c → -a + c',
      'factor 13: w * c → c',
      'factor 13: w * c → w',
      'factor 13: (a + c) - w * c + 2 → 2 * ((a + c) - w * c + 2)',
      'factor 13: (a + c) - w * c + 2 → ((a + c) - w * c + 2) / 2',
      'factor 13: (a + c) - w * c + 2 → N * ((a + c) - w * c + 2)',
      'factor 13: (a + c) - w * c + 2 → ((a + c) - w * c + 2) / N',
      'factor 13: (a + c) - w * c + 2 → K * ((a + c) - w * c + 2)',
      'factor 13: (a + c) - w * c + 2 → ((a + c) - w * c + 2) / K',
      'factor 13: a → 2 * a',
      'factor 13: a → a / 2',
      'factor 13: a → N * a',
      'factor 13: a → a / N',
      'factor 13: a → K * a',
      'factor 13: a → a / K',
      'factor 13: c → 2 * c',
      'factor 13: c → c / 2',
      'factor 13: c → N * c',
      'factor 13: c → c / N',
      'factor 13: c → K * c',
      'factor 13: c → c / K',
      'factor 13: w * c → 2 * (w * c)',
      'factor 13: w * c → (w * c) / 2',
      'factor 13: w * c → N * (w * c)',
      'factor 13: w * c → (w * c) / N',
      'factor 13: w * c → K * (w * c)',
      'factor 13: w * c → (w * c) / K',
      'factor 13: 2 → 2 * 2',
      'factor 13: 2 → 2 / 2',
      'factor 13: 2 → N * 2',
      'factor 13: 2 → 2 / N',
      'factor 13: 2 → K * 2',
      'factor 13: 2 → 2 / K',
      'factor 13: a → a^2',
      'factor 13: c → c^2',
      'factor 13: w → w^2',
      'factor 13: c → c^2',
      'term 13: (a + c) - w * c + 2 → (a + c) - w * c',
      'term 13: (a + c) - w * c + 2 → 2',
      'term 13: (a + c) - w * c → (a + c)',
      'term 13: (a + c) - w * c → -(w * c)',
      'term 13: a + c → a',
      'term 13: a + c → c',
    ]);
    // a call and a name are written bare, a negated sum in parentheses
    const g = parseClaimFile('real a, c\nclaim q: chain\n  a\n  answer: a - exp(c) - (c)\n', 'g.claims');
    const site = formulaSite(4, g.claims[0].answer!.node, (x) => x);
    expect(edits([...candidates(g, [site], ['term'])])).toEqual(['term 4: a - exp(c) - (c) → a - exp(c)', 'term 4: a - exp(c) - (c) → -(c)', 'term 4: a - exp(c) → a', 'term 4: a - exp(c) → -exp(c)']);
  });

  it('sign: `+=` turned to `-=` first', () => {
    expect(edits([...candidates(file, [statementSite(st1)], ['sign'])])[0]).toBe('sign 9: h.grad[b, j] += → h.grad[b, j] -=');
  });

  it.each([
    ['W_X', 'W_x', true], // case aside
    ['Wx', 'W_x', true], // one dropped
    ['W_xy', 'W_x', true], // one added
    ['xab', 'ab', true],
    ['ab', 'xab', true],
    ['abx', 'ab', true],
    ['ab', 'abx', true],
    ['axb', 'ab', true],
    ['W_y', 'W_x', true], // one changed
    ['ab', 'ab', true],
    ['W', 'W_x', false], // two dropped
    ['ab', 'ba', false], // two changed
    ['xy', 'ab', false],
    ['axc', 'ab', false], // one added, one changed
    ['ab', 'axc', false],
    ['abcd', 'ab', false],
  ] as const)('%s misspells %s: %s', (written, name, expected) => {
    expect(misspelt(written, name)).toBe(expected);
  });
});

describe('repair candidates: shifts, powers and the length bound', () => {
  // 998 characters: any edit 4 longer is past the language's 1000 (few terms: each edit is parsed)
  const term = `x${'_'.repeat(58)}x[b]`;
  const rhs = `${Array(15).fill(term).join(' + ')} + 12345678`;
  const f = parseClaimFile(
    `size N in 1..3
index b, j in 1..N
tensor x[b], y[b], z[b, j], x${'_'.repeat(58)}x[b]
real a, c
program p
  for b, j: z[b, j] += z[b, j - 1] * a^c
  for b: y[b] += ${rhs}
`,
    'x.claims',
  );
  const [shifted, long] = f.programs.get('p')!.statements;

  it('a shift back is unshifted or shifted forward; a power by a variable has no power edits', () => {
    expect(edits([...candidates(f, [statementSite(shifted)], ['index', 'factor'])])).toEqual([
      'index 6: z[b, j] → z[j, j]',
      'index 6: z[b, j] → z[b, b]',
      'index 6: z[b, j] → z[j, b]',
      'index 6: z[b, j - 1] → z[j, j - 1]',
      'index 6: z[b, j - 1] → z[b, b - 1]',
      'index 6: z[b, j - 1] → z[j - 1, b]',
      'index 6: z[b, j - 1] → z[b, j]',
      'index 6: z[b, j - 1] → z[b, j + 1]',
      'factor 6: z[b, j - 1] * a ^ c → a ^ c',
      'factor 6: z[b, j - 1] * a ^ c → z[b, j - 1]',
      'factor 6: z[b, j - 1] * a ^ c → 2 * (z[b, j - 1] * a ^ c)',
      'factor 6: z[b, j - 1] * a ^ c → (z[b, j - 1] * a ^ c) / 2',
      'factor 6: z[b, j - 1] * a ^ c → N * (z[b, j - 1] * a ^ c)',
      'factor 6: z[b, j - 1] * a ^ c → (z[b, j - 1] * a ^ c) / N',
      'factor 6: c → c^2',
    ]);
  });

  it('an edit the reader refuses (past 1000 characters) is not proposed', () => {
    expect(rhs).toHaveLength(998);
    expect([...candidates(f, [statementSite(long)], ['factor'])]).toEqual([]);
  });
});

describe('repair candidates in a step block', () => {
  // a `step t:` block's statements run inside the time loop: t is bound on each of their lines, as a loop letter is
  const FILE_STEP = `size T in 1..3
size J in 1..2
index t in 0..T - 1
index s in 0..T
index j in 1..J
tensor x[t, j], y[s, j], z[s]
real a

program run
  step t:
    for j: y[t + 1, j] = a * y[t, j] + x[t, j]
    z[t + 1] = z[t] - x[t, 1]
`;
  const f = parseClaimFile(FILE_STEP, 's.claims');
  const [looped, bare] = f.programs.get('run')!.statements;

  it('an edit of a statement under `for` is read with t as its outermost loop, and one without `for` with t as its loop', () => {
    expect(statementSite(looped).step).toBe('t');
    expect(edits([...candidates(f, [statementSite(looped)], ['sign'])])).toEqual([
      'sign 11: y[t + 1, j] = → y[t + 1, j] +=',
      'sign 11: a * y[t, j] + x[t, j] → -(a * y[t, j] + x[t, j])',
      'sign 11: a * y[t, j] + x[t, j] → a * y[t, j] - x[t, j]',
      'sign 11: a * y[t, j] + x[t, j] → -(a * y[t, j]) + x[t, j]',
    ]);
    expect(edits([...candidates(f, [statementSite(bare)], ['sign'])])).toEqual([
      'sign 12: z[t + 1] = → z[t + 1] +=',
      'sign 12: z[t] - x[t, 1] → -(z[t] - x[t, 1])',
      'sign 12: z[t] - x[t, 1] → z[t] + x[t, 1]',
      'sign 12: z[t] - x[t, 1] → -z[t] - x[t, 1]',
    ]);
  });

  it('a statement of a step block dropped is the term kind\'s last edit (its empty line is read as it is, not inside `for t:`)', () => {
    const cs = [...candidates(f, [statementSite(bare)], ['term'])];
    expect(edits(cs)).toEqual(['term 12: z[t] - x[t, 1] → z[t]', 'term 12: z[t] - x[t, 1] → -x[t, 1]', 'term 12: z[t + 1] = z[t] - x[t, 1] → (statement dropped)']);
    expect(cs.at(-1)!.text).toBe('');
  });

  it('t is bound on a step block\'s line: an access read with an undeclared letter is re-indexed with t', () => {
    const g = parseClaimFile(FILE_STEP.replace('+ x[t, j]', '+ x[i, j]'), 's.claims');
    const st = g.programs.get('run')!.statements[0];
    // x[t, j]'s first axis ranges over 0..T - 1: t is the one letter bound there (s ranges over 0..T, j over 1..J); every edit keeping i is ill-formed
    expect(edits([...candidates(g, [statementSite(st)], ['index'])])).toEqual(['index 11: x[i, j] → x[t, j]']);
    // and a line without `for`: X (undeclared) is x misspelt, read with t; every edit keeping X is ill-formed (z[t + 1] → z[t] among them)
    const h = parseClaimFile(FILE_STEP.replace('- x[t, 1]', '- X[t, 1]'), 's.claims');
    expect(edits([...candidates(h, [statementSite(h.programs.get('run')!.statements[1])], ['index'])])).toEqual(['index 12: X[t, 1] → x[t, 1]']);
  });

  it('a line without `for` is read as the step\'s loop, whatever its names hold (`a_for` is no `for`); one spaced wider reads the same', () => {
    const g = parseClaimFile(FILE_STEP.replace('real a', 'real a, a_for').replace('z[t + 1] = z[t] - x[t, 1]', 'z[t + 1] = a_for * z[t]'), 's.claims');
    const st = g.programs.get('run')!.statements[1];
    expect(edits([...candidates(g, [statementSite(st)], ['sign'])])).toEqual(['sign 12: z[t + 1] = → z[t + 1] +=', 'sign 12: a_for * z[t] → -(a_for * z[t])']);
    // a student's file with `for  j:` (two spaces): the same sign edits are well-formed
    const base = statementSite(looped);
    const wide = { ...base, render: (p: Parameters<typeof base.render>[0]) => base.render(p).replace('for ', 'for  ') };
    expect(edits([...candidates(f, [wide], ['sign'])])).toEqual(edits([...candidates(f, [base], ['sign'])]));
    expect([...candidates(f, [wide], ['sign'])][0].text).toBe('  for  j: y[t + 1, j] += a * y[t, j] + x[t, j]');
  });
});

describe('repair candidates where the target and the right side read alike', () => {
  it('`y[i]+=y[i]` gets the edits `y[i] += y[i]` gets; red: its right side\'s factor and grad edits were lost (parse.ts gives both one tree, and an edit of the right side was taken for one of the target: "y[i] += 2 * y[i]" became "2 * y[i] += y[i]", ill-formed)', () => {
    const f = parseClaimFile('size I in 1..3\nindex i in 1..I\ntensor y[i]\n\nprogram p\n  for i:y[i]+=y[i]\n  for i: y[i] += y[i]\n', 'y.claims');
    const [tight, spaced] = f.programs.get('p')!.statements;
    expect(tight.target.node).toBe(tight.rhs);
    const texts = (st: typeof tight) => [...candidates(f, [statementSite(st)])].map((c) => `${c.kind}: ${c.from} → ${c.to} | ${c.text}`);
    expect(texts(tight)).toEqual(texts(spaced));
    expect(texts(tight)).toContain('grad: y[i] → y.grad[i] |   for i: y[i] += y.grad[i]');
    expect(texts(tight)).toContain('factor: y[i] → 2 * y[i] |   for i: y[i] += 2 * y[i]');
  });
});

describe('repair candidates: formulas with accesses, a parenthesized side, a step letter bound', () => {
  const f = parseClaimFile(
    `size N in 1..3
index i, j in 1..N
tensor W[i, j]
real a, c
claim q: chain
  a
  answer: sum(j, sum(i, W[i, j]))
claim r: chain
  a
  answer: (a^c * W[1, 2])
`,
    'f.claims',
  );
  const formula = (k: number) => formulaSite(f.claims[k].answer!.line, f.claims[k].answer!.node, (x) => `  answer: ${x}`);

  it('a formula binds no letters of its own: an access in it is renamed only to the letters of the sums around it', () => {
    // bound at W[i, j]: j, then i (the sums, outermost first); no letter of a line's loops (a formula has none)
    expect(edits([...candidates(f, [formula(0)], ['index'])])).toEqual(['index 7: W[i, j] → W[j, j]', 'index 7: W[i, j] → W[i, i]', 'index 7: W[i, j] → W[j, i]']);
  });

  it('a side in parentheses is one term: scaled whole, not its content again; a power by a variable has no power edits (a formula has no lint to drop them)', () => {
    expect(edits([...candidates(f, [formula(1)], ['factor'])])).toEqual([
      'factor 10: a ^ c * W[1, 2] → W[1, 2]',
      'factor 10: a ^ c * W[1, 2] → a ^ c',
      'factor 10: (a ^ c * W[1, 2]) → 2 * (a ^ c * W[1, 2])',
      'factor 10: (a ^ c * W[1, 2]) → (a ^ c * W[1, 2]) / 2',
      'factor 10: (a ^ c * W[1, 2]) → N * (a ^ c * W[1, 2])',
      'factor 10: (a ^ c * W[1, 2]) → (a ^ c * W[1, 2]) / N',
      // a is the power's base: not squared
      'factor 10: c → c^2',
    ]);
  });

  it('grad: only a declared tensor has a .grad (not a random variable, not Cov[...])', () => {
    const g = parseClaimFile('integer N in [1, 3]\nindex i in 1..N\nindex k in 1..2\nrandom g[i, k] iid\nclaim q: chain\n  Cov[g[1, 1], g[1, 2]]\n  answer: N*Cov[g[1, 1], g[1, 2]]\n', 'g.claims');
    const answer = g.claims[0].answer!;
    expect([...candidates(g, [formulaSite(answer.line, answer.node, (x) => x)], ['grad'])]).toEqual([]);
    // and a tensor's access in a formula has one
    expect(edits([...candidates(f, [formula(1)], ['grad'])])).toEqual(['grad 10: W[1, 2] → W.grad[1, 2]']);
  });

  it('three axes: each pair swapped, the third kept', () => {
    const g = parseClaimFile('size N in 1..3\nindex a, b, c in 1..N\ntensor T[a, b, c], U[a, b, c]\nprogram p\n  for a, b, c: T[a, b, c] += U[b, a, c]\n', 'g.claims');
    const st = g.programs.get('p')!.statements[0];
    // each letter renamed to each other (two per axis), then the swaps (0 1), (0 2), (1 2)
    expect(edits([...candidates(g, [statementSite(st)], ['index'])].filter((x) => x.from === 'U[b, a, c]')).slice(0, 9)).toEqual(
      ['U[a, a, c]', 'U[c, a, c]', 'U[b, b, c]', 'U[b, c, c]', 'U[b, a, a]', 'U[b, a, b]', 'U[a, b, c]', 'U[c, a, b]', 'U[b, c, a]'].map((to) => `index 5: U[b, a, c] → ${to}`),
    );
  });

  it('an access re-indexed keeps its shifted axis; a loop letter not declared is no letter to read with', () => {
    const g = parseClaimFile('size N in 1..3\nindex a, b in 1..N\ntensor z[a, b]\nprogram p\n  for a, b: z[a, b] += z[i, b - 1]\n  for a, b, q: z[a, b] += z[i, b]\n', 'g.claims');
    const [shifted, typo] = g.programs.get('p')!.statements;
    // i is undeclared: only an edit that replaces it is well-formed, and only the re-indexing does (a and b both range over N)
    expect(edits([...candidates(g, [statementSite(shifted)], ['index'])])).toEqual(['index 5: z[i, b - 1] → z[a, b - 1]', 'index 5: z[i, b - 1] → z[b, b - 1]']);
    // q (undeclared) is bound but over no range: z[i, b] is re-indexed with a and b only, and q renamed stays ill-formed while i is there
    expect(edits([...candidates(g, [statementSite(typo)], ['index'])])).toEqual([]);
  });
});

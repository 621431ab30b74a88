/**
 * Problem 1's oracle for part c: part b's `+=` loops as the exam writes them, run literally by the
 * notation engine in any ring of the number tower (float64 for the values, Higham's error-bound
 * ring for their rounding). The loops are not retyped here: they are program `backward` of the
 * exam's claim file, the very statements P1.backward verifies as the gradient of part a.
 */
import { readFileSync } from 'node:fs';
import { compileProgram, lint, NotationError, parseClaimFile, type ClaimFile, type Program, type Tensor } from './notation/index.ts';
import type { Ring } from './numbers/tower.ts';

/** The claim file holding part b (program `backward`), relative to the repository's root as messages name it. */
export const PART_B_FILE = 'exams/midterm-practice/p1.claims';
const PART_B_PROGRAM = 'backward';

/**
 * Part b from a claim file's text: its program `backward`, linted (an unbound index, a tensor used
 * with the wrong arity would be the oracle's own error). Throws NotationError, one line `file:line: …`.
 */
export function partBOf(text: string, fileName: string): { readonly file: ClaimFile; readonly program: Program } {
  const file = parseClaimFile(text, fileName);
  const program = file.programs.get(PART_B_PROGRAM);
  if (!program) throw new NotationError(`${fileName}: no program ${PART_B_PROGRAM} (part b's loops)`);
  const [finding] = lint(file, program);
  if (finding) throw new NotationError(`${finding.file}:${finding.line}: ${finding.message}`);
  return { file, program };
}

let partB: { readonly file: ClaimFile; readonly program: Program } | undefined;

/**
 * Part b of the exam's claim file (PART_B_FILE), read once, when first asked for (not while this
 * module loads: an exam file that does not parse then fails the check that reads it, in one line,
 * not every importer). Throws NotationError.
 */
export function partBProgram(): { readonly file: ClaimFile; readonly program: Program } {
  partB ??= partBOf(readFileSync(new URL(`../${PART_B_FILE}`, import.meta.url), 'utf8'), PART_B_FILE);
  return partB;
}

/** SimpleNorm's tensors in some ring: the inputs L (B, H, W, C), A and B (C), or their gradients. */
export interface SimpleNormTensors<T> {
  L: Tensor<T>;
  A: Tensor<T>;
  B: Tensor<T>;
}

/** A tensor of the given shape holding `values` (row-major) as the ring's numbers. */
export function fieldTensor<T>(field: Ring<T>, shape: readonly number[], values: ArrayLike<number>): Tensor<T> {
  return { shape, data: Array.from(values, (x) => field.fromNumber(x)) };
}

/**
 * Part a's += program (program `forward` of the same file) run in `field`, accumulating L' into
 * `out` (shaped as L; start it at 0 for L' itself). Throws NotationError as `backwardByNotation`.
 */
export function forwardByNotation<T>(field: Ring<T>, x: SimpleNormTensors<T>, out: Tensor<T>): void {
  const { file } = partBProgram();
  const program = file.programs.get('forward');
  if (!program) throw new NotationError(`${PART_B_FILE}: no program forward (part a's +=)`);
  const [N, H, W, C] = x.L.shape;
  compileProgram(file, program, field).run({ sizes: { N, H, W, C }, tensors: new Map([['L', x.L], ['A', x.A], ['B', x.B], ["L'", out]]) });
}

/**
 * Part b's loops run in `field` (compiled once per ring), accumulating into `grads` in place: the
 * gradients already there are kept, as `+=` says. L is (B, H, W, C) — the claim file's sizes
 * (N, H, W, C): B names the shift tensor there — and A, B, each gradient (C); outGrad is L'.grad,
 * shaped as L. A tensor of another shape is a NotationError naming it.
 */
export function backwardByNotation<T>(field: Ring<T>, x: SimpleNormTensors<T>, outGrad: Tensor<T>, grads: SimpleNormTensors<T>): void {
  const { file, program } = partBProgram();
  const [N, H, W, C] = x.L.shape;
  const tensors = new Map<string, Tensor<T>>([
    ['L', x.L],
    ['A', x.A],
    ['B', x.B],
    ["L'.grad", outGrad],
    ['L.grad', grads.L],
    ['A.grad', grads.A],
    ['B.grad', grads.B],
  ]);
  compileProgram(file, program, field).run({ sizes: { N, H, W, C }, tensors });
}

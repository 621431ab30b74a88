/**
 * Problem 1: SimpleNorm's numpy backward (part c), and the SimpleNorm interface students' modules
 * are checked through. Parts a and b are claim files (exams/midterm-practice/p1.claims).
 */
import fc from 'fast-check';
import { Leaf } from '../impl/edf.ts';
import { SimpleNorm, type SimpleNormClass } from '../impl/simplenorm.ts';
import { add, addInto, mul, scale, sumAxes, Tensor } from '../impl/tensor.ts';
import { dyadic, dyadicOf, dyadicToNumber, type Dyadic } from '../oracles/numbers/dyadic.ts';
import { errorBound, roundingBound, type ErrorBound } from '../oracles/numbers/error-bound.ts';
import { float64 } from '../oracles/numbers/float64.ts';
import type { Ring } from '../oracles/numbers/tower.ts';
import { entryName } from '../oracles/checks/gradient.ts';
import type { Tensor as FieldTensor } from '../oracles/notation/index.ts';
import { backwardByNotation, fieldTensor, type SimpleNormTensors } from '../oracles/simplenorm.ts';
import { bhwcShape, type Shape4 } from './arbitraries/shapes.ts';
import { cyclicValues, dropSlice, fill, fillCorner, SliceShrinking } from './arbitraries/tensors.ts';
import { property, type Answer, type CandidateInterface } from './claim.ts';
import { callAnswer, refute } from './run.ts';
import type { Profile } from './profile.ts';
import type { BuiltClaims } from './ts-claims.ts';

/** One SimpleNorm example, as plain JSON: inputs, L'.grad, the gradients already accumulated. */
export interface SimpleNormCase {
  shape: Shape4;
  L: number[];
  A: number[];
  B: number[];
  outGrad: number[];
  gradsBefore: { L: number[]; A: number[]; B: number[] };
  /** Seeds the direction of the gradient check (entries ±1/16 … ±1). */
  directionSeed: number;
}

const NAMES = ['L', 'A', 'B'] as const;

/** Every case with one slice of its tensors dropped, along any axis of extent above 1. */
function slicesDropped(x: SimpleNormCase): SimpleNormCase[] {
  return x.shape.flatMap((extent, axis) =>
    Array.from({ length: extent > 1 ? extent : 0 }, (_, k) => {
      const shape = x.shape.map((e, i) => (i === axis ? e - 1 : e)) as Shape4;
      const ofL = (values: number[]) => dropSlice(values, x.shape, axis, k);
      const ofC = (values: number[]) => (axis === 3 ? dropSlice(values, [x.shape[3]], 0, k) : values);
      return {
        ...x,
        shape,
        L: ofL(x.L),
        A: ofC(x.A),
        B: ofC(x.B),
        outGrad: ofL(x.outGrad),
        gradsBefore: { L: ofL(x.gradsBefore.L), A: ofC(x.gradsBefore.A), B: ofC(x.gradsBefore.B) },
      };
    }),
  );
}

const simpleNormCase = (profile: Profile): fc.Arbitrary<SimpleNormCase> => {
  const values = cyclicValues(profile.maxDim ** 4);
  const cases = fc
    .record({
      shape: bhwcShape(profile.maxDim),
      L: values,
      A: values,
      B: values,
      outGrad: values,
      gradsBefore: fc.record({ L: values, A: values, B: values }),
      directionSeed: fc.noShrink(fc.integer()),
    })
    .map((r) => {
      const c = r.shape[3];
      return {
        shape: r.shape,
        L: fillCorner(r.L, r.shape, profile.maxDim),
        A: fill(r.A, c),
        B: fill(r.B, c),
        outGrad: fillCorner(r.outGrad, r.shape, profile.maxDim),
        gradsBefore: { L: fillCorner(r.gradsBefore.L, r.shape, profile.maxDim), A: fill(r.gradsBefore.A, c), B: fill(r.gradsBefore.B, c) },
        directionSeed: r.directionSeed,
      };
    });
  return new SliceShrinking(cases, slicesDropped);
};

const shapeOf = (x: SimpleNormCase, name: (typeof NAMES)[number]) => (name === 'L' ? x.shape : [x.shape[3]]);

/** A case's values as float64 arrays, converted once per case: at 10^6 entries each conversion costs milliseconds. */
const typedCases = new WeakMap<SimpleNormCase, { L: Float64Array; A: Float64Array; B: Float64Array; G: Float64Array; before: Record<(typeof NAMES)[number], Float64Array> }>();
function typed(x: SimpleNormCase) {
  let t = typedCases.get(x);
  if (!t) {
    const before = { L: Float64Array.from(x.gradsBefore.L), A: Float64Array.from(x.gradsBefore.A), B: Float64Array.from(x.gradsBefore.B) };
    typedCases.set(x, (t = { L: Float64Array.from(x.L), A: Float64Array.from(x.A), B: Float64Array.from(x.B), G: Float64Array.from(x.outGrad), before }));
  }
  return t;
}

function inField<T>(field: Ring<T>, x: SimpleNormCase, pick: (name: (typeof NAMES)[number]) => number[]): SimpleNormTensors<T> {
  const [L, A, B] = NAMES.map((name) => fieldTensor(field, shapeOf(x, name), pick(name)));
  return { L, A, B };
}

const inputsIn = <T>(field: Ring<T>, x: SimpleNormCase) => inField(field, x, (name) => x[name]);
const gradsBeforeIn = <T>(field: Ring<T>, x: SimpleNormCase) => inField(field, x, (name) => x.gradsBefore[name]);
const outGradIn = <T>(field: Ring<T>, x: SimpleNormCase): FieldTensor<T> => fieldTensor(field, x.shape, x.outGrad);

/** Build the answer's node on this case, with the gradients already holding gradsBefore. */
function build(answer: SimpleNormClass, x: SimpleNormCase) {
  const leaf = (name: (typeof NAMES)[number]) => {
    // copies: the answer may write into its tensors
    const node = new Leaf(new Tensor(shapeOf(x, name), typed(x)[name].slice()));
    node.grad = new Tensor(shapeOf(x, name), typed(x).before[name].slice());
    return node;
  };
  const [L, A, B] = NAMES.map(leaf);
  return { node: callAnswer(() => new answer(L, A, B)), leaves: { L, A, B } };
}

function runBackward(answer: SimpleNormClass, x: SimpleNormCase): Record<(typeof NAMES)[number], Tensor> {
  const { node, leaves } = build(answer, x);
  callAnswer(() => {
    node.forward();
    node.grad = new Tensor(x.shape, typed(x).G.slice());
    node.backward();
  });
  for (const name of NAMES) checkShape(`${name}.grad`, leaves[name].grad, shapeOf(x, name));
  return { L: leaves.L.grad, A: leaves.A.grad, B: leaves.B.grad };
}

/** A candidate's tensors need only look like ours: a shape and that many values. */
function checkShape(what: string, t: Tensor | undefined, shape: readonly number[]) {
  const size = shape.reduce((a, b) => a * b, 1);
  if (t?.shape?.join() !== shape.join() || t.data?.length !== size) {
    refute(`${what} should have shape (${shape.join(',')}), the answer left ${t?.shape ? `(${t.shape.join(',')})` : String(t)}`);
  }
  for (let i = 0; i < size; i++) {
    if (!Number.isFinite(t.data[i])) refute(`${entryName(what, shape, i)} is ${t.data[i]}`);
  }
}

/** The first entry where `actual` is not within `allowed` of the exact value, or null. */
function firstMismatch(
  name: string,
  shape: readonly number[],
  actual: ArrayLike<number>,
  exact: readonly Dyadic[],
  allowed: readonly number[],
  exactName: string,
): string | null {
  for (let i = 0; i < actual.length; i++) {
    const error = Math.abs(dyadicToNumber(dyadic.sub(dyadicOf(actual[i]), exact[i])));
    if (error > allowed[i]) {
      return `${entryName(name, shape, i)}: the answer gives ${actual[i]}, ${exactName} ${dyadicToNumber(exact[i])} (error ${error.toPrecision(3)}, rounding allows ${allowed[i].toPrecision(3)})`;
    }
  }
  return null;
}

const bounds = (t: FieldTensor<ErrorBound>, factor = 1) => t.data.map((b) => factor * roundingBound(b));

/**
 * part c: the answer's numpy-style backward equals part b's loops run literally in float64. Both
 * round; each is within the rounding bound of the exact value, so they differ by at most twice it.
 */
function checkNumpy(answer: SimpleNormClass, x: SimpleNormCase): string | null {
  const after = runBackward(answer, x);
  const loops = gradsBeforeIn(float64, x);
  backwardByNotation(float64, inputsIn(float64, x), outGradIn(float64, x), loops);
  const allowedIn = gradsBeforeIn(errorBound, x);
  backwardByNotation(errorBound, inputsIn(errorBound, x), outGradIn(errorBound, x), allowedIn);
  for (const name of NAMES) {
    const mismatch = firstMismatch(
      `${name}.grad`,
      shapeOf(x, name),
      after[name].data,
      loops[name].data.map(dyadicOf),
      bounds(allowedIn[name], 2),
      "part b's loops give",
    );
    if (mismatch) return mismatch;
  }
  return null;
}

const answer = (id: string, description: string, cls: SimpleNormClass): Answer<SimpleNormClass> => ({ id, description, answer: cls });

const reference = answer('reference', 'impl/simplenorm.ts: part a forward, part c backward', SimpleNorm);

/** A student's SimpleNorm: an EDF node class, as in the course's framework. */
const candidate: CandidateInterface<SimpleNormClass> = {
  exportName: 'SimpleNorm',
  description: 'a class SimpleNorm(L, A, B) with forward() setting this.value and backward() adding into L.grad, A.grad and B.grad (see impl/simplenorm.ts)',
  accept: (x) =>
    typeof x === 'function' && typeof x.prototype?.forward === 'function' && typeof x.prototype?.backward === 'function'
      ? (x as SimpleNormClass)
      : { wrongShape: `expected a class with forward() and backward() methods, got ${typeof x === 'function' ? 'a function without them' : typeof x}` },
};

const DOMAIN = 'every shape (B,H,W,C) with extents from 1 up to the profile maximum, any float64 values (0, ±1, tiny, large), any gradients already accumulated';

export const numpy = property<SimpleNormClass, SimpleNormCase>({
  domain: DOMAIN,
  arbitrary: simpleNormCase,
  check: checkNumpy,
  oracle: "part b's += loops (program backward of exams/midterm-practice/p1.claims) run literally in float64 by the notation engine; both sides may round, by at most twice the γ bound of part b's expression",
  reference,
  candidate,
  wrongAnswers: [
    answer('sum-over-wrong-axes', '.sum(axis=(1,2,3)) for A.grad: a per-batch sum (runs when B = C)', class extends SimpleNorm {
      override backward() {
        addInto(this.L.grad, mul(this.grad, this.A.value));
        addInto(this.A.grad, sumAxes(mul(this.grad, add(this.L.value, this.B.value)), [1, 2, 3]));
        addInto(this.B.grad, sumAxes(mul(this.grad, this.A.value), [0, 1, 2]));
      }
    }),
    answer('mean-not-sum', '.mean(axis=(0,1,2)) for B.grad: averages over the batch instead of summing', class extends SimpleNorm {
      override backward() {
        const [b, h, w] = this.L.value.shape;
        addInto(this.L.grad, mul(this.grad, this.A.value));
        addInto(this.A.grad, sumAxes(mul(this.grad, add(this.L.value, this.B.value)), [0, 1, 2]));
        addInto(this.B.grad, scale(sumAxes(mul(this.grad, this.A.value), [0, 1, 2]), 1 / (b * h * w)));
      }
    }),
    answer('batch-axis-only', ".sum(axis=0) for B.grad: leaves an (H,W,C) array", class extends SimpleNorm {
      override backward() {
        addInto(this.L.grad, mul(this.grad, this.A.value));
        addInto(this.A.grad, sumAxes(mul(this.grad, add(this.L.value, this.B.value)), [0, 1, 2]));
        addInto(this.B.grad, sumAxes(mul(this.grad, this.A.value), [0]));
      }
    }),
    answer('first-example-only', "B.grad from the first example only: (L'.grad * A.value)[0,0,0]", class extends SimpleNorm {
      override backward() {
        const c = this.A.value.size;
        addInto(this.L.grad, mul(this.grad, this.A.value));
        addInto(this.A.grad, sumAxes(mul(this.grad, add(this.L.value, this.B.value)), [0, 1, 2]));
        addInto(this.B.grad, new Tensor([c], mul(this.grad, this.A.value).data.slice(0, c)));
      }
    }),
  ],
});


export const built: BuiltClaims = {
  'P1.numpy': { property: numpy, expected: 'verified' },
};

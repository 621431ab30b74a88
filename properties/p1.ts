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
import { backwardByNotation, fieldTensor, forwardByNotation, type SimpleNormTensors } from '../oracles/simplenorm.ts';
import { bhwcShape, type Shape4 } from './arbitraries/shapes.ts';
import { cyclicValues, dropSlice, fill, fillCorner, SliceShrinking } from './arbitraries/tensors.ts';
import type { SimpleNormRequest } from './candidate-serve.ts';
import { vectorReply, showReply } from './candidate-replies.ts';
import { property, type Answer, type Ask, type CandidateInterface, type Property } from './claim.ts';
import type { FileClaimExtras } from './claim-files.ts';
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

/**
 * The first entry where `actual` is not within `allowed` of the exact value, or null. It compares
 * every entry of `exact`: an answer of another size, or a comparison of no entry at all, would be
 * a check that cannot fail, so each is an error here (the shapes were validated before).
 */
function firstMismatch(
  name: string,
  shape: readonly number[],
  actual: ArrayLike<number>,
  exact: readonly Dyadic[],
  allowed: readonly number[],
  exactName: string,
): string | null {
  if (exact.length === 0 || actual.length !== exact.length) throw new Error(`${name}: ${actual.length} values compared against ${exact.length}: a comparison must cover every entry, and at least one`);
  for (let i = 0; i < exact.length; i++) {
    const error = Math.abs(dyadicToNumber(dyadic.sub(dyadicOf(actual[i]), exact[i])));
    if (error > allowed[i]) {
      return `${entryName(name, shape, i)}: the answer gives ${actual[i]}, ${exactName} ${dyadicToNumber(exact[i])} (error ${error.toPrecision(3)}, rounding allows ${allowed[i].toPrecision(3)})`;
    }
  }
  return null;
}

const bounds = (t: FieldTensor<ErrorBound>, factor = 1) => t.data.map((b) => factor * roundingBound(b));

/** The first of L.grad, A.grad, B.grad where the answer's gradients differ from `expected` by more than `allowed`, or null. */
function gradientMismatch(after: Record<(typeof NAMES)[number], Tensor>, x: SimpleNormCase, expected: SimpleNormTensors<Dyadic>, allowed: SimpleNormTensors<ErrorBound>, factor: number, exactName: string): string | null {
  for (const name of NAMES) {
    const mismatch = firstMismatch(`${name}.grad`, shapeOf(x, name), after[name].data, expected[name].data, bounds(allowed[name], factor), exactName);
    if (mismatch) return mismatch;
  }
  return null;
}

/** Part b's rounding bound on this case: Higham's γ of each gradient's expression, in the error-bound ring. */
function backwardBound(x: SimpleNormCase): SimpleNormTensors<ErrorBound> {
  const allowed = gradsBeforeIn(errorBound, x);
  backwardByNotation(errorBound, inputsIn(errorBound, x), outGradIn(errorBound, x), allowed);
  return allowed;
}

/**
 * part c: the answer's numpy-style backward equals part b's loops run literally in float64. Both
 * round; each is within the rounding bound of the exact value, so they differ by at most twice it.
 */
function checkNumpy(answer: SimpleNormClass, x: SimpleNormCase): string | null {
  const after = runBackward(answer, x);
  const loops = gradsBeforeIn(float64, x);
  backwardByNotation(float64, inputsIn(float64, x), outGradIn(float64, x), loops);
  const asDyadic = (t: FieldTensor<number>) => ({ shape: t.shape, data: t.data.map(dyadicOf) });
  return gradientMismatch(after, x, { L: asDyadic(loops.L), A: asDyadic(loops.A), B: asDyadic(loops.B) }, backwardBound(x), 2, "part b's loops give");
}

/**
 * A module's backward for P1.backward: within part b's rounding bound of the exact gradient, which
 * is part b's loops run in exact dyadic arithmetic (P1.backward verifies them as part a's gradient).
 */
function checkBackward(answer: SimpleNormClass, x: SimpleNormCase): string | null {
  const after = runBackward(answer, x);
  const exact = gradsBeforeIn(dyadic, x);
  backwardByNotation(dyadic, inputsIn(dyadic, x), outGradIn(dyadic, x), exact);
  return gradientMismatch(after, x, exact, backwardBound(x), 1, 'the exact gradient is');
}

/** A module's forward for P1.forward: within part a's rounding bound of part a's += program run exactly (dyadic). */
function checkForward(answer: SimpleNormClass, x: SimpleNormCase): string | null {
  const { node } = build(answer, x);
  const value = callAnswer(() => {
    node.forward();
    return node.value;
  });
  checkShape('value', value, x.shape);
  const zeros = new Float64Array(value.data.length);
  const exact = fieldTensor(dyadic, x.shape, zeros);
  forwardByNotation(dyadic, inputsIn(dyadic, x), exact);
  const allowed = fieldTensor(errorBound, x.shape, zeros);
  forwardByNotation(errorBound, inputsIn(errorBound, x), allowed);
  return firstMismatch('value', x.shape, value.data, exact.data, bounds(allowed), "part a's += gives");
}

const answer = (id: string, description: string, cls: SimpleNormClass): Answer<SimpleNormClass> => ({ id, description, answer: cls });

const reference = answer('reference', 'impl/simplenorm.ts: part a forward, part c backward', SimpleNorm);

/** A tensor the candidate's process sent back, as the checker expects it: `shape`, and that many numbers. */
function tensorReply(v: unknown, what: string, shape: readonly number[]): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return new Tensor([...shape], vectorReply(v, size, `${what} (shape (${shape.join(',')}))`));
}

/**
 * A module's SimpleNorm as the checker's process holds it: its value and backward() each send the
 * node's inputs (copies: the module never sees the checker's tensors or shapes) to the candidate's
 * process, which runs the module's class on them (properties/candidate-serve.ts), and take back
 * values of the shapes the checker knows they must have. The value is asked for when it is read,
 * so a check of the backward judges the gradients alone.
 */
const remoteSimpleNorm = (ask: Ask): SimpleNormClass =>
  class RemoteSimpleNorm {
    grad: Tensor;
    private forwarded?: Tensor;

    constructor(
      readonly L: Leaf,
      readonly A: Leaf,
      readonly B: Leaf,
    ) {
      this.grad = Tensor.zeros(L.value.shape);
    }

    private request(op: 'forward' | 'backward'): SimpleNormRequest {
      const [L, A, B] = [this.L, this.A, this.B];
      const base = { op, shape: [...L.value.shape], L: L.value.data, A: A.value.data, B: B.value.data };
      return op === 'forward' ? base : { ...base, outGrad: this.grad.data, gradsBefore: { L: L.grad.data, A: A.grad.data, B: B.grad.data } };
    }

    get value(): Tensor {
      if (this.forwarded) return this.forwarded;
      const reply = ask(this.request('forward'));
      const shape = this.L.value.shape;
      const left = (reply as { shape?: unknown } | null)?.shape;
      if (!Array.isArray(left) || left.join() !== shape.join()) refute(`value should have shape (${shape.join(',')}), the answer left ${Array.isArray(left) ? `(${left.join(',')})` : showReply(left)}`);
      return (this.forwarded = tensorReply((reply as { data?: unknown }).data, 'value', shape));
    }

    forward(): void {
      this.forwarded = undefined;
    }

    backward(): void {
      const reply = ask(this.request('backward'));
      if (typeof reply !== 'object' || reply === null) refute(`backward's reply is ${showReply(reply)}, not the gradients { L, A, B }`);
      const grads = reply as Record<string, unknown>;
      this.L.grad = tensorReply(grads.L, 'L.grad', this.L.value.shape);
      this.A.grad = tensorReply(grads.A, 'A.grad', this.A.value.shape);
      this.B.grad = tensorReply(grads.B, 'B.grad', this.B.value.shape);
    }
  };

/** A student's SimpleNorm: an EDF node class, as in the course's framework. */
const candidate: CandidateInterface<SimpleNormClass> = {
  exportName: 'SimpleNorm',
  description: 'a class SimpleNorm(L, A, B) with forward() setting this.value and backward() adding into L.grad, A.grad and B.grad (see impl/simplenorm.ts)',
  protocol: 'simplenorm',
  expects: 'a class with forward() and backward() methods',
  remote: remoteSimpleNorm,
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


/** Wrong forwards, for the checks a module's forward is judged by. */
const wrongForwards = [
  answer('precedence', 'A.value * L.value + B.value: the parentheses dropped', class extends SimpleNorm {
    override forward() {
      this.value = add(mul(this.A.value, this.L.value), this.B.value);
    }
  }),
  answer('forward-1e-12', 'A(L + B) off by a relative 1e-12', class extends SimpleNorm {
    override forward() {
      this.value = scale(mul(this.A.value, add(this.L.value, this.B.value)), 1 + 1e-12);
    }
  }),
];

/**
 * How a module is judged for P1.forward and P1.backward, whose own answers are the claim file's
 * programs: its forward against part a's += program, its backward against the exact gradient.
 */
export const moduleChecks: { readonly forward: Property<SimpleNormClass, SimpleNormCase>; readonly backward: Property<SimpleNormClass, SimpleNormCase> } = {
  forward: property<SimpleNormClass, SimpleNormCase>({
    domain: DOMAIN,
    arbitrary: simpleNormCase,
    check: checkForward,
    oracle: "part a's += program (program forward of exams/midterm-practice/p1.claims) run exactly, in dyadic rationals, by the notation engine; the answer may round, by the γ bound of part a's expression",
    reference,
    wrongAnswers: wrongForwards,
  }),
  backward: property<SimpleNormClass, SimpleNormCase>({
    domain: DOMAIN,
    arbitrary: simpleNormCase,
    check: checkBackward,
    oracle: "part b's += loops (program backward of exams/midterm-practice/p1.claims, which P1.backward verifies as part a's gradient) run exactly, in dyadic rationals, by the notation engine; the answer may round, by the γ bound of part b's expressions",
    reference,
    wrongAnswers: numpy.wrongAnswers,
  }),
};

export const built: BuiltClaims = {
  'P1.numpy': { property: numpy, expected: 'verified' },
};

/** P1.forward and P1.backward are claims of exams/midterm-practice/p1.claims: a module is judged for them by `moduleChecks`. */
export const fileClaimExtras: FileClaimExtras = {
  'P1.forward': { candidate: { ...candidate, property: moduleChecks.forward } },
  'P1.backward': { candidate: { ...candidate, property: moduleChecks.backward } },
};

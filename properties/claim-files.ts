/**
 * Claim files as registry claims (DESIGN.md §2, exams/README.md). Each claim block of
 * `exams/<exam>/*.claims` becomes a BuiltClaim, the same model the TypeScript claims use: its
 * words read from the exam by its anchor, its answers texts of the claim file — the reference is
 * the file as written, a wrong answer the file with its one edit, an erratum's readings the file
 * with its edit (as written) and the file itself (corrected). A claim's check parses the answer's
 * text (an edit that breaks the syntax is that answer's failure, said in one line) and runs the
 * claim's kind on it:
 *   gradient BACKWARD of FORWARD  oracles/checks/gradient.ts
 *   equal ANSWER to SPEC          oracles/checks/equal.ts
 *   chain                         the derivation checker, oracles/derivation.ts
 *   not KIND …                    a search for a witness where KIND fails (below)
 * A chain claim with an `answer:` line (the exam's answer, a formula over the file's reals) also
 * takes answers that are not texts: a formula (`examcheck answer`, FormulaInterface) becomes the
 * file with that line replaced, and a number computed by a student's module (a TypeScript
 * candidate interface, `fileClaimExtras` of the problem's file) is judged against the chain's
 * first line at the chain's own points.
 */
import fc from 'fast-check';
import { chainsOf, checkDerivation, conditionNumberAt, derivationOf, gridOf, lineValueAt, POINTS_PER_RUN, samplingStatement, simpleDraws, simplePoint, uniformDraws, withinRelative, type Draws } from '../oracles/derivation.ts';
import { countCheck, type CountVariable } from '../oracles/checks/count.ts';
import { equalCheck } from '../oracles/checks/equal.ts';
import { CALL_VALUES, gradientCheck, type GradientSignature, type GradientVerdict } from '../oracles/checks/gradient.ts';
import { applyEdit, FORMULA_FUNCTIONS, NotationError, parseClaimFile, parseExpression, tensorShape, type ClaimBlock, type ClaimFile, type RandomDecl } from '../oracles/notation/index.ts';
import { candidates, formulaSite, statementSite, type Site } from '../oracles/repair.ts';
import { exactOf, surd } from '../oracles/numbers/rational.ts';
import { NotRepresentable, type Analytic, type Field } from '../oracles/numbers/tower.ts';
import { gradientCase } from './arbitraries/gradient-case.ts';
import { property, type Answer, type BuiltClaim, type CandidateInterface, type Erratum, type FormulaInterface, type Measurement, type Property, type RepairCandidate } from './claim.ts';
import { NoValue, UsageError } from './errors.ts';
import { ExamError, resolveAnchor, type Exam } from './exams.ts';
import { PROFILES, type Profile, type RunSettings } from './profile.ts';
import { noValue } from './errors.ts';
import { callAnswer } from './run.ts';
import { inputsText } from './witness.ts';

/** How many values of each size a count claim also draws from (from its least): a polynomial difference of degree D vanishes at such a point with probability ≤ D/2^20 (Schwartz–Zippel). */
const COUNT_WIDE = 2 ** 20;

/**
 * An answer to a chain claim with an `answer:` line, as a number: the value a student's module
 * computes in float64 at the point's reals (by name), within `relativeTolerance` of the truth.
 */
export interface NumericAnswer {
  readonly value: (reals: Readonly<Record<string, number>>) => number;
  readonly relativeTolerance: number;
}

/** What a claim of a claim file is answered with: a text of its file, or (an `answer:` claim's) a number. */
export type ClaimAnswer = string | NumericAnswer;

/**
 * What TypeScript adds to a claim of a claim file, by claim id (DESIGN: the candidate interfaces
 * stay TypeScript): how a student's module gives the claim's answer as a number (or the property a
 * module is judged by, where the claim's own answers are programs), and measurements.
 */
export type FileClaimExtras = Readonly<Record<string, { readonly candidate?: CandidateInterface<any>; readonly measure?: BuiltClaim<string>['measure'] }>>;

/** A claim of a claim file, and where its words are in its problem (the registry lists claims in the exam's order). */
export interface FileClaim {
  readonly claim: BuiltClaim<string>;
  readonly offset: number;
}

/** A claim's check on one parsed file: where its examples come from, and what it says of one. */
interface KindCheck {
  /** A program claim's examples' make-up: an answer's must be the reference's (see `sameExamples`). */
  readonly signature?: GradientSignature;
  readonly arbitrary: (profile: Profile) => fc.Arbitrary<unknown>;
  /** Where a saved example departs from those the file's declarations make now (Property.fits); none where examples are seeds. */
  readonly fits?: (x: unknown) => string | null;
  /** Null when the answer satisfies the claim on this example, else one line. */
  check(x: unknown): string | null;
  /** A chain claim with an `answer:` line: null when the number is its first line's value on this example, else one line. */
  checkNumber?(answer: NumericAnswer, x: unknown): string | null;
  readonly domain: string;
  readonly oracle: string;
  /** A claim whose `answer:` line is a formula a student may answer with (`examcheck answer`): the formula's variables. */
  readonly answerVariables?: FormulaInterface<ClaimAnswer>['variables'];
}

/** How a check's numbers read in its oracle and messages; quad-double (~63 digits, decimal(50) where it cannot decide) reads as decimal(50): the allowance is the one sized for 50 digits. */
const AT_50_DIGITS = 'at 50 digits (allowing 1e-40 of the largest magnitude)';
const NUMBERS = { rational: 'exactly in rationals', 'decimal(50)': AT_50_DIGITS, 'quad-double': AT_50_DIGITS } as Record<string, string>;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Where `got`'s keys are not exactly `want`, in words (`at` names the place), or null. */
function sameKeys(got: Record<string, unknown>, want: readonly string[], at: string): string | null {
  const missing = want.filter((k) => !(k in got));
  if (missing.length) return `${at} has no ${missing.join(', ')}`;
  const extra = Object.keys(got).filter((k) => !want.includes(k));
  return extra.length ? `${at} has ${extra.join(', ')}, which the claim no longer declares` : null;
}

/** Where `x` is not a size assignment of `sizes` (every size present, an integer in its range), or null. */
function sizesFit(x: unknown, sizes: readonly { readonly name: string; readonly lo: number; readonly hi: number }[], at: string): string | null {
  if (!isRecord(x)) return `${at} is not an object`;
  const keys = sameKeys(x, sizes.map((s) => s.name), at);
  if (keys) return keys;
  const out = sizes.find((s) => !Number.isInteger(x[s.name]) || (x[s.name] as number) < s.lo || (x[s.name] as number) > s.hi);
  return out ? `${at}.${out.name} = ${JSON.stringify(x[out.name])} is not in ${out.lo}..${out.hi}` : null;
}

/**
 * Where a saved program example departs from the signature's (GradientCase): its sizes, and each
 * group's tensors by name, each a list of as many entries as the sizes give its shape, or null.
 */
function caseFits(signature: GradientSignature, x: unknown): string | null {
  if (!isRecord(x)) return 'the input is not an object';
  const sizes = sizesFit(x.sizes, signature.sizes, 'sizes');
  if (sizes) return sizes;
  const groups = [['values', signature.inputs], ['outGrad', signature.outputs], ['gradsBefore', signature.checked]] as const;
  for (const [group, tensors] of groups) {
    const g = x[group];
    if (!isRecord(g)) return `${group} is not an object`;
    const keys = sameKeys(g, tensors.map((t) => t.name), group);
    if (keys) return keys;
    for (const t of tensors) {
      const n = t.axes.reduce((p, a) => p * ((x.sizes as Record<string, number>)[a] ?? 0), 1);
      const data = g[t.name];
      if (!Array.isArray(data) || data.length !== n) return `${group}.${t.name} is not a list of ${n} entries (of shape ${t.axes.join(' × ')})`;
    }
  }
  // an equal claim's reals, each in its interval, and its function values
  const reals = signature.reals ?? [];
  if (reals.length) {
    if (!isRecord(x.reals)) return 'reals is not an object';
    const keys = sameKeys(x.reals, reals.map((r) => r.name), 'reals');
    if (keys) return keys;
    const out = reals.find((r) => { const v = (x.reals as Record<string, unknown>)[r.name]; return typeof v !== 'number' || (r.integer && !Number.isInteger(v)) || !(r.loOpen ? v > r.lo : v >= r.lo) || !(r.hiOpen ? v < r.hi : v <= r.hi); });
    if (out) return `reals.${out.name} = ${JSON.stringify(x.reals[out.name])} is not in its declared interval`;
  } else if (x.reals !== undefined) return 'reals: the claim no longer declares any';
  if (signature.functions ? !Array.isArray(x.calls) || x.calls.length !== CALL_VALUES || !x.calls.every((v) => typeof v === 'number') : x.calls !== undefined) {
    return signature.functions ? `calls is not a list of ${CALL_VALUES} function values` : 'calls: the claim no longer calls a function';
  }
  return null;
}

/**
 * A program claim's examples: each size in its range (up to the profile's largest extent), values
 * small integers and short dyadics. `why` ends a refutation's reason: what the value must be, to
 * what allowance, and what says so (null where the check compares nothing: a lint failure).
 */
function programExamples(signature: GradientSignature, verdict: (x: never) => GradientVerdict, why: string | null): Pick<KindCheck, 'signature' | 'arbitrary' | 'fits' | 'check' | 'domain'> {
  return {
    signature,
    arbitrary: (profile) => gradientCase(signature, profile),
    fits: (x) => caseFits(signature, x),
    // an example where the forward or spec has no value (a division by 0) says nothing: the
    // runner counts it as neither, and a run of only such examples is not checked
    check: (x) => {
      const v = verdict(x as never);
      if (v.holds === 'undefined') noValue(v.reason);
      // a program with no value here ("BACKWARD fails here: 0/0") compared nothing: no allowance to name
      return v.holds === false ? (why && !/ fails here: /.test(v.reason) ? `${v.reason}; ${why}` : v.reason) : null;
    },
    domain: `every size (${signature.sizes.map((s) => `${s.name} in ${s.lo}..${s.hi}`).join(', ')}; at most the profile's largest extent), inputs small integers and short dyadics${drawnDomain(signature)}`,
  };
}

/** A real and its interval, for a claim's domain: `eta in (0, 1/2)`, `d integer in [1, 3]`. */
const realShown = (name: string, integer: boolean, lo: string, hi: string, loOpen: boolean, hiOpen: boolean): string =>
  `${name} ${integer ? 'integer ' : ''}in ${loOpen ? '(' : '['}${lo}, ${hi}${hiOpen ? ')' : ']'}`;

/** What else an equal claim's examples draw, in words: its reals in their intervals, and its functions' values. */
function drawnDomain(signature: GradientSignature): string {
  const reals = (signature.reals ?? []).map((r) => realShown(r.name, r.integer, String(r.lo), String(r.hi), r.loOpen, r.hiOpen));
  return `${reals.length ? `; ${reals.join(', ')}` : ''}${signature.functions ? '; each declared function called: small values drawn per distinct argument list, shared by both runs' : ''}`;
}

/** A random family and its law, for a claim's domain (exams/README.md, "Laws, expectations and information"). */
function lawShown(r: RandomDecl): string {
  const name = r.joint ? `(${r.joint.join(', ')})` : `${r.name}${r.index === null ? '' : `[${[r.index, r.entry].filter((i) => i !== null).join(', ')}]`}${r.iid ? ' i.i.d.' : ''}`;
  const law = r.law;
  switch (law.kind) {
    case 'moments':
      return `${name} any law with mean ${law.mean.text} and variance ${law.variance.text}`;
    case 'any':
      return `${name} any law${law.on ? ` on ${law.on.map((n) => `1..${n.text}`).join(' × ')}` : ''}`;
    case 'symmetric':
      return `${name} any law symmetric about 0${law.variance ? ` with variance ${law.variance.text}` : ''}`;
    case 'bernoulli':
      return `${name} ~ bernoulli(${law.p.text})`;
    case 'set':
      return `${name} ~ uniform{${law.values.map((v) => v.text).join(', ')}}`;
    case 'categorical':
      return `${name} ~ categorical{${law.outcomes.map((o) => `${o.values.length === 1 ? o.values[0].text : `(${o.values.map((v) => v.text).join(', ')})`}: ${o.p.text}`).join(', ')}}`;
    case 'interval':
      return `${name} ~ uniform[${law.lo.text}, ${law.hi.text}] (sampled)`;
    case 'gaussian':
      return `${name} ~ gaussian(${law.mean.text}, ${law.variance.text}) (sampled)`;
  }
}

/** A chain claim's domain, from the file's declarations. */
function chainDomain(file: ClaimFile): string {
  const d = file.declarations;
  const reals = [...d.reals.values()].map(({ name, interval: i }) => realShown(name, i.integer, i.lo.toFraction(), i.hi.toFraction(), i.loOpen, i.hiOpen));
  const parts = [reals.join(', ')];
  const [free, polynomials] = [false, true].map((p) => [...d.functions.values()].filter((f) => f.polynomial === p).map((f) => f.name));
  if (free.length) parts.push(`any ${free.join(', ')} (independent values and derivatives at distinct arguments)`);
  if (polynomials.length) parts.push(`${polynomials.join(', ')} random polynomials of degree ≤ 4`);
  if (d.pins.length) parts.push(`with ${d.pins.map((p) => `${p.fn}′(${p.at}) = ${p.value.text}`).join(', ')}`);
  const iid = [...d.randoms.values()].some((r) => r.iid) ? '; an i.i.d. family independent of the rest' : '';
  if (d.randoms.size) parts.push(`${[...d.randoms.values()].filter((r) => !r.joint || r.joint[0] === r.name).map(lawShown).join(', ')}, independent as declared (${d.independent.map((i) => i.names.join(', ')).join('; ') || 'none'}${iid})`);
  if (d.assumes.size) parts.push(`under ${[...d.assumes.values()].map((a) => `${a.name} = ${a.expr.text}`).join(', ')}`);
  return parts.join('; ');
}

const CHAIN_ORACLE = `each step evaluated exactly (rationals and square roots of rationals; at 50 digits, equal within 1e-40 of the largest magnitude, where a line needs exp or ln; diff by dual numbers; a condition by its zeros) at ${POINTS_PER_RUN} point(s) per run satisfying the hypotheses: reals uniform on a grid, uninterpreted functions with independent uniform values, expectations by enumeration over random discrete laws with the declared moments; a failing step is then shown at the simplest point fast-check shrinks to`;

/**
 * `not KIND …`: the claim holds where KIND fails somewhere. One example is one search: the
 * profile's number of KIND's examples from a seed, each shrunk to the smallest witness; the claim
 * holds on the example when a witness is found. So a `not` claim verified on a run has a witness
 * on every search, and an answer for which KIND holds is refuted, naming what was searched.
 */
function negation(check: KindCheck, stated: string): KindCheck {
  return {
    arbitrary: (profile) => fc.record({ seed: fc.noShrink(fc.integer()), profile: fc.constant(profile.name) }),
    check: (x) => {
      const { seed, profile } = x as { seed: number; profile: Profile['name'] };
      // a witness's existence is the verdict: the first one ends the search, unshrunk (the `witness` measurement shrinks one)
      const search = fc.check(fc.property(check.arbitrary(PROFILES[profile]), (y) => check.check(y) === null), { seed, numRuns: PROFILES[profile].numRuns, endOnFailure: true });
      return search.failed ? null : `"${stated}" held on all ${search.numRuns} examples searched: no witness that it fails`;
    },
    domain: `searches of ${check.domain}`,
    oracle: `a witness where ${stated} fails, searched for among the examples of: ${check.oracle}`,
  };
}

/**
 * A `not` claim's witness, for the report: KIND's examples searched on the run's seed (as one
 * example of the claim searches them) and the first where KIND fails shrunk to the smallest (the
 * fewest steps and entries, simple values), with what fails there. Deterministic in the seed.
 */
function witnessOf(file: ClaimFile, claim: ClaimBlock, run: RunSettings): Measurement[] {
  const check = KINDS[claim.kind](file, claim);
  const holds = (y: unknown) => {
    try {
      return check.check(y) === null;
    } catch (e) {
      // an example with no value (a division by 0) is no witness
      if (e instanceof NoValue) return true;
      throw e;
    }
  };
  const search = fc.check(fc.property(check.arbitrary(run.profile), holds), { seed: run.seed, numRuns: run.profile.numRuns });
  const stated = `${claim.kind} ${claim.args.join(' ')}`;
  if (!search.failed) return [{ id: 'witness', title: `No witness where ${stated} fails`, summary: `${search.numRuns} examples searched (seed ${run.seed}): ${stated} held on every one.` }];
  const x = search.counterexample![0] as Record<string, unknown>;
  // every input a grader needs to recompute it by hand (properties/witness.ts), before what differs there
  const inputs = inputsText(x, (name, sizes) => tensorShape(file, name, sizes)) ?? JSON.stringify(x);
  return [{ id: 'witness', title: `The witness: the smallest example found where ${stated} fails`, summary: `at ${inputs}: ${check.check(x)} (seed ${run.seed}, shrunk).` }];
}

const names = (ts: readonly { readonly name: string }[]) => ts.map((t) => t.name).sort();

/**
 * Null when an answer's program claim draws the reference's examples, else why it is wrong. A
 * gradient check reads the tensors it checks off the BACKWARD it is given, so an answer that
 * leaves out a `.grad` the claim's backward writes would otherwise be checked without it.
 */
function sameExamples(reference: GradientSignature, answer: GradientSignature): string | null {
  const [want, got] = [names(reference.checked), names(answer.checked)];
  const missing = want.filter((t) => !got.includes(t));
  if (missing.length) return `the backward does not add into ${missing.map((t) => `${t}.grad`).join(', ')}, as the claim's does`;
  const extra = got.filter((t) => !want.includes(t));
  if (extra.length) return `the backward adds into ${extra.map((t) => `${t}.grad`).join(', ')}, which the claim's leaves alone`;
  if (JSON.stringify([names(reference.inputs), names(reference.outputs)]) !== JSON.stringify([names(answer.inputs), names(answer.outputs)])) {
    return `the answer's programs read or write other tensors than the claim's (inputs ${names(answer.inputs).join(', ')}; outputs ${names(answer.outputs).join(', ')})`;
  }
  return null;
}

/** How each claim kind is checked (exams/README.md). */
const KINDS: Readonly<Record<string, (file: ClaimFile, claim: ClaimBlock) => KindCheck>> = {
  gradient(file, claim) {
    const c = gradientCheck(file, claim);
    return {
      ...programExamples(c.signature, (x) => c.check(x), c.numbers === 'none' ? null : `must be equal ${NUMBERS[c.numbers]}: the gradient of Σ outGrad · output, by forward-mode differentiation of ${claim.args[2]}`),
      oracle: `forward-mode differentiation (dual numbers) of program ${claim.args[2]}, ${NUMBERS[c.numbers]}, of the loss Σ outGrad · output: entry by entry on small cases, along a random direction on large ones`,
    };
  },
  equal(file, claim) {
    const c = equalCheck(file, claim);
    // an answer: line's formula is over the reals the programs draw (η′ = η/(1 − μ): eta and mu)
    const drawn = new Set((c.signature.reals ?? []).map((r) => r.name));
    return {
      ...programExamples(c.signature, (x) => c.check(x), c.numbers === 'none' ? null : `must be equal ${NUMBERS[c.numbers]}: what ${claim.args[2]} leaves there, run literally on the same inputs`),
      oracle: `program ${claim.args[2]} run literally on the same inputs, ${NUMBERS[c.numbers]}: every output it writes, ${claim.args[0]} must leave equal`,
      ...(claim.answer && { answerVariables: realsOf(file, drawn) }),
    };
  },
  chain(file, claim) {
    if (claim.args.length) throw new NotationError(`${file.file}:${claim.line}: a chain claim is "claim ${claim.id}: chain", its lines below it`);
    if (claim.chain.length < 2) throw new NotationError(`${file.file}:${claim.line}: claim ${claim.id} has no chain to check (a first line, then a line per step)`);
    const der = derivationOf(file, chainsOf(claim), claim.limits);
    const answerChain = der.chains.find((c) => c.some((l) => l.at === claim.answer?.line));
    const [first] = answerChain ?? [];
    const condition = answerChain?.find((l) => l.at === claim.answer?.line && l.condition);
    return {
      arbitrary: () => fc.record({ seed: fc.noShrink(fc.integer()) }),
      check: (x) => checkDerivation(der, (x as { seed: number }).seed),
      // the truth is the first line of the answer's chain (`b`, `1/a`), at the point the chain's check draws from the seed
      ...(first && {
        checkNumber: (answer: NumericAnswer, x: unknown) => {
          const seed = (x as { seed: number }).seed;
          /** Why the answer is wrong at the draws' point, or null (also where the line has no value there: 1/a for a constant y). */
          const wrongAt = (draws: Draws, call: (f: () => number) => number) => {
            // a condition's number is judged by its zeros (oracles/derivation.ts)
            if (condition) return conditionNumberAt(der, condition, draws, (reals) => call(() => answer.value(reals)), answer.relativeTolerance);
            const at = lineValueAt(der, first, draws);
            if (at === null) return null;
            const got = call(() => answer.value(at.reals));
            return Number.isFinite(got) && withinRelative(exactOf(got), at.value, exactOf(answer.relativeTolerance)) ? null : `at ${at.where}: ${first.text} = ${surd.show(at.value)}, the answer gives ${got}`;
          };
          const guarded = (f: () => number) => callAnswer(f);
          if (wrongAt(uniformDraws(seed, gridOf(der)), guarded) === null) return null;
          // shown at the simplest point where it is wrong (an answer that throws there counts as wrong, and says so below)
          const simple = simplePoint((draws) => wrongAt(draws, (f) => { try { return f(); } catch { return NaN; } }) !== null, seed, true);
          return wrongAt(simple ? simpleDraws(simple) : uniformDraws(seed, gridOf(der)), guarded);
        },
      }),
      ...(first && { answerVariables: realsOf(file) }),
      domain: chainDomain(file),
      oracle: CHAIN_ORACLE + samplingStatement(der),
    };
  },
  count(file, claim) {
    const c = countCheck(file, claim);
    const variables = c.variables;
    const sizes = (hi: (v: CountVariable) => number) => fc.record(Object.fromEntries(variables.map((v) => [v.name, fc.integer({ min: v.lo, max: hi(v) })])));
    return {
      // half the sizes from the declared range, half from COUNT_WIDE values: a count is computed from
      // the syntax (nothing runs), and an answer off by (B−1)(B−2)(B−3)(B−4) agrees on 1..4
      arbitrary: () => fc.oneof(sizes((v) => v.hi), sizes((v) => v.lo + COUNT_WIDE - 1)),
      fits: (x) => sizesFit(x, variables.map((v) => ({ ...v, hi: v.lo + COUNT_WIDE - 1 })), 'the input'),
      check: (x) => {
        const v = c.check(x as Record<string, number>);
        if (v.holds === 'undefined') noValue(v.reason);
        return v.holds === false ? v.reason : null;
      },
      answerVariables: Object.fromEntries(variables.map((v) => [v.name, { meaning: `the size ${v.name}`, min: v.lo, max: v.lo + COUNT_WIDE - 1, integer: true }])),
      domain: `every size in its declared range (${variables.map((v) => `${v.name} in ${v.lo}..${v.hi}`).join(', ')}), and, half the time, each from its least value to that + 2^20 − 1 (a count is computed from the syntax: nothing runs)`,
      oracle: `the ${c.operation} of program ${claim.args[2]} counted from its syntax, exactly: each statement's own per iteration of its loops, a sum's body per term`,
    };
  },
};

/** A chain claim's formula variables: the file's reals and integers (those named in `only`, where given), in their intervals. */
function realsOf(file: ClaimFile, only?: ReadonlySet<string>): FormulaInterface<ClaimAnswer>['variables'] {
  return Object.fromEntries(
    [...file.declarations.reals.values()].filter((r) => !only || only.has(r.name)).map((r) => [r.name, { meaning: `${r.name} (${file.file}:${r.line})`, min: r.interval.lo.valueOf(), max: r.interval.hi.valueOf(), ...(r.interval.integer ? { integer: true } : {}), ...(r.interval.loOpen && !r.interval.integer ? { openMin: true } : {}), ...(r.interval.hiOpen && !r.interval.integer ? { openMax: true } : {}) }]),
  );
}

/**
 * An answer's text: the claim file with the catalog lines (`wrong`, `erratum`, `as written:`,
 * `corrected:`, `replaces`) blanked, line numbers kept. Parsing a file checks that every edit of its catalog
 * names one place; in an answer, the edit already made no longer does, and that must not read
 * as the answer's failure.
 */
const answerText = (text: string) => text.replace(/^[ \t]+(?:(?:wrong|erratum)[ \t]+[^\s:]+[ \t]*:|as written[ \t]*:|corrected[ \t]*:|replaces[ \t]+").*$/gm, '');

/** The file's text parsed, or the one-line reason it does not parse. */
function parsed(text: string, file: string): ClaimFile | string {
  try {
    return parseClaimFile(text, file);
  } catch (e) {
    if (e instanceof NotationError) return e.message;
    throw e;
  }
}

/** How many examples' results a claim keeps per answer: a run's reference, its errata's corrected readings and a replay. */
const RESULTS_KEPT = 10_000;
/** How many answers' results a claim keeps at once. */
const ANSWERS_KEPT = 256;

/** The `answer:` line with its formula replaced (an equal claim's keeps the name it defines: `answer: eta' = FORMULA`). */
const answerLineWith = (line: string, answer: NonNullable<ClaimBlock['answer']>, formula: string) =>
  line.replace(/(answer[^:]*:).*$/, `$1 ${answer.defines ? `${answer.defines} = ` : ''}${formula}`);

/**
 * Whether the exam's `answer:` line is a formula of the formula language over the variables (cli/formula.ts):
 * where it is not (a sum over an index, a declared function, Cov[...]: 06SGD-lang-p2), no formula
 * could state the answer, and the claim does not offer to judge formulas (found by review: every
 * formula was refused, exit 2, by a message about the exam's own line).
 */
function isFormula(text: string, variables: readonly string[]): boolean {
  try {
    parseExpression(text, 'formula', 0, 'formula', { functions: FORMULA_FUNCTIONS, variables: new Set(variables) });
    return true;
  } catch (e) {
    if (e instanceof NotationError) return false;
    throw e;
  }
}

/**
 * An `answer:` claim's formula answers: the variables are the kind's (a chain's reals and integers,
 * a count's sizes, the reals an equal claim's programs draw), the `answer:` line the exam's
 * formula, and a formula's answer the file with that line replaced.
 */
function formulaOf(file: ClaimFile, answer: NonNullable<ClaimBlock['answer']>, variables: FormulaInterface<ClaimAnswer>['variables']): FormulaInterface<ClaimAnswer> {
  const lines = file.text.split('\n');
  return {
    variables,
    reference: answer.text,
    // the formula as written (checked against the language and these variables): the file with its answer: line replaced
    toAnswer: (_float, _evaluateIn, text) => {
      const at = answer.line - 1;
      return answerText([...lines.slice(0, at), answerLineWith(lines[at], answer, text.trim()), ...lines.slice(at + 1)].join('\n'));
    },
    // a condition's formula is right when it has the condition's zeros: the chain judges that
    ...(answer.condition && { judgedBy: 'property' as const, condition: answer.condition }),
  };
}

/** A statement's line marked as the problem's Given: a trailing comment `# given` (or `# given: why`). */
export const GIVEN_MARK = /#\s*given\s*(?::.*)?$/;

/** A statement's text with its whitespace dropped: two statements written alike compare equal. */
export const statementKey = (text: string): string => text.replace(/#.*/, '').replace(/\s+/g, '');

/**
 * The statements of a claim's answer program that state the problem's Given, not the answer: those
 * marked `# given` in the claim file, and those written as a statement of the claim's other
 * program (SPEC, FORWARD) is (the forward pass both update rules run). A repair never edits them.
 */
export function givenStatements(file: ClaimFile, claim: ClaimBlock): Set<number> {
  const lines = file.text.split('\n');
  const other = new Set((file.programs.get(claim.args[2])?.statements ?? []).map((st) => statementKey(st.text)));
  const own = file.programs.get(claim.args[0])?.statements ?? [];
  return new Set(own.filter((st) => GIVEN_MARK.test(lines[st.line - 1]) || other.has(statementKey(st.text))).map((st) => st.line));
}

/**
 * The lines of a claim's answer a repair may edit: the statements of the answer program of a
 * `gradient` or `equal` claim (its first program) but the Given's (givenStatements), or the
 * `answer:` line; none for a `not` claim.
 */
function repairSites(file: ClaimFile, claim: ClaimBlock): Site[] {
  if (claim.negated) return [];
  const lines = file.text.split('\n');
  const indent = (line: number) => /^\s*/.exec(lines[line - 1])![0];
  const answer = claim.answer;
  const formula = answer ? [formulaSite(answer.line, answer.node, (f) => answerLineWith(lines[answer.line - 1], answer, f))] : [];
  if (claim.kind === 'gradient' || claim.kind === 'equal') {
    // an equal claim's answer: line (a definition its programs read) after them
    const given = givenStatements(file, claim);
    return [...(file.programs.get(claim.args[0])?.statements ?? []).filter((st) => !given.has(st.line)).map((st) => statementSite(st, indent(st.line))), ...formula];
  }
  return formula;
}

/** The one-edit changes of an answer text (oracles/repair.ts), each as the answer text it makes. */
function* repairsOf(text: string, claimId: string): Generator<RepairCandidate<ClaimAnswer>> {
  const file = parsed(text, 'answer');
  const block = typeof file === 'string' ? undefined : file.claims.find((b) => b.id === claimId);
  if (typeof file === 'string' || !block) return;
  const lines = text.split('\n');
  for (const c of candidates(file, repairSites(file, block))) {
    const edited = [...lines];
    edited[c.line - 1] = c.text;
    yield { kind: c.kind, line: c.line, from: c.from, to: c.to, answer: edited.join('\n') };
  }
}

/** A claim block's property over answers that are texts of its claim file (and, for an `answer:` chain claim, numbers). */
function propertyOf(file: ClaimFile, claim: ClaimBlock): Property<ClaimAnswer, unknown> {
  const where = (line: number) => `${file.file}:${line}`;
  const positive = KINDS[claim.kind];
  if (!positive) throw new ExamError(`${where(claim.line)}: claim ${claim.id}: no check for claims of kind "${claim.kind}" (see exams/README.md)`);
  const kind = claim.negated ? (f: ClaimFile, c: ClaimBlock) => negation(positive(f, c), `${claim.kind} ${claim.args.join(' ')}`) : positive;
  const reference = kind(file, claim);
  const checks = new Map<string, KindCheck | string>([[answerText(file.text), reference]]);
  /** The answer's check (cached per text), or why its text cannot be checked. */
  const checkOf = (text: string): KindCheck | string => {
    let c = checks.get(text);
    if (c === undefined) {
      const f = parsed(text, file.file);
      const block = typeof f === 'string' ? undefined : f.claims.find((b) => b.id === claim.id);
      try {
        c = typeof f === 'string' ? f : block ? kind(f, block) : `the answer has no claim ${claim.id}`;
        if (typeof c !== 'string' && reference.signature && c.signature) c = sameExamples(reference.signature, c.signature) ?? c;
      } catch (e) {
        if (!(e instanceof NotationError)) throw e;
        c = e.message;
      }
      checks.set(text, c);
    }
    return c;
  };
  const referenceText = answerText(file.text);
  /**
   * The file's own program as written does not lint or run (an undeclared tensor, an index out of
   * its range): that is the claim file's error, `file:line: …` (run.ts rethrows a NotationError),
   * never a refutation of the exam's answer, nor an erratum. Not where the claim is expected
   * refuted: there the program is the exam's published answer, ill-formed, and a finding says so.
   */
  const ownError = (result: string | null) => {
    if (result === null || claim.expected === 'refuted' || !reference.signature) return;
    const own = /^(?:\S+ fails here: )?(.*)$/.exec(result)![1];
    if (own.startsWith(`${file.file}:`)) throw new NotationError(own);
  };
  // a check is a function of the answer's text and the example: an erratum's corrected reading is
  // the reference's text, and on the same seed its examples are the reference's, so they are not run twice
  // by answer, then by example: one key of the answer's whole text and the example would be built
  // and hashed anew for every example (a few kB: a fifth of a derivation's check)
  const results = new Map<string, Map<string, string | null>>();
  const answer = (id: string, description: string, text: string): Answer<ClaimAnswer> => ({ id, description, answer: text });
  return property<ClaimAnswer, unknown>({
    domain: reference.domain,
    arbitrary: reference.arbitrary,
    ...(reference.fits && { fits: reference.fits }),
    check: (a, x) => {
      // a number is a student's module's: its calls are not kept
      if (typeof a !== 'string') return reference.checkNumber!(a, x);
      const c = checkOf(a);
      if (typeof c === 'string') return c;
      let byExample = results.get(a);
      if (!byExample) {
        // a repair search tries many texts: the memory stays bounded
        if (results.size >= ANSWERS_KEPT) results.clear();
        results.set(a, (byExample = new Map()));
      }
      const key = JSON.stringify(x);
      if (!byExample.has(key)) {
        if (byExample.size >= RESULTS_KEPT) byExample.clear();
        byExample.set(key, c.check(x));
      }
      const result = byExample.get(key)!;
      if (a === referenceText) ownError(result);
      return result;
    },
    ...(claim.answer && reference.answerVariables && isFormula(claim.answer.text, Object.keys(reference.answerVariables)) && { formula: formulaOf(file, claim.answer, reference.answerVariables) }),
    oracle: reference.oracle,
    repairs: (a) => (typeof a === 'string' ? repairsOf(a, claim.id) : []),
    reference: answer('reference', `${file.file}: as written`, answerText(file.text)),
    wrongAnswers: claim.wrong.map((w) => answer(w.id, w.description || w.id, answerText(applyEdit(file.text, w.from, w.to, where(w.line))))),
    errata: claim.errata.map(
      (e): Erratum<ClaimAnswer> => ({ id: e.id, asWritten: e.asWritten, corrected: e.corrected, literal: answerText(applyEdit(file.text, e.from, e.to, where(e.line))), fixed: answerText(file.text), ...(e.replaces && { replaces: e.replaces }) }),
    ),
  });
}

/**
 * The property with a candidate interface: one that judges a module by a property of its own, or
 * one whose number is judged against the claim's chain, which needs an `answer:` line.
 */
function withCandidate(p: Property<ClaimAnswer, unknown>, candidate: CandidateInterface<any> | undefined, where: string): Property<ClaimAnswer, unknown> {
  if (!candidate) return p;
  if (!candidate.property && !p.formula) throw new ExamError(`${where}: a claim that takes a candidate module needs an answer: line (a chain claim)`);
  return { ...p, candidate };
}

/**
 * Every claim of one claim file of `exam` (with what `extras` adds to its claims, by id). Errors (one line, `file:line: …`): the file does not
 * parse (NotationError), a claim has no anchor or a stale one, its kind has no check (ExamError).
 */
export function claimsOfFile(exam: Exam, source: { readonly file: string; readonly text: string }, extras: FileClaimExtras = {}): FileClaim[] {
  const file = parseClaimFile(source.text, source.file);
  return file.claims.map((block): FileClaim => {
    if (!block.anchor) throw new ExamError(`${source.file}:${block.line}: claim ${block.id} needs an anchor: line (its words in the exam)`);
    const words = resolveAnchor(exam, block.anchor, { file: source.file, line: block.anchor.line });
    if (block.anchor.part !== undefined && block.anchor.part !== words.part) {
      throw new ExamError(`${source.file}:${block.anchor.line}: the anchor says part ${block.anchor.part}, but its words are in part ${words.part ?? '(none)'} of Problem ${words.problem}`);
    }
    const claim: BuiltClaim<string, ClaimAnswer> = {
      id: block.id,
      exam: exam.name,
      problem: words.problem,
      ...(words.part ? { part: words.part } : {}),
      statement: words.statement,
      kind: 'identity',
      source: { file: source.file, line: block.line },
      status: 'built',
      property: withCandidate(propertyOf(file, block), extras[block.id]?.candidate, `${source.file}:${block.line}`),
      ...(extras[block.id]?.measure && { measure: extras[block.id].measure }),
      // a `not` claim is verified by a witness: the report shows the smallest one
      ...(block.negated && !extras[block.id]?.measure && { measure: (run: RunSettings) => witnessOf(file, block, run) }),
      expected: block.expected ?? 'verified',
      ...(block.findings.length ? { findings: block.findings.map((f) => ({ id: f.id, summary: f.text, ...(f.counterexample && { counterexample: f.counterexample }) })) } : {}),
    };
    return { claim, offset: words.offset };
  });
}

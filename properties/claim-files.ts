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
import { chainsOf, checkDerivation, derivationOf, gridOf, lineValueAt, POINTS_PER_RUN, simpleDraws, simplePoint, uniformDraws, withinRelative, type Draws } from '../oracles/derivation.ts';
import { equalCheck } from '../oracles/checks/equal.ts';
import { gradientCheck, type GradientSignature, type GradientVerdict } from '../oracles/checks/gradient.ts';
import { applyEdit, NotationError, parseClaimFile, type ClaimBlock, type ClaimFile } from '../oracles/notation/index.ts';
import { exactOf, surd } from '../oracles/numbers/rational.ts';
import { NotRepresentable, type Analytic, type Field } from '../oracles/numbers/tower.ts';
import { gradientCase } from './arbitraries/gradient-case.ts';
import { property, type Answer, type BuiltClaim, type CandidateInterface, type Erratum, type FormulaInterface, type Property } from './claim.ts';
import { UsageError } from './errors.ts';
import { ExamError, resolveAnchor, type Exam } from './exams.ts';
import { PROFILES, type Profile } from './profile.ts';
import { callAnswer, noValue } from './run.ts';

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
 * stay TypeScript): how a student's module gives the claim's answer as a number, and measurements.
 */
export type FileClaimExtras = Readonly<Record<string, { readonly candidate?: CandidateInterface<NumericAnswer>; readonly measure?: BuiltClaim<string>['measure'] }>>;

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
  /** Null when the answer satisfies the claim on this example, else one line. */
  check(x: unknown): string | null;
  /** A chain claim with an `answer:` line: null when the number is its first line's value on this example, else one line. */
  checkNumber?(answer: NumericAnswer, x: unknown): string | null;
  readonly domain: string;
  readonly oracle: string;
}

const NUMBERS = { rational: 'exactly in rationals', 'decimal(50)': 'at 50 digits (allowing 1e-40 of the largest magnitude)' } as Record<string, string>;

/**
 * A program claim's examples: each size in its range (up to the profile's largest extent), values
 * small integers and short dyadics. `why` ends a refutation's reason: what the value must be, to
 * what allowance, and what says so (null where the check compares nothing: a lint failure).
 */
function programExamples(signature: GradientSignature, verdict: (x: never) => GradientVerdict, why: string | null): Pick<KindCheck, 'signature' | 'arbitrary' | 'check' | 'domain'> {
  return {
    signature,
    arbitrary: (profile) => gradientCase(signature, profile),
    // an example where the forward or spec has no value (a division by 0) says nothing: the
    // runner counts it as neither, and a run of only such examples is not checked
    check: (x) => {
      const v = verdict(x as never);
      if (v.holds === 'undefined') noValue(v.reason);
      // a program with no value here ("BACKWARD fails here: 0/0") compared nothing: no allowance to name
      return v.holds === false ? (why && !/ fails here: /.test(v.reason) ? `${v.reason}; ${why}` : v.reason) : null;
    },
    domain: `every size (${signature.sizes.map((s) => `${s.name} in ${s.lo}..${s.hi}`).join(', ')}; at most the profile's largest extent), inputs small integers and short dyadics`,
  };
}

/** A chain claim's domain, from the file's declarations. */
function chainDomain(file: ClaimFile): string {
  const d = file.declarations;
  const end = (open: boolean, v: { toFraction(): string }, left: boolean) => (left ? (open ? '(' : '[') + v.toFraction() : v.toFraction() + (open ? ')' : ']'));
  const reals = [...d.reals.values()].map((r) => `${r.name} ${r.interval.integer ? 'integer ' : ''}in ${end(r.interval.loOpen, r.interval.lo, true)}, ${end(r.interval.hiOpen, r.interval.hi, false)}`);
  const parts = [reals.join(', ')];
  if (d.functions.size) parts.push(`any ${[...d.functions.keys()].join(', ')} (independent values at distinct arguments)`);
  if (d.randoms.size) parts.push(`${[...d.randoms.keys()].join(', ')} random with the declared moments, independent as declared (${d.independent.map((i) => i.names.join(', ')).join('; ') || 'none'})`);
  if (d.assumes.size) parts.push(`under ${[...d.assumes.values()].map((a) => `${a.name} = ${a.expr.text}`).join(', ')}`);
  return parts.join('; ');
}

const CHAIN_ORACLE = `each step evaluated exactly (rationals and square roots of rationals) at ${POINTS_PER_RUN} point(s) per run satisfying the hypotheses: reals uniform on a grid, uninterpreted functions with independent uniform values, expectations by enumeration over random discrete laws with the declared moments; a failing step is then shown at the simplest point fast-check shrinks to`;

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
      const search = fc.check(fc.property(check.arbitrary(PROFILES[profile]), (y) => check.check(y) === null), { seed, numRuns: PROFILES[profile].numRuns });
      return search.failed ? null : `"${stated}" held on all ${search.numRuns} examples searched: no witness that it fails`;
    },
    domain: `searches of ${check.domain}`,
    oracle: `a witness where ${stated} fails, searched for among the examples of: ${check.oracle}`,
  };
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
    return {
      ...programExamples(c.signature, (x) => c.check(x), c.numbers === 'none' ? null : `must be equal ${NUMBERS[c.numbers]}: what ${claim.args[2]} leaves there, run literally on the same inputs`),
      oracle: `program ${claim.args[2]} run literally on the same inputs, ${NUMBERS[c.numbers]}: every output it writes, ${claim.args[0]} must leave equal`,
    };
  },
  chain(file, claim) {
    if (claim.args.length) throw new NotationError(`${file.file}:${claim.line}: a chain claim is "claim ${claim.id}: chain", its lines below it`);
    if (claim.chain.length < 2) throw new NotationError(`${file.file}:${claim.line}: claim ${claim.id} has no chain to check (a first line, then a line per step)`);
    const der = derivationOf(file, chainsOf(claim));
    const [first] = der.chains.find((c) => c.some((l) => l.at === claim.answer?.line)) ?? [];
    return {
      arbitrary: () => fc.record({ seed: fc.noShrink(fc.integer()) }),
      check: (x) => checkDerivation(der, (x as { seed: number }).seed),
      // the truth is the first line of the answer's chain (`b`, `1/a`), at the point the chain's check draws from the seed
      ...(first && {
        checkNumber: (answer: NumericAnswer, x: unknown) => {
          const seed = (x as { seed: number }).seed;
          /** Why the answer is wrong at the draws' point, or null (also where the line has no value there: 1/a for a constant y). */
          const wrongAt = (draws: Draws, call: (f: () => number) => number) => {
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
      domain: chainDomain(file),
      oracle: CHAIN_ORACLE,
    };
  },
};

/**
 * An answer's text: the claim file with the catalog lines (`wrong`, `erratum`, `as written:`,
 * `corrected:`) blanked, line numbers kept. Parsing a file checks that every edit of its catalog
 * names one place; in an answer, the edit already made no longer does, and that must not read
 * as the answer's failure.
 */
const answerText = (text: string) => text.replace(/^[ \t]+(?:(?:wrong|erratum)[ \t]+[^\s:]+[ \t]*:|as written[ \t]*:|corrected[ \t]*:).*$/gm, '');

/** The file's text parsed, or the one-line reason it does not parse. */
function parsed(text: string, file: string): ClaimFile | string {
  try {
    return parseClaimFile(text, file);
  } catch (e) {
    if (e instanceof NotationError) return e.message;
    throw e;
  }
}

/** How many (answer, example) results a claim keeps: a run's reference, its errata's corrected readings and a replay. */
const RESULTS_KEPT = 10_000;

/**
 * Expressions as numbers: a formula compiled over this system evaluates to its own text in the
 * notation, every operation parenthesized. A formula answer reaches a claim as an evaluator
 * (FormulaInterface.toAnswer); evaluated here, at its variables' names, it is a line of the claim
 * file again, read by the one engine. A text has no sign, so relu, |·|, max, min and ind (which
 * branch on one) are NotRepresentable.
 */
const SYNTAX: Field<string> & Pick<Analytic<string>, 'exp' | 'log' | 'sqrt' | 'tanh'> = {
  zero: '0',
  one: '1',
  fromNumber: (x) => `(${exactOf(x).toFraction()})`,
  fromRational: (q) => `(${q.toFraction()})`,
  add: (a, b) => `(${a} + ${b})`,
  sub: (a, b) => `(${a} - ${b})`,
  mul: (a, b) => `(${a} * ${b})`,
  div: (a, b) => `(${a} / ${b})`,
  neg: (a) => `(-${a})`,
  exp: (a) => `exp(${a})`,
  log: (a) => `ln(${a})`,
  sqrt: (a) => `sqrt(${a})`,
  tanh: (a) => `tanh(${a})`,
  toNumber: () => {
    throw new NotRepresentable('an expression has no value');
  },
  sign: () => {
    throw new NotRepresentable('an expression has no sign');
  },
};

/**
 * An `answer:` claim's formula answers: the file's reals and integers are the variables, the
 * `answer:` line the exam's formula, and a formula's answer the file with that line replaced.
 */
function formulaOf(file: ClaimFile, answer: NonNullable<ClaimBlock['answer']>): FormulaInterface<ClaimAnswer> {
  const reals = [...file.declarations.reals.values()];
  const lines = file.text.split('\n');
  return {
    variables: Object.fromEntries(
      reals.map((r) => [r.name, { meaning: `${r.name} (${file.file}:${r.line})`, min: r.interval.lo.valueOf(), max: r.interval.hi.valueOf(), ...(r.interval.integer ? { integer: true } : {}) }]),
    ),
    reference: answer.text,
    toAnswer: (_float, evaluateIn) => {
      let text: string;
      try {
        text = evaluateIn(SYNTAX, Object.fromEntries(reals.map((r) => [r.name, r.name])));
      } catch (e) {
        if (!(e instanceof NotRepresentable)) throw e;
        throw new UsageError(`the formula uses relu, abs, max, min or ind: a claim file's answer: line cannot carry a branch on a sign yet`);
      }
      const at = answer.line - 1;
      return answerText([...lines.slice(0, at), lines[at].replace(/answer:.*$/, `answer: ${text}`), ...lines.slice(at + 1)].join('\n'));
    },
  };
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
  // a check is a function of the answer's text and the example: an erratum's corrected reading is
  // the reference's text, and on the same seed its examples are the reference's, so they are not run twice
  const results = new Map<string, string | null>();
  const answer = (id: string, description: string, text: string): Answer<ClaimAnswer> => ({ id, description, answer: text });
  return property<ClaimAnswer, unknown>({
    domain: reference.domain,
    arbitrary: reference.arbitrary,
    check: (a, x) => {
      // a number is a student's module's: its calls are not kept
      if (typeof a !== 'string') return reference.checkNumber!(a, x);
      const c = checkOf(a);
      if (typeof c === 'string') return c;
      const key = `${a}\0${JSON.stringify(x)}`;
      if (!results.has(key)) {
        if (results.size >= RESULTS_KEPT) results.clear();
        results.set(key, c.check(x));
      }
      return results.get(key)!;
    },
    ...(claim.answer && reference.checkNumber && { formula: formulaOf(file, claim.answer) }),
    oracle: reference.oracle,
    reference: answer('reference', `${file.file}: as written`, answerText(file.text)),
    wrongAnswers: claim.wrong.map((w) => answer(w.id, w.description || w.id, answerText(applyEdit(file.text, w.from, w.to, where(w.line))))),
    errata: claim.errata.map(
      (e): Erratum<ClaimAnswer> => ({ id: e.id, asWritten: e.asWritten, corrected: e.corrected, literal: answerText(applyEdit(file.text, e.from, e.to, where(e.line))), fixed: answerText(file.text) }),
    ),
  });
}

/** The property with a candidate interface, which needs an `answer:` chain claim (a number is judged against its chain). */
function withCandidate(p: Property<ClaimAnswer, unknown>, candidate: CandidateInterface<NumericAnswer> | undefined, where: string): Property<ClaimAnswer, unknown> {
  if (!candidate) return p;
  if (!p.formula) throw new ExamError(`${where}: a claim that takes a candidate module needs an answer: line (a chain claim)`);
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
      expected: block.expected ?? 'verified',
      ...(block.findings.length ? { findings: block.findings.map((f) => ({ id: f.id, summary: f.text, ...(f.counterexample && { counterexample: f.counterexample }) })) } : {}),
    };
    return { claim, offset: words.offset };
  });
}

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
 */
import fc from 'fast-check';
import { chainsOf, checkDerivation, derivationOf, POINTS_PER_RUN } from '../oracles/derivation.ts';
import { equalCheck } from '../oracles/checks/equal.ts';
import { gradientCheck, type GradientSignature, type GradientVerdict } from '../oracles/checks/gradient.ts';
import { applyEdit, NotationError, parseClaimFile, type ClaimBlock, type ClaimFile } from '../oracles/notation/index.ts';
import { gradientCase } from './arbitraries/gradient-case.ts';
import { property, type Answer, type BuiltClaim, type Erratum, type Property } from './claim.ts';
import { ExamError, resolveAnchor, type Exam } from './exams.ts';
import { PROFILES, type Profile } from './profile.ts';

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
  readonly domain: string;
  readonly oracle: string;
}

const NUMBERS = { rational: 'exactly in rationals', 'decimal(50)': 'at 50 digits (allowing 1e-40 of the largest magnitude)' } as Record<string, string>;

/** A program claim's examples: each size in its range (up to the profile's largest extent), values small integers and short dyadics. */
function programExamples(signature: GradientSignature, verdict: (x: never) => GradientVerdict): Pick<KindCheck, 'signature' | 'arbitrary' | 'check' | 'domain'> {
  return {
    signature,
    arbitrary: (profile) => gradientCase(signature, profile),
    // an example where the forward or spec has no value (a division by 0) says nothing
    check: (x) => {
      const v = verdict(x as never);
      return v.holds === false ? v.reason : null;
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
      ...programExamples(c.signature, (x) => c.check(x)),
      oracle: `forward-mode differentiation (dual numbers) of program ${claim.args[2]}, ${NUMBERS[c.numbers]}, of the loss Σ outGrad · output: entry by entry on small cases, along a random direction on large ones`,
    };
  },
  equal(file, claim) {
    const c = equalCheck(file, claim);
    return {
      ...programExamples(c.signature, (x) => c.check(x)),
      oracle: `program ${claim.args[2]} run literally on the same inputs, ${NUMBERS[c.numbers]}: every output it writes, ${claim.args[0]} must leave equal`,
    };
  },
  chain(file, claim) {
    if (claim.args.length) throw new NotationError(`${file.file}:${claim.line}: a chain claim is "claim ${claim.id}: chain", its lines below it`);
    if (claim.chain.length < 2) throw new NotationError(`${file.file}:${claim.line}: claim ${claim.id} has no chain to check (a first line, then a line per step)`);
    const der = derivationOf(file, chainsOf(claim));
    return {
      arbitrary: () => fc.record({ seed: fc.noShrink(fc.integer()) }),
      check: (x) => checkDerivation(der, (x as { seed: number }).seed),
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

/** A claim block's property over answers that are texts of its claim file. */
function propertyOf(file: ClaimFile, claim: ClaimBlock): Property<string, unknown> {
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
  const answer = (id: string, description: string, text: string): Answer<string> => ({ id, description, answer: text });
  return property<string, unknown>({
    domain: reference.domain,
    arbitrary: reference.arbitrary,
    check: (text, x) => {
      const c = checkOf(text);
      if (typeof c === 'string') return c;
      const key = `${text}\0${JSON.stringify(x)}`;
      if (!results.has(key)) {
        if (results.size >= RESULTS_KEPT) results.clear();
        results.set(key, c.check(x));
      }
      return results.get(key)!;
    },
    oracle: reference.oracle,
    reference: answer('reference', `${file.file}: as written`, answerText(file.text)),
    wrongAnswers: claim.wrong.map((w) => answer(w.id, w.description || w.id, answerText(applyEdit(file.text, w.from, w.to, where(w.line))))),
    errata: claim.errata.map(
      (e): Erratum<string> => ({ id: e.id, asWritten: e.asWritten, corrected: e.corrected, literal: answerText(applyEdit(file.text, e.from, e.to, where(e.line))), fixed: answerText(file.text) }),
    ),
  });
}

/**
 * Every claim of one claim file of `exam`. Errors (one line, `file:line: …`): the file does not
 * parse (NotationError), a claim has no anchor or a stale one, its kind has no check (ExamError).
 */
export function claimsOfFile(exam: Exam, source: { readonly file: string; readonly text: string }): FileClaim[] {
  const file = parseClaimFile(source.text, source.file);
  return file.claims.map((block): FileClaim => {
    if (!block.anchor) throw new ExamError(`${source.file}:${block.line}: claim ${block.id} needs an anchor: line (its words in the exam)`);
    const words = resolveAnchor(exam, block.anchor, { file: source.file, line: block.anchor.line });
    if (block.anchor.part !== undefined && block.anchor.part !== words.part) {
      throw new ExamError(`${source.file}:${block.anchor.line}: the anchor says part ${block.anchor.part}, but its words are in part ${words.part ?? '(none)'} of Problem ${words.problem}`);
    }
    const claim: BuiltClaim<string> = {
      id: block.id,
      exam: exam.name,
      problem: words.problem,
      ...(words.part ? { part: words.part } : {}),
      statement: words.statement,
      kind: 'identity',
      source: { file: source.file, line: block.line },
      status: 'built',
      property: propertyOf(file, block),
      expected: block.expected ?? 'verified',
      ...(block.findings.length ? { findings: block.findings.map((f) => ({ id: f.id, summary: f.text })) } : {}),
    };
    return { claim, offset: words.offset };
  });
}

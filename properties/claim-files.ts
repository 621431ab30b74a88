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
 */
import type fc from 'fast-check';
import { parseClaimFile, applyEdit, NotationError, type ClaimBlock, type ClaimFile } from '../oracles/notation/index.ts';
import { equalCheck, type EqualCheck } from '../oracles/checks/equal.ts';
import { gradientCheck, type GradientCase, type GradientCheck } from '../oracles/checks/gradient.ts';
import { gradientCase } from './arbitraries/gradient-case.ts';
import { property, type Answer, type BuiltClaim, type Erratum, type Property } from './claim.ts';
import { resolveAnchor, ExamError, type Exam } from './exams.ts';
import type { Profile } from './profile.ts';
import * as derivations from './derivations.ts';

/** A claim of a claim file, and where its words are in its problem (the registry lists claims in the exam's order). */
export interface FileClaim {
  readonly claim: BuiltClaim<string>;
  readonly offset: number;
}

/**
 * TODO(issue 15, wiring): the kinds whose checks are not merged yet run the TypeScript property
 * the claim file replaces, so verdicts stay as recorded meanwhile: `chain` waits for oracles/derivation.ts on the engine
 * (branch `engine`). The claim file's wrong-answer and erratum ids must be the property's.
 */
const NOT_YET_WIRED: Readonly<Record<string, Property<any, any>>> = {
  'P2.induction': derivations.induction,
  'P6.derivation': derivations.chain,
};

/** The check of one kind on a parsed file: its examples' make-up, and a verdict per example. */
type KindCheck = EqualCheck | GradientCheck;

const KINDS: Readonly<Record<string, { readonly build: (file: ClaimFile, claim: ClaimBlock) => KindCheck; readonly oracle: (c: KindCheck, claim: ClaimBlock) => string }>> = {
  gradient: {
    build: (file, claim) => gradientCheck(file, claim),
    oracle: (c, claim) =>
      `forward-mode differentiation (dual numbers) of program ${claim.args[2]}, ${c.numbers === 'rational' ? 'exactly in rationals' : 'at 50 digits (allowing 1e-40 of the largest magnitude)'}, of the loss Σ outGrad · output: entry by entry on small cases, along a random direction on large ones`,
  },
  equal: {
    build: equalCheck,
    oracle: (c, claim) => `program ${claim.args[2]} run literally, ${c.numbers === 'rational' ? 'exactly in rationals' : 'at 50 digits (allowing 1e-40 of the largest magnitude)'}, on the same inputs: every output it writes, ${claim.args[0]} must leave equal`,
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

/** A claim block's property over answers that are texts of its claim file. */
function propertyOf(file: ClaimFile, claim: ClaimBlock): Property<string, GradientCase> {
  const where = (line: number) => `${file.file}:${line}`;
  const kind = KINDS[claim.kind];
  if (!kind) throw new ExamError(`${where(claim.line)}: claim ${claim.id}: no check for claims of kind "${claim.kind}" (see exams/README.md)`);
  if (claim.negated) throw new ExamError(`${where(claim.line)}: claim ${claim.id}: "not ${claim.kind}" claims are not wired yet`);
  const reference = kind.build(file, claim);
  const checks = new Map<string, KindCheck | string>([[answerText(file.text), reference]]);
  /** The answer's check (cached per text), or why its text cannot be checked. */
  const checkOf = (text: string): KindCheck | string => {
    let c = checks.get(text);
    if (c === undefined) {
      const f = parsed(text, file.file);
      const block = typeof f === 'string' ? undefined : f.claims.find((b) => b.id === claim.id);
      try {
        c = typeof f === 'string' ? f : block ? kind.build(f, block) : `the answer has no claim ${claim.id}`;
      } catch (e) {
        if (!(e instanceof NotationError)) throw e;
        c = e.message;
      }
      checks.set(text, c);
    }
    return c;
  };
  const answer = (id: string, description: string, text: string): Answer<string> => ({ id, description, answer: text });
  const sizes = reference.signature.sizes.map((s) => `${s.name} in ${s.lo}..${s.hi}`).join(', ');
  return property<string, GradientCase>({
    domain: `every size (${sizes}, at most the profile's largest extent), inputs small integers and short dyadics`,
    arbitrary: (profile: Profile): fc.Arbitrary<GradientCase> => gradientCase(reference.signature, profile),
    check: (text, x) => {
      const c = checkOf(text);
      if (typeof c === 'string') return c;
      const v = c.check(x);
      return v.holds === false ? v.reason : null;
    },
    oracle: kind.oracle(reference, claim),
    reference: answer('reference', `${file.file}: as written`, answerText(file.text)),
    wrongAnswers: claim.wrong.map((w) => answer(w.id, w.description || w.id, answerText(applyEdit(file.text, w.from, w.to, where(w.line))))),
    errata: claim.errata.map(
      (e): Erratum<string> => ({ id: e.id, asWritten: e.asWritten, corrected: e.corrected, literal: answerText(applyEdit(file.text, e.from, e.to, where(e.line))), fixed: answerText(file.text) }),
    ),
  });
}

/** The TypeScript property a not-yet-wired claim runs, checked to carry the claim file's ids. */
function interimProperty(file: ClaimFile, claim: ClaimBlock, prop: Property<any, any>): Property<any, any> {
  const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id).sort().join(', ');
  if (ids(prop.wrongAnswers) !== ids(claim.wrong) || ids(prop.errata ?? []) !== ids(claim.errata)) {
    throw new Error(`${file.file}:${claim.line}: claim ${claim.id}'s wrong answers and errata are not those of its TypeScript property`);
  }
  return prop;
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
    const interim = NOT_YET_WIRED[block.id];
    const claim: BuiltClaim<string> = {
      id: block.id,
      exam: exam.name,
      problem: words.problem,
      ...(words.part ? { part: words.part } : {}),
      statement: words.statement,
      kind: 'identity',
      source: { file: source.file, line: block.line },
      status: 'built',
      property: interim ? interimProperty(file, block, interim) : propertyOf(file, block),
      expected: block.expected ?? 'verified',
      ...(block.findings.length ? { findings: block.findings.map((f) => ({ id: f.id, summary: f.text })) } : {}),
    };
    return { claim, offset: words.offset };
  });
}

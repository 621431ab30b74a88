/**
 * The claim registry: every claim of every exam folder (DESIGN.md §1–§2), through one interface.
 * Claims come from two places: the claim files of `exams/<name>/` (data, see exams/README.md; read
 * by properties/claim-files.ts) and, for the seed exam's claims that need real code or that the
 * notation cannot state yet, the TypeScript entries below.
 * Either way a claim's words are read from the exam's text by its anchor, never retyped. The CLI,
 * the reports, the corpus and the tests are all driven from here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Built, Claim, Kind } from './claim.ts';
import { claimsOfFile, type FileClaim } from './claim-files.ts';
import { NotationError } from '../oracles/notation/index.ts';
import { loadExams, resolveAnchor, ExamError, type Anchor, type Exam, type Place } from './exams.ts';
import * as p1 from './p1.ts';
import * as p2 from './p2.ts';
import * as p3 from './p3.ts';
import * as p4 from './p4.ts';
import * as p5 from './p5.ts';
import * as p6 from './p6.ts';
import * as p7 from './p7.ts';
import * as p8 from './p8.ts';
import { TS_CLAIM_IDS, type BuiltClaims, type TsClaimId } from './ts-claims.ts';

/** The exam the TypeScript claims below are about. */
export const SEED_EXAM = 'midterm-practice';

/** A claim's id in the registry: `P1.numpy`, or `<exam>/<claim>` where two loaded exams share a claim id. */
export type ClaimId = string;


/** A TypeScript claim as listed: its kind, its words in the exam (by anchor), and its domain while it is not built. */
interface Listed {
  readonly kind: Kind;
  readonly anchor: Anchor;
  readonly domain: string;
}

// Anchors quote the exam verbatim (whitespace aside): `from` up to the end of the first `to` after it.
const listed: { readonly [Id in TsClaimId]: Listed } = {
  'P1.numpy': {
    kind: 'identity',
    anchor: { problem: 1, from: String.raw`$$L.\operatorname{grad} +=`, to: String.raw`(L'.\operatorname{grad} * A.\operatorname{value}).\operatorname{sum}(\operatorname{axis} = (0, 1, 2))$$` },
    domain: 'every shape (B,H,W,C) and all float64 values',
  },
  'P2.tuning': {
    kind: 'empirical',
    anchor: { problem: 2, from: 'we expect the optimum value of', to: 'independently).' },
    domain: 'quadratics of several condition numbers, with and without gradient noise',
  },
  'P3.beta2': {
    kind: 'statistical',
    anchor: { problem: 3, from: 'we will want to average over a number k', to: String.raw`\beta_2 = 1 - \frac{b\epsilon}{5}$$` },
    domain: 'every ε ∈ (0,1), every batch size b ≥ 1',
  },
  'P4.prior': {
    kind: 'identity',
    anchor: { problem: 4, from: 'An intuitive prior on numbers', to: String.raw`\lambda \sum_{i} \ln |\Theta_i|$$` },
    domain: '|Θ| ∈ [2^-10, 2^10]',
  },
  // the exam states ε = 2^-50 in the question, before the answer: the anchor takes both
  'P5.hvp': {
    kind: 'numerical',
    anchor: { problem: 5, from: 'at the parameter setting', to: String.raw`\Theta.\mathrm{grad}@(\Theta + i\epsilon\Delta\Theta)\right]}{\epsilon}$$` },
    domain: 'smooth (analytic) losses, every Θ and ΔΘ',
  },
  // the claim is the exam's intended answer (the question before it sets up the architecture)
  'P7.highway': {
    kind: 'discussion',
    anchor: { problem: 7, from: 'The intended answer was that', to: 'have the same parameters.' },
    domain: 'CNN (separate parameters per layer) and RNN (shared parameters) highway stacks',
  },
  'P8.half-dropout': {
    kind: 'identity',
    anchor: { problem: 8, from: 'We want the expectation of', to: String.raw`\sum_j W_{i,j} x_j\right)$$` },
    domain: 'every α ∈ [0,1], every W and x',
  },
};

/** What TypeScript adds to the seed exam's claim-file claims (candidate interfaces, measurements). */
const fileClaimExtras = { ...p1.fileClaimExtras, ...p2.fileClaimExtras, ...p4.fileClaimExtras, ...p6.fileClaimExtras };

const built: BuiltClaims = { ...p1.built, ...p2.built, ...p3.built, ...p4.built, ...p5.built, ...p7.built, ...p8.built };

/** Where a TypeScript claim's entry is in this file, for messages: the line is read from the file only when a message asks. */
function entryPlace(id: string): Place {
  return {
    file: 'properties/registry.ts',
    get line() {
      const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
      return lines.findIndex((l) => l.trimStart().startsWith(`'${id}': {`)) + 1;
    },
  };
}

/** A claim with where its words are in its problem, for ordering. */
type Placed = FileClaim | { readonly claim: Claim; readonly offset: number };

/** The TypeScript claims of an exam, their words read from its text. */
function tsClaims(exam: Exam): Placed[] {
  return TS_CLAIM_IDS.map((id): Placed => {
    const entry = listed[id];
    const words = resolveAnchor(exam, entry.anchor, entryPlace(id));
    const base = { id, exam: exam.name, problem: words.problem, ...(words.part ? { part: words.part } : {}), statement: words.statement, kind: entry.kind };
    const overlay = built[id];
    const claim: Claim = overlay ? { ...base, ...overlay, status: 'built' } : { ...base, status: 'pending', domain: entry.domain };
    return { claim, offset: words.offset };
  });
}

const where = (c: Claim) => {
  const at = c.source ?? entryPlace(c.id);
  return `${at.file}:${at.line}`;
};

/** An exam's claims, each with where its words are; throws ExamError or NotationError (one line) where a claim cannot be read. */
function placedOf(exam: Exam): Placed[] {
  const seed = exam.name === SEED_EXAM;
  const claims: Placed[] = [...(seed ? tsClaims(exam) : []), ...exam.claimFiles.flatMap((f) => claimsOfFile(exam, f, seed ? fileClaimExtras : {}))];
  const seen = new Map<string, Claim>();
  for (const { claim } of claims) {
    const before = seen.get(claim.id);
    if (before) throw new ExamError(`${where(claim)}: claim ${claim.id} is already stated at ${where(before)}`);
    seen.set(claim.id, claim);
  }
  return claims;
}

/** The exams' claims in the exams' order, ids qualified (`<exam>/<claim>`) where two exams share one. */
function ordered(exams: readonly Exam[], placed: Placed[]): Claim[] {
  const examOrder = exams.map((e) => e.name);
  placed.sort((a, b) => examOrder.indexOf(a.claim.exam) - examOrder.indexOf(b.claim.exam) || a.claim.problem - b.claim.problem || a.offset - b.offset);
  const examsOf = new Map<string, Set<string>>();
  for (const { claim } of placed) examsOf.set(claim.id, (examsOf.get(claim.id) ?? new Set()).add(claim.exam));
  return placed.map(({ claim }) => (examsOf.get(claim.id)!.size > 1 ? { ...claim, id: `${claim.exam}/${claim.id}` } : claim));
}

/**
 * Every claim of the given exams, in the exams' order (by name, then problem, then where the
 * words are in the problem). Ids are the claims' own, except where two exams share one: then
 * each is `<exam>/<claim>`. Throws the first claim that cannot be read (ExamError, NotationError).
 */
export function registryOf(exams: readonly Exam[]): Claim[] {
  return ordered(exams, exams.flatMap(placedOf));
}

/** An exam folder whose claims cannot be read (a stale anchor, a claim file that does not parse), with its one-line error. */
export interface BrokenExam {
  readonly exam: string;
  readonly error: ExamError | NotationError;
}

const readable: { exam: Exam; placed: Placed[] }[] = [];
/**
 * The exam folders left out of REGISTRY. One folder's mistake does not stop a command about a
 * claim of another exam (`answer P8.half-dropout …`); a command over every claim (`everyClaim`)
 * or naming a claim it may hold (`claimIds` in cli/main.ts) stops with its error.
 */
export const BROKEN_EXAMS: readonly BrokenExam[] = loadExams().flatMap((exam): BrokenExam[] => {
  try {
    readable.push({ exam, placed: placedOf(exam) });
    return [];
  } catch (e) {
    if (e instanceof ExamError || e instanceof NotationError) return [{ exam: exam.name, error: e }];
    throw e;
  }
});

/** The claims of every exam folder that can be read (see BROKEN_EXAMS). */
export const REGISTRY: readonly Claim[] = ordered(
  readable.map((r) => r.exam),
  readable.flatMap((r) => r.placed),
);

/** Every claim of every exam folder, for a command over all of them: throws the first broken folder's error (BROKEN_EXAMS). */
export function everyClaim(): readonly Claim[] {
  if (BROKEN_EXAMS.length) throw BROKEN_EXAMS[0].error;
  return REGISTRY;
}

/** Every claim's id, in the registry's order. */
export const CLAIM_IDS: readonly ClaimId[] = REGISTRY.map((c) => c.id);

const byId = new Map(REGISTRY.map((c) => [c.id, c]));

export const isClaimId = (id: string): id is ClaimId => byId.has(id);

/** The claim with this id (an id from CLAIM_IDS; anything else is a programming error). */
export function claimById(id: ClaimId): Claim {
  const claim = byId.get(id);
  if (!claim) throw new Error(`no claim ${id} in the registry`);
  return claim;
}

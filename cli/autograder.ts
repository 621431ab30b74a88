/**
 * `examcheck autograder CLAIM… --out DIR`: Gradescope's autograder bundle for the claims. DIR gets
 * the bundle's files and `autograder.zip` (them, at the zip's root, as Gradescope expects):
 *
 * - setup.sh: installs Node 20 and examcheck (this checkout packed: examcheck.tgz, with its
 *   package-lock.json) on Gradescope's image;
 * - run_autograder and grade.mjs (cli/autograder-bundle/): for each claim, find the student's
 *   answer in the submission, run `examcheck candidate|answer … --gradescope` with the limits, and
 *   merge the claims' results into /autograder/results/results.json, always written;
 * - config.json: the claims, the answer file names each accepts, the profile, seed and limits;
 * - README.md: for staff, and the file names to tell students.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuiltClaim } from '../properties/claim.ts';
import { UsageError } from '../properties/errors.ts';
import { resolveRun } from '../properties/profile.ts';
import { claimById, REGISTRY, type ClaimId } from '../properties/registry.ts';
import { parseDuration } from './fuzz.ts';
import { programWords, takesProgram } from './program.ts';

/** The project's root: what `npm pack` packs. */
const PROJECT = fileURLToPath(new URL('..', import.meta.url));
/** The bundle's fixed files. */
const TEMPLATES = fileURLToPath(new URL('./autograder-bundle/', import.meta.url));
/** The files at the zip's root, in the order they are listed. */
const BUNDLE_FILES = ['setup.sh', 'run_autograder', 'grade.mjs', 'config.json', 'README.md', 'examcheck.tgz', 'package-lock.json'] as const;
/** examcheck's start (its bundle built on first use), the module's bundling and the judging: what a run may take beyond the module's own time limit. */
const RUN_GRACE_MS = 30_000;

/** How a student answers: a module (`candidate`), one formula (`answer`), or `+=` statements (`answer --program`). */
export type AnswerKind = 'module' | 'formula' | 'program';

/** The names of the files a claim's answer may come in, by kind (matched without regard to case, anywhere in the submission). */
const FILE_NAMES: Record<AnswerKind, (id: string) => string[]> = {
  module: (id) => ['ts', 'mts', 'js', 'mjs'].map((ext) => `${id}.${ext}`),
  formula: (id) => [`${id}.formula.txt`, `${id}.formula`],
  program: (id) => [`${id}.prog`, `${id}.txt`],
};

/** What grade.mjs reads: config.json. */
export interface BundleConfig {
  /** examcheck's version (package.json): the results say which graded them. */
  readonly examcheck: string;
  readonly profile: string;
  /** One seed for every submission: a regrade judges the same cases. */
  readonly seed: number;
  /** A module's time limit (`candidate --timeout`), e.g. 60s. */
  readonly timeout: string;
  /** A module's memory limit (`candidate --memory`), MB. */
  readonly memoryMb: number;
  /** One examcheck run's limit, ms: the module's time limit and RUN_GRACE_MS; past it the run is killed and the claim scores 0. */
  readonly runLimitMs: number;
  readonly claims: readonly { readonly id: string; readonly answers: readonly { readonly name: string; readonly kind: AnswerKind }[] }[];
}

/** The kinds of answer a claim takes, from what the registry says it has. */
export function answerKinds(claim: BuiltClaim<string>): AnswerKind[] {
  const p = claim.property;
  return [...(p?.candidate ? (['module'] as const) : []), ...(p?.formula ? (['formula'] as const) : []), ...(takesProgram(claim) ? (['program'] as const) : [])];
}

/**
 * The bundle's configuration. Usage errors (one line) for a claim that takes no answer of a
 * student's, and for a profile, seed, time or memory limit that `candidate` would refuse. The seed,
 * when not given, is drawn now: every submission is judged on the same cases.
 */
export function planBundle(ids: readonly ClaimId[], options: { profile?: string; seed?: string; timeout?: string; memory?: string }): BundleConfig {
  const run = resolveRun({ profile: options.profile ?? 'default', seed: options.seed });
  const timeout = options.timeout ?? '60s';
  const memoryMb = Number(options.memory ?? '1024');
  if (!Number.isInteger(memoryMb) || memoryMb < 64) throw new UsageError(`invalid --memory "${options.memory}": a whole number of MB, at least 64`);
  const claims = ids.map((id) => {
    const claim = claimById(id);
    const kinds = claim.status === 'built' ? answerKinds(claim) : [];
    if (kinds.length === 0) {
      // (which claims take a program would mean parsing every claim file: said in words)
      const takers = REGISTRY.filter((c) => c.status === 'built' && (c.property?.candidate || c.property?.formula)).map((c) => c.id);
      throw new UsageError(`${id} takes no answer of a student's (a module, a formula or a program): ${takers.join(', ')} take a module or a formula, a claim file's gradient and equal claims a program`);
    }
    return { id, answers: kinds.flatMap((kind) => FILE_NAMES[kind](id).map((name) => ({ name, kind }))) };
  });
  const version = (JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')) as { version: string }).version;
  return { examcheck: version, profile: run.profile.name, seed: run.seed, timeout, memoryMb, runLimitMs: parseDuration(timeout) + RUN_GRACE_MS, claims };
}

const KIND_WORDS: Record<AnswerKind, (claim: BuiltClaim<string>) => string> = {
  module: (c) => `a TypeScript or JavaScript module: ${c.property!.candidate!.description}`,
  formula: (c) => `one formula on one line (the formula language of examcheck's README), in ${Object.keys(c.property!.formula!.variables).map((v) => `\`${v}\``).join(', ')}`,
  program: (c) => programWords(c),
};

/** The bundle's README: what it does, the limits, and the file name table to give students. */
export function bundleReadme(config: BundleConfig): string {
  const rows = config.claims.flatMap(({ id, answers }) => {
    const claim = claimById(id as ClaimId) as BuiltClaim<string>;
    return [...new Set(answers.map((a) => a.kind))].map((kind) => `| ${id} | ${answers.filter((a) => a.kind === kind).map((a) => `\`${a.name}\``).join(' or ')} | ${KIND_WORDS[kind](claim).replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
  });
  return `# examcheck autograder for ${config.claims.map((c) => c.id).join(', ')}

Written by \`examcheck autograder\` (examcheck ${config.examcheck}). Upload \`autograder.zip\` as a
Gradescope programming assignment's autograder (Configure Autograder → Zip file upload; base image
Ubuntu). Each claim is one test worth 1 point.

## What students submit

One file per claim, named as below (case does not matter; it may sit in a folder of the
submission). A claim with no such file, or with more than one, scores 0 and says which names it
expects and which files the submission holds.

| claim | file | what it holds |
|---|---|---|
${rows.join('\n')}

A formula file may hold \`#\` comment lines and blank lines around its one formula.

## How it grades

- \`setup.sh\` (once, when Gradescope builds the image): Node 20, the official build from nodejs.org
  checked against its SHASUMS256.txt; then examcheck from \`examcheck.tgz\` (\`npm pack\` of the
  checkout that wrote this bundle, so the claims and exam files are those of that checkout, with
  no access to its repository needed) into /autograder/examcheck, its dependencies installed by
  \`npm ci --omit=dev\` at the versions of \`package-lock.json\` (the ones its tests ran with).
- \`run_autograder\` (each submission): \`grade.mjs\` runs \`examcheck candidate\` (a module),
  \`examcheck answer ID "<formula>"\` (a formula file) or \`examcheck answer ID --program FILE\` (a
  program) with \`--gradescope\`, one claim after another, and merges their results into
  /autograder/results/results.json. It is always written: a missing answer, a check that passes
  the time limit, or an examcheck run that crashed scores 0 with the reason.
- Every submission is judged with profile ${config.profile} and seed ${config.seed}: a regrade
  judges the same cases.
- Limits: a module gets ${config.timeout} and ${config.memoryMb} MB (\`candidate --timeout\`,
  \`--memory\`); one claim's whole examcheck run is killed after ${config.runLimitMs / 1000} s.
  Set Gradescope's own timeout above ${config.claims.length} × ${config.runLimitMs / 1000} s.

To try it outside Gradescope: a folder with \`source/\` (these files), \`submission/\` and an
examcheck checkout; \`AUTOGRADER_ROOT=folder EXAMCHECK_BIN=checkout/bin/examcheck.js bash
source/run_autograder\` writes folder/results/results.json.
`;
}

/** Write the bundle's files into `dir` (made if missing), without examcheck's copy (packExamcheck) or the zip (zipBundle). */
export function writeBundle(dir: string, config: BundleConfig): void {
  mkdirSync(dir, { recursive: true });
  for (const file of ['setup.sh', 'run_autograder', 'grade.mjs']) copyFileSync(join(TEMPLATES, file), join(dir, file));
  for (const file of ['setup.sh', 'run_autograder']) chmodSync(join(dir, file), 0o755);
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  writeFileSync(join(dir, 'README.md'), bundleReadme(config));
}

/** Run a program for the bundle; one that fails or is missing is a usage error of one line naming it. */
function tool(command: string, args: string[], cwd: string, missing: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new UsageError(missing);
    throw new UsageError(`${command} failed: ${(err.stderr ?? err.message).trim().split('\n').pop()}`);
  }
}

/** examcheck itself into the bundle: `npm pack` of this checkout as examcheck.tgz, and its package-lock.json (which npm pack leaves out). */
export function packExamcheck(dir: string): void {
  const packed = (JSON.parse(tool('npm', ['pack', '--json', '--pack-destination', dir], PROJECT, 'npm is not installed: it packs examcheck into the bundle')) as { filename: string }[])[0].filename;
  renameSync(join(dir, packed), join(dir, 'examcheck.tgz'));
  copyFileSync(join(PROJECT, 'package-lock.json'), join(dir, 'package-lock.json'));
}

/** Zip the bundle's files, at the zip's root, into dir/autograder.zip (the zip command, keeping run_autograder's and setup.sh's modes; every file must be there: -MM); its path. */
export function zipBundle(dir: string): string {
  const zip = join(dir, 'autograder.zip');
  rmSync(zip, { force: true });
  tool('zip', ['-X', '-q', '-MM', 'autograder.zip', ...BUNDLE_FILES], dir, 'the zip command is not installed (e.g. apt-get install zip): the bundle\'s files are written, not zipped');
  return zip;
}

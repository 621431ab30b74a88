/**
 * The `examcheck` command: `examcheck <command> [options]`, each command described once in
 * COMMANDS (its arguments, its options, an example), from which both node:util's parseArgs
 * config and `--help` are made. `examcheck --help` lists the commands; `examcheck <command>
 * --help` (or -h) prints that command's usage, options and an example; both exit 0.
 * Exit codes: 0 every outcome as expected, 1 not, 2 an error (one line: properties/errors.ts).
 * `fuzz --shard i/n` exits 0 once its report is written, whatever it found: `merge` decides.
 * Every line printed goes through reports/escape.ts's `terminalText`: data (a candidate's error
 * message) never reaches the terminal's control sequences.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CannotCheck, render, UsageError } from '../properties/errors.ts';
import { describeRun, describeSeed, PROFILES, resolveRun } from '../properties/profile.ts';
import { BROKEN_EXAMS, CLAIM_IDS, claimById, everyClaim, isClaimId, REGISTRY, type ClaimId } from '../properties/registry.ts';
import type { BuiltClaim } from '../properties/claim.ts';
import { checkDerivationFile, DerivationError } from '../oracles/derivation.ts';
import { NotationError } from '../oracles/notation/index.ts';
import { loadCorpusFor, saveToCorpus } from '../properties/corpus.ts';
import { findRepair } from '../properties/repairs.ts';
import { answersOf, runClaim, trial } from '../properties/run.ts';
import { leadLines } from '../reports/errata.ts';
import { repairEdit, repairLine } from '../reports/repair.ts';
import { failureAt, inputsText } from '../properties/witness.ts';
import { notWitness } from '../reports/summary.ts';
import { terminalText } from '../reports/escape.ts';
import { resultsOf } from '../reports/schema.ts';
import { writeReport } from '../reports/write.ts';
import { packExamcheck, planBundle, writeBundle, zipBundle } from './autograder.ts';
import { candidateReplay, runCandidate } from './candidate.ts';
import { asCondition, formulaAnswer, judgeFormula } from './formula.ts';
import { gradescopeFeedback, judgeProgram, readProgram, type ProgramVerdict } from './program.ts';
import { fuzzClaims, mergeResults, parseBudget, parseDuration, parseShard, progressLine } from './fuzz.ts';

/** One option of a command: parseArgs's config, and how `--help` shows it. */
interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly default?: string;
  /** The value's name in the usage line (`--seed S`). */
  readonly value?: string;
  readonly help: string;
}

interface CommandSpec {
  /** The positional arguments, as the usage line shows them. */
  readonly args: string;
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly example: string;
}

const seedOption = { type: 'string', value: 'S', help: 'the seed: any integer (negative, or a run id past 2³², too); drawn and printed when not given' } as const satisfies OptionSpec;
const profileOption = { type: 'string', value: 'P', help: `how hard to search: ${Object.values(PROFILES).map((p) => `${p.name} (${p.numRuns} runs)`).join(', ')}; default: default` } as const satisfies OptionSpec;
const claimOption = { type: 'string', multiple: true, value: 'ID', help: 'a claim id (repeat for several; `examcheck list` lists them); default: every claim' } as const satisfies OptionSpec;

const SPECS = {
  list: {
    args: '',
    summary: 'List every claim: its id, problem, kind and status.',
    options: { json: { type: 'boolean', help: 'print JSON instead of a table' } },
    example: 'examcheck list --json',
  },
  check: {
    args: '',
    summary: "Check the claims: each reference, wrong answer and erratum; print each exam's errata and findings first; write results.json, summary.md and report.html under reports/out/.",
    options: { profile: profileOption, seed: seedOption, claim: claimOption, json: { type: 'boolean', help: 'print results.json on stdout (the progress goes to stderr)' } },
    example: 'examcheck check --profile quick --seed 42 --claim P1.backward',
  },
  errata: {
    args: '[EXAM]',
    summary: "Check an exam's claims (default: every exam loaded) and write its errata sheet (errata.md, or .tex) beside the run's report; --patch: the errata that replace exam text as a diff of exam.md; --apply: the corrected copy, re-checked.",
    options: {
      format: { type: 'string', default: 'md', value: 'F', help: 'md (markdown with LaTeX math; default) or tex (a LaTeX fragment)' },
      patch: { type: 'boolean', help: "write <exam>.patch: a unified diff of exams/<exam>/exam.md, for git apply at the repository's root" },
      apply: { type: 'boolean', help: 'write the corrected exam folder (<exam>/exam.md and its claim files) and re-check it: each applied erratum must verify' },
      profile: profileOption,
      seed: seedOption,
    },
    example: 'examcheck errata midterm-practice --patch --apply --profile quick',
  },
  replay: {
    args: '<claim>',
    summary: 'Replay one failure exactly, as a printed replay command names it.',
    options: {
      seed: { ...seedOption, help: 'the seed of the run that failed (required)' },
      path: { type: 'string', value: 'P', help: "the failure's path (required): as printed, e.g. 12:0:3, or corpus:0 for a corpus case" },
      answer: { type: 'string', value: 'ID', help: "which answer: the reference (default), a wrong answer's id, or ERRATUM:as-written / ERRATUM:corrected" },
      profile: profileOption,
    },
    example: 'examcheck replay P1.backward --answer A-grad-1e-12 --profile default --seed -5 --path 3:0:1',
  },
  fuzz: {
    args: '',
    summary: 'Search for counterexamples until the budget is spent (the nightly profile, growing); save each to the corpus; write a report.',
    options: {
      budget: { type: 'string', value: 'D', help: 'how much (required): a time, a number with ms, s, m or h (60s, 2h), or a count of examples, Nruns (400runs: the same search on any machine)' },
      claim: claimOption,
      shard: { type: 'string', value: 'i/n', help: 'search shard i of n (disjoint seeds); exits 0 once its report is written: `merge` decides' },
      seed: seedOption,
    },
    example: 'examcheck fuzz --budget 45m --shard 2/4 --seed 1234',
  },
  merge: {
    args: '<report-folder>...',
    summary: "Merge fuzz shards' reports into one: runs add up, a claim refuted in any shard is refuted; every claim must be covered, each shard counted once.",
    options: {
      out: { type: 'string', value: 'DIR', help: 'the folder to write the merged report to (not a file); default: a new folder under reports/out/' },
      'corpus-from': { type: 'string', multiple: true, value: 'DIR', help: "a shard's corpus folder (must exist): its new counterexamples join this checkout's corpus" },
      claim: { ...claimOption, help: 'a claim the shards searched (repeat; default: every claim with a property): one that no report holds fails the merge' },
    },
    example: 'examcheck merge shard1/ shard2/ --corpus-from shard1-corpus/ --corpus-from shard2-corpus/ --out merged/',
  },
  derive: {
    args: '<file>',
    summary: 'Check a derivation file step by step (the claim-file syntax: declarations, then lines joined by =, <=, <, >=, >).',
    options: { seed: seedOption, runs: { type: 'string', default: '100', value: 'N', help: 'points to check each step at; default 100' } },
    example: 'examcheck derive exams/midterm-practice/p6.claims --runs 20',
  },
  answer: {
    args: '<claim> "<formula>" | <claim> --program FILE',
    summary: "Judge a formula answer (the formula language of the README), or a program of += statements (--program), against the claim; a refuted answer gets its failing line, witness and smallest repair.",
    options: {
      program: { type: 'string', value: 'FILE', help: "a file of the student's statements in the claim file's notation, judged in place of the claim's answer program" },
      gradescope: { type: 'string', value: 'FILE', help: "also write Gradescope's results.json (the feedback: verdict, line, witness, repair) to FILE" },
      seed: seedOption,
      profile: profileOption,
    },
    example: 'examcheck answer 02MLP-p4b --program student.txt --gradescope results.json',
  },
  candidate: {
    args: '<claim> <module>',
    summary: "Check a student's module against a claim, in a child process with time and memory limits.",
    options: {
      gradescope: { type: 'string', value: 'FILE', help: "also write Gradescope's results.json to FILE" },
      seed: seedOption,
      profile: profileOption,
      path: { type: 'string', value: 'P', help: 'replay the one case a printed replay command names' },
      timeout: { type: 'string', default: '60s', value: 'D', help: 'time limit, e.g. 60s; default 60s' },
      memory: { type: 'string', default: '1024', value: 'MB', help: 'memory limit in MB, at least 64; default 1024' },
    },
    example: 'examcheck candidate P1.numpy student.ts --gradescope results.json',
  },
  autograder: {
    args: '<claim>...',
    summary: "Write Gradescope's autograder bundle for the claims (setup.sh, run_autograder, examcheck packed) and autograder.zip, to upload as is.",
    options: {
      out: { type: 'string', value: 'DIR', help: 'the folder to write the bundle and autograder.zip to (required)' },
      seed: { ...seedOption, help: 'the seed every submission is judged with (a regrade judges the same cases); drawn now when not given' },
      profile: profileOption,
      timeout: { type: 'string', default: '60s', value: 'D', help: "a module's time limit, as candidate's --timeout; default 60s" },
      memory: { type: 'string', default: '1024', value: 'MB', help: "a module's memory limit in MB, as candidate's --memory; default 1024" },
    },
    example: 'examcheck autograder P1.numpy P8.half-dropout --out gradescope/',
  },
} as const satisfies Record<string, CommandSpec>;

type CommandName = keyof typeof SPECS;

const optionUsage = (name: string, o: OptionSpec) => `--${name}${o.type === 'string' ? ` ${o.value ?? 'X'}` : ''}`;

/** A command's usage line: `examcheck replay <claim> [--seed S] [--path P] ...`. */
const usageLine = (name: CommandName) =>
  [`examcheck ${name}`, SPECS[name].args, ...Object.entries(SPECS[name].options as Record<string, OptionSpec>).map(([n, o]) => `[${optionUsage(n, o)}]${o.multiple ? '...' : ''}`)]
    .filter(Boolean)
    .join(' ');

/** `examcheck <command> --help`: the usage line, what it does, each option, an example. */
export function commandHelp(name: CommandName): string {
  const options = Object.entries(SPECS[name].options as Record<string, OptionSpec>).map(([n, o]) => [optionUsage(n, o), o.help]);
  options.push(['-h, --help', 'print this help']);
  const width = Math.max(...options.map(([u]) => u.length));
  return [`usage: ${usageLine(name)}`, '', SPECS[name].summary, '', 'options:', ...options.map(([u, h]) => `  ${u.padEnd(width)}  ${h}`), '', 'example:', `  ${SPECS[name].example}`].join('\n');
}

/** `examcheck --help`: every command, what it does, and where to read more. */
export function overallHelp(): string {
  const names = Object.keys(SPECS) as CommandName[];
  const width = Math.max(...names.map((n) => n.length));
  return [
    'usage: examcheck <command> [options]',
    '',
    'Machine-checks the claims of an exam; judges students\' formulas and modules against them.',
    '',
    'commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${SPECS[n].summary}`),
    '',
    'examcheck <command> --help prints a command\'s options and an example.',
    'Exit codes: 0 every outcome as expected, 1 not, 2 an error (one line).',
    '',
    'example:',
    '  examcheck check --profile quick',
  ].join('\n');
}

/**
 * Parse a command's options with node:util's parseArgs. A value that starts with a minus sign
 * and a digit (`--seed -5`, as replay commands print negative seeds) is the option's value, not
 * an option: parseArgs alone would refuse it as ambiguous.
 */
function parse<O extends Readonly<Record<string, OptionSpec>>>(name: CommandName, args: readonly string[], options: O) {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const option = /^--([^=]+)$/.exec(args[i])?.[1];
    const spec = option === undefined ? undefined : (options as Record<string, OptionSpec>)[option];
    if (spec?.type === 'string' && /^-\.?\d/.test(args[i + 1] ?? '')) joined.push(`${args[i]}=${args[++i]}`);
    // no value, or an option where it should be (`check --claim --profile quick`): parseArgs says "argument missing" or "ambiguous"
    else if (spec?.type === 'string' && (i + 1 === args.length || args[i + 1].startsWith('-'))) throw usage(name, `--${option} needs ${valueOf(spec)}`);
    else joined.push(args[i]);
  }
  try {
    return parseArgs({ args: joined, options, allowPositionals: true, strict: true } as const);
  } catch (e) {
    throw usage(name, (e as Error).message.split('\n')[0].replace(/\. To specify .*/, ''));
  }
}

/** What an option's value is, in words: its help's first clause where that names it (`a claim id`), else its name in the usage line. */
function valueOf(spec: OptionSpec): string {
  const clause = /^[^;:(,]*/.exec(spec.help)![0].trim();
  return /^(?:a|an|the) /.test(clause) ? clause : `a value (${spec.value ?? 'its value'}: ${clause})`;
}

/** A usage error of a command: one line, saying where its options are listed. */
const usage = (name: CommandName, what: string) => new UsageError(`${what} (examcheck ${name} --help lists its arguments and options)`);

/** A command that takes options only: a stray word (`check P1.numpy` for `check --claim P1.numpy`) is a usage error, not ignored. */
function noArguments(name: CommandName, positionals: readonly string[]): void {
  if (positionals.length > 0) throw usage(name, `${name} takes no argument "${positionals[0]}"`);
}

/** A line on stdout (stderr: `say.error`), with every control sequence taken out (escape.ts). */
const say = (line: string) => console.log(terminalText(line));
say.error = (line: string) => console.error(terminalText(line));

function claimIds(requested: readonly string[] | undefined): ClaimId[] {
  if (!requested || requested.length === 0) return everyClaim().map((c) => c.id);
  for (const id of requested) {
    // the claim may be one of an exam folder that cannot be read: its error says why
    if (!isClaimId(id) && BROKEN_EXAMS.length) throw BROKEN_EXAMS[0].error;
    if (!isClaimId(id)) throw new UsageError(`unknown claim "${id}": valid ids are ${CLAIM_IDS.join(', ')}`);
  }
  // a claim named twice is run once (found by review: --claim X --claim X ran it twice)
  return [...new Set(requested)] as ClaimId[];
}

const show = (x: unknown) => JSON.stringify(x);

/**
 * A replay path as fast-check prints one: the run's index, then the index of each shrink step
 * (`12:0:3`), or `corpus:<k>:…` for the k-th corpus case. Anything else, and a first index past the
 * profile's runs or the corpus's entries, names no case: a UsageError, before anything runs.
 */
function checkPath(text: string, limits?: { runs: number; corpusEntries: number }): void {
  const m = /^(corpus:)?(\d+)(?::\d+)*$/.exec(text);
  if (!m || !text.split(':').every((s) => s === 'corpus' || Number.isSafeInteger(Number(s)))) {
    throw new UsageError(`invalid --path "${text}": a path is what a replay command prints, e.g. 12:0:3, or corpus:0 for a corpus case`);
  }
  if (limits && Number(m[2]) >= (m[1] ? limits.corpusEntries : limits.runs)) {
    throw new UsageError(`--path ${text} names no case: ${m[1] ? `the corpus holds ${limits.corpusEntries} case(s)` : `the profile runs ${limits.runs} cases`}`);
  }
}

/** The claim-id column of list, check and fuzz: as wide as the longest id (found by review: ids of 22 characters broke a column of 18). */
const ID_WIDTH = Math.max(...CLAIM_IDS.map((id) => id.length));

function list(args: string[]): number {
  const { values, positionals } = parse('list', args, SPECS.list.options);
  noArguments('list', positionals);
  const rows = everyClaim().map((c) => ({ id: c.id, problem: c.problem, part: c.part ?? null, kind: c.kind, status: c.status }));
  if (values.json) console.log(JSON.stringify(rows, null, 2));
  else for (const r of rows) say(`${r.id.padEnd(ID_WIDTH)} problem ${r.problem}${r.part ? r.part : ' '}  ${r.kind.padEnd(12)} ${r.status}`);
  return 0;
}

async function check(args: string[]): Promise<number> {
  const { values, positionals } = parse('check', args, SPECS.check.options);
  noArguments('check', positionals);
  const ids = claimIds(values.claim);
  const run = resolveRun({ profile: values.profile, seed: values.seed });
  const log = values.json ? say.error : say;
  log(describeRun(run));
  const startedAt = new Date().toISOString();
  // the exam's errata and findings lead (DESIGN.md §7), so the claims' lines wait for the last claim;
  // a terminal sees which claim is running meanwhile, on one line of stderr
  const progress = process.stderr.isTTY ? (line: string) => process.stderr.write(`\r\x1b[K${terminalText(line)}`) : () => {};
  const table: string[] = [];
  const claims = ids.map((id, k) => {
    progress(`checking ${k + 1}/${ids.length}: ${id}`);
    const result = runClaim(claimById(id), run, { repair: true });
    const refuted = result.wrongAnswers.filter((w) => w.refuted).length;
    const log = (line: string) => table.push(line);
    log(
      `${result.ok ? 'ok  ' : 'FAIL'} ${id.padEnd(ID_WIDTH)} ${result.verdict.padEnd(9)} ${String(result.runs).padStart(5)} runs ${String(result.ms).padStart(6)} ms  wrong answers refuted ${refuted}/${result.wrongAnswers.length}`,
    );
    if (!result.expected) {
      log(`     ${result.failure ?? 'no counterexample found'}`);
      if (result.counterexample !== null) log(`     counterexample: ${show(result.counterexample)}`);
      if (result.replay) log(`     replay: ${result.replay}`);
    }
    const witness = notWitness(result);
    if (witness !== null) log(`     witness: ${witness}`);
    if (result.repair) log(`     ${repairLine(result.repair, result.failure && failureAt(result.failure, result.counterexample), result.source?.file)}`);
    for (const w of result.wrongAnswers.filter((w) => !w.refuted)) {
      log(`     wrong answer ${w.id} (${w.description}) was not refuted: the property is too weak`);
    }
    for (const e of result.errata.filter((e) => !(e.asWrittenRefuted && e.correctedVerified))) {
      log(`     erratum ${e.id}: as written refuted ${e.asWrittenRefuted}, corrected verified ${e.correctedVerified}`);
      if (e.correctedFailure) log(`     corrected reading: ${e.correctedFailure}`);
      if (e.correctedReplay) log(`     replay: ${e.correctedReplay}`);
    }
    return result;
  });
  progress('');
  const results = resultsOf({ seed: run.seed, profile: run.profile.name, startedAt, claims });
  for (const line of [...leadLines(results), ...table]) log(line);
  const dir = await writeReport(results);
  log(`report: ${dir}`);
  if (values.json) console.log(JSON.stringify(results, null, 2));
  return results.ok ? 0 : 1;
}

async function errata(args: string[]): Promise<number> {
  const { values, positionals } = parse('errata', args, SPECS.errata.options);
  if (positionals.length > 1) throw usage('errata', 'errata takes at most one exam');
  if (values.format !== 'md' && values.format !== 'tex') throw usage('errata', `invalid --format "${values.format}": md or tex`);
  // the diff library loads only for this command, not in every examcheck process
  const { checkExams, examsNamed, writeErrata } = await import('./errata.ts');
  const exams = examsNamed(positionals);
  const run = resolveRun({ profile: values.profile, seed: values.seed });
  say(describeRun(run));
  const results = checkExams(exams, run);
  for (const line of leadLines(results)) say(line);
  const { lines, ok, dir } = await writeErrata(results, { format: values.format, patch: values.patch ?? false, apply: values.apply ?? false, run });
  for (const line of lines) say(line);
  say(`report: ${dir}`);
  return ok ? 0 : 1;
}

function replay(args: string[]): number {
  const { values, positionals } = parse('replay', args, SPECS.replay.options);
  if (positionals.length !== 1) throw usage('replay', 'replay needs one claim id');
  const [id] = claimIds(positionals);
  if (values.seed === undefined || values.path === undefined) throw usage('replay', 'replay needs --seed and --path');
  checkPath(values.path);
  const claim = claimById(id);
  if (claim.status === 'pending' || !claim.property) throw new UsageError(`claim ${id} has no property: nothing to replay`);
  const prop = claim.property;
  const answers = answersOf(prop);
  const answerId = values.answer ?? prop.reference.id;
  const answer = answers.get(answerId);
  if (answer === undefined) throw new UsageError(`claim ${id} has no answer "${answerId}": valid answers are ${[...answers.keys()].join(', ')}`);
  const run = resolveRun({ profile: values.profile, seed: values.seed });
  const examples = loadCorpusFor(id, prop).map((e) => e.input);
  checkPath(values.path, { runs: run.profile.numRuns, corpusEntries: examples.length });
  say(describeRun(run));
  const t = trial(id, prop, answerId, answer, run, { path: values.path, examples });
  // a path past the end of a shrink list leads nowhere: no case ran
  if (!t.failed && t.runs === 0) throw new UsageError(`--path ${values.path} names no case of ${id} for this seed and profile: check it against the printed replay command`);
  if (!t.failed) {
    say(`${id} (${answerId}): the replayed case passes`);
    return 0;
  }
  say(`${id} (${answerId}): ${t.failure}`);
  say(`counterexample: ${show(t.counterexample)}`);
  return 1;
}

async function fuzz(args: string[]): Promise<number> {
  const { values, positionals } = parse('fuzz', args, SPECS.fuzz.options);
  noArguments('fuzz', positionals);
  if (values.budget === undefined) throw usage('fuzz', 'fuzz needs --budget, e.g. --budget 60s');
  const budget = parseBudget(values.budget);
  const shard = parseShard(values.shard);
  const ids = claimIds(values.claim);
  const run = resolveRun({ profile: 'nightly', seed: values.seed });
  let stop = false;
  const onSignal = () => {
    stop = true;
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  say(`${describeRun(run)}, budget ${values.budget}, shard ${shard.index}/${shard.count}`);
  const terminal = process.stdout.isTTY;
  let lastLine = 0;
  const outcome = await fuzzClaims(
    ids.map(claimById).filter((c): c is BuiltClaim<ClaimId> => c.status === 'built'),
    {
      budget,
      seed: run.seed,
      shard,
      stopRequested: () => stop,
      progress: (elapsed, searches) => {
        const line = progressLine(elapsed, budget, searches);
        if (terminal) process.stdout.write(`\r${line}`);
        else if (elapsed - lastLine >= 10_000) {
          lastLine = elapsed;
          say(line);
        }
      },
    },
  );
  process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  if (terminal) process.stdout.write('\n');
  const { results } = outcome;
  say(`fuzz ${outcome.interrupted ? 'interrupted' : 'done'} after ${Math.round(outcome.elapsedMs / 1000)}s`);
  for (const c of results.claims) {
    say(`${c.ok ? 'ok  ' : 'FAIL'} ${c.id.padEnd(ID_WIDTH)} ${c.verdict.padEnd(9)} ${String(c.runs).padStart(7)} runs  ${c.corpus.saved} new in corpus`);
    if (c.verdict === 'refuted') say(`     ${c.failure}\n     counterexample: ${show(c.counterexample)}\n     replay: ${c.replay}`);
    if (c.verdict === 'unchecked') say('     not checked: the budget was spent before its turn');
  }
  say(`report: ${await writeReport(results)}`);
  // a shard's report is one part of a night: the merge of all of them decides (and exits 1)
  return results.ok || values.shard !== undefined ? 0 : 1;
}

const isFolder = (path: string) => existsSync(path) && statSync(path).isDirectory();

async function merge(args: string[]): Promise<number> {
  const { values, positionals } = parse('merge', args, SPECS.merge.options);
  // every argument is checked before anything is written
  if (values.out !== undefined && existsSync(values.out) && !isFolder(values.out)) throw new UsageError(`--out ${values.out} is a file: merge writes a report folder (results.json, summary.md, report.html) there`);
  const corpora = values['corpus-from'] ?? [];
  for (const dir of corpora) if (!isFolder(dir)) throw new UsageError(`--corpus-from ${dir}: no such folder (a shard's corpus folder, e.g. shards/shard-1/properties/corpus)`);
  const searched = claimIds(values.claim)
    .map(claimById)
    .filter((c): c is BuiltClaim<ClaimId> => c.status === 'built' && c.property !== undefined);
  const { results, missing, uncovered } = mergeResults(positionals, (id) => {
    const claim = isClaimId(id) ? claimById(id) : undefined;
    return claim === undefined ? 'unknown' : claim.status === 'pending' ? 'pending' : claim.expected;
  }, searched);
  // the shards' corpora (each the committed one plus what it found) join this checkout's, each entry checked first
  const incoming = corpora.flatMap((dir) => searched.map((c) => ({ id: c.id, dir, entries: loadCorpusFor(c.id, c.property!, dir) })));
  for (const { id, dir, entries } of incoming) {
    const added = saveToCorpus(id, entries, undefined, say.error);
    if (added) say(`corpus: ${added} new counterexample(s) for ${id} from ${dir}`);
  }
  const dir = await writeReport(results, values.out);
  say(`merged ${positionals.length} reports: ${results.ok && missing.length === 0 ? 'every outcome as expected' : 'UNEXPECTED OUTCOMES'}`);
  for (const shard of missing) say(`MISSING shard ${shard}: no report (it could not run; see its job)`);
  for (const id of uncovered) say(`NOT COVERED ${id}: no report holds it (merge --claim names the claims the shards searched)`);
  say(`report: ${dir}`);
  return results.ok && missing.length === 0 ? 0 : 1;
}

async function candidate(args: string[]): Promise<number> {
  const { values, positionals } = parse('candidate', args, SPECS.candidate.options);
  if (positionals.length !== 2) throw usage('candidate', 'candidate needs a claim and a module');
  const [id] = claimIds([positionals[0]]);
  const claim = claimById(id);
  const iface = claim.status === 'built' ? claim.property?.candidate : undefined;
  const takers = REGISTRY.filter((c) => c.status === 'built' && c.property?.candidate).map((c) => c.id);
  if (!iface) throw new UsageError(`${id} takes no candidate module: the claims that do are ${takers.join(', ')}`);
  resolveRun({ seed: values.seed, profile: values.profile }); // usage errors before anything runs
  if (values.path !== undefined) checkPath(values.path);
  const memoryMb = Number(values.memory);
  if (!Number.isInteger(memoryMb) || memoryMb < 64) throw new UsageError(`invalid --memory "${values.memory}": a whole number of MB, at least 64`);
  const limits = { timeMs: parseDuration(values.timeout), memoryMb };
  const modulePath = resolve(positionals[1]);
  const { outcome, unsaved } = await runCandidate(id, modulePath, values, limits, values.gradescope ? { file: values.gradescope, statement: claim.statement } : undefined);
  // the verdict is printed first: a Gradescope file that cannot be written does not lose it
  let code: number;
  if (outcome.kind === 'unusable') {
    say.error(`examcheck: ${id}: cannot be checked: ${outcome.reason}`);
    code = 2;
  } else if (!outcome.trial.failed) {
    say(`${id}: the candidate passes ${outcome.trial.runs} cases (profile ${outcome.profile}, seed ${outcome.seed})`);
    code = 0;
  } else {
    const t = outcome.trial;
    say(`${id}: the candidate is refuted: ${t.failure}`);
    say(`counterexample: ${show(t.counterexample)}`);
    say(`replay: ${candidateReplay(id, positionals[1], outcome.profile, outcome.seed, t.path)}`);
    code = 1;
  }
  if (unsaved !== undefined) {
    say.error(`examcheck: cannot write the Gradescope results to ${values.gradescope} (${unsaved}): the verdict above was not saved`);
    return 2;
  }
  return code;
}

/**
 * Gradescope's results.json, written after the verdict is printed: a write that fails is one line
 * and exit 2 (the verdict above is not lost), else `code`.
 */
function writeGradescope(file: string | undefined, results: unknown, code: number): number {
  if (file === undefined) return code;
  try {
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    return code;
  } catch (e) {
    say.error(`examcheck: cannot write the Gradescope results to ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): the verdict above was not saved`);
    return 2;
  }
}

/** `answer <claim> --program FILE`: a student's statements (cli/program.ts). */
function answerProgram(args: string[]): number {
  const { values, positionals } = parse('answer', args, SPECS.answer.options);
  if (positionals.length !== 1 || values.program === undefined) throw usage('answer', 'answer --program needs a claim and a file');
  const [id] = claimIds(positionals);
  const claim = claimById(id);
  if (claim.status !== 'built') throw new UsageError(`${id} is not built: it takes no answer`);
  const run = resolveRun({ seed: values.seed, profile: values.profile });
  const source = readProgram(values.program);
  say(describeRun(run));
  let verdict: ProgramVerdict;
  try {
    verdict = judgeProgram(claim, source, values.program, run);
  } catch (e) {
    // a program that cannot be checked scores 0 on Gradescope with its one-line reason, as a module does (cli/candidate.ts); the error still exits 2
    if (e instanceof NotationError || e instanceof UsageError) writeGradescope(values.gradescope, gradescopeFeedback(id, claim.statement, { holds: false, feedback: [`cannot be checked: ${e.message}`] }), 2);
    throw e;
  }
  for (const line of verdict.feedback) say(line);
  return writeGradescope(values.gradescope, gradescopeFeedback(id, claim.statement, verdict), verdict.holds ? 0 : 1);
}

function answer(args: string[]): number {
  if (args.includes('--program')) return answerProgram(args);
  // the formula is taken as it is, even when it starts with a minus sign
  const positionals = args.slice(0, 2);
  const { values, positionals: more } = parse('answer', args.slice(2), SPECS.answer.options);
  if (positionals.length !== 2 || positionals.some((p) => p.startsWith('--'))) throw usage('answer', 'answer needs a claim and a formula in quotes');
  // an unquoted formula reaches here as words (1, -, alpha/2): judging the first alone would refute the student's formula
  if (more.length > 0) throw usage('answer', `answer takes one formula, in quotes ("${[positionals[1], ...more].join(' ')}"?)`);
  const [id] = claimIds([positionals[0]]);
  const claim = claimById(id);
  const prop = claim.status === 'built' ? claim.property : undefined;
  const takers = REGISTRY.filter((c) => c.status === 'built' && c.property?.formula).map((c) => c.id);
  if (!prop?.formula) throw new UsageError(`${id} takes no formula answer: the claims that do are ${takers.join(', ')}`);
  const reference = prop.formula.reference;
  const run = resolveRun({ seed: values.seed, profile: values.profile });
  say(describeRun(run));
  const byProperty = claim.kind !== 'identity' || prop.formula.judgedBy === 'property';
  const verdict = judgeFormula(id, prop, positionals[1], run, byProperty);
  // a function the claim's numbers lack is the tool's limit, never the student's error
  if (verdict.cannotCheck) throw new CannotCheck(`${id}: cannot be checked: ${verdict.cannotCheck}`);
  const t = verdict.claimTrial;
  const holds = verdict.undefinedAt ? false : byProperty ? !t?.failed : verdict.equivalent;
  const condition = prop.formula.judgedBy === 'property';
  // the verdict first, then its grounds
  const asValue = `${verdict.equivalent ? 'equivalent' : 'not equivalent'} to the exam's answer`;
  const grounds = verdict.undefinedAt
    ? `the formula is undefined: ${verdict.evidence}`
    : condition
      ? `${holds ? 'the same zeros as' : 'not the zeros of'} the exam's condition (the claim's property decides); as a value (a condition needs only its zeros), ${asValue}: ${verdict.evidence}`
      : `${asValue}: ${verdict.evidence}`;
  // a value or U = EXPR where the claim takes a condition on U: what was judged
  const readAs = asCondition(positionals[1], prop.formula.condition);
  const read = readAs === positionals[1] ? [] : [`read as the condition ${readAs} = 0`];
  say(`${holds ? 'holds' : 'refuted'}: ${grounds}`);
  for (const line of read) say(line);
  if (t?.failed) say(`the claim's property refutes it: ${t.failure}\ncounterexample: ${show(t.counterexample)}`);
  else if (t) say(`the claim's property does not refute it in ${t.runs} runs`);
  if (byProperty && !verdict.undefinedAt) say(`${id} ${condition ? 'takes a condition (the same zeros as the exam\'s)' : `is ${claim.kind}`}: the verdict is its property's`);
  // a refuted formula of a claim file: its smallest repair, as for a program (cli/program.ts)
  const repair = t?.failed ? findRepair(prop, formulaAnswer(prop, positionals[1]), run) : null;
  const repaired = repair ? (repair.found ? repairEdit(repair) : repairLine(repair, null)) : null;
  if (repaired) say(repaired);
  const feedback = [
    `${holds ? 'holds' : 'refuted'}: ${grounds}`,
    ...read,
    // a claim file's example with every input a grader needs (properties/witness.ts), else as recorded
    ...(t?.failed ? [`the claim's property refutes it: ${t.failure}`, `witness: ${inputsText(t.counterexample) ?? show(t.counterexample)}`] : []),
    ...(repaired ? [repaired] : []),
  ];
  // for the student: the value the exam's answer gives, not the answer itself
  const unquoted = feedback.map((l) => l.replaceAll(`the exam's ${reference} gives`, 'the right value is').replaceAll(`the exam's ${reference}`, 'the right answer'));
  return writeGradescope(values.gradescope, gradescopeFeedback(id, claim.statement, { holds, feedback: unquoted }), holds ? 0 : 1);
}

function derive(args: string[]): number {
  const { values, positionals } = parse('derive', args, SPECS.derive.options);
  if (positionals.length !== 1) throw usage('derive', 'derive needs one derivation file');
  const runs = Number(values.runs);
  // bounded like every other budget (found by review: --runs 1e12 was taken, a run of years)
  if (!Number.isInteger(runs) || runs < 1 || runs > MAX_DERIVE_RUNS) throw new UsageError(`invalid --runs "${values.runs}": a whole number, 1 to ${MAX_DERIVE_RUNS}`);
  const run = resolveRun({ seed: values.seed });
  // no profile: derive's points are --runs
  say(`examcheck: ${describeSeed(run)}`);
  let verdict;
  try {
    verdict = checkDerivationFile(positionals[0], run.seed, runs);
  } catch (e) {
    throw e instanceof DerivationError ? new CannotCheck(e.message) : e;
  }
  say(verdict.report);
  return verdict.ok ? 0 : 1;
}

/** derive's largest --runs: 50 times the nightly profile's examples per property. */
const MAX_DERIVE_RUNS = 100_000;

/** `autograder <claim>... --out DIR`: cli/autograder.ts. */
function autograder(args: string[]): number {
  const { values, positionals } = parse('autograder', args, SPECS.autograder.options);
  if (positionals.length === 0 || values.out === undefined) throw usage('autograder', 'autograder needs one claim or more and --out DIR');
  if (existsSync(values.out) && !isFolder(values.out)) throw new UsageError(`--out ${values.out} is a file: autograder writes a folder there`);
  const config = planBundle(claimIds(positionals), values);
  writeBundle(values.out, config);
  packExamcheck(values.out);
  const zip = zipBundle(values.out);
  say(`autograder for ${config.claims.map((c) => c.id).join(', ')} (profile ${config.profile}, seed ${config.seed}): ${zip}`);
  say(`the answer file names to give students: ${join(values.out, 'README.md')}`);
  return 0;
}

const COMMANDS: Record<CommandName, (args: string[]) => number | Promise<number>> = { list, check, errata, replay, fuzz, merge, derive, answer, candidate, autograder };

export const COMMAND_NAMES = Object.keys(COMMANDS);

const isHelp = (a: string | undefined) => a === '--help' || a === '-h';

/**
 * Does the command line ask for help? `--help` or `-h` as an option; for `answer`, not in the
 * formula's place (`-h` may be a formula there), and never after `--`.
 */
function asksHelp(command: CommandName, args: readonly string[]): boolean {
  const options = args.slice(0, args.includes('--') ? args.indexOf('--') : undefined);
  return command === 'answer' ? isHelp(options[0]) || options[1] === '--help' || options.slice(2).some(isHelp) : options.some(isHelp);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (isHelp(command)) {
      console.log(overallHelp());
      return 0;
    }
    if (command === undefined || !(command in COMMANDS)) throw new UsageError(`${command === undefined ? 'no command' : `unknown command "${command}"`}: the commands are ${COMMAND_NAMES.join(', ')} (examcheck --help says what each does)`);
    const name = command as CommandName;
    if (asksHelp(name, args)) {
      console.log(commandHelp(name));
      return 0;
    }
    return await COMMANDS[name](args);
  } catch (e) {
    const line = render(e) ?? tooDeep(e, command);
    if (line === null) throw e;
    say.error(line);
    return 2;
  }
}

/**
 * A derivation or formula nested past what the checker's recursion can walk (a sum of thousands
 * of terms on one line is a tree thousands deep) ends in JavaScript's RangeError: that is the
 * input's size, said in one line, not a crash of examcheck. (The formula language states its own bounds and checks
 * them before the work; this is the last line of defence for every other input.)
 */
function tooDeep(e: unknown, command: string | undefined): string | null {
  // only where the input is an expression; elsewhere a stack overflow is examcheck's own bug, shown with its stack
  if (!(e instanceof RangeError) || !/call stack/i.test(e.message) || (command !== 'derive' && command !== 'answer')) return null;
  return `examcheck: ${command}: the input is nested too deeply to check (JavaScript's call stack ran out): split a long sum or a deep nesting into steps`;
}

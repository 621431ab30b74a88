/**
 * The `examcheck` command.
 *   examcheck list [--json]
 *   examcheck check [--profile P] [--seed S] [--claim ID]... [--json]
 *   examcheck replay <claim> [--answer ID] [--profile P] --seed S --path P
 *   examcheck fuzz --budget <duration|Nruns> [--claim ID]... [--shard i/n] [--seed S]
 *   examcheck merge <dir>... [--out DIR] [--corpus-from DIR]...
 *   examcheck derive <file> [--seed S] [--runs N]
 *   examcheck answer <claim> "<formula>" [--seed S] [--profile P]
 *   examcheck candidate <claim> <module> [--gradescope FILE] [--seed S] [--profile P] [--path P] [--timeout 60s] [--memory MB]
 * Exit codes: 0 every outcome as expected, 1 not, 2 an error (one line: properties/errors.ts).
 * `fuzz --shard i/n` exits 0 once its report is written, whatever it found: `merge` decides.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CannotCheck, render, UsageError } from '../properties/errors.ts';
import { describeRun, resolveRun } from '../properties/profile.ts';
import { CLAIM_IDS, claimById, isClaimId, REGISTRY, type ClaimId } from '../properties/registry.ts';
import type { BuiltClaim } from '../properties/claim.ts';
import { checkDerivationFile, DerivationError } from '../oracles/derivation.ts';
import { addToCorpus, loadCorpus } from '../properties/corpus.ts';
import { answersOf, runClaim, trial } from '../properties/run.ts';
import { resultsOf } from '../reports/schema.ts';
import { writeReport } from '../reports/write.ts';
import { gradescopeResults, runCandidate, type CandidateOutcome } from './candidate.ts';
import { judgeFormula } from './formula.ts';
import { fuzzClaims, mergeResults, parseBudget, parseDuration, parseShard, progressLine } from './fuzz.ts';

const USAGE =
  'usage: examcheck list [--json] | check [--profile P] [--seed S] [--claim ID]... [--json] | replay <claim> [--answer ID] [--profile P] --seed S --path P | fuzz --budget <duration|Nruns> [--claim ID]... [--shard i/n] [--seed S] | merge <dir>... [--out DIR] [--corpus-from DIR]... | derive <file> [--seed S] [--runs N] | answer <claim> "<formula>" [--seed S] [--profile P] | candidate <claim> <module> [--gradescope FILE] [--seed S] [--profile P] [--path P] [--timeout 60s] [--memory MB]';

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true } as const);
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split('\n')[0]}\n${USAGE}`);
  }
}

function claimIds(requested: readonly string[] | undefined): ClaimId[] {
  if (!requested || requested.length === 0) return [...CLAIM_IDS];
  for (const id of requested) {
    if (!isClaimId(id)) throw new UsageError(`unknown claim "${id}": valid ids are ${CLAIM_IDS.join(', ')}`);
  }
  return requested as ClaimId[];
}

const show = (x: unknown) => JSON.stringify(x);

function list(args: string[]): number {
  const { values } = parse(args, { json: { type: 'boolean' } });
  const rows = REGISTRY.map((c) => ({ id: c.id, problem: c.problem, part: c.part ?? null, kind: c.kind, status: c.status }));
  if (values.json) console.log(JSON.stringify(rows, null, 2));
  else for (const r of rows) console.log(`${r.id.padEnd(18)} problem ${r.problem}${r.part ? r.part : ' '}  ${r.kind.padEnd(12)} ${r.status}`);
  return 0;
}

async function check(args: string[]): Promise<number> {
  const { values } = parse(args, {
    profile: { type: 'string' },
    seed: { type: 'string' },
    claim: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  const ids = claimIds(values.claim);
  const run = resolveRun({ profile: values.profile, seed: values.seed });
  const log = values.json ? console.error : console.log;
  log(describeRun(run));
  const startedAt = new Date().toISOString();
  const claims = ids.map((id) => {
    const result = runClaim(claimById(id), run);
    const refuted = result.wrongAnswers.filter((w) => w.refuted).length;
    log(
      `${result.ok ? 'ok  ' : 'FAIL'} ${id.padEnd(18)} ${result.verdict.padEnd(9)} ${String(result.runs).padStart(5)} runs ${String(result.ms).padStart(6)} ms  wrong answers refuted ${refuted}/${result.wrongAnswers.length}`,
    );
    if (!result.expected) {
      log(`     ${result.failure ?? 'no counterexample found'}`);
      if (result.counterexample !== null) log(`     counterexample: ${show(result.counterexample)}`);
      if (result.replay) log(`     replay: ${result.replay}`);
    }
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
  const results = resultsOf({ seed: run.seed, profile: run.profile.name, startedAt, claims });
  const dir = await writeReport(results);
  log(`report: ${dir}`);
  if (values.json) console.log(JSON.stringify(results, null, 2));
  return results.ok ? 0 : 1;
}

function replay(args: string[]): number {
  const { values, positionals } = parse(args, {
    profile: { type: 'string' },
    seed: { type: 'string' },
    path: { type: 'string' },
    answer: { type: 'string' },
  });
  const [id] = claimIds(positionals.length === 1 ? positionals : [positionals.join(' ') || '(none)']);
  if (values.seed === undefined || values.path === undefined) throw new UsageError(`replay needs --seed and --path\n${USAGE}`);
  const claim = claimById(id);
  if (claim.status === 'pending' || !claim.property) throw new UsageError(`claim ${id} has no property: nothing to replay`);
  const prop = claim.property;
  const answers = answersOf(prop);
  const answerId = values.answer ?? prop.reference.id;
  const answer = answers.get(answerId);
  if (answer === undefined) throw new UsageError(`claim ${id} has no answer "${answerId}": valid answers are ${[...answers.keys()].join(', ')}`);
  const run = resolveRun({ profile: values.profile, seed: values.seed });
  console.log(describeRun(run));
  const t = trial(id, prop, answerId, answer, run, { path: values.path, examples: loadCorpus(id).map((e) => e.input) });
  if (!t.failed) {
    console.log(`${id} (${answerId}): the replayed case passes`);
    return 0;
  }
  console.log(`${id} (${answerId}): ${t.failure}`);
  console.log(`counterexample: ${show(t.counterexample)}`);
  return 1;
}

async function fuzz(args: string[]): Promise<number> {
  const { values } = parse(args, {
    budget: { type: 'string' },
    claim: { type: 'string', multiple: true },
    shard: { type: 'string' },
    seed: { type: 'string' },
  });
  if (values.budget === undefined) throw new UsageError(`fuzz needs --budget, e.g. --budget 60s\n${USAGE}`);
  const budget = parseBudget(values.budget);
  const shard = parseShard(values.shard);
  const ids = claimIds(values.claim);
  const run = resolveRun({ profile: 'nightly', seed: values.seed });
  let stop = false;
  const onSignal = () => {
    stop = true;
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  console.log(`${describeRun(run)}, budget ${values.budget}, shard ${shard.index}/${shard.count}`);
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
          console.log(line);
        }
      },
    },
  );
  process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  if (terminal) process.stdout.write('\n');
  const { results } = outcome;
  console.log(`fuzz ${outcome.interrupted ? 'interrupted' : 'done'} after ${Math.round(outcome.elapsedMs / 1000)}s`);
  for (const c of results.claims) {
    console.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.id.padEnd(18)} ${c.verdict.padEnd(9)} ${String(c.runs).padStart(7)} runs  ${c.corpus.saved} new in corpus`);
    if (c.verdict === 'refuted') console.log(`     ${c.failure}\n     counterexample: ${show(c.counterexample)}\n     replay: ${c.replay}`);
  }
  console.log(`report: ${await writeReport(results)}`);
  // a shard's report is one part of a night: the merge of all of them decides (and exits 1)
  return results.ok || values.shard !== undefined ? 0 : 1;
}

async function merge(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { out: { type: 'string' }, 'corpus-from': { type: 'string', multiple: true } });
  // the shards' corpora (each the committed one plus what it found) join this checkout's
  for (const dir of values['corpus-from'] ?? []) {
    for (const id of CLAIM_IDS) {
      const added = addToCorpus(id, loadCorpus(id, dir));
      if (added) console.log(`corpus: ${added} new counterexample(s) for ${id} from ${dir}`);
    }
  }
  const { results, missing } = mergeResults(positionals, (id) => {
    const claim = isClaimId(id) ? claimById(id) : undefined;
    return claim === undefined ? 'unknown' : claim.status === 'pending' ? 'pending' : claim.expected;
  });
  const dir = await writeReport(results, values.out);
  console.log(`merged ${positionals.length} reports: ${results.ok ? 'every outcome as expected' : 'UNEXPECTED OUTCOMES'}`);
  for (const shard of missing) console.log(`MISSING shard ${shard}: no report (it could not run; see its job)`);
  console.log(`report: ${dir}`);
  return results.ok && missing.length === 0 ? 0 : 1;
}

async function candidate(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    gradescope: { type: 'string' },
    seed: { type: 'string' },
    profile: { type: 'string' },
    path: { type: 'string' },
    timeout: { type: 'string', default: '60s' },
    memory: { type: 'string', default: '1024' },
  });
  if (positionals.length !== 2) throw new UsageError(`candidate needs a claim and a module\n${USAGE}`);
  const [id] = claimIds([positionals[0]]);
  const claim = claimById(id);
  const iface = claim.status === 'built' ? claim.property?.candidate : undefined;
  const takers = REGISTRY.filter((c) => c.status === 'built' && c.property?.candidate).map((c) => c.id);
  if (!iface) throw new UsageError(`${id} takes no candidate module: the claims that do are ${takers.join(', ')}`);
  resolveRun({ seed: values.seed, profile: values.profile }); // usage errors before anything runs
  const memoryMb = Number(values.memory);
  if (!Number.isInteger(memoryMb) || memoryMb < 64) throw new UsageError(`invalid --memory "${values.memory}": a whole number of MB, at least 64`);
  const limits = { timeMs: parseDuration(values.timeout), memoryMb };
  const modulePath = resolve(positionals[1]);
  const outcome: CandidateOutcome = existsSync(modulePath)
    ? await runCandidate(id, modulePath, values, limits)
    : { kind: 'unusable', reason: `no module at ${modulePath}` };
  if (values.gradescope) writeFileSync(values.gradescope, `${JSON.stringify(gradescopeResults(id, outcome, claim.statement), null, 2)}\n`);
  if (outcome.kind === 'unusable') throw new CannotCheck(`${id}: cannot be checked: ${outcome.reason}`);
  const t = outcome.trial;
  if (!t.failed) {
    console.log(`${id}: the candidate passes ${t.runs} cases (profile ${outcome.profile}, seed ${outcome.seed})`);
    return 0;
  }
  console.log(`${id}: the candidate is refuted: ${t.failure}`);
  console.log(`counterexample: ${show(t.counterexample)}`);
  console.log(`replay: npx examcheck candidate ${id} ${positionals[1]} --profile ${outcome.profile} --seed ${outcome.seed} --path ${t.path}`);
  return 1;
}

function answer(args: string[]): number {
  // the formula is taken as it is, even when it starts with a minus sign
  const positionals = args.slice(0, 2);
  const { values } = parse(args.slice(2), { seed: { type: 'string' }, profile: { type: 'string' } });
  if (positionals.length !== 2 || positionals.some((p) => p.startsWith('--'))) throw new UsageError(`answer needs a claim and a formula in quotes\n${USAGE}`);
  const [id] = claimIds([positionals[0]]);
  const claim = claimById(id);
  const prop = claim.status === 'built' ? claim.property : undefined;
  const takers = REGISTRY.filter((c) => c.status === 'built' && c.property?.formula).map((c) => c.id);
  if (!prop?.formula) throw new UsageError(`${id} takes no formula answer: the claims that do are ${takers.join(', ')}`);
  const run = resolveRun({ seed: values.seed, profile: values.profile });
  console.log(describeRun(run));
  const byProperty = claim.kind !== 'identity';
  const verdict = judgeFormula(id, prop, positionals[1], run, byProperty);
  console.log(`${verdict.equivalent ? 'equivalent' : 'not equivalent'} to the exam's answer: ${verdict.evidence}`);
  const t = verdict.claimTrial;
  if (t?.failed) console.log(`the claim's property refutes it: ${t.failure}\ncounterexample: ${show(t.counterexample)}`);
  else if (t) console.log(`the claim's property does not refute it in ${t.runs} runs`);
  if (byProperty) console.log(`${id} is ${claim.kind}: the verdict is its property's`);
  return (byProperty ? !t?.failed : verdict.equivalent) ? 0 : 1;
}

function derive(args: string[]): number {
  const { values, positionals } = parse(args, { seed: { type: 'string' }, runs: { type: 'string', default: '100' } });
  if (positionals.length !== 1) throw new UsageError(`derive needs one derivation file\n${USAGE}`);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`invalid --runs "${values.runs}": a whole number, at least 1`);
  const run = resolveRun({ seed: values.seed });
  console.log(describeRun(run));
  let verdict;
  try {
    verdict = checkDerivationFile(positionals[0], run.seed, runs);
  } catch (e) {
    throw e instanceof DerivationError ? new CannotCheck(e.message) : e;
  }
  console.log(verdict.report);
  return verdict.ok ? 0 : 1;
}

const COMMANDS: Record<string, (args: string[]) => number | Promise<number>> = { list, check, replay, fuzz, merge, derive, answer, candidate };

export const COMMAND_NAMES = Object.keys(COMMANDS);

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    const run = command === undefined ? undefined : COMMANDS[command];
    if (!run) throw new UsageError(command === undefined ? USAGE : `unknown command "${command}"\n${USAGE}`);
    return await run(args);
  } catch (e) {
    const line = render(e);
    if (line === null) throw e;
    console.error(line);
    return 2;
  }
}

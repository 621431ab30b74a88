/**
 * The `examcheck` command.
 *   examcheck list [--json]
 *   examcheck check [--profile P] [--seed S] [--claim ID]... [--json]
 *   examcheck replay <claim> [--answer ID] [--profile P] --seed S --path P
 * Exit codes: 0 every outcome as expected, 1 not, 2 usage errors.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { describeRun, resolveRun, UsageError } from '../properties/profile.ts';
import { CLAIM_IDS, claimById, isClaimId, REGISTRY, type ClaimId } from '../properties/registry.ts';
import { CorpusError, loadCorpus } from '../properties/corpus.ts';
import { answersOf, runClaim, trial } from '../properties/run.ts';
import type { Results } from '../reports/schema.ts';
import { SCHEMA_VERSION } from '../reports/schema.ts';
import { writeReport } from '../reports/write.ts';

const USAGE = 'usage: examcheck list [--json] | check [--profile P] [--seed S] [--claim ID]... [--json] | replay <claim> [--answer ID] [--profile P] --seed S --path P';

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
    }
    return result;
  });
  const results: Results = {
    schema: SCHEMA_VERSION,
    seed: run.seed,
    profile: run.profile.name,
    startedAt,
    ok: claims.every((c) => c.ok),
    claims,
  };
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

const COMMANDS: Record<string, (args: string[]) => number | Promise<number>> = { list, check, replay };

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    const run = command === undefined ? undefined : COMMANDS[command];
    if (!run) throw new UsageError(command === undefined ? USAGE : `unknown command "${command}"\n${USAGE}`);
    return await run(args);
  } catch (e) {
    if (e instanceof UsageError || e instanceof CorpusError) {
      console.error(`examcheck: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

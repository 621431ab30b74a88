/**
 * `npm run bench`: speed, as JSON on stdout.
 * - examples/s of every built property on its reference answer (default profile shapes), or on
 *   the corrected reading where the reference is refuted by design;
 * - time to find and shrink each wrong answer's counterexample (target: under 1 s each);
 * - in the same run, the Python Hypothesis + numpy peer for Problem 1 (bench/peer_p1.py) and
 *   our examples/s ÷ theirs;
 * - the cost of the P1 gradient check against tensor size, 16 to 2^20 elements.
 * Options: --runs N (examples per property, default 1000), --seed S.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { uniformStream } from '../oracles/prng.ts';
import { backward, type SimpleNormCase } from '../properties/p1.ts';
import { resolveRun } from '../properties/profile.ts';
import { REGISTRY } from '../properties/registry.ts';
import { trial } from '../properties/run.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' } } });
const run = resolveRun({ seed: values.seed });
const heavy = { ...run, profile: { ...run.profile, numRuns: Number(values.runs) } };
const seconds = (f: () => void) => {
  const t = performance.now();
  f();
  return (performance.now() - t) / 1000;
};

const properties: Record<string, { examplesPerSecond: number; shrinkMs: Record<string, number> }> = {};
for (const claim of REGISTRY) {
  if (claim.status !== 'built' || !claim.property) continue;
  const prop = claim.property;
  // a reference refuted by design (a finding) stops at its first failure: time the corrected reading
  const answer = claim.expected === 'refuted' ? (prop.errata?.[0]?.fixed ?? prop.reference.answer) : prop.reference.answer;
  seconds(() => trial(claim.id, prop, 'reference', answer, { ...run, profile: { ...run.profile, numRuns: 50 } })); // warm up the JIT
  let runs = 0;
  const elapsed = seconds(() => (runs = trial(claim.id, prop, 'reference', answer, heavy).runs));
  const shrinkMs = Object.fromEntries(
    prop.wrongAnswers.map((w) => [w.id, Math.round(1000 * seconds(() => trial(claim.id, prop, w.id, w.answer, run)) * 10) / 10]),
  );
  properties[claim.id] = { examplesPerSecond: Math.round(runs / elapsed), shrinkMs };
}

/**
 * The P1 gradient check (P1.backward's check, reference answer) against tensor size: one case of
 * shape (n/16, 1, 1, 16), values from a seeded generator; and whether the 1e-12 nudges are caught.
 * They are not, past a few thousand entries: the allowance is Higham's worst-case γ bound on the
 * rounding of sums of n/16 terms, which then exceeds 1e-12 of the sum itself.
 */
const gradientCheckCost = [16, 256, 4096, 65_536, 262_144].map((n) => {
  const next = uniformStream(n);
  const values = (k: number) => Array.from({ length: k }, () => Math.round((next() * 8 - 4) * 1024) / 1024);
  const x: SimpleNormCase = {
    shape: [n / 16, 1, 1, 16],
    L: values(n),
    A: values(16),
    B: values(16),
    outGrad: values(n),
    gradsBefore: { L: values(n), A: values(16), B: values(16) },
    directionSeed: n,
  };
  let failure: string | null = null;
  const ms = 1000 * seconds(() => (failure = backward.check(backward.reference.answer, x)));
  const caught = backward.wrongAnswers.filter((w) => w.id.endsWith('1e-12')).map((w) => backward.check(w.answer, x) !== null);
  return { elements: n, ms: Math.round(ms), msPerElement: Math.round((1e6 * ms) / n) / 1e6, referencePasses: failure === null, relative1e12Caught: caught.every(Boolean) };
});

const peerScript = fileURLToPath(new URL('peer_p1.py', import.meta.url));
const peerRun = spawnSync('python3', [peerScript, '300'], { encoding: 'utf8' });
const peer = peerRun.status === 0 ? JSON.parse(peerRun.stdout) : { error: (peerRun.stderr || String(peerRun.error)).trim().split('\n').pop() };
const ratio = Object.fromEntries(
  Object.entries((peer.examplesPerSecond ?? {}) as Record<string, number>).map(([id, theirs]) => [id, Math.round((10 * properties[id].examplesPerSecond) / theirs) / 10]),
);

console.log(
  JSON.stringify(
    {
      machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
      seed: run.seed,
      profile: run.profile.name,
      runsPerProperty: heavy.profile.numRuns,
      properties,
      peer,
      examplesPerSecondRatioToPeer: ratio,
      p1GradientCheckCost: gradientCheckCost,
    },
    null,
    2,
  ),
);

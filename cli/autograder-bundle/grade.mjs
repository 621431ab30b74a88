// Gradescope's grader, the part run_autograder hands to Node: for each claim in config.json (beside
// this file), find the student's answer in the submission folder, have examcheck judge it with the
// bundle's profile, seed and limits, and write one results.json with a test per claim.
//
// Written by `examcheck autograder` (cli/autograder.ts); plain JavaScript with Node's own modules
// only, so it runs (and reports) where examcheck itself cannot start. Every road ends in a
// results.json: a placeholder (score 0, stopped before a verdict) is written first, and a claim
// whose answer is missing, ambiguous, over the time limit, or whose examcheck run crashed gets
// score 0 with the reason.
//
// Environment: AUTOGRADER_ROOT (default /autograder: submission/, results/, examcheck/ under it);
// EXAMCHECK_BIN, examcheck's bin/examcheck.js (default AUTOGRADER_ROOT/examcheck/bin/examcheck.js,
// where setup.sh installs it).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.env.AUTOGRADER_ROOT || '/autograder';
const submission = join(root, 'submission');
const resultsFile = join(root, 'results', 'results.json');
const examcheck = process.env.EXAMCHECK_BIN || join(root, 'examcheck', 'bin', 'examcheck.js');
const config = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'config.json'), 'utf8'));

/** Folders a submission may carry that hold no answer: dependencies, an archiver's extras. */
const SKIPPED = new Set(['node_modules', '__MACOSX']);
/** How many files of a submission are looked at, and listed when no answer is found. */
const MAX_FILES = 10_000;
const LISTED = 20;
/** How much of examcheck's output is kept: its verdict is a few lines. */
const MAX_OUTPUT = 64 * 1024;
/** A formula file's largest size, bytes: far above the formula language's 1000 characters, far below what could exhaust memory. */
const MAX_FORMULA_FILE = 64 * 1024;

function writeResults(results) {
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
}

/** A claim's test with score 0 and the reason, in plain text (the reason may quote a student's file). */
const failed = (name, reason) => ({ name, status: 'failed', score: 0, max_score: 1, output: reason, output_format: 'text' });

/** The submission's regular files (symbolic links are not followed), as paths relative to it; hidden ones and SKIPPED folders left out. */
function submittedFiles() {
  const files = [];
  const walk = (relative) => {
    let entries;
    try {
      entries = readdirSync(join(submission, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (files.length >= MAX_FILES || e.name.startsWith('.') || SKIPPED.has(e.name)) continue;
      const path = relative === '' ? e.name : `${relative}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else if (e.isFile()) files.push(path);
    }
  };
  walk('');
  return files;
}

/** The claim's answer among the files (names matched without regard to case): `{ file, kind }`, or `{ reason }` when there is none or more than one. */
function findAnswer(claim, files) {
  const kinds = new Map(claim.answers.map((a) => [a.name.toLowerCase(), a.kind]));
  const found = files.filter((f) => kinds.has(basename(f).toLowerCase()));
  const names = claim.answers.map((a) => a.name).join(', ');
  if (found.length === 1) return { file: found[0], kind: kinds.get(basename(found[0]).toLowerCase()) };
  if (found.length > 1) return { reason: `Not graded: ${found.length} answers for ${claim.id} (${found.join(', ')}); submit one of ${names}.` };
  const held = files.length === 0 ? 'no files' : `${files.slice(0, LISTED).join(', ')}${files.length > LISTED ? `, and ${files.length - LISTED} more` : ''}`;
  return { reason: `Not graded: no answer for ${claim.id}. Submit one file named ${names}; this submission holds ${held}.` };
}

/** examcheck's arguments for an answer, or `{ reason }` for a formula file that does not hold one formula. */
function commandFor(claim, answer, out) {
  const path = join(submission, answer.file);
  const run = ['--gradescope', out, '--profile', config.profile, '--seed', String(config.seed)];
  if (answer.kind === 'module') return { args: ['candidate', claim.id, path, ...run, '--timeout', config.timeout, '--memory', String(config.memoryMb)] };
  if (answer.kind === 'program') return { args: ['answer', claim.id, '--program', path, ...run] };
  // a formula file: one formula on one line; blank lines and # comments around it are allowed
  const size = statSync(path).size;
  if (size > MAX_FORMULA_FILE) return { reason: `Not graded: ${answer.file} is ${size} bytes; a formula file holds one formula, on one line.` };
  const lines = readFileSync(path, 'utf8')
    .split(/\r\n?|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length !== 1) return { reason: `Not graded: ${answer.file} holds ${lines.length} formulas; write exactly one, on one line (lines starting with # are comments).` };
  return { args: ['answer', claim.id, lines[0], ...run] };
}

/**
 * Run examcheck in a process group of its own, killed (the whole group) when it passes
 * `config.runLimitMs`: `{ code, signal, timedOut, stderr }`. Waits for the process's exit, not for
 * its pipes: a grandchild that holds them cannot keep the grade waiting.
 */
function runExamcheck(args, cwd) {
  return new Promise((resolve) => {
    let stderr = '';
    let timedOut = false;
    const child = spawn(process.execPath, [examcheck, ...args], { cwd, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (chunk) => {
      if (stderr.length < MAX_OUTPUT) stderr += chunk;
    });
    const killGroup = () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, config.runLimitMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, timedOut, stderr: `examcheck could not start: ${e.message}` });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      killGroup(); // what it started and left behind
      resolve({ code, signal, timedOut, stderr });
    });
  });
}

/** examcheck's one-line error (`examcheck: …`), else how its process ended and the last line it printed. */
function whatExamcheckSaid(run) {
  const lines = run.stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const own = lines.find((l) => l.startsWith('examcheck'));
  if (own) return own;
  const ended = run.signal ? `was killed (${run.signal})` : `exited with code ${run.code}`;
  return `examcheck ${ended} without a verdict${lines.length ? `: ${lines[lines.length - 1]}` : ''}`;
}

/** The tests of one claim: examcheck's Gradescope file where it wrote one, else score 0 and why. */
async function gradeClaim(claim, files) {
  const answer = findAnswer(claim, files);
  if (answer.reason) return [failed(claim.id, answer.reason)];
  const name = `${claim.id} (${answer.file})`;
  const work = mkdtempSync(join(tmpdir(), 'examcheck-grade-'));
  try {
    const out = join(work, 'results.json');
    const command = commandFor(claim, answer, out);
    if (command.reason) return [failed(name, command.reason)];
    const run = await runExamcheck(command.args, work);
    if (run.timedOut) return [failed(name, `Not graded: the check did not finish within the time limit (${config.runLimitMs / 1000} s for one answer).`)];
    let written;
    try {
      written = JSON.parse(readFileSync(out, 'utf8'));
    } catch {
      // no file (examcheck stopped on an error of the answer's, or crashed, before writing one)
    }
    if (!Array.isArray(written?.tests) || written.tests.length === 0) return [failed(name, `Could not be checked: ${whatExamcheckSaid(run)}`)];
    // examcheck (candidate) writes its file before the module runs too: a run killed after that leaves "stopped before it reached a verdict", said again here with how it ended
    const abnormal = run.signal !== null || ![0, 1, 2].includes(run.code);
    return written.tests.map((t) => ({ ...t, name, ...(abnormal ? { output: `${t.output}\n\n(${whatExamcheckSaid(run)})` } : {}) }));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  writeResults({ score: 0, output: 'The autograder stopped before it reached a verdict. Please tell the course staff.', tests: [] });
  const files = submittedFiles();
  const tests = [];
  for (const claim of config.claims) tests.push(...(await gradeClaim(claim, files)));
  const score = tests.reduce((s, t) => s + t.score, 0);
  const passed = tests.filter((t) => t.status === 'passed').length;
  writeResults({
    score,
    output: `Graded by examcheck ${config.examcheck} (profile ${config.profile}, seed ${config.seed}): ${passed} of ${tests.length} claims pass.`,
    tests,
  });
}

try {
  await main();
} catch (e) {
  writeResults({ score: 0, output: `The autograder failed before it reached a verdict (${e instanceof Error ? e.message : String(e)}). Please tell the course staff.`, tests: [] });
}
process.exit(0);

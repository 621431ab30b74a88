/**
 * Every error a user of examcheck can meet, one class each, and how each is shown: one line
 * (`render`), then exit 2. A failing answer is not among them: that is a refutation, a verdict.
 * (A derivation file that does not parse throws oracles/derivation.ts's DerivationError, below
 * this layer; `examcheck derive` reports it as CannotCheck.)
 */

import { NotationError } from '../oracles/notation/errors.ts';
import { ExamError } from './exams.ts';

/** A command line, a profile, a seed or a flag that examcheck cannot take, said as what to do. */
export class UsageError extends Error {}

/** A corpus file under properties/corpus/ that is unreadable or not a corpus. */
export class CorpusError extends Error {}

/** An answer that cannot be checked at all: a module that does not load or exports the wrong shape, a derivation file that does not parse. */
export class CannotCheck extends Error {}

/** The longest input an InternalError quotes: the replay command reproduces it in full. */
const INPUT_CHARS = 200;

/**
 * Something other than the answer threw while a claim was checked: its oracle, or the property's
 * own code. That is a defect of examcheck, never a verdict on the answer, so the run stops for
 * the claim: the message names the claim, the input (shortened) and, where known, the command
 * that replays it.
 */
export class InternalError extends Error {
  constructor(
    readonly claimId: string,
    readonly input: unknown,
    override readonly cause: unknown,
    readonly replay: string | null = null,
  ) {
    const quoted = JSON.stringify(input) ?? String(input);
    const shown = quoted.length > INPUT_CHARS ? `${quoted.slice(0, INPUT_CHARS)}…` : quoted;
    const why = firstLine(cause instanceof Error ? cause.message : String(cause));
    super(`internal error checking ${claimId} (its oracle or property threw, not the answer): ${why}; input ${shown}${replay ? `; replay: ${replay}` : ''}`);
  }
}

const firstLine = (text: string) => text.split('\n')[0];

/** The line a user sees for an error of theirs or of examcheck's, or null for any other error (a bug to report with its stack). */
export function render(e: unknown): string | null {
  if (e instanceof UsageError) return `examcheck: ${e.message}`;
  // a claim file's own mistake (an index past its axis in its forward program), met while checking
  if (e instanceof CorpusError || e instanceof CannotCheck || e instanceof InternalError || e instanceof NotationError || e instanceof ExamError) {
    return `examcheck: ${firstLine(e.message)}`;
  }
  return null;
}

/**
 * Thrown by a check whose claim says nothing on this input (the forward program divides by 0
 * there, a hypothesis no law meets): the input is neither a pass nor a refutation. A trial in
 * which every input said nothing checked nothing, and is reported so, never as verified.
 */
export class NoValue extends Error {}

/** End the check of this input as one the claim says nothing about (see NoValue). */
export function noValue(reason: string): never {
  throw new NoValue(reason);
}

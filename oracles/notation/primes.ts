/**
 * Primed names (`eta'`, `L'`): mathjs reads `'` as a transpose, so a prime after a name is
 * rewritten to PRIME before parsing and written back in every name and message.
 */
const PRIME = '__prime';

/** The text mathjs parses: each prime after a name replaced by PRIME. */
export const unprimed = (text: string): string => text.replace(/([A-Za-z\u0370-\u03FF_][A-Za-z0-9\u0370-\u03FF_]*)('+)/g, (_, name: string, primes: string) => name + PRIME.repeat(primes.length));

/** A name or text as written: PRIME back to a prime. */
export const shownName = (text: string): string => text.replaceAll(PRIME, "'");

/**
 * Hoeffding's inequality (Hoeffding 1963, Theorem 2): the mean of n independent draws, each in an
 * interval of width `range`, is farther than t from its expectation with probability at most
 * 2·exp(−2nt²/range²). `hoeffding` returns the t that makes that exactly `falseAlarm`:
 * t = range·√(ln(2/falseAlarm)/(2n)). A sampled check that allows t therefore fails a correct
 * answer by chance with probability at most `falseAlarm` (its false-alarm probability); a check
 * of two quantities at once gives each falseAlarm/2 (the union bound).
 */
export const hoeffding = (n: number, falseAlarm: number, range = 1): number => range * Math.sqrt(Math.log(2 / falseAlarm) / (2 * n));

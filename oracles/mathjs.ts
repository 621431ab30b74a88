/**
 * mathjs, from its single-file build: that loads in about 50 ms, where the package's ESM or
 * CommonJS entry (hundreds of modules) takes one to two seconds in every examcheck process,
 * whether or not it parses a formula. Same library, same version, same types.
 *
 * Only its parser is used, on text the formula language has already checked token by token
 * (notation/language.ts): nothing of a user's text is ever evaluated by mathjs, and the project
 * creates no mathjs instance. (In this build `create` ignores its configuration — an instance
 * asked for Fraction or BigNumber numbers computes in float64 — which is how "exact" formula
 * checks once ran in float64, issue 16 item 4; formulas are computed by the notation engine over
 * the number tower instead, oracles/numbers/.) The parser reads constants as doubles
 * (`config.number` is 'number'), which the engine reads back as the decimals written.
 */
import { createRequire } from 'node:module';
import type * as MathJs from 'mathjs';

const mathjs = createRequire(import.meta.url)('mathjs/lib/browser/math.js') as typeof MathJs;

/** Its parser only; see above. */
export const { parse } = mathjs;
export type { MathNode } from 'mathjs';

/**
 * mathjs, from its single-file build: that loads in about 50 ms, where the package's ESM entry
 * (hundreds of modules, each through tsx's loader) takes about a second in every examcheck
 * process, whether or not it parses a formula. Same library, same version, same types.
 */
import { createRequire } from 'node:module';
import type * as MathJs from 'mathjs';

const mathjs = createRequire(import.meta.url)('mathjs/lib/browser/math.js') as typeof MathJs;

/** Its parser only: nothing of a user's text is ever evaluated by mathjs (the notation engine compiles the tree). */
export const { parse } = mathjs;
export type { MathNode } from 'mathjs';

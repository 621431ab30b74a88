/**
 * The claims written in TypeScript, by id, and what each problem's property file (p1.ts, ...)
 * adds to them: a module of its own, so the property files and the registry that imports them
 * do not import each other.
 */
import type { Built } from './claim.ts';

export const TS_CLAIM_IDS = [
  'P1.numpy',
  'P2.tuning',
  'P3.beta2',
  'P4.prior',
  'P5.hvp',
  'P7.highway',
  'P8.half-dropout',
] as const;

export type TsClaimId = (typeof TS_CLAIM_IDS)[number];

/** Built claims, by id: what each problem's property file adds to the registry's entries. */
export type BuiltClaims = { readonly [Id in TsClaimId]?: Built<Id> };

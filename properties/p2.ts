/** Not built yet: its claims stay pending in the registry. */
import type { BuiltClaims } from './registry.ts';

export const built: BuiltClaims = {};

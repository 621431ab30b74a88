/** For tests: the one-line NotationError a claim-file text gets, or '' when it parses. */
import { expect } from 'vitest';
import { NotationError, parseClaimFile } from './index.ts';

export function parseError(text: string): string {
  try {
    parseClaimFile(text, 'f.claims');
    return '';
  } catch (e) {
    expect(e).toBeInstanceOf(NotationError);
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
}

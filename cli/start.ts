/**
 * The examcheck command's start (bin/examcheck.js runs it, bundled or through tsx): main, loaded
 * here so that what the registry throws while it reads the exam folders (a claim file that does
 * not parse, a stale anchor) is the user's error, one line and exit 2, as main reports the errors
 * of a command.
 */
import { ExamError } from '../properties/exams.ts';
import { NotationError } from '../oracles/notation/index.ts';

/** Runs `examcheck argv…`; resolves to the exit code (main's: 0, 1 or 2). */
export async function start(argv: string[]): Promise<number> {
  let main: (argv: string[]) => Promise<number>;
  try {
    ({ main } = await import('./main.ts'));
  } catch (e) {
    if (!(e instanceof ExamError || e instanceof NotationError)) throw e;
    console.error(`examcheck: ${e.message}`);
    return 2;
  }
  return main(argv);
}

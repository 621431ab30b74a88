/**
 * Runs in a child process (cli/candidate.ts starts it with a heap limit and watches its time and
 * memory): checks the candidate and sends the outcome to the parent over IPC.
 */
import { checkCandidate } from './candidate-check.ts';

const [claimId, modulePath, seed, profile, path] = process.argv.slice(2);
const outcome = await checkCandidate(claimId, modulePath, { seed, profile, path });
process.send!(outcome, undefined, undefined, () => process.exit(0));

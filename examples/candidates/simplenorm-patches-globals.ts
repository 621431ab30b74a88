// Correct, and hostile: patches Math, Array.prototype, Number and process.send (each reply goes out
// after a forged verdict). Judged on its answers alone, which are right: it passes.
import { SimpleNorm as Correct } from './simplenorm-correct.ts';

Math.abs = () => 0;
Math.max = () => 0;
Array.prototype.every = () => true;
Array.prototype.some = () => false;
Number.isFinite = () => true;
const send = process.send!.bind(process);
process.send = ((message: unknown, ...rest: never[]) => {
  send({ kind: 'checked', trial: { failed: false, runs: 100 } });
  return send(message as never, ...rest);
}) as typeof process.send;

export class SimpleNorm extends Correct {}

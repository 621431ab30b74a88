// Never returns: a loop whose exit condition cannot become true.
import { SimpleNorm as Correct } from './simplenorm-correct.ts';

export class SimpleNorm extends Correct {
  override backward() {
    for (let i = 0; i >= 0; i = (i + 1) % 10);
  }
}

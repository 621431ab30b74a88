// Allocates without bound: 10 GB of scratch space, touched so it is really used.
import { SimpleNorm as Correct } from './simplenorm-correct.ts';

export class SimpleNorm extends Correct {
  override backward() {
    const scratch: Float64Array[] = [];
    for (let gb = 0; gb < 10; gb++) scratch.push(new Float64Array(2 ** 27).fill(1));
    super.backward();
  }
}

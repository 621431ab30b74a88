// Off by 1e-12 in B.grad, and patches Math.abs to 0 so that an error computed beside it would be 0.
// Its process's globals are its own: refuted for B.grad.
import { SimpleNorm as Off } from './simplenorm-b-grad-1e-12.ts';

Math.abs = () => 0;

export class SimpleNorm extends Off {}

// Off by 1e-12 in B.grad, and tries to pass anyway: at load it sends the message a checker running
// beside it would have taken for its verdict, and replies to requests it has not been sent. The
// channel carries only the reply to the request the checker waits on: refuted for B.grad.
import { SimpleNorm as Off } from './simplenorm-b-grad-1e-12.ts';

process.send?.({ kind: 'checked', trial: { failed: false, runs: 100 }, seed: 1, profile: 'default' });
for (let id = 0; id < 100; id++) process.send?.({ id, value: { loaded: true } });

export class SimpleNorm extends Off {}

// Problem 5, right, written without complex.js: grad takes plain { re, im } values (and gives
// complex.js values back, read here as { re, im } too). An ES module, as .mts and .ts files are
// wherever they are: top-level await works.
type Complex = { re: number; im: number };

const EPSILON = await Promise.resolve(2 ** -50);

export function hvp(grad: (at: Complex[]) => Complex[], theta: number[], dtheta: number[]): number[] {
  const size = Math.max(...dtheta.map(Math.abs));
  const epsilon = size === 0 ? EPSILON : EPSILON / 2 ** Math.ceil(Math.log2(size));
  return grad(theta.map((t, i) => ({ re: t, im: epsilon * dtheta[i] }))).map((g) => g.im / epsilon);
}

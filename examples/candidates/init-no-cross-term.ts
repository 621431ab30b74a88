// Problem 6a, wrong: the variance of a product of independent variables taken as
// μ_w²σ_x² + μ_x²σ_w², forgetting the σ_x²σ_w² term.
export function init({ d, mu_w, var_w, mu_x, var_x }: { d: number; mu_w: number; var_w: number; mu_x: number; var_x: number }) {
  return { a: 1 / Math.sqrt(d * (mu_w ** 2 * var_x + mu_x ** 2 * var_w)), b: -d * mu_w * mu_x };
}

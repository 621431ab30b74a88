// Exports a function where a node class is expected.
export const SimpleNorm = (L: number, A: number, B: number) => A * (L + B);

/**
 * The notation engine (DESIGN.md §2, issue 15 items 2–3): the one reader of claim files
 * (exams/README.md), and the one compiler of their expressions and `+=` programs.
 *
 *   parseClaimFile → lint → compileProgram / compileExpression → run
 *
 * - `parseClaimFile` reads declarations, programs, claim blocks and top-level chains (a derivation
 *   file for `examcheck derive` is a claim file with chains at top level). Expressions are parsed
 *   by mathjs's parser (parse only: nothing of a user's text is ever evaluated by mathjs). Names may
 *   carry primes (`eta'`, `L'`): they are rewritten before parsing (mathjs reads `'` as transpose)
 *   and written back in every message.
 * - `lint` checks a program's index well-formedness before anything runs.
 * - `compileProgram` / `compileExpression` turn the syntax tree into closures once per (program,
 *   number system); running walks no syntax tree. The number system is any instance of the tower
 *   (oracles/numbers/tower.ts); an operation the system lacks (exp in a Ring) is a NotationError at
 *   compile time naming the line and the operation.
 *
 * Indices are 1-based in the notation (`index j in 1..J`) and tensors are stored 0-based, row
 * major. An index value outside its axis is a runtime NotationError naming the line, the index
 * expression and its value (reading it as 0 would hide exactly the off-by-one errors the exams
 * are about).
 *
 * Every user-facing error is one line, `file:line: what is wrong`.
 */
export { NotationError, IndexOutOfRange } from './errors.ts';
export { parseClaimFile, applyEdit, parseExpression, shownName } from './parse.ts';
export { lint } from './lint.ts';
export { symbolOf, constantOf, BUILTINS, derivativeName, loopsOf, momentOf, INFORMATION, FORMULA_FUNCTIONS } from './names.ts';
export { compileProgram, compileExpression, tensorShape, indexRange } from './compile.ts';
export type * from './syntax.ts';

/** The notation engine's user-facing errors: each one line, `file:line: what is wrong`. */

/** A claim file, program or expression that cannot be read, compiled or run as written. */
export class NotationError extends Error {}

/** An index value outside its tensor axis or index range at run time (`x[i + di]` with i + di = 5 on 1..4). */
export class IndexOutOfRange extends NotationError {}

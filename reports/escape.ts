/**
 * Every string a report or the terminal shows may come from data: a shard's results.json, a
 * corpus entry, a candidate's error message. Each output context has one helper here, and every
 * field goes through the helper of the context it lands in (a field's declared type is no
 * guarantee: a shard's results.json is read from disk, so a "number" may hold markup).
 */

/**
 * HTML text and double- or single-quoted attribute values: the five characters that can end a
 * text run or a quoted value are replaced by their entities (HTML Living Standard §13.1.2.6).
 */
export const escapeHtml = (value: unknown): string =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Line breaks and other control characters: a markdown field stays on its line (a table row, a list item). */
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');

/**
 * Markdown text (GitHub-flavoured, as in a job summary), inside a paragraph, a list item or a
 * table cell: on one line, with a backslash (CommonMark §2.4) before each character that can
 * open inline markup there — `\` itself, code `` ` ``, emphasis `*` `_`, strikethrough `~`, links
 * and images `[` (an image is `![`), HTML, autolinks and entities `<` `&`, math `$`, and table
 * cells' `|` — so the text shows as it is and stays readable raw. (Block markup, a heading's `#`
 * or a quote's `>`, opens a line only: a field never starts one. A bare https:// address may
 * still be linked by GitHub, but it shows its own address: no text can hide where it goes.)
 */
export const markdownText = (value: unknown): string => oneLine(String(value)).replace(/[\\`*_~[<&$|]/g, '\\$&');

/**
 * Markdown inline code (CommonMark §6.1): fenced by one backtick more than the longest run of
 * backticks inside, padded by a space where the text starts or ends with a backtick or a space,
 * so no backtick in the data can end the span. `|` is escaped, as GFM tables need even in code.
 */
export function markdownCode(value: unknown): string {
  const s = oneLine(String(value)).replace(/\|/g, '\\|');
  const fence = '`'.repeat(Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  const pad = /^[` ]|[` ]$/.test(s) ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/**
 * Terminal text: ANSI escape sequences (CSI, OSC, and two-character ESC sequences, ECMA-48 §5.3)
 * and every other control character but line feed and tab are removed, so data (a candidate's
 * error message) can neither recolour nor move the cursor, retitle the window or hide a line.
 */
export const terminalText = (value: unknown): string =>
  String(value)
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]/g, '')
    .replace(/(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?/g, '')
    .replace(/\u001b[ -~]?/g, '')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');

/** A folder or file name: anything but letters, digits, `.`, `_` and `-` becomes `-`, so data names no other folder. */
export const fileNamePart = (value: unknown): string => String(value).replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '-');

/** The text as a regular expression that matches it literally (every metacharacter escaped). */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

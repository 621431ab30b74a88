/** bin/cli-bundle.js: the command bundled (an entry and its chunks), rebuilt exactly when a file it was built from changes. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { buildErrorLine, cliBundle, isFresh } from '../bin/cli-bundle.js';
import { root } from './testing.ts';

/** A temporary folder holding these files (name → text), and where a bundle of them goes. */
function sources(files: Record<string, string>): { at: (name: string) => string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { at: (name) => join(dir, name), out: join(dir, 'out') };
}

describe('the command bundle', () => {
  test('is built from the command and the packages (the run’s setup builds it in the background)', async () => {
    await cliBundle();
    expect(isFresh()).toBe(true);
    const files = (JSON.parse(readFileSync(join(root, '.cache/cli/inputs.json'), 'utf8')) as { inputs: [string, number, number, number][] }).inputs.map(([file]) => file);
    expect(files).toEqual(expect.arrayContaining(['cli/start.ts', 'cli/main.ts', 'properties/registry.ts', expect.stringMatching(/(^|\/)node_modules\/fast-check\//)]));
  });

  test('keeps each module’s own import.meta.url (words in a string untouched), and is rebuilt when a file of it changes, not before', async () => {
    const { at, out } = sources({ 'entry.ts': "export { where, text } from './lib.ts';\n", 'lib.ts': "export const where: string = import.meta.url;\nexport const text = 'import.meta.url';\n" });
    const [entry, lib] = [at('entry.ts'), at('lib.ts')];
    const first = await import(await cliBundle(entry, out));
    expect([first.where, first.text]).toEqual([pathToFileURL(lib).href, 'import.meta.url']);
    expect(isFresh(out)).toBe(true);
    // not built again: the same file (a build renames a new one into place)
    const built = statSync(join(out, 'bundle.mjs')).ino;
    await cliBundle(entry, out);
    expect(statSync(join(out, 'bundle.mjs')).ino).toBe(built);

    writeFileSync(lib, "export const where = 'moved';\nexport const text = 'changed';\n");
    expect(isFresh(out)).toBe(false);
    const second = await import(`${await cliBundle(entry, out)}?after-change`);
    expect([second.where, second.text]).toEqual(['moved', 'changed']);
    expect(statSync(join(out, 'bundle.mjs')).ino).not.toBe(built);
    expect(isFresh(out)).toBe(true);

    // found by review: an edit of the same size whose modification time was put back (touch -d,
    // cp -p, rsync -t, a tar extracted over the checkout) kept the old bundle
    utimesSync(lib, 1e9, 1e9);
    await cliBundle(entry, out);
    writeFileSync(lib, "export const where = 'MOVED';\nexport const text = 'CHANGED';\n");
    utimesSync(lib, 1e9, 1e9);
    expect(isFresh(out)).toBe(false);
  });

  test('what a module imports only when it needs it is a chunk of its own; a chunk no build has written for a day is removed, a newer one kept', async () => {
    const { at, out } = sources({ 'entry.ts': "export const later = async (): Promise<string> => (await import('./lazy.ts')).word;\n", 'lazy.ts': "export const word = 'first-lazy-word';\n" });
    const [entry, lazy] = [at('entry.ts'), at('lazy.ts')];
    const first = await import(await cliBundle(entry, out));
    expect(readFileSync(join(out, 'bundle.mjs'), 'utf8')).not.toContain('first-lazy-word');
    expect(await first.later()).toBe('first-lazy-word');
    const [chunk] = readdirSync(out).filter((f) => f.startsWith('lazy-'));
    // a chunk of a build two days old, and one of a build a minute old (a process may still import it)
    const [old, recent] = [join(out, 'lazy-OLDBUILD.mjs'), join(out, 'lazy-NEWBUILD.mjs')];
    writeFileSync(old, '');
    writeFileSync(recent, '');
    utimesSync(old, new Date(Date.now() - 2 * 86_400_000), new Date(Date.now() - 2 * 86_400_000));
    writeFileSync(lazy, "export const word = 'second-lazy-word';\n");
    const second = await import(`${await cliBundle(entry, out)}?after-change`);
    expect(await second.later()).toBe('second-lazy-word');
    expect([existsSync(old), existsSync(recent), existsSync(join(out, chunk))]).toEqual([false, true, true]);
  });

  test('a chunk of the bundle being replaced is kept a day from then, however long ago it was written; red: a bundle two days old lost its lazy chunk to the rebuild, and a process started from it failed at its first lazy import (a report at a long run\'s end)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
    const [entry, lazy, out] = [join(dir, 'entry.ts'), join(dir, 'lazy.ts'), join(dir, 'out')];
    writeFileSync(entry, "export const later = async (): Promise<string> => (await import('./lazy.ts')).word;\n");
    writeFileSync(lazy, "export const word = 'old-lazy-word';\n");
    const running = await import(await cliBundle(entry, out));
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    for (const name of readdirSync(out)) utimesSync(join(out, name), twoDaysAgo, twoDaysAgo);
    writeFileSync(lazy, "export const word = 'new-lazy-word';\n");
    expect(await (await import(`${await cliBundle(entry, out)}?rebuilt`)).later()).toBe('new-lazy-word');
    expect(await running.later()).toBe('old-lazy-word');
  });

  test('a file that does not compile is esbuild’s error, told in one line (file:line:column), and a missing list is a stale bundle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
    writeFileSync(join(dir, 'entry.ts'), 'export const x = ;\n');
    const error = await cliBundle(join(dir, 'entry.ts'), join(dir, 'out')).catch((e: unknown) => e);
    expect(String(error)).toMatch(/Unexpected ";"/);
    // found by review: the launcher fell back to tsx, which printed the same error as an 18-line stack trace, exit 1
    expect(buildErrorLine(error, dir)).toBe('entry.ts:1:18: Unexpected ";"');
    expect(buildErrorLine(new Error('EACCES'), dir)).toBe(null);
    expect(isFresh(join(dir, 'out'))).toBe(false);
    // and in a module read through the import.meta.url plugin, at its own place, not its importer's "Transform failed"
    writeFileSync(join(dir, 'entry.ts'), "export { x } from './lib.ts';\n");
    writeFileSync(join(dir, 'lib.ts'), 'export const where = import.meta.url;\nexport const x = ;\n');
    expect(buildErrorLine(await cliBundle(join(dir, 'entry.ts'), join(dir, 'out')).catch((e: unknown) => e), dir)).toBe('lib.ts:2:18: Unexpected ";"');
  });

  test('is rebuilt when the build itself changes (this builder, tsconfig.json, package.json), not only a file it bundles', async () => {
    // found by review: a new banner in bin/cli-bundle.js went unseen until some other file changed
    const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
    const [entry, out] = [join(dir, 'entry.ts'), join(dir, 'out')];
    writeFileSync(entry, 'export const x = 1;\n');
    await cliBundle(entry, out);
    const manifest = join(out, 'inputs.json');
    const { inputs } = JSON.parse(readFileSync(manifest, 'utf8')) as { inputs: [string, number, number, number][] };
    for (const config of ['bin/cli-bundle.js', 'tsconfig.json', 'package.json']) {
      expect(inputs.map(([file]) => file)).toContain(config);
      writeFileSync(manifest, JSON.stringify({ inputs: inputs.map(([file, size, mtime, ctime]) => [file, size, file === config ? mtime - 1 : mtime, ctime]) }));
      expect(isFresh(out)).toBe(false);
    }
    // a list without them (one written before they were listed) is stale too
    writeFileSync(manifest, JSON.stringify({ inputs: inputs.filter(([file]) => file !== 'tsconfig.json') }));
    expect(isFresh(out)).toBe(false);
  });

  test('where the bundle cannot be written, says so before spending a build on it (the launcher then runs the command through tsx)', async () => {
    // found by review: a read-only checkout built the whole bundle (half a second) on every command, then fell back
    const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
    writeFileSync(join(dir, 'entry.ts'), 'export const x = ;\n');
    writeFileSync(join(dir, 'file'), '');
    // a folder under a file cannot be made, even by root; the entry's syntax error would be a build's
    await expect(cliBundle(join(dir, 'entry.ts'), join(dir, 'file', 'out'))).rejects.toThrowErrorWith(/ENOTDIR|EEXIST/);
  });
});

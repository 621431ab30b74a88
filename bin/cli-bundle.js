// The examcheck command bundled: cli/start.ts and everything it imports, the packages included,
// bundled by esbuild into .cache/cli/ beside the list of files it was built from (each one's
// size, mtime and ctime). A bundle whose files all match is loaded as it is; otherwise it is
// built again first (half a second). Loading one file instead of some two hundred TypeScript
// modules through tsx's loader and the packages' own files takes 0.35 CPU-s less per examcheck
// process (`examcheck list`: 0.46 against 0.82 CPU-s, 2026-11-30), which is most of a short
// command's time and a sixth of `npm test`'s (it starts eight of them). What a module imports
// only when it needs it (the report's HTML: KaTeX and vega, three quarters of the bundle's 3.8
// MB) is a chunk of its own, loaded by the commands that write a report and compiled by no other
// (`examcheck list`: 0.49 against 0.60 CPU-s with it in the one file, 2026-11-30).
import { randomUUID } from 'node:crypto';
import { accessSync, constants, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The bundle's entry: the command with its one-line report of a broken exam folder. */
const ENTRY = join(ROOT, 'cli', 'start.ts');
const DIR = join(ROOT, '.cache', 'cli');
/**
 * Files that shape the build without being bundled, listed with its inputs so that a change to
 * them is a rebuild too: this builder (its banner, its plugin), the TypeScript options esbuild
 * reads, the package's own settings.
 */
const BUILD_FILES = ['bin/cli-bundle.js', 'tsconfig.json', 'package.json'];

/**
 * @typedef {[file: string, size: number, mtimeMs: number, ctimeMs: number]} Input  a file a bundle was built from, relative to
 * the root; ctime too, which no one sets by hand: an edit of the same size whose mtime was put back
 * (`touch -d`, `cp -p`, `rsync -t`, tar) still changes it
 */

/** @param {string} file @returns {Input | undefined} */
function inputOf(file) {
  const s = statSync(join(ROOT, file), { throwIfNoEntry: false });
  return s && [file, s.size, s.mtimeMs, s.ctimeMs];
}

/** @param {string} dir */
const filesIn = (dir) => ({ bundle: join(dir, 'bundle.mjs'), manifest: join(dir, 'inputs.json') });

/** Whether the bundle in `dir` was built from the files as they are now. */
export function isFresh(dir = DIR) {
  const { bundle, manifest } = filesIn(dir);
  /** @type {{ inputs: Input[] }} */
  let built;
  try {
    built = JSON.parse(readFileSync(manifest, 'utf8'));
    statSync(bundle);
  } catch {
    return false;
  }
  // a list written before BUILD_FILES were listed says nothing of them
  if (!BUILD_FILES.every((file) => built.inputs.some(([f]) => f === file))) return false;
  return built.inputs.every(([file, size, mtimeMs, ctimeMs]) => {
    const now = inputOf(file);
    return now !== undefined && now[1] === size && now[2] === mtimeMs && now[3] === ctimeMs;
  });
}

/**
 * A module's `import.meta.url` is its own file's URL in the bundle too (exams/, verdicts.json and
 * the candidate host are found from it). esbuild's `define` replaces the expression, never the
 * same words inside a string (candidate-process.ts's banner holds them).
 * @type {import('esbuild').Plugin}
 */
const ownUrl = {
  name: 'own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const { transform } = await import('esbuild');
      const loader = /ts$/.test(args.path) ? 'ts' : 'js';
      try {
        const { code } = await transform(text, { loader, sourcefile: args.path, format: 'esm', target: 'node20', define: { 'import.meta.url': JSON.stringify(pathToFileURL(args.path).href) } });
        return { contents: code, loader: 'js' };
      } catch (e) {
        // the file's own errors, at their place in it (not the importer's "Transform failed")
        if (/** @type {{ errors?: unknown[] }} */ (e).errors) return { errors: /** @type {{ errors: import('esbuild').PartialMessage[] }} */ (e).errors };
        throw e;
      }
    });
  },
};

/** The chunks the bundle whose list is `manifest` was built with (none where there is no list, or one written before chunks were listed). @param {string} manifest @returns {string[]} */
function chunksOf(manifest) {
  try {
    return JSON.parse(readFileSync(manifest, 'utf8')).chunks ?? [];
  } catch {
    return [];
  }
}

/** A chunk a bundle imports (any module but the entry); its name carries its content's hash, so a rebuild never rewrites one in use. */
const CHUNK = /^(?!bundle\.mjs$).*\.mjs$/;
/** How long a chunk no build uses any more is kept: a process started before a rebuild may still import it (a report written at a long run's end). */
const STALE_CHUNK_MS = 24 * 3600 * 1000;

/**
 * Builds `entry`'s bundle, its chunks and its list of files into `dir`. Each is written under a
 * name of its own and renamed into place, the chunks first and the list last, so that processes
 * starting together each load a whole bundle; chunks no build has used for a day are removed (a
 * replaced bundle's are used until it is replaced).
 * Throws what esbuild throws (a syntax error) and where `dir` cannot be written.
 * @param {string} entry
 * @param {string} dir
 */
export async function buildBundle(entry, dir) {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: { bundle: entry },
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    splitting: true,
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [ownUrl],
    // esbuild runs its binary from beside its own files
    external: ['esbuild'],
    // the packages' CommonJS modules call require() for Node's own modules
    banner: { js: "import { createRequire as __examcheckCreateRequire } from 'node:module'; const require = __examcheckCreateRequire(import.meta.url);" },
  });
  const inputs = [...Object.keys(result.metafile.inputs), ...BUILD_FILES].map(inputOf);
  const { bundle, manifest } = filesIn(dir);
  mkdirSync(dir, { recursive: true });
  const unique = `${process.pid}-${randomUUID()}`;
  /** @param {string} file @param {string | Uint8Array} contents */
  const put = (file, contents) => {
    writeFileSync(`${file}.${unique}`, contents);
    renameSync(`${file}.${unique}`, file);
  };
  const chunks = result.outputFiles.filter((f) => f.path !== bundle);
  const written = new Set(chunks.map((f) => basename(f.path)));
  const replaced = chunksOf(manifest);
  for (const f of chunks) put(f.path, f.contents);
  put(bundle, /** @type {import('esbuild').OutputFile} */ (result.outputFiles.find((f) => f.path === bundle)).contents);
  put(manifest, JSON.stringify({ inputs, chunks: [...written] }));
  // the replaced bundle's chunks are no build's from now, however long ago they were written (a bundle may be used for days)
  const now = new Date();
  for (const name of replaced) {
    if (written.has(name)) continue;
    try {
      utimesSync(join(dir, name), now, now);
    } catch {
      // removed already (by a build running beside this one)
    }
  }
  for (const name of readdirSync(dir)) {
    if (!CHUNK.test(name) || written.has(name)) continue;
    const file = join(dir, name);
    if (now.getTime() - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) > STALE_CHUNK_MS) rmSync(file, { force: true });
  }
}

/**
 * The URL of `entry`'s bundle in `dir` (by default the command's, in .cache/cli/), built first
 * where it is stale or missing. Throws as buildBundle does.
 */
export async function cliBundle(entry = ENTRY, dir = DIR) {
  if (!isFresh(dir)) {
    // a folder that cannot be written (a read-only checkout) throws here, before the build's half second
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    await buildBundle(entry, dir);
  }
  return pathToFileURL(filesIn(dir).bundle).href;
}

/**
 * esbuild's first error with its place, as `file:line:column: text` (the file relative to `cwd`), or
 * null for any other failure (a folder that cannot be written). A source that does not compile is
 * the user's one-line error: tsx would only fail on it again, with a stack trace.
 * @param {unknown} error
 * @param {string} [cwd]
 * @returns {string | null}
 */
export function buildErrorLine(error, cwd = process.cwd()) {
  const first = /** @type {{ errors?: { text: string, location?: { file: string, line: number, column: number } | null }[] }} */ (error)?.errors?.[0];
  if (!first?.location) return null;
  const { file, line, column } = first.location;
  return `${relative(cwd, resolve(ROOT, file))}:${line}:${column + 1}: ${first.text}`;
}

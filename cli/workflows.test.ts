/** The GitHub workflows validate against GitHub's schema, and call only commands that exist. */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { COMMAND_NAMES } from './main.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, '.github/workflows');
const workflows = readdirSync(dir).filter((f) => f.endsWith('.yml'));
const scripts = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts);

describe.each(workflows)('.github/workflows/%s', (file) => {
  const text = readFileSync(join(dir, file), 'utf8');

  test("validates with action-validator (GitHub's workflow schema)", () => {
    const r = spawnSync(process.execPath, [join(root, 'node_modules/@action-validator/cli/cli.mjs'), join(dir, file)], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  test('runs only npm scripts and examcheck commands that exist', () => {
    for (const [, script] of text.matchAll(/npm run ([\w:-]+)/g)) expect(scripts).toContain(script);
    for (const [, command] of text.matchAll(/npx examcheck (\w+)/g)) expect(COMMAND_NAMES).toContain(command);
  });
});

test('both workflows are there', () => expect(workflows.sort()).toEqual(['ci.yml', 'nightly.yml']));

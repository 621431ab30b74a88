import { parseClaimFile } from './oracles/notation/index.ts';
import { candidates, statementSite } from './oracles/repair.ts';
import { readFileSync } from 'node:fs';
const src = readFileSync('oracles/repair.test.ts', 'utf8');
const FILE = /const FILE = `([^`]*)`/.exec(src)![1];
const file = parseClaimFile(FILE, 'r.claims');
const [st1] = file.programs.get('backward')!.statements;
for (const c of candidates(file, [statementSite(st1)], ['index'])) console.log(c.kind, c.from, '→', c.to);

/**
 * report.html: one self-contained page for course staff, readable offline from disk. Math is
 * rendered by KaTeX when the report is written (MathML, which browsers draw natively, so no
 * script, font or stylesheet is fetched); plots are SVG drawn by vega-lite at the same time.
 * Every string that comes from data is escaped.
 */
import { escapeHtml } from './escape.ts';
import katex from 'katex';
import type { Measurement } from '../properties/claim.ts';
import { plotToSvg, shortTitle } from './plots.ts';
import { examLeads, harnessLine, leadHeadline, oneLine, type ExamItem } from './errata.ts';
import { repairLine } from './repair.ts';
import type { ClaimResult, Results } from './schema.ts';


/** The exam's words: text escaped, each $...$ rendered as math, each $$...$$ as display math. */
export function renderStatement(statement: string): string {
  return statement
    .split(/(\$\$[^$]+\$\$|\$[^$]+\$)/)
    .map((part) => {
      const display = part.startsWith('$$') && part.endsWith('$$') && part.length > 4;
      if (display || (part.startsWith('$') && part.endsWith('$') && part.length > 2)) {
        const tex = display ? part.slice(2, -2) : part.slice(1, -1);
        return katex.renderToString(tex, { output: 'mathml', throwOnError: false, displayMode: display });
      }
      return escapeHtml(part).replace(/\\texttt\{([^}]*)\}/g, '<code>$1</code>');
    })
    .join('');
}

/** Numbers as short as they can be: JavaScript's shortest round-trip form. */
const num = (x: number) => (Object.is(x, -0) ? '-0' : String(x));

/** A field read from results.json, as HTML text or attribute value (see escape.ts: its type is not trusted). */
const h = escapeHtml;

const isNumberArray = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');

/** A counterexample as a table: objects become rows, number lists stay on one line. */
export function renderValue(v: unknown): string {
  if (v === null || v === undefined) return '<span class="none">—</span>';
  if (typeof v === 'number') return num(v);
  if (typeof v === 'string') return escapeHtml(v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (isNumberArray(v)) {
    const shown = v.slice(0, 64).map(num).join(', ');
    return `<code>[${shown}${v.length > 64 ? `, … (${v.length} values)` : ''}]</code>`;
  }
  if (Array.isArray(v)) return `<ol start="0">${v.map((x) => `<li>${renderValue(x)}</li>`).join('')}</ol>`;
  const rows = Object.entries(v as Record<string, unknown>).map(([k, x]) => `<tr><th>${escapeHtml(k)}</th><td>${renderValue(x)}</td></tr>`);
  return `<table class="value">${rows.join('')}</table>`;
}

const verdictBadge = (c: ClaimResult) =>
  `<span class="verdict ${h(c.verdict)}${c.ok ? '' : ' unexpected'}">${h(c.verdict)}${c.expected ? '' : ' (unexpected)'}</span>`;

const replayLine = (replay: string | null) => (replay ? `<p>Replay: <code class="replay">${escapeHtml(replay)}</code></p>` : '');

function renderWrongAnswers(c: ClaimResult): string {
  if (c.wrongAnswers.length === 0) return '';
  const rows = c.wrongAnswers.map(
    (w) => `<tr class="${w.refuted ? 'ok' : 'bad'}"><td><code>${escapeHtml(w.id)}</code></td><td>${escapeHtml(w.description)}</td>
      <td>${w.refuted ? `refuted after ${h(w.runsToFailure)} run(s)` : '<strong>NOT refuted</strong>'}</td>
      <td>${renderValue(w.counterexample)}</td><td>${escapeHtml(w.failure ?? '')}${replayLine(w.replay)}</td></tr>`,
  );
  return `<h4>Wrong answers (refuted by <code>${escapeHtml(c.id)}</code>)</h4>
    <table class="matrix"><tr><th>wrong answer</th><th>what it does</th><th>refuted?</th><th>shrunk input</th><th>why</th></tr>${rows.join('')}</table>`;
}

function renderErrata(c: ClaimResult): string {
  if (c.errata.length === 0) return '';
  const rows = c.errata.map(
    (e) => `<tr class="${e.asWrittenRefuted && e.correctedVerified ? 'ok' : 'bad'}"><td><code>${escapeHtml(e.id)}</code></td>
      <td>${renderStatement(e.asWritten)}</td><td>${renderStatement(e.corrected)}</td>
      <td>as written ${e.asWrittenRefuted ? 'refuted' : '<strong>not refuted</strong>'}; corrected ${e.correctedVerified ? 'verified' : '<strong>refuted</strong>'}</td>
      <td>${renderValue(e.counterexample)}<br>${escapeHtml(e.failure ?? '')}${replayLine(e.replay)}${
        e.correctedFailure ? `<br><strong>corrected:</strong> ${renderValue(e.correctedCounterexample)}<br>${escapeHtml(e.correctedFailure)}${replayLine(e.correctedReplay)}` : ''
      }</td></tr>`,
  );
  return `<h4>Errata</h4><table class="errata"><tr><th>erratum</th><th>as written</th><th>corrected</th><th>outcome</th><th>counterexample</th></tr>${rows.join('')}</table>`;
}

function renderFindings(c: ClaimResult): string {
  if (c.findings.length === 0) return '';
  return `<h4>Findings</h4>${c.findings
    .map((f) => `<div class="finding"><p><code>${escapeHtml(f.id)}</code>: ${renderStatement(f.summary)}</p>${renderValue(f.counterexample)}</div>`)
    .join('')}`;
}

async function renderMeasurement(m: Measurement): Promise<string> {
  const table = m.table
    ? `<table class="measured"><tr>${m.table.columns.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>${m.table.rows
        .map((r) => `<tr>${r.map((x) => `<td>${x === null ? '—' : typeof x === 'number' ? num(x) : escapeHtml(x)}</td>`).join('')}</tr>`)
        .join('')}</table>`
    : '';
  // a short heading; the whole title (what was measured) and the summary (what it shows) as the caption under the plot
  const caption = `<strong>${escapeHtml(m.title)}.</strong> ${renderStatement(m.summary)}`;
  const body = m.plot ? `<figure class="plot">${await plotToSvg(m.plot)}<figcaption>${caption}</figcaption></figure>` : `<p class="caption">${caption}</p>`;
  return `<div class="measurement"><h4>${escapeHtml(shortTitle(m.title))}</h4>${body}${table}</div>`;
}

async function renderClaim(c: ClaimResult, seed: unknown): Promise<string> {
  const failure = c.verdict === 'refuted'
    ? `<div class="counterexample"><p><strong>${escapeHtml(c.failure ?? '')}</strong></p>${renderValue(c.counterexample)}${replayLine(c.replay)}${
        c.repair ? `<p class="repair">${escapeHtml(repairLine(c.repair, null, c.source?.file))}</p>` : ''
      }</div>`
    : '';
  const measurements = (await Promise.all(c.measurements.map(renderMeasurement))).join('');
  return `<section class="claim" id="${escapeHtml(c.id)}">
    <h3>${escapeHtml(c.id)} ${verdictBadge(c)}</h3>
    <blockquote class="statement">${renderStatement(c.statement)}</blockquote>
    <p class="meta">Problem ${h(c.problem)}${c.part ? h(c.part) : ''} · ${h(c.kind)} · ${h(c.runs)} runs · seed ${h(seed)} · ${h(c.ms)} ms${
      c.corpus.replayed ? ` · ${h(c.corpus.replayed)} corpus case(s) replayed first` : ''
    }</p>
    ${c.domain ? `<p><em>Domain:</em> ${escapeHtml(c.domain)}</p>` : ''}
    ${c.oracle ? `<p><em>Oracle:</em> ${escapeHtml(c.oracle)}</p>` : ''}
    ${failure}${renderFindings(c)}${renderErrata(c)}${renderWrongAnswers(c)}${measurements}
  </section>`;
}

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #1b1b1b; }
table { border-collapse: collapse; margin: .5rem 0; } th, td { border: 1px solid #ccc; padding: .25rem .5rem; vertical-align: top; text-align: left; }
table.value th { background: #f6f6f6; font-weight: 600; } code { font-size: 90%; } .none { color: #999; }
.verdict { font-size: 75%; padding: .1rem .4rem; border-radius: .3rem; background: #ddd; } .verdict.verified { background: #c8f0c8; }
.verdict.refuted { background: #ffd9a8; } .verdict.pending { background: #e4e4f4; } .verdict.unexpected { background: #ff9c9c; }
tr.bad { background: #ffe5e5; } blockquote.statement { border-left: 4px solid #88a; margin: .5rem 0; padding: .25rem .75rem; background: #f7f7fb; }
section.claim { border-top: 1px solid #ddd; margin-top: 1.5rem; } .meta { color: #555; } figure.plot { margin: .5rem 0; max-width: 100%; } figure.plot svg { display: block; max-width: 100%; height: auto; }
figcaption, p.caption { color: #333; font-size: 92%; margin-top: .25rem; } table.measured, table.value, table.matrix, table.errata { display: block; overflow-x: auto; max-width: 100%; }
.lead ol.items { padding-left: 1.5rem; } .lead li { margin: .2rem 0; overflow-wrap: anywhere; } .lead li.erratum::marker { color: #b45309; }
.witness { color: #555; } .unconfirmed, p.harness.bad { color: #b00; } h1.headline { font-size: 1.5rem; } h2.headline { font-size: 1.2rem; }
.counterexample { background: #fff4e5; padding: .5rem; overflow-x: auto; } code.replay, .meta, p { overflow-wrap: anywhere; } .finding { background: #fffbe0; padding: .25rem .5rem; margin: .25rem 0; }`;

/** An erratum or finding as one list item: the words as written → the correction (math rendered), the witness. */
function renderItem(i: ExamItem): string {
  const head = `<strong>${h(i.problem)} ${h(i.kind)}</strong> <code>${h(i.id)}</code> (<a href="#${h(i.claim)}">${h(i.claim)}</a>)`;
  const witness = `<span class="witness">witness: ${escapeHtml(oneLine(i.witness, 300))}</span>`;
  if (i.kind === 'finding') return `<li class="finding">${head}: ${renderStatement(i.asWritten)}; ${witness}</li>`;
  const at = i.at ? ` at <code>${h(i.at)}</code>` : '';
  const flag = i.confirmed ? '' : ' <strong class="unconfirmed">not confirmed on this run</strong>';
  const words = (s: string) => (i.notation === 'code' ? `<code>${escapeHtml(s)}</code>` : renderStatement(s));
  return `<li class="erratum">${head}: <span class="as-written">${words(i.asWritten)}</span>${at} → <span class="corrected">${words(i.corrected)}</span>; ${witness}${flag}</li>`;
}

/** The exams first (DESIGN.md §7): each exam's headline and its errata and findings, in exam order. */
function renderLeads(results: Results): string {
  return examLeads(results)
    .map((lead, k) => {
      const tag = k === 0 ? 'h1' : 'h2';
      const items = lead.items.length ? `<ol class="items">${lead.items.map(renderItem).join('')}</ol>` : '';
      return `<section class="lead"><${tag} class="headline">${h(leadHeadline(lead))}</${tag}>${items}</section>`;
    })
    .join('\n');
}

/** The report page; `appendix` is HTML to put after the claims (the detection-power section). */
export async function renderHtml(results: Results, appendix = ''): Promise<string> {
  const rows = results.claims.map(
    (c) => `<tr class="${c.ok ? 'ok' : 'bad'}"><td>${h(c.problem)}${h(c.part ?? '')}</td><td><a href="#${h(c.id)}">${h(c.id)}</a></td>
      <td>${h(c.kind)}</td><td>${verdictBadge(c)}</td><td>${h(c.runs)}</td><td>${c.wrongAnswers.filter((w) => w.refuted).length}/${c.wrongAnswers.length}</td><td>${h(results.seed)}</td></tr>`,
  );
  const sections = (await Promise.all(results.claims.map((c) => renderClaim(c, results.seed)))).join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>examcheck report: seed ${h(results.seed)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>${STYLE}</style></head>
<body>
${renderLeads(results)}
<p class="harness ${results.ok ? 'ok' : 'bad'}">${h(harnessLine(results))}</p>
<p>Profile <code>${h(results.profile)}</code>, seed <code>${h(results.seed)}</code>, started ${h(results.startedAt)}, results schema ${h(results.schema)}.</p>
<h2>Claims</h2>
<table class="claims"><tr><th>problem</th><th>claim</th><th>kind</th><th>verdict</th><th>runs</th><th>wrong answers refuted</th><th>seed</th></tr>${rows.join('')}</table>
<h2>Details</h2>
${sections}
${appendix}
</body></html>
`;
}

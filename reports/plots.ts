/** Plot data to SVG with vega-lite, when the report is written: nothing is fetched when it is viewed. */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Plot } from '../properties/claim.ts';

/**
 * A measurement's title cut to its first clause (up to the first ", " or ": " outside parentheses),
 * at most `max` characters at a word: a title a plot's heading can carry, the whole title going to
 * the caption under the plot. A title of one clause within `max` is itself.
 */
export function shortTitle(title: string, max = 90): string {
  let depth = 0;
  let end = title.length;
  for (let i = 0; i < title.length; i++) {
    const c = title[i];
    depth += c === '(' || c === '[' || c === '{' ? 1 : c === ')' || c === ']' || c === '}' ? -1 : 0;
    if (depth === 0 && (c === ',' || c === ':' || c === ';') && title[i + 1] === ' ' && i >= 20) {
      end = i;
      break;
    }
  }
  const clause = title.slice(0, end);
  if (clause.length <= max) return clause;
  const cut = clause.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : cut.length)}…`;
}

/** Each plot's SVG, rendered once: the vitest reporter starts each as its claim's result arrives (see plotToSvg). */
const rendered = new WeakMap<Plot, Promise<string>>();

/**
 * The plot as an SVG with no title of its own (the report's heading and caption carry the words),
 * so it is as wide as its chart and legend; the report scales it to the page's width. Rendered
 * once per Plot object: the vitest reporter asks while the tests run, the report's writer after.
 */
export function plotToSvg(plot: Plot): Promise<string> {
  let svg = rendered.get(plot);
  if (!svg) rendered.set(plot, (svg = render(plot)));
  return svg;
}

async function render(plot: Plot): Promise<string> {
  const values = plot.series.flatMap((s) => s.points.map(([x, y]) => ({ x, y, series: s.name })));
  const axis = (a: Plot['x'], field: 'x' | 'y') => ({
    field,
    type: 'quantitative' as const,
    title: a.label,
    scale: a.log ? { type: 'log' as const } : { zero: false },
  });
  const spec: TopLevelSpec = {
    width: 560,
    height: 300,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: { x: axis(plot.x, 'x'), y: axis(plot.y, 'y'), color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 520 } } },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

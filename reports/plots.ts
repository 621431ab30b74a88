/** Plot data to SVG with vega-lite, when the report is written: nothing is fetched when it is viewed. */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Plot } from '../properties/claim.ts';

export async function plotToSvg(plot: Plot, title: string): Promise<string> {
  const values = plot.series.flatMap((s) => s.points.map(([x, y]) => ({ x, y, series: s.name })));
  const axis = (a: Plot['x'], field: 'x' | 'y') => ({
    field,
    type: 'quantitative' as const,
    title: a.label,
    scale: a.log ? { type: 'log' as const } : { zero: false },
  });
  const spec: TopLevelSpec = {
    title,
    width: 560,
    height: 300,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: { x: axis(plot.x, 'x'), y: axis(plot.y, 'y'), color: { field: 'series', type: 'nominal', title: null } },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

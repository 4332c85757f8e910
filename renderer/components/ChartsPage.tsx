/**
 * The charts page (issue 21), drawn with chart.js: progress over time, annotations per label and
 * per annotator (layer), the top sources by quotes, quotes per outlet, and direct versus
 * indirect quotes per outlet. Each chart's canvas is an image with a summary for screen
 * readers, and its numbers are in a table under it (the text alternative).
 */
import { useEffect, useRef, useState } from 'react';
import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import type { Workbench } from '../state/workbench.js';
import { CorpusFilters, useCorpusData, type CorpusFilterValue } from './CorpusParts.js';

Chart.register(...registerables);

const COLORS = ['#2b59c3', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf', '#7f7f7f'];

type Table = { head: string[]; rows: (string | number)[][] };

/** One chart and its table. `summary` says in words what the chart shows. */
function ChartBox({ title, summary, config, table }: { title: string; summary: string; config: ChartConfiguration; table: Table }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const key = JSON.stringify(config.data);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, { ...config, options: { animation: false, maintainAspectRatio: false, responsive: true, ...config.options } });
    return () => chart.destroy();
    // The configuration is rebuilt on each render; its data decides whether to draw again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const id = title.toLowerCase().replace(/[^a-z]+/g, '-');
  return (
    <figure className="chart-box" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}><h2>{title}</h2></figcaption>
      <div className="chart-canvas"><canvas ref={canvas} role="img" aria-label={`${title}: ${summary}`} /></div>
      <details>
        <summary>The numbers as a table</summary>
        <table className="corpus-table chart-table" aria-label={title}>
          <thead><tr>{table.head.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
          <tbody>{table.rows.map((r, i) => <tr key={i}>{r.map((c, j) => (j === 0 ? <th key={j} scope="row">{c}</th> : <td key={j} className="num">{c}</td>))}</tr>)}</tbody>
        </table>
      </details>
    </figure>
  );
}

const bar = (labels: string[], datasets: { label: string; data: number[] }[], stacked = false, horizontal = false): ChartConfiguration => ({
  type: 'bar',
  data: { labels, datasets: datasets.map((d, i) => ({ ...d, backgroundColor: COLORS[i % COLORS.length] })) },
  options: {
    indexAxis: horizontal ? 'y' : 'x',
    // A long source name is cut on the axis (whole in the tooltip and the table), not clipped at the edge.
    scales: { x: { stacked, ...(horizontal ? {} : { ticks: { callback: shortTick } }) }, y: { stacked, beginAtZero: true, ...(horizontal ? { ticks: { callback: shortTick } } : {}) } },
    plugins: { legend: { display: datasets.length > 1 } },
  },
});

/** An axis label of at most 24 characters. */
function shortTick(this: { getLabelForValue(value: number): string }, value: string | number): string {
  const label = this.getLabelForValue(Number(value));
  return label.length > 24 ? `${label.slice(0, 23)}…` : label;
}

const top = <T,>(rows: T[], n: number, describe: (r: T) => string) => rows.slice(0, n).map(describe).join(', ') || 'nothing yet';

export function ChartsPage({ wb }: { wb: Workbench }) {
  const [filter, setFilter] = useState<CorpusFilterValue>({});
  const { data, error } = useCorpusData(wb, 'corpusCharts', filter);
  const choices = useCorpusData(wb, 'corpusSources', {}).data?.choices;
  return (
    <section className="corpus-section">
      <div className="corpus-head"><h1 tabIndex={-1}>Charts</h1></div>
      <CorpusFilters choices={choices} value={filter} onChange={setFilter} />
      {error && <p role="alert" className="corpus-error">{error}</p>}
      {data && (
        <div className="chart-grid">
          <ChartBox title="Progress over time" summary={`${data.progress.at(-1)?.total ?? 0} annotations in all, ${data.progress.at(-1)?.done ?? 0} articles done, over ${data.progress.length} day(s)`}
            config={{ type: 'line', data: { labels: data.progress.map((p) => p.date), datasets: [
              { label: 'Annotations (running total)', data: data.progress.map((p) => p.total), borderColor: COLORS[0], backgroundColor: COLORS[0], yAxisID: 'y' },
              { label: 'Articles done', data: data.progress.map((p) => p.done), borderColor: COLORS[2], backgroundColor: COLORS[2], yAxisID: 'y1' },
            ] }, options: { scales: { y: { beginAtZero: true, position: 'left' }, y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } } } } }}
            table={{ head: ['Day', 'Annotations made', 'Annotations in all', 'Articles done'], rows: data.progress.map((p) => [p.date, p.annotations, p.total, p.done]) }} />
          <ChartBox title="Annotations per label" summary={top(data.perLabel, 8, (r) => `${r.label} ${r.count}`)}
            config={bar(data.perLabel.map((r) => r.label), [{ label: 'Annotations', data: data.perLabel.map((r) => r.count) }])}
            table={{ head: ['Label', 'Annotations'], rows: data.perLabel.map((r) => [r.label, r.count]) }} />
          <ChartBox title="Annotations per annotator" summary={top(data.perAnnotator, 8, (r) => `${r.annotator} ${r.count}`)}
            config={bar(data.perAnnotator.map((r) => r.annotator), [{ label: 'Annotations', data: data.perAnnotator.map((r) => r.count) }])}
            table={{ head: ['Annotator (layer)', 'Annotations'], rows: data.perAnnotator.map((r) => [r.annotator, r.count]) }} />
          <ChartBox title="Top sources by quotes" summary={top(data.topSources, 5, (r) => `${r.name} ${r.quotes}`)}
            config={bar(data.topSources.map((r) => r.name), [{ label: 'Quotes', data: data.topSources.map((r) => r.quotes) }], false, true)}
            table={{ head: ['Source', 'Quotes'], rows: data.topSources.map((r) => [r.name, r.quotes]) }} />
          <ChartBox title="Quotes per outlet" summary={top(data.perOutlet, 8, (r) => `${r.outlet} ${r.quotes}`)}
            config={bar(data.perOutlet.map((r) => r.outlet), [{ label: 'Quotes', data: data.perOutlet.map((r) => r.quotes) }])}
            table={{ head: ['Outlet', 'Quotes'], rows: data.perOutlet.map((r) => [r.outlet, r.quotes]) }} />
          <ChartBox title="Direct and indirect quotes per outlet" summary={top(data.perOutlet, 8, (r) => `${r.outlet}: ${r.direct} direct, ${r.indirect} indirect, ${r.mixed} mixed`)}
            config={bar(data.perOutlet.map((r) => r.outlet), [
              { label: 'Direct', data: data.perOutlet.map((r) => r.direct) }, { label: 'Indirect', data: data.perOutlet.map((r) => r.indirect) },
              { label: 'Mixed', data: data.perOutlet.map((r) => r.mixed) }, { label: 'No type', data: data.perOutlet.map((r) => r.untyped) },
            ], true)}
            table={{ head: ['Outlet', 'Direct', 'Indirect', 'Mixed', 'No type'], rows: data.perOutlet.map((r) => [r.outlet, r.direct, r.indirect, r.mixed, r.untyped]) }} />
        </div>
      )}
    </section>
  );
}

/**
 * Relation arcs (brat's view): the open article's links drawn as arcs above the text, from the
 * start of one span to the start of the other, the link type at the top of the arc and an arrow
 * at its target. An SVG layer over the article host (pointer-events none: clicks reach the
 * text), positioned from the highlights' client rects; redrawn on the next frame after a scroll,
 * a resize or a change of what the view shows (`ArticleView.onChange`).
 *
 * It stays cheap on a long article: an arc is drawn only when one of its ends lies in a
 * paragraph within a quarter screen of the visible part, found by a binary search over the
 * paragraphs' boxes (cheap even while their content is skipped by `content-visibility: auto`);
 * only those ends' rects are read. Each redraw
 * writes its cost in milliseconds to the layer's `data-ms` and the arcs drawn to `data-drawn`.
 *
 * It reads the view and never changes it, the article or the state.
 */
import type { ArticleDoc, LabelDef, Link } from '../../annotations/index.js';

/** What the layer needs of the article view (ArticleView implements it). */
export interface ArcsSource {
  readonly view: { readonly dom: HTMLElement };
  readonly article: ArticleDoc;
  readonly labelDefs: readonly LabelDef[];
  readonly selected: string | undefined;
  onChange(fn: () => void): () => void;
}

const SVG = 'http://www.w3.org/2000/svg';
/** Height of the lowest arc above its ends, in CSS px; each level of nesting adds {@link STEP}. */
const RISE = 10;
const STEP = 8;
/** The highest an arc rises (px): with arcs on, lines are 3.2em of 18 px text apart (styles.css), so arcs stay between the lines. */
const MAX_RISE = 30;

/** An arc's ends in the layer's coordinates (px from the host's top left); null when not drawn. */
export type ArcEnds = { x1: number; y1: number; x2: number; y2: number };

/**
 * The SVG path of an arc from (x1, y1) to (x2, y2), rising `rise` px above the higher end: a
 * cubic curve whose control points stand above both ends.
 */
export function arcPath({ x1, y1, x2, y2 }: ArcEnds, rise: number): string {
  const top = Math.min(y1, y2) - rise;
  return `M${x1.toFixed(1)},${y1.toFixed(1)} C${x1.toFixed(1)},${top.toFixed(1)} ${x2.toFixed(1)},${top.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`;
}

/**
 * Levels for arcs on one line so that a wider arc goes over the narrower ones it spans: an
 * arc's level is one more than the highest level of the arcs inside its horizontal extent.
 * `spans` are `[left, right]` in px; returns a level per arc (0 = lowest), in the same order.
 */
export function arcLevels(spans: readonly (readonly [number, number])[]): number[] {
  const order = spans.map((s, i) => ({ i, l: Math.min(s[0], s[1]), r: Math.max(s[0], s[1]) })).sort((a, b) => (a.r - a.l) - (b.r - b.l));
  const levels = new Array<number>(spans.length).fill(0);
  const placed: { l: number; r: number; level: number }[] = [];
  for (const a of order) {
    let level = 0;
    for (const p of placed) if (p.l >= a.l - 1 && p.r <= a.r + 1 && p.level >= level) level = p.level + 1;
    levels[a.i] = level;
    placed.push({ l: a.l, r: a.r, level });
  }
  return levels;
}

export class ArcsLayer {
  private readonly svg: SVGSVGElement;
  private readonly host: HTMLElement;
  private frame: number | undefined;
  private readonly resize: ResizeObserver;
  private readonly unlisten: () => void;
  /** The first highlight element of each span that ends a link; found again after each change. */
  private ends = new Map<string, { el: HTMLElement; paragraph: number }>();
  /** The view's paragraphs in order, found again after each change. */
  private paragraphs: HTMLElement[] = [];
  private dirty = true;
  private readonly paths: SVGGElement;

  constructor(private readonly source: ArcsSource, private readonly scroller: HTMLElement) {
    this.host = source.view.dom.parentElement!;
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.classList.add('arcs');
    this.svg.setAttribute('aria-hidden', 'true');
    const marker = el('marker', { id: 'arc-head', viewBox: '0 0 8 8', refX: '7', refY: '4', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' });
    marker.append(el('path', { d: 'M0,0 L8,4 L0,8 z' }));
    const defs = el('defs', {});
    defs.append(marker);
    this.paths = el('g', { class: 'arcs-paths' });
    this.svg.append(defs, this.paths);
    this.host.classList.add('with-arcs');
    this.host.appendChild(this.svg);
    scroller.addEventListener('scroll', this.schedule, { passive: true });
    this.resize = new ResizeObserver(this.schedule);
    this.resize.observe(source.view.dom);
    this.unlisten = source.onChange(() => {
      this.dirty = true;
      this.schedule();
    });
    this.draw();
  }

  private readonly schedule = (): void => {
    this.frame ??= requestAnimationFrame(() => {
      this.frame = undefined;
      this.draw();
    });
  };

  /** Finds the paragraphs, and each link end's first highlight element and its paragraph (one pass over each). */
  private findEnds(links: readonly Link[]): void {
    const wanted = new Set(links.flatMap((l) => [l.from, l.to]));
    this.paragraphs = [...this.source.view.dom.querySelectorAll<HTMLElement>('p')];
    const index = new Map(this.paragraphs.map((p, i) => [p, i]));
    this.ends = new Map();
    for (const el of this.source.view.dom.querySelectorAll<HTMLElement>('[data-span-id]')) {
      const id = el.getAttribute('data-span-id')!;
      const p = el.closest('p');
      if (wanted.has(id) && !this.ends.has(id) && p) this.ends.set(id, { el, paragraph: index.get(p) ?? -1 });
    }
    this.dirty = false;
  }

  /**
   * The paragraphs (first and last index) that meet `[top, bottom]` in client px, by binary
   * search over their boxes: a few rects read, whatever the article's length.
   */
  private paragraphsIn(top: number, bottom: number): [number, number] {
    const ps = this.paragraphs;
    const first = (pred: (i: number) => boolean): number => {
      let lo = 0;
      let hi = ps.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (pred(mid)) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    const from = first((i) => ps[i]!.getBoundingClientRect().bottom >= top);
    const to = first((i) => ps[i]!.getBoundingClientRect().top > bottom) - 1;
    return [from, to];
  }

  /** Redraws the arcs near the visible part of the text. */
  draw(): void {
    // The layout the frame needs anyway (the scroll, the new highlights) is done before the clock
    // starts: data-ms is the layer's own cost.
    const hostBox = this.host.getBoundingClientRect();
    const t0 = performance.now();
    const { links } = this.source.article;
    if (this.dirty) this.findEnds(links);
    const view = this.scroller.getBoundingClientRect();
    // A quarter screen beyond each edge: within it Chromium keeps `content-visibility: auto`
    // paragraphs laid out, so reading a span's rects there forces no layout of skipped text.
    const margin = view.height / 4;
    const [lo, hi] = this.paragraphsIn(view.top - margin, view.bottom + margin);
    /** The top of a span's first line box, in the layer's coordinates; null when it is far off screen. */
    const anchor = (id: string): { x: number; y: number } | null => {
      const end = this.ends.get(id);
      if (!end || end.paragraph < lo || end.paragraph > hi) return null;
      const { el } = end;
      const r = el.getClientRects()[0] ?? el.getBoundingClientRect();
      return { x: r.left + Math.min(r.width / 2, 14) - hostBox.left, y: r.top - hostBox.top + 2 };
    };
    const colour = new Map(this.source.labelDefs.map((l) => [l.name, l.color]));
    const labelOf = new Map(this.source.article.spans.map((s) => [s.id, s.label]));
    const drawn: { link: Link; ends: ArcEnds }[] = [];
    for (const link of links) {
      const a = anchor(link.from);
      const b = anchor(link.to);
      if (!a && !b) continue;
      // One end far away: the arc runs to the edge of the near band, above or below.
      const far = (p: { x: number; y: number }, other: string): { x: number; y: number } => {
        const up = (this.ends.get(other)?.paragraph ?? Infinity) < lo;
        return { x: p.x, y: (up ? view.top - margin : view.bottom + margin) - hostBox.top };
      };
      const from = a ?? far(b!, link.from);
      const to = b ?? far(a!, link.to);
      drawn.push({ link, ends: { x1: from.x, y1: from.y, x2: to.x, y2: to.y } });
    }
    // Levels per line (arcs whose ends are on the same line nest); arcs across lines rise the most.
    const levels = new Array<number>(drawn.length).fill(0);
    const byLine = new Map<number, number[]>();
    drawn.forEach((d, i) => {
      if (Math.abs(d.ends.y1 - d.ends.y2) > 4) return;
      const key = Math.round(d.ends.y1);
      byLine.set(key, [...(byLine.get(key) ?? []), i]);
    });
    for (const ids of byLine.values()) {
      const ls = arcLevels(ids.map((i) => [drawn[i]!.ends.x1, drawn[i]!.ends.x2] as const));
      ids.forEach((i, k) => (levels[i] = ls[k]!));
    }
    const selected = this.source.selected;
    const out = document.createDocumentFragment();
    drawn.forEach(({ link, ends }, i) => {
      const across = Math.abs(ends.y1 - ends.y2) > 4;
      const rise = Math.min(MAX_RISE, across ? MAX_RISE : RISE + STEP * levels[i]!);
      const c = colour.get(labelOf.get(link.from) ?? '') ?? '#6b6b70';
      const top = Math.min(ends.y1, ends.y2) - rise * 0.75;
      const mid = (ends.x1 + ends.x2) / 2;
      const related = selected !== undefined && (link.from === selected || link.to === selected);
      const g = el('g', { class: related ? 'arc arc-related' : 'arc', 'data-link-id': link.id });
      g.style.setProperty('--c', c);
      const label = el('text', { x: mid.toFixed(1), y: top.toFixed(1) });
      label.textContent = link.type;
      g.append(el('path', { d: arcPath(ends, rise), 'marker-end': 'url(#arc-head)' }), label);
      out.append(g);
    });
    this.paths.replaceChildren(out);
    this.svg.setAttribute('data-ms', (performance.now() - t0).toFixed(2));
    this.svg.setAttribute('data-drawn', String(drawn.length));
  }

  destroy(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.scroller.removeEventListener('scroll', this.schedule);
    this.resize.disconnect();
    this.unlisten();
    this.svg.remove();
    this.host.classList.remove('with-arcs');
  }
}

/** An SVG element with attributes (set as data, never parsed as markup). */
function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

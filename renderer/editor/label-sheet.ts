/**
 * The highlights' colours and depths as classes of one constructed stylesheet per document,
 * instead of an inline `style` on each of thousands of highlight elements: ProseMirror sets an
 * inline style through `cssText +=` on every wrapper it makes, which was a tenth of the time
 * to show 5,000 highlights, and an element with its own inline style is styled on its own.
 *
 * A schema's labels (names and colours) get a scope class, `hl-s<n>`, which the article view puts
 * on its element; inside it a highlight's `data-label` (which it carries anyway) and a badge's
 * `data-badge-label` give the label's colour (`--c`), so the colour costs no attribute of its own. Depths 1
 * to {@link MAX_DEPTH_CLASS} are `hl-d<k>` (`--d`); the rare deeper layer keeps an inline style.
 */
import type { LabelDef } from '../../annotations/index.js';

/** The deepest layer drawn with a class; a deeper one carries `style="--d:k"`. */
export const MAX_DEPTH_CLASS = 15;

const HEX = /^#[0-9a-fA-F]{6}$/;
/** The colour of a label the schema does not have (also in styles.css, `.hl`). */
const UNKNOWN_COLOR = '#777777';

type Sheet = { sheet: CSSStyleSheet; scopes: Map<string, string> };
const sheets = new WeakMap<Document, Sheet>();

function sheetOf(doc: Document): Sheet {
  let s = sheets.get(doc);
  if (!s) {
    const sheet = new (doc.defaultView ?? window).CSSStyleSheet();
    const depths: string[] = [];
    for (let k = 1; k <= MAX_DEPTH_CLASS; k++) depths.push(`.hl.hl-d${k}{--d:${k}}`);
    sheet.replaceSync(depths.join('\n'));
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    s = { sheet, scopes: new Map() };
    sheets.set(doc, s);
  }
  return s;
}

/**
 * The scope class for `labels`' colours in `doc`, its rules added the first time this palette
 * is seen (a palette is a few rules; every article of a project shares one).
 */
export function labelScope(doc: Document, labels: readonly LabelDef[]): string {
  const s = sheetOf(doc);
  const rules = labels.map((l) => [`[data-label=${cssString(l.name)}]`, `[data-badge-label=${cssString(l.name)}]`, `{--c:${HEX.test(l.color) ? l.color : UNKNOWN_COLOR}}`]);
  const key = rules.flat().join('');
  let scope = s.scopes.get(key);
  if (!scope) {
    scope = `hl-s${s.scopes.size + 1}`;
    for (const [hl, badge, decl] of rules) s.sheet.insertRule(`.${scope} ${hl},.${scope} ${badge}${decl}`, s.sheet.cssRules.length);
    s.scopes.set(key, scope);
  }
  return scope;
}

/** `text` as a CSS string: quotes, backslashes and control characters escaped as code points. */
export function cssString(text: string): string {
  return `"${text.replace(/["\\\p{Cc}]/gu, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`;
}

/** The class (and, past {@link MAX_DEPTH_CLASS}, the inline style) that draws a highlight at `layer`. */
export function depthClass(layer: number): { cls: string; style?: string } {
  if (layer <= 0) return { cls: '' };
  return layer <= MAX_DEPTH_CLASS ? { cls: ` hl-d${layer}` } : { cls: '', style: `--d:${layer}` };
}

/**
 * Boilerplate detection for imported articles: newsletter sign-up blocks, "Read more" lines,
 * share prompts, photo captions with credits, and datelines. Detection only proposes blocks; the
 * importer (or the user, in the app) decides what to remove. A date found in a removed block
 * becomes the article's published date. Pure: text in, ranges out.
 */

/** A stretch of text proposed for removal. Offsets are UTF-16 into the text given. */
export type BoilerplateBlock = {
  start: number;
  end: number;
  reason: 'newsletter' | 'read-more' | 'share' | 'photo-credit' | 'dateline';
  text: string;
};

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const monthRe = MONTHS.map((m) => `${m[0]!.toUpperCase()}${m.slice(1)}|${m.slice(0, 3).replace(/^./, (c) => c.toUpperCase())}\\.?`).join('|');
const longDate = new RegExp(`^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\\s+)?(${monthRe})\\s+(\\d{1,2}),?\\s+(\\d{4})`);
const isoDate = /(?:^|\b)date:?\s*(\d{4}-\d\d-\d\d)\b|^(\d{4}-\d\d-\d\d)\b/i;

/** Reads a date at the start of `s` (ISO, "date 2022-11-11", "Friday, July 21, 2017"). */
export function leadingDate(s: string): { iso: string; length: number } | undefined {
  const t = s.trimStart();
  const lead = s.length - t.length;
  const iso = isoDate.exec(t);
  if (iso && iso.index === 0) return { iso: (iso[1] ?? iso[2])!, length: lead + iso[0].length };
  const long = longDate.exec(t);
  if (long) {
    const month = MONTHS.findIndex((m) => long[1]!.toLowerCase().startsWith(m.slice(0, 3))) + 1;
    const iso2 = `${long[3]}-${String(month).padStart(2, '0')}-${long[2]!.padStart(2, '0')}`;
    return { iso: iso2, length: lead + long[0].length };
  }
  return undefined;
}

const newsletterWords = /sign(?:ing)? up|newsletter|subscribe|e-?mail address|privacy (?:notice|policy)|inbox|breaking news (?:alerts|emails)|offers, events/gi;
const readMore = /^(?:read more|read next|related|see also|more on this story|recommended)\b.{0,120}$/i;
const share = /^(?:share(?: this)?(?: article| story)?|share on \w+|tweet|follow us|click to share|copy link)\b.{0,80}$/i;
const photoCredit = /(?:\((?:[\w .'/-]{0,40})?(?:photo|photograph|image|pictures?)(?:[\w .'/-]{0,40})?\)|\b(?:photo|image|credit|picture)s?:\s*\S.{0,60}|getty images|\bap photo\b|\breuters\/)\s*\.?$/i;

/** Proposes boilerplate blocks, paragraph by paragraph (paragraphs are split by newlines). */
export function detectBoilerplate(text: string): BoilerplateBlock[] {
  const out: BoilerplateBlock[] = [];
  const re = /[^\n]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const para = m[0];
    const trimmed = para.trim();
    if (!trimmed) continue;
    const start = m.index;
    const end = m.index + para.length;
    const block = (reason: BoilerplateBlock['reason'], s = start, e = end): void => {
      out.push({ start: s, end: e, reason, text: text.slice(s, e) });
    };
    const hits = para.match(newsletterWords)?.length ?? 0;
    if (hits >= 2 && trimmed.length < 1500) {
      block('newsletter');
      continue;
    }
    if (readMore.test(trimmed)) {
      block('read-more');
      continue;
    }
    if (share.test(trimmed)) {
      block('share');
      continue;
    }
    if (trimmed.length <= 250 && photoCredit.test(trimmed)) {
      block('photo-credit');
      continue;
    }
    const date = leadingDate(para);
    if (date) {
      const rest = para.slice(date.length);
      // A date alone on its line is a dateline; a date opening a sentence ("Friday, July 21,
      // 2017 On Tuesday, ...") loses only the date.
      block('dateline', start, /^\s*$/.test(rest) ? end : start + date.length + (rest.length - rest.trimStart().length));
    }
  }
  return out;
}

/** The result of removing blocks: the remaining text, what was removed, and a published date. */
export type Cleaned = { text: string; removed: BoilerplateBlock[]; published?: string };

/** Removes the given blocks (by default, every detected one) and tidies blank lines. */
export function removeBoilerplate(text: string, blocks: readonly BoilerplateBlock[] = detectBoilerplate(text)): Cleaned {
  let out = '';
  let at = 0;
  let published: string | undefined;
  for (const b of [...blocks].sort((x, y) => x.start - y.start)) {
    out += text.slice(at, b.start);
    at = b.end;
    published ??= leadingDate(b.text)?.iso ?? (b.reason === 'newsletter' ? isoDate.exec(b.text)?.slice(1).find(Boolean) : undefined);
  }
  out += text.slice(at);
  const tidy = out.split('\n').map((l) => l.replace(/[ \t]+$/, '')).join('\n').replace(/\n{3,}/g, '\n\n').trim();
  return { text: tidy, removed: [...blocks], ...(published ? { published } : {}) };
}

/** A title for a text: its first line when that looks like a headline, else undefined. */
export function titleLine(text: string): { title: string; rest: string } | undefined {
  const m = /^\s*([^\n]+)\n/.exec(text);
  if (!m) return undefined;
  const line = m[1]!.trim();
  const rest = text.slice(m[0].length);
  const looksLikeTitle = line.length >= 3 && line.length <= 200 && !/[.,;:]$/.test(line) && !/^[“"'‘]/.test(line)
    && line.split(/\s+/).length <= 30 && rest.trim().length > 0 && !leadingDate(line) && !/[.!?]\s+\S/.test(line);
  return looksLikeTitle ? { title: line, rest } : undefined;
}

/** A fallback title: the first sentence, shortened to about 80 characters. */
export function firstSentenceTitle(text: string): string {
  const first = /^[\s\S]*?[.!?](?=\s|$)/.exec(text.trim())?.[0] ?? text.trim();
  const one = first.replace(/\s+/g, ' ').trim();
  if (one.length <= 80) return one.replace(/[.]$/, '');
  return one.slice(0, 80).replace(/\s+\S*$/, '') + '…';
}

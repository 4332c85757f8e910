/**
 * Quotation marks in a text: the stretches they enclose (straight and curly marks; a quote that
 * runs over paragraphs, each opening with a mark, is one stretch of several fragments), and the
 * tests the rules make of a stretch. Offsets are UTF-16 code units, end exclusive. Pure.
 */

import type { Range } from './proposal.js';

export const OPEN = new Set(['“', '«', '„', '"']);
export const CLOSE: Record<string, string> = { '“': '”', '«': '»', '„': '“', '"': '"' };

/** The quoted stretches of the text, each as fragments (a quote that runs over paragraphs has one per paragraph). */
export function quotedStretches(text: string): Range[][] {
  const out: Range[][] = [];
  let i = 0;
  let carry: Range[] | undefined;
  while (i < text.length) {
    const ch = text[i]!;
    const prev = i > 0 ? text[i - 1]! : '\n';
    if (OPEN.has(ch) && (ch !== '"' || /[\s([\u2014-]/.test(prev) || i === 0)) {
      const close = CLOSE[ch]!;
      let j = i + 1;
      while (j < text.length && text[j] !== close && text[j] !== '\n') j++;
      if (j < text.length && text[j] === close) {
        out.push([...(carry ?? []), { start: i, end: j + 1 }]);
        carry = undefined;
        i = j + 1;
        continue;
      }
      // No closing mark in the paragraph: the quote goes on if the next paragraph opens with a mark.
      const next = text.slice(j).match(/^\n+\s*/)?.[0].length ?? 0;
      const piece = { start: i, end: trimEnd(text, j) };
      if (j < text.length && OPEN.has(text[j + next] ?? '')) {
        carry = [...(carry ?? []), piece];
        i = j + next;
        continue;
      }
      carry = undefined;
      i = j;
      continue;
    }
    i++;
  }
  return out;
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  return end;
}

/** Most words capitalised, as in a headline or a title. */
export function titleLike(s: string): boolean {
  const ws = s.split(/\s+/).map((w) => w.replace(/^[^\p{L}\d]+/u, '')).filter((w) => w.length > 3);
  return ws.length >= 2 && ws.filter((w) => /^[\p{Lu}\d]/u.test(w)).length / ws.length >= 0.75;
}

export const words = (text: string, r: Range) => text.slice(r.start, r.end).split(/\s+/).filter((w) => /\w/.test(w)).length;


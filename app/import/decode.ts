/**
 * Decoding text files whose encoding nobody stated. In order:
 * - a BOM (UTF-8, UTF-16 LE/BE) wins; UTF-16 without a BOM is recognised by its zero bytes;
 *   other NUL bytes mean the file is not text;
 * - bytes that are valid UTF-8 are UTF-8, silently;
 * - bytes that are UTF-8 with a few invalid sequences (fewer than the valid multi-byte ones) are
 *   UTF-8 with those bytes replaced by U+FFFD, and a warning names the lines;
 * - anything else is detected by jschardet (a port of Python's chardet) among the encodings of
 *   the modern web and the ISO-8859 family (Windows-125x, KOI8-R/U, ISO-8859-x, Shift_JIS,
 *   GB18030, Big5, EUC-JP/KR…) and decoded with TextDecoder (Node 20's full ICU knows them);
 *   when the detector has no answer, or its answer does not decode cleanly, Windows-1252 (a
 *   superset of Latin-1's printable range, what legacy newsroom files use). Either way a warning
 *   says which encoding was used and where the non-ASCII characters are, so nobody is misled.
 */
import { chardet } from 'jschardet';

export type Decoded = {
  text: string;
  /** The WHATWG label of the encoding used, e.g. `utf-8`, `windows-1252`, `koi8-r`. */
  encoding: string;
  /** Set when the bytes were not clean UTF-8 or UTF-16: what was done, naming the lines. */
  warning?: string;
};

/** How many line numbers a warning lists before "and N more". */
const LINES_SHOWN = 10;

const lineList = (lines: readonly number[]): string => {
  const shown = lines.slice(0, LINES_SHOWN).join(', ');
  return lines.length > LINES_SHOWN ? `${shown} and ${lines.length - LINES_SHOWN} more` : shown;
};

/**
 * Scans `bytes` as UTF-8: the number of valid multi-byte sequences, of invalid bytes, and the
 * (1-based) lines holding invalid bytes and non-ASCII bytes. Well-formedness per RFC 3629
 * (no overlongs, no surrogates, nothing above U+10FFFF), as TextDecoder checks it.
 */
function scanUtf8(bytes: Uint8Array): { valid: number; invalid: number; badLines: number[]; nonAsciiLines: number[] } {
  let valid = 0;
  let invalid = 0;
  const badLines: number[] = [];
  const nonAsciiLines: number[] = [];
  let line = 1;
  const mark = (list: number[]) => {
    if (list[list.length - 1] !== line) list.push(line);
  };
  const cont = (i: number, lo = 0x80, hi = 0xbf) => i < bytes.length && bytes[i]! >= lo && bytes[i]! <= hi;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (b === 0x0a) line++;
      i++;
      continue;
    }
    mark(nonAsciiLines);
    let n = 0;
    if (b >= 0xc2 && b <= 0xdf) n = cont(i + 1) ? 2 : 0;
    else if (b >= 0xe0 && b <= 0xef) n = cont(i + 1, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf) && cont(i + 2) ? 3 : 0;
    else if (b >= 0xf0 && b <= 0xf4) n = cont(i + 1, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    if (n) {
      valid++;
      i += n;
    } else {
      invalid++;
      mark(badLines);
      i++;
    }
  }
  return { valid, invalid, badLines, nonAsciiLines };
}

/** A detector's name for an encoding as a label TextDecoder knows (undefined when it knows none). */
function decoderLabel(name: string): string | undefined {
  const n = name.toLowerCase();
  // ISO-8859-1 is decoded as Windows-1252, as browsers do (WHATWG Encoding): same letters, plus
  // the curly quotes and dashes in 0x80–0x9F that legacy files use.
  if (n === 'iso-8859-1' || n === 'latin-1' || n === 'ascii') return 'windows-1252';
  const aliases: Record<string, string> = { cp932: 'shift_jis', shift_jis_2004: 'shift_jis', 'euc-jis-2004': 'euc-jp', cp949: 'euc-kr', cp874: 'windows-874', big5hkscs: 'big5' };
  const label = aliases[n] ?? n;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

/** Throws for content that is not text (NUL bytes outside UTF-16), naming nothing: the caller adds the file. */
export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3), true);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const sample = bytes.subarray(0, 4096);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2) oddZeros++;
    else evenZeros++;
  }
  const half = sample.length / 2;
  if (half > 0 && oddZeros > half * 0.3 && evenZeros === 0) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (half > 0 && evenZeros > half * 0.3 && oddZeros === 0) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  if (evenZeros + oddZeros > 0) throw new Error('it is not a text file (it contains binary data)');
  return utf8(bytes);
}

/**
 * UTF-8 if it is, UTF-8 with replacements if it nearly is (or has a UTF-8 BOM), else the
 * detector's encoding.
 */
function utf8(bytes: Uint8Array, bom = false): Decoded {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: decide below.
  }
  const scan = scanUtf8(bytes);
  if (bom || (scan.valid > 0 && scan.invalid <= scan.valid)) {
    return {
      text: new TextDecoder('utf-8').decode(bytes),
      encoding: 'utf-8',
      warning: `it is UTF-8 except for ${scan.invalid} invalid byte${scan.invalid === 1 ? '' : 's'} on line${scan.badLines.length === 1 ? '' : 's'} ${lineList(scan.badLines)}, replaced by "\ufffd"; check ${scan.badLines.length === 1 ? 'that line' : 'those lines'}`,
    };
  }
  const where = `non-ASCII characters on line${scan.nonAsciiLines.length === 1 ? '' : 's'} ${lineList(scan.nonAsciiLines)}`;
  const detected = chardet.detect(bytes, { encodingEra: chardet.EncodingEra.MODERN_WEB | chardet.EncodingEra.LEGACY_ISO });
  const label = detected.encoding ? decoderLabel(detected.encoding) : undefined;
  if (label && label !== 'windows-1252' && label !== 'utf-8') {
    const text = new TextDecoder(label).decode(bytes);
    // A clean decode has no replacement characters and no C1 controls (which would mean the
    // bytes 0x80–0x9F were Windows-1252 punctuation after all).
    if (!/[\ufffd\u0080-\u009f]/.test(text)) {
      return { text, encoding: label, warning: `it is not UTF-8: read as ${label} (detected, ${Math.round(detected.confidence * 100)}% confidence; ${where}); if the text looks wrong, save the file as UTF-8 and import it again` };
    }
  }
  return {
    text: decodeWindows1252(bytes),
    encoding: 'windows-1252',
    warning: `it is not UTF-8: read as windows-1252, the usual encoding of older Western files (${where}); if the text looks wrong, save the file as UTF-8 and import it again`,
  };
}

/**
 * Windows-1252: Latin-1 except 0x80–0x9F, which hold curly quotes, dashes, the euro sign.
 * Decoded by hand because Node's TextDecoder treats the label as ISO-8859-1 and turns those
 * bytes into invisible control characters (still so in Node 20.20).
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x2000) {
    const chunk = bytes.subarray(i, i + 0x2000);
    out += String.fromCharCode(...chunk).replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
  }
  return out;
}

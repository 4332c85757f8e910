/** Preparing files for import: pairing a brat .txt with its .ann, reading them as base64, and the summary sentence. */

/** Groups files for import: a brat .txt goes with the .ann of the same name; any other file alone. */
export function pairImportFiles<F extends { name: string }>(files: readonly F[]): F[][] {
  const byName = new Map(files.map((f) => [f.name, f]));
  const groups: F[][] = [];
  for (const f of files) {
    if (/\.ann$/i.test(f.name) && byName.has(f.name.replace(/\.ann$/i, '.txt'))) continue;
    const ann = /\.txt$/i.test(f.name) ? byName.get(f.name.replace(/\.txt$/i, '.ann')) : undefined;
    groups.push(ann ? [f, ann] : [f]);
  }
  return groups;
}

/** Bytes as base64, in chunks (String.fromCharCode takes a limited number of arguments). */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The first sentence of an import's report. */
export function importSummary(report: { imported: number; duplicates: number; failed: number }, cancelled: boolean): string {
  return `Imported ${report.imported} article${report.imported === 1 ? '' : 's'}, skipped ${report.duplicates} duplicate${report.duplicates === 1 ? '' : 's'}, ${report.failed} failed${cancelled ? '; cancelled before the end' : ''}.`;
}

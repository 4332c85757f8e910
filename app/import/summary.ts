/**
 * What an import did ({@link ImportSummary}), defined where it is produced and read by the Api's
 * contract, the command line and the renderer, and the summary in words. No Node imports: the
 * renderer compiles the Api's types, which name this one.
 */

/** What an import did: what it wrote, what it skipped as duplicates, what failed and why, and its notes. */
export type ImportSummary = {
  imported: { name: string; id: string; title: string; spans: number }[];
  duplicates: { name: string; title: string; existing: string }[];
  /** Annotations added to an article the project already had (`import --annotator`): into which, how many. */
  added?: { name: string; id: string; title: string; spans: number }[];
  failed: { name: string; line?: number; reason: string }[];
  warnings: string[];
  cancelled: boolean;
};

/** The summary in words, for the command line and the app. */
export function describeSummary(s: ImportSummary): string[] {
  const lines = [`Imported ${s.imported.length} article${s.imported.length === 1 ? '' : 's'}${s.imported.length ? ` (${s.imported.reduce((n, i) => n + i.spans, 0)} annotations)` : ''}, skipped ${s.duplicates.length} duplicate${s.duplicates.length === 1 ? '' : 's'}, ${s.failed.length} failed${s.cancelled ? '; cancelled before the end' : ''}.`];
  for (const a of s.added ?? []) lines.push(`  added: ${a.spans} annotation${a.spans === 1 ? '' : 's'} from ${a.name} to “${a.title}” (the same text)`);
  for (const d of s.duplicates) lines.push(`  duplicate: ${d.name} (“${d.title}”) has the same text as “${d.existing}”`);
  for (const f of s.failed) lines.push(`  failed: ${f.name}${f.line !== undefined ? `, line ${f.line}` : ''}: ${f.reason}`);
  for (const w of s.warnings) lines.push(`  note: ${w}`);
  return lines;
}

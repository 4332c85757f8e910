/** The usage lines of `agreement` and `curate` (app/cli/agreement.ts), apart so cli.ts loads them without the commands. */

export const AGREEMENT_USAGE = `  agreement <folder> [--json] [--label L] [--article ID] [--with-curated]
                                     agreement per pair of annotators and label: exact and overlap F1,
                                     Cohen's kappa on characters, Krippendorff's alpha-u; alpha-u over all
  curate <folder> --accept-agreed [--min N] [--curator NAME] [--article ID…]
                                     copy the spans all annotators (or at least N) agree on exactly, with
                                     their links and source, into the curated layer (undoable per article)`;

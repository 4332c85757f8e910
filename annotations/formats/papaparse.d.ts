/**
 * The part of papaparse's API that annotations/formats/csv.ts uses. papaparse ships no types, and
 * @types/papaparse starts with `/// <reference types="node" />`, which would bring Node's globals
 * into the pure annotations/ layer (and the renderer) that this tsconfig keeps them out of.
 */
declare module 'papaparse' {
  export type ParseError = { type: 'Quotes' | 'Delimiter' | 'FieldMismatch'; code: string; message: string; row?: number; index?: number };
  export type ParseMeta = { delimiter: string; linebreak: string; aborted: boolean; truncated: boolean; cursor: number };
  export type ParseStepResult = { data: string[]; errors: ParseError[]; meta: ParseMeta };
  export type ParseConfig = {
    delimiter?: string;
    delimitersToGuess?: string[];
    newline?: string;
    quoteChar?: string;
    escapeChar?: string;
    skipEmptyLines?: boolean | 'greedy';
    step?: (result: ParseStepResult, parser: { abort(): void }) => void;
  };
  export type ParseResult = { data: string[][]; errors: ParseError[]; meta: ParseMeta };
  const Papa: { parse(input: string, config?: ParseConfig): ParseResult };
  export default Papa;
}

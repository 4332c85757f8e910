/**
 * An averaged multiclass perceptron (Collins 2002; the averaging by timestamps as in Honnibal's
 * "A good part-of-speech tagger in about 200 lines of Python"): string features, a few classes.
 * Training updates the weights of the true and the guessed class; `average()` replaces each
 * weight by its mean over every step, which generalises much better than the last weights.
 * Plain data in and out (`toJSON`, `fromJSON`), small: zero weights are dropped and the rest
 * rounded to 4 decimals.
 */

export type PerceptronJson = { classes: string[]; weights: Record<string, number[]> };

export class Perceptron {
  readonly classes: readonly string[];
  private weights = new Map<string, Float64Array>();
  private totals = new Map<string, Float64Array>();
  private stamps = new Map<string, Float64Array>();
  private step = 0;

  constructor(classes: readonly string[]) {
    this.classes = classes;
  }

  /** The score of every class for `features`. */
  scores(features: readonly string[]): Float64Array {
    const s = new Float64Array(this.classes.length);
    for (const f of features) {
      const w = this.weights.get(f);
      if (!w) continue;
      for (let c = 0; c < s.length; c++) s[c]! += w[c]!;
    }
    return s;
  }

  /** The best class's index (ties: the first class). */
  predict(features: readonly string[]): number {
    const s = this.scores(features);
    let best = 0;
    for (let c = 1; c < s.length; c++) if (s[c]! > s[best]!) best = c;
    return best;
  }

  /** One training step: moves weight from `guess` to `truth` when they differ. */
  update(truth: number, guess: number, features: readonly string[]): void {
    this.step++;
    if (truth === guess) return;
    for (const f of features) {
      this.bump(f, truth, 1);
      this.bump(f, guess, -1);
    }
  }

  private bump(f: string, c: number, by: number): void {
    const n = this.classes.length;
    let w = this.weights.get(f);
    if (!w) {
      w = new Float64Array(n);
      this.weights.set(f, w);
      this.totals.set(f, new Float64Array(n));
      this.stamps.set(f, new Float64Array(n));
    }
    const t = this.totals.get(f)!;
    const st = this.stamps.get(f)!;
    t[c]! += (this.step - st[c]!) * w[c]!;
    st[c] = this.step;
    w[c]! += by;
  }

  /** Replaces every weight by its average over the steps so far. Call once, after training. */
  average(): void {
    for (const [f, w] of this.weights) {
      const t = this.totals.get(f)!;
      const st = this.stamps.get(f)!;
      for (let c = 0; c < w.length; c++) {
        const total = t[c]! + (this.step - st[c]!) * w[c]!;
        w[c] = this.step ? total / this.step : w[c]!;
      }
    }
    this.totals.clear();
    this.stamps.clear();
  }

  toJSON(): PerceptronJson {
    const weights: Record<string, number[]> = {};
    for (const [f, w] of this.weights) {
      const r = [...w].map((x) => Math.round(x * 1e4) / 1e4);
      if (r.some((x) => x !== 0)) weights[f] = r;
    }
    return { classes: [...this.classes], weights };
  }

  static fromJSON(j: PerceptronJson): Perceptron {
    const p = new Perceptron(j.classes);
    for (const [f, w] of Object.entries(j.weights)) p.weights.set(f, Float64Array.from(w));
    return p;
  }
}


// Classification metrics: macro-F1, accuracy, per-class precision/recall/F1/support, confusion matrix.

export interface ClassStats {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvalReport {
  task: string;
  n: number;
  macro_f1: number;
  accuracy: number;
  per_class: Record<string, ClassStats>;
  /** confusion[gold][predicted] = count */
  confusion: Record<string, Record<string, number>>;
  at_threshold?: { threshold: number; coverage: number; accuracy: number };
}

const r4 = (x: number): number => Math.round(x * 10000) / 10000;

/**
 * Scores predictions. Macro-F1 averages over the labels that occur in gold (the convention of scikit-learn when
 * predictions only use gold labels; labels predicted but never gold are listed with support 0 and count too).
 */
export function evaluate(
  task: string,
  gold: readonly string[],
  pred: readonly string[],
  confidence?: readonly number[],
  threshold?: number,
): EvalReport {
  const labels: string[] = [];
  const seen = new Set<string>();
  for (const l of gold) if (!seen.has(l)) (seen.add(l), labels.push(l));
  for (const l of pred) if (!seen.has(l)) (seen.add(l), labels.push(l));
  labels.sort();
  const confusion: Record<string, Record<string, number>> = {};
  for (const g of labels) {
    confusion[g] = {};
    for (const p of labels) confusion[g]![p] = 0;
  }
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    confusion[gold[i]!]![pred[i]!]!++;
    if (gold[i] === pred[i]) correct++;
  }
  const per_class: Record<string, ClassStats> = {};
  let f1sum = 0;
  for (const l of labels) {
    const tp = confusion[l]![l]!;
    let fp = 0;
    let fn = 0;
    for (const o of labels) {
      if (o === l) continue;
      fp += confusion[o]![l]!;
      fn += confusion[l]![o]!;
    }
    const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
    const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    per_class[l] = { precision: r4(precision), recall: r4(recall), f1: r4(f1), support: tp + fn };
    f1sum += f1;
  }
  const report: EvalReport = {
    task,
    n: gold.length,
    macro_f1: labels.length > 0 ? r4(f1sum / labels.length) : 0,
    accuracy: gold.length > 0 ? r4(correct / gold.length) : 0,
    per_class,
    confusion,
  };
  if (confidence !== undefined && threshold !== undefined) {
    let cov = 0;
    let ok = 0;
    for (let i = 0; i < gold.length; i++)
      if (confidence[i]! >= threshold) {
        cov++;
        if (gold[i] === pred[i]) ok++;
      }
    report.at_threshold = {
      threshold,
      coverage: gold.length > 0 ? r4(cov / gold.length) : 0,
      accuracy: cov > 0 ? r4(ok / cov) : 0,
    };
  }
  return report;
}

/** Stratified k-fold assignment, deterministic given the seed. */
export function stratifiedFolds(labels: readonly string[], k: number, seed: number): Int32Array {
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const a = byLabel.get(l);
    if (a) a.push(i);
    else byLabel.set(l, [i]);
  });
  const fold = new Int32Array(labels.length);
  let s = seed >>> 0;
  const rand = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  let offset = 0;
  for (const key of [...byLabel.keys()].sort()) {
    const idx = byLabel.get(key)!;
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    idx.forEach((row, j) => (fold[row] = (j + offset) % k));
    offset += idx.length;
  }
  return fold;
}

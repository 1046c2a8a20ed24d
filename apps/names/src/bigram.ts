import { CLASSES, nameIds, BOUNDARY } from './data';

/**
 * The baseline the LSTM must beat: a bigram model, the probability of each character given only
 * the one before it, from counts on the training names with add-`smoothing` (Laplace) smoothing:
 *
 *   p(next | previous) = (count(previous, next) + smoothing) / (count(previous) + smoothing · classes)
 *
 * Rows are the previous token (boundary or letter, by id), columns the next one's class (id − 1).
 */
export class Bigram {
  /** counts[previous id][next class], smoothed. */
  private readonly counts: number[][];

  constructor(train: readonly string[], smoothing = 1) {
    this.counts = Array.from({ length: CLASSES + 1 }, () => Array<number>(CLASSES).fill(smoothing));
    for (const name of train) {
      for (const [previous, next] of pairs(name)) (this.counts[previous] as number[])[next - 1]++;
    }
  }

  /** p(next | previous), by token id. */
  probability(previous: number, next: number): number {
    const row = this.counts[previous] as number[];
    return (row[next - 1] as number) / row.reduce((a, b) => a + b, 0);
  }

  /** The mean −log p per character (nats) on `names`, each name's end included, as the LSTM is measured. */
  lossPerCharacter(names: readonly string[]): number {
    let total = 0;
    let count = 0;
    for (const name of names) {
      for (const [previous, next] of pairs(name)) {
        total -= Math.log(this.probability(previous, next));
        count++;
      }
    }
    return total / count;
  }
}

/** The (previous, next) token ids of a name: `.e`, `em`, `mm`, `ma`, `a.` for emma. */
function pairs(name: string): [number, number][] {
  const ids = [...nameIds(name), BOUNDARY];
  return ids.slice(1).map((next, t) => [ids[t] as number, next]);
}

/**
 * The training and test loss per epoch, as two lines on axes: the loss from 0 to its largest value
 * on the left, the epochs along the bottom.
 */
const LEFT = 40;
const BOTTOM = 16;
const TOP = 6;
const RIGHT = 8;
const AXIS = '#444';

/** A number in at most 3 significant digits, without trailing zeros. */
const short = (v: number) => (v === 0 ? '0' : Number(v.toPrecision(3)).toString());

export class LossChart {
  private train: number[] = [];
  private test: number[] = [];
  private first = 0;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  /** Starts again; the next point added is epoch `first` + 1. */
  reset(first = 0): void {
    this.train = [];
    this.test = [];
    this.first = first;
    this.draw();
  }

  add(train: number, test: number): void {
    this.train.push(train);
    this.test.push(test);
    this.draw();
  }

  private draw(): void {
    const context = this.canvas.getContext('2d');
    if (!context) return;
    const { width, height } = this.canvas;
    const plot = { w: width - LEFT - RIGHT, h: height - TOP - BOTTOM };
    context.clearRect(0, 0, width, height);
    const all = [...this.train, ...this.test].filter(Number.isFinite);
    const top = Math.max(...all, 1e-9);
    const last = this.first + this.train.length;
    // the axes, and their values
    context.strokeStyle = AXIS;
    context.lineWidth = 1;
    context.beginPath();
    context.moveTo(LEFT - 0.5, TOP);
    context.lineTo(LEFT - 0.5, TOP + plot.h + 0.5);
    context.lineTo(LEFT + plot.w, TOP + plot.h + 0.5);
    context.stroke();
    context.fillStyle = AXIS;
    context.font = '10px sans-serif';
    context.textAlign = 'right';
    context.textBaseline = 'top';
    context.fillText(all.length ? short(top) : '–', LEFT - 4, TOP - 2);
    context.textBaseline = 'bottom';
    context.fillText('0', LEFT - 4, TOP + plot.h + 2);
    context.textBaseline = 'top';
    context.textAlign = 'left';
    context.fillText(`epoch ${this.first}`, LEFT, TOP + plot.h + 3);
    context.textAlign = 'right';
    context.fillText(`${last}`, LEFT + plot.w, TOP + plot.h + 3);
    this.canvas.setAttribute(
      'aria-label',
      all.length
        ? `loss per epoch, training (grey) and test (black): epoch ${last}, training ${short(this.train.at(-1) as number)}, test ${short(this.test.at(-1) as number)}; the axis runs from 0 to ${short(top)}`
        : 'loss per epoch, training (grey) and test (black): no epoch trained yet',
    );
    if (all.length === 0) return;
    for (const [series, style] of [
      [this.test, '#222'],
      [this.train, '#999'],
    ] as const) {
      context.beginPath();
      series.forEach((v, i) => {
        const x = LEFT + (series.length === 1 ? 0 : (i / (series.length - 1)) * plot.w);
        const y = TOP + plot.h - (Math.min(v, top) / top) * plot.h;
        i === 0 ? context.moveTo(x, y) : context.lineTo(x, y);
      });
      context.strokeStyle = style;
      context.lineWidth = 1.5;
      context.stroke();
    }
  }
}

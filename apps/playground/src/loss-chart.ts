/** The training and test loss per epoch, as two lines. */
export class LossChart {
  private train: number[] = [];
  private test: number[] = [];

  constructor(private readonly canvas: HTMLCanvasElement) {}

  reset(): void {
    this.train = [];
    this.test = [];
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
    context.clearRect(0, 0, width, height);
    const all = [...this.train, ...this.test].filter(Number.isFinite);
    if (all.length === 0) return;
    const top = Math.max(...all, 1e-9);
    for (const [series, style] of [
      [this.test, '#222'],
      [this.train, '#999'],
    ] as const) {
      context.beginPath();
      series.forEach((v, i) => {
        const x = series.length === 1 ? 0 : (i / (series.length - 1)) * width;
        const y = height - (v / top) * (height - 2) - 1;
        i === 0 ? context.moveTo(x, y) : context.lineTo(x, y);
      });
      context.strokeStyle = style;
      context.lineWidth = 1.5;
      context.stroke();
    }
  }
}

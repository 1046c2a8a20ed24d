import { toOnnx } from '@nn/onnx';
import { saveModel } from '@nn/train';
import { drawHeatmap } from './heatmap';
import { XOR_SAMPLES, XorModel } from './model';

const EPOCHS_PER_FRAME = 5;
const MAX_EPOCHS = 3000;

const model = new XorModel(1);
const canvas = document.querySelector<HTMLCanvasElement>('#heatmap')!;
const epochOut = document.querySelector<HTMLOutputElement>('#epoch')!;
const errorOut = document.querySelector<HTMLOutputElement>('#error')!;
const table = document.querySelector<HTMLTableElement>('#table')!;
const playButton = document.querySelector<HTMLButtonElement>('#play')!;
const resetButton = document.querySelector<HTMLButtonElement>('#reset')!;
let playing = true;

function render(): void {
  drawHeatmap(canvas, model);
  epochOut.value = String(model.epoch);
  errorOut.value = Number.isNaN(model.error) ? '–' : model.error.toExponential(3);
  table.innerHTML =
    '<tr><th>x₁</th><th>x₂</th><th>target</th><th>output</th></tr>' +
    XOR_SAMPLES.map(
      ({ x1, x2, target }) =>
        `<tr><td>${x1}</td><td>${x2}</td><td>${target}</td><td>${model.output(x1, x2).toFixed(3)}</td></tr>`,
    ).join('');
  document.body.dataset.epoch = String(model.epoch);
}

function frame(): void {
  if (playing && model.epoch < MAX_EPOCHS) {
    model.train(EPOCHS_PER_FRAME);
    render();
  }
  requestAnimationFrame(frame);
}

/** Offers `data` as a file download. */
function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  URL.revokeObjectURL(url);
}

document
  .querySelector('#export-model')
  ?.addEventListener('click', () => download('xor-model.json', saveModel(model.network), 'application/json'));
document
  .querySelector('#export-onnx')
  ?.addEventListener('click', () => download('xor.onnx', toOnnx(model.network), 'application/octet-stream'));

playButton.addEventListener('click', () => {
  playing = !playing;
  playButton.textContent = playing ? 'Pause' : 'Play';
});
resetButton.addEventListener('click', () => {
  model.reset();
  render();
});

render();
requestAnimationFrame(frame);

/** The tests' PNG decoder against images built here, each filter type, and Chromium's own output in e2e. */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng, distance, pixel } from './png';

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body, Buffer.alloc(4)]); // the CRC is not checked
}

/** A PNG of `rows` (each row's bytes already filtered, the filter byte first). */
function png(width: number, height: number, colourType: number, rows: number[][]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, colourType, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows.flat()))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('decodePng', () => {
  it('reads RGB with the filters none, sub, up, average and Paeth', () => {
    // 2×5 RGB; every row decodes to [10,20,30, 40,50,60] except where the filter shifts it
    const image = decodePng(
      png(2, 5, 2, [
        [0, 10, 20, 30, 40, 50, 60],
        [1, 10, 20, 30, 30, 30, 30], // sub: + left
        [2, 0, 0, 0, 0, 0, 0], // up: same as above
        [3, 5, 10, 15, 15, 15, 15], // average: (left + up) / 2
        [4, 0, 0, 0, 0, 0, 0], // Paeth: the predictor picks up (left 0 at x = 0)
      ]),
    );
    expect([image.width, image.height]).toEqual([2, 5]);
    for (let y = 0; y < 5; y++) {
      expect(pixel(image, 0, y)).toEqual([10, 20, 30]);
      expect(pixel(image, 1, y)).toEqual([40, 50, 60]);
    }
  });

  it('reads RGBA and greyscale, and refuses what is not a PNG', () => {
    const rgba = decodePng(png(1, 1, 6, [[0, 1, 2, 3, 4]]));
    expect([...rgba.data]).toEqual([1, 2, 3, 4]);
    const grey = decodePng(png(1, 1, 0, [[0, 7]]));
    expect([...grey.data]).toEqual([7, 7, 7, 255]);
    expect(() => decodePng(new Uint8Array([1, 2, 3]))).toThrow(/not a PNG/);
  });

  it('distance is 0 for equal colours and about 441 for black and white', () => {
    expect(distance([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(distance([0, 0, 0], [255, 255, 255])).toBeCloseTo(441.67, 1);
  });
});

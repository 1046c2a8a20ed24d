/**
 * A small PNG decoder for the browser tests, so they read the colours a person sees from
 * playwright's screenshots: 8-bit greyscale, RGB or RGBA, not interlaced (what Chromium writes).
 */
import { inflateSync } from 'node:zlib';

/** An image as RGBA bytes, row by row from the top. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8Array;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** Decodes a PNG file's bytes into RGBA pixels; throws on what it does not read. */
export function decodePng(png: Uint8Array): Pixels {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error('not a PNG file');
  let width = 0;
  let height = 0;
  let channels = 0;
  const compressed: Buffer[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colourType, , , interlace] = [body[8], body[9], body[10], body[11], body[12]] as number[];
      channels = CHANNELS[colourType as number] ?? 0;
      if (depth !== 8 || channels === 0 || interlace !== 0)
        throw new Error(`PNG: depth ${depth}, colour type ${colourType}, interlace ${interlace} not read`);
    } else if (type === 'IDAT') compressed.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(compressed));
  const stride = width * channels;
  const rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? (rows[y * stride + x - channels] as number) : 0;
      const up = y > 0 ? (rows[(y - 1) * stride + x] as number) : 0;
      const corner = x >= channels && y > 0 ? (rows[(y - 1) * stride + x - channels] as number) : 0;
      rows[y * stride + x] = ((line[x] as number) + predictor(filter, left, up, corner)) & 255;
    }
  }
  const data = new Uint8Array(width * height * 4);
  for (let k = 0; k < width * height; k++) {
    const p = rows.subarray(k * channels, (k + 1) * channels);
    const [r, g, b, a] =
      channels >= 3 ? [p[0], p[1], p[2], channels === 4 ? p[3] : 255] : [p[0], p[0], p[0], channels === 2 ? p[1] : 255];
    data.set([r as number, g as number, b as number, a as number], k * 4);
  }
  return { width, height, data };
}

function predictor(filter: number, left: number, up: number, corner: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const p = left + up - corner;
      const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - corner)];
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : corner;
    }
    default:
      throw new Error(`PNG: unknown filter ${filter}`);
  }
}

/** The RGB colour at (x, y). */
export function pixel(image: Pixels, x: number, y: number): [number, number, number] {
  const k = (Math.round(y) * image.width + Math.round(x)) * 4;
  return [image.data[k] as number, image.data[k + 1] as number, image.data[k + 2] as number];
}

/** The Euclidean distance between two RGB colours (0 for equal, 441 for black and white). */
export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return Math.hypot(
    (a[0] as number) - (b[0] as number),
    (a[1] as number) - (b[1] as number),
    (a[2] as number) - (b[2] as number),
  );
}

/** A small line chart as SVG text: one line per series over shared x values (log-scale x). */
export interface Series {
  name: string;
  colour: string;
  points: { x: number; y: number }[];
}

export function lineChart(title: string, xLabel: string, yLabel: string, series: Series[]): string {
  const [width, height, left, right, top, bottom] = [640, 400, 70, 150, 40, 50];
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const [x0, x1] = [Math.log2(Math.min(...xs)), Math.log2(Math.max(...xs))];
  const y1 = Math.max(...ys) * 1.1;
  const px = (x: number) => left + ((Math.log2(x) - x0) / (x1 - x0 || 1)) * (width - left - right);
  const py = (y: number) => height - bottom - (y / y1) * (height - top - bottom);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<title>${title}</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2 - right / 2}" y="22" text-anchor="middle" font-size="14">${title}</text>`,
    `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#444"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#444"/>`,
    `<text x="${(left + width - right) / 2}" y="${height - 12}" text-anchor="middle">${xLabel}</text>`,
    `<text transform="translate(18 ${(top + height - bottom) / 2}) rotate(-90)" text-anchor="middle">${yLabel}</text>`,
  ];
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    parts.push(`<text x="${px(x)}" y="${height - bottom + 16}" text-anchor="middle">${x}</text>`);
  }
  for (let k = 0; k <= 4; k++) {
    const y = (y1 * k) / 4;
    parts.push(`<text x="${left - 6}" y="${py(y) + 4}" text-anchor="end">${Math.round(y)}</text>`);
    parts.push(`<line x1="${left}" y1="${py(y)}" x2="${width - right}" y2="${py(y)}" stroke="#eee"/>`);
  }
  series.forEach((s, i) => {
    const path = s.points.map((p, k) => `${k === 0 ? 'M' : 'L'}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${s.colour}" stroke-width="2"/>`);
    for (const p of s.points) parts.push(`<circle cx="${px(p.x)}" cy="${py(p.y)}" r="3" fill="${s.colour}"/>`);
    parts.push(`<rect x="${width - right + 15}" y="${top + i * 22}" width="14" height="3" fill="${s.colour}"/>`);
    parts.push(`<text x="${width - right + 35}" y="${top + i * 22 + 5}">${s.name}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

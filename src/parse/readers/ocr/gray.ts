import { inflateSync } from 'node:zlib';

/**
 * A page image as 8-bit grey levels (0 black … 255 white), row by row: the one form both the ruling-line
 * finder and tesseract (as PGM) read, whatever the page came from.
 */
export interface Gray {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Binary PGM (P5, maxval 255), what `pdftoppm -gray` writes. */
export function readPgm(bytes: Uint8Array): Gray {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  const m = /^P5\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(head);
  if (m?.[3] !== '255') throw new Error('not an 8-bit binary PGM');
  const width = Number(m[1]);
  const height = Number(m[2]);
  const data = bytes.subarray(m[0].length, m[0].length + width * height);
  if (data.length !== width * height) throw new Error('PGM cut short');
  return { width, height, data };
}

export function writePgm(g: Gray): Uint8Array {
  const head = Buffer.from(`P5\n${g.width} ${g.height}\n255\n`, 'latin1');
  return Buffer.concat([head, g.data]);
}

/** Width and height from a PNG's or JPEG's header, read before anything is decoded (the pixel limit). */
export function imageSize(b: Uint8Array): { kind: 'png' | 'jpeg'; width: number; height: number } | null {
  if (isPng(b)) {
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return b.length >= 24 ? { kind: 'png', width: v.getUint32(16), height: v.getUint32(20) } : null;
  }
  if (isJpeg(b)) {
    // Walk the markers to the first start-of-frame (SOF0–SOF15 except DHT, JPG and DAC).
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1]!;
      const len = (b[i + 2]! << 8) | b[i + 3]!;
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { kind: 'jpeg', height: (b[i + 5]! << 8) | b[i + 6]!, width: (b[i + 7]! << 8) | b[i + 8]! };
      }
      i += 2 + len;
    }
  }
  return null;
}

export const isPng = (b: Uint8Array): boolean =>
  b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a;
export const isJpeg = (b: Uint8Array): boolean => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/**
 * A non-interlaced 8-bit PNG (grey, grey+alpha, RGB, RGBA or palette) as grey levels; transparent pixels
 * are taken as white paper. Interlaced and 16-bit images are rare for scans and are refused by name.
 */
export function decodePng(b: Uint8Array): Gray {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let pos = 8;
  let width = 0;
  let height = 0;
  let depth = 0;
  let type = 0;
  let interlace = 0;
  let palette: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  while (pos + 8 <= b.length) {
    const len = v.getUint32(pos);
    const name = Buffer.from(b.subarray(pos + 4, pos + 8)).toString('latin1');
    const body = b.subarray(pos + 8, pos + 8 + len);
    if (name === 'IHDR') {
      width = v.getUint32(pos + 8);
      height = v.getUint32(pos + 12);
      depth = body[8]!;
      type = body[9]!;
      interlace = body[12]!;
    } else if (name === 'PLTE') palette = body;
    else if (name === 'IDAT') idat.push(body);
    else if (name === 'IEND') break;
    pos += 12 + len;
  }
  if (depth !== 8 || interlace !== 0) throw new Error(`PNG of bit depth ${depth}, interlace ${interlace}`);
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[type];
  if (!channels || (type === 3 && !palette)) throw new Error(`PNG colour type ${type}`);
  const raw = inflateSync(Buffer.concat(idat), { maxOutputLength: (width * channels + 1) * height + 1 });
  const stride = width * channels;
  const out = new Uint8Array(width * height);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = Uint8Array.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    unfilter(filter, line, prev, channels);
    for (let x = 0; x < width; x++) out[y * width + x] = greyAt(line, x, type, channels, palette);
    prev = line;
  }
  return { width, height, data: out };
}

function unfilter(filter: number, line: Uint8Array, prev: Uint8Array, bpp: number): void {
  for (let i = 0; i < line.length; i++) {
    const a = i >= bpp ? line[i - bpp]! : 0;
    const up = prev[i]!;
    const c = i >= bpp ? prev[i - bpp]! : 0;
    let add = 0;
    if (filter === 1) add = a;
    else if (filter === 2) add = up;
    else if (filter === 3) add = (a + up) >> 1;
    else if (filter === 4) {
      const p = a + up - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - up);
      const pc = Math.abs(p - c);
      add = pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
    }
    line[i] = (line[i]! + add) & 0xff;
  }
}

function greyAt(line: Uint8Array, x: number, type: number, ch: number, palette: Uint8Array | null): number {
  const i = x * ch;
  let r: number;
  let g: number;
  let b: number;
  let alpha = 255;
  if (type === 3) {
    const k = line[i]! * 3;
    r = palette![k] ?? 255;
    g = palette![k + 1] ?? 255;
    b = palette![k + 2] ?? 255;
  } else if (ch <= 2) {
    r = g = b = line[i]!;
    if (ch === 2) alpha = line[i + 1]!;
  } else {
    r = line[i]!;
    g = line[i + 1]!;
    b = line[i + 2]!;
    if (ch === 4) alpha = line[i + 3]!;
  }
  const y = (r * 299 + g * 587 + b * 114) / 1000;
  return Math.round((y * alpha + 255 * (255 - alpha)) / 255);
}

/**
 * A JPEG wrapped unchanged as the one image of a one-page PDF (DCTDecode), so poppler decodes it: no JPEG
 * decoder of our own. The page is the image's size at 72 dpi, so rasterising at 72 dpi gives its pixels.
 */
export function jpegAsPdf(jpeg: Uint8Array, width: number, height: number, components: number): Uint8Array {
  const cs = components === 1 ? '/DeviceGray' : components === 4 ? '/DeviceCMYK' : '/DeviceRGB';
  const content = `q ${width} 0 0 ${height} 0 0 cm /Im Do Q`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /XObject << /Im 4 0 R >> >> /Contents 5 0 R >>`,
    null,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n', 'latin1')];
  const offsets: number[] = [];
  let size = parts[0]!.length;
  const push = (p: Buffer) => {
    parts.push(p);
    size += p.length;
  };
  objects.forEach((o, i) => {
    offsets.push(size);
    if (o === null) {
      push(
        Buffer.from(
          `${i + 1} 0 obj\n<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace ${cs} /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`,
          'latin1',
        ),
      );
      push(Buffer.from(jpeg));
      push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    } else push(Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, 'latin1'));
  });
  const xref = size;
  const table = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  push(
    Buffer.from(
      `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${table}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(parts);
}

/** Colour components of a JPEG, from its start-of-frame (1 grey, 3 YCbCr, 4 CMYK). */
export function jpegComponents(b: Uint8Array): number {
  let i = 2;
  while (i + 9 < b.length && b[i] === 0xff) {
    const marker = b[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return b[i + 9]!;
    i += 2 + ((b[i + 2]! << 8) | b[i + 3]!);
  }
  return 3;
}

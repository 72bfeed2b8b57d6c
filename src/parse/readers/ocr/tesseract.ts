import { execFile } from 'node:child_process';

/**
 * Debian's `tesseract` (tesseract-ocr with tesseract-ocr-chi-sim) run on one page image, its TSV output
 * read into words with their boxes (pixels) and confidences (0–100). Each run has its own deadline and is
 * killed when it passes it; OpenMP is held to one thread, as the machines are small and shared.
 */
export interface OcrWord {
  text: string;
  conf: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Tesseract's block, paragraph and line numbers joined: words of one printed line share it. */
  line: string;
}

export class OcrTimeout extends Error {}

export function runTesseract(
  tesseract: string,
  imagePath: string,
  options: { lang: string; psm: number; timeoutMs: number; cpuSeconds: number; dpi: number },
): Promise<OcrWord[]> {
  const args = [imagePath, '-', '-l', options.lang, '--psm', String(options.psm), '--dpi', String(options.dpi)];
  args.push('-c', 'preserve_interword_spaces=1', 'tsv');
  // Two bounds: processor time (ulimit -t, the kernel kills it; holds however busy the machine is, and even
  // if this process dies first) and a wall-clock deadline for a machine so loaded the page never gets it.
  const limited = [
    '-c',
    `ulimit -t ${Math.max(1, Math.ceil(options.cpuSeconds))} && exec "$0" "$@"`,
    tesseract,
    ...args,
  ];
  return new Promise((resolve, reject) => {
    execFile(
      '/bin/sh',
      limited,
      {
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 32 << 20,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', OMP_THREAD_LIMIT: '1' },
      },
      (err, stdout, stderr) => {
        if (err) {
          const e = err as { killed?: boolean; signal?: string | null };
          if (e.killed || e.signal === 'SIGXCPU' || e.signal === 'SIGKILL') {
            reject(new OcrTimeout(`tesseract timed out: ${imagePath}`));
          } else reject(new Error(`tesseract failed: ${err.message} ${stderr}`));
        } else resolve(parseTsv(stdout));
      },
    );
  });
}

export function parseTsv(tsv: string): OcrWord[] {
  const words: OcrWord[] = [];
  for (const row of tsv.split('\n')) {
    const f = row.split('\t');
    if (f[0] !== '5' || f.length < 12) continue;
    const text = f.slice(11).join('\t').trim();
    if (!text) continue;
    const x0 = Number(f[6]);
    const y0 = Number(f[7]);
    words.push({
      text,
      conf: Number(f[10]),
      x0,
      y0,
      x1: x0 + Number(f[8]),
      y1: y0 + Number(f[9]),
      line: `${f[2]}.${f[3]}.${f[4]}`,
    });
  }
  return words;
}

let found: Promise<string | null> | null = null;

/** The tesseract binary with Chinese (chi_sim) installed, or null. */
export function findTesseract(configured: string | null): Promise<string | null> {
  found ??= (async () => {
    for (const c of [configured, 'tesseract', '/usr/bin/tesseract']) {
      if (!c) continue;
      const langs = await new Promise<string>((resolve) => {
        execFile(c, ['--list-langs'], { timeout: 20_000 }, (err, stdout) => resolve(err ? '' : stdout));
      });
      if (/^chi_sim$/m.test(langs)) return c;
    }
    return null;
  })();
  return found;
}

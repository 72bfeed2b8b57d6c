import type { BlockDocument } from '../blocks.js';
import type { ReaderLimits } from './limits.js';

/** What a reader is given besides the bytes. */
export interface ReaderContext {
  /** The file's name, for messages only (formats are detected from content). */
  label: string;
  limits: ReaderLimits;
  /** Path of LibreOffice's `soffice`, when installed (legacy .doc/.wps conversion). */
  soffice?: string | null;
  /** Text recognition of image-only pages and photos (config readers.ocr); absent: off. */
  ocr?: OcrSettings;
}

export interface OcrSettings {
  enabled: boolean;
  /** Paths of the binaries when not on PATH. */
  tesseract: string | null;
  pdftoppm: string | null;
  /** Resolution PDF pages are rasterised at for recognition. */
  dpi: number;
}

export type Reader = (bytes: Uint8Array, ctx: ReaderContext) => Promise<BlockDocument>;

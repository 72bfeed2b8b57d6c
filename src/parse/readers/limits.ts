/**
 * Bounds every reader works within. Office files are zip archives of XML, and PDFs are programs of a kind:
 * an upload can be built to expand a thousandfold or to never finish. A plan is a few hundred kilobytes;
 * these limits leave generous room for real plans and none for bombs.
 */
export interface ReaderLimits {
  /** Total bytes all entries of an archive may inflate to. */
  maxUnpackedBytes: number;
  /** Bytes one entry may inflate to. */
  maxEntryBytes: number;
  /** Inflated ÷ compressed size allowed for an entry (text compresses ~10×; bombs ~1000×). */
  maxRatio: number;
  /** Entries an archive may hold. */
  maxEntries: number;
  /** Pages read from a PDF or OFD. */
  maxPages: number;
  /** Elements an XML document may hold. */
  maxXmlNodes: number;
  /** Rows a worksheet may hold (counted in its XML before the workbook is loaded). */
  maxSheetRows: number;
  /** Milliseconds a reader may run (external converters included). */
  timeoutMs: number;
  /**
   * Bytes of plain text or HTML: a plan's text is well under a megabyte, and text is parsed in the serving
   * process, so a text file this size is refused before it is decoded.
   */
  maxTextBytes: number;
  /** Pages of a document recognised by OCR (the rest are reported as not read). */
  maxOcrPages: number;
  /** Pixels of one page image handed to OCR (a phone photo is 12–50 million; an A4 page at 150 dpi 2.2). */
  maxOcrPixels: number;
  /** Processor seconds tesseract may spend on one page (a page takes 3–8 here) before the kernel stops it. */
  ocrPageCpuSeconds: number;
  /**
   * Milliseconds of wall-clock time one page's rasterising and recognition may take before the process is
   * killed: generous, as a shared machine under load gives a page only a slice of a processor.
   */
  ocrPageTimeoutMs: number;
}

export const DEFAULT_LIMITS: ReaderLimits = {
  maxUnpackedBytes: 200 * 1024 * 1024,
  maxEntryBytes: 64 * 1024 * 1024,
  maxRatio: 200,
  maxEntries: 5000,
  maxPages: 1000,
  maxXmlNodes: 2_000_000,
  maxSheetRows: 50_000,
  timeoutMs: 60_000,
  maxTextBytes: 16 * 1024 * 1024,
  maxOcrPages: 60,
  maxOcrPixels: 50_000_000,
  ocrPageCpuSeconds: 60,
  ocrPageTimeoutMs: 600_000,
};

/**
 * Elements open inside one another. Real pages and Office XML stay under a hundred; the HTML/XML parser keeps
 * its open elements in an array it shifts, so depth costs time on every tag, and walking a tree that deep
 * would exhaust the stack.
 */
export const MAX_NESTING = 1000;

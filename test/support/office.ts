import { strToU8, zipSync } from 'fflate';

/**
 * Builds small Office files in tests: a .docx from WordprocessingML body XML (with a numbering part),
 * and arbitrary zips for hostile-archive tests.
 */
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

export function docx(bodyXml: string, numberingXml?: string, extra: Record<string, string> = {}): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body>${bodyXml}</w:body></w:document>`,
    ),
  };
  if (numberingXml)
    files['word/numbering.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="${W}">${numberingXml}</w:numbering>`,
    );
  for (const [name, content] of Object.entries(extra)) files[name] = strToU8(content);
  return zipSync(files);
}

export function p(text: string, num?: { id: number; level: number }): string {
  const numPr = num
    ? `<w:pPr><w:numPr><w:ilvl w:val="${num.level}"/><w:numId w:val="${num.id}"/></w:numPr></w:pPr>`
    : '';
  return `<w:p>${numPr}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
}

export function cell(text: string, opts: { span?: number; vMerge?: 'restart' | 'continue' } = {}): string {
  const pr = [
    opts.span ? `<w:gridSpan w:val="${opts.span}"/>` : '',
    opts.vMerge === 'restart' ? '<w:vMerge w:val="restart"/>' : opts.vMerge === 'continue' ? '<w:vMerge/>' : '',
  ].join('');
  return `<w:tc>${pr ? `<w:tcPr>${pr}</w:tcPr>` : ''}${p(text)}</w:tc>`;
}

export function table(rows: string[][]): string {
  return `<w:tbl>${rows.map((r) => `<w:tr>${r.join('')}</w:tr>`).join('')}</w:tbl>`;
}

/** A numbering part: abstract list 1 with the given levels, used by numId 1. */
export function numbering(levels: { format: string; text: string; start?: number }[]): string {
  const lvls = levels
    .map(
      (l, i) =>
        `<w:lvl w:ilvl="${i}"><w:start w:val="${l.start ?? 1}"/><w:numFmt w:val="${l.format}"/><w:lvlText w:val="${l.text}"/></w:lvl>`,
    )
    .join('');
  return `<w:abstractNum w:abstractNumId="1">${lvls}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>`;
}

export function zip(files: Record<string, Uint8Array | string>, level: 0 | 9 = 9): Uint8Array {
  const out: Record<string, [Uint8Array, { level: 0 | 9 }]> = {};
  for (const [k, v] of Object.entries(files)) out[k] = [typeof v === 'string' ? strToU8(v) : v, { level }];
  return zipSync(out);
}

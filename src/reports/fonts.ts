/**
 * The 公文 fonts, each a list: the official font first (commercial, installed on government machines), then
 * its other names and look-alikes, and last a free font that renders the same style (Noto CJK). Documents name
 * the first; the rest serve where it is missing: the DOCX font table (Word, WPS) and a fontconfig file for
 * LibreOffice on a server, which matches fonts through fontconfig and ignores the DOCX font table.
 */
export const FONTS = {
  /** 标题, 发文机关标志: 小标宋. */
  title: ['方正小标宋简体', 'FZXiaoBiaoSong-B05S', '华文中宋', 'STZhongsong', 'Noto Serif CJK SC'],
  /** 正文: 仿宋. */
  body: ['仿宋_GB2312', 'FangSong_GB2312', '仿宋', 'FangSong', 'Noto Serif CJK SC'],
  /** 一级标题: 黑体. */
  hei: ['黑体', 'SimHei', 'Noto Sans CJK SC'],
  /** 二级标题: 楷体. */
  kai: ['楷体_GB2312', 'KaiTi_GB2312', '楷体', 'KaiTi', 'Noto Serif CJK SC'],
  /** 页码 and spreadsheets: 宋体. */
  song: ['宋体', 'SimSun', 'Noto Serif CJK SC'],
} as const satisfies Record<string, readonly string[]>;

export type FontRole = keyof typeof FONTS;

/** Word's family classes: roman (serif), swiss (sans), modern; with charset 86 (GB2312) they pick a CJK face. */
const FAMILY: Record<FontRole, string> = { title: 'roman', body: 'modern', hei: 'modern', kai: 'script', song: 'auto' };

export function fontTableXml(): string {
  const fonts = (Object.keys(FONTS) as FontRole[])
    .map((role) => {
      const [name, alt] = FONTS[role];
      return (
        `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/>` +
        `<w:family w:val="${FAMILY[role]}"/><w:pitch w:val="variable"/></w:font>`
      );
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts}</w:fonts>`
  );
}

/**
 * A fontconfig file mapping every name in each list to the list's free font, for rendering (LibreOffice's PDF
 * export) where the official fonts are not installed: point FONTCONFIG_FILE at it. 小标宋 is a heavy face, so
 * its stand-in is the bold weight. `base` is the system configuration it extends.
 */
export function fontconfigFallbacks(base = '/etc/fonts/fonts.conf'): string {
  const rules = (Object.keys(FONTS) as FontRole[]).flatMap((role) => {
    const list = FONTS[role];
    const target = list[list.length - 1]!;
    const weight =
      role === 'title' ? '<edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>' : '';
    return list
      .slice(0, -1)
      .map(
        (name) =>
          `  <match target="pattern"><test name="family"><string>${name}</string></test>` +
          `<edit name="family" mode="assign" binding="strong"><string>${target}</string></edit>${weight}</match>`,
      );
  });
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <include ignore_missing="yes">${base}</include>`,
    ...rules,
    '</fontconfig>',
    '',
  ].join('\n');
}

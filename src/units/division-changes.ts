/**
 * Changes of administrative divisions the division data no longer shows: the old division's code and name
 * and the one that replaced it. The data (统计用区划代码) lists only current divisions, so a plan issued
 * before a 撤县设区 names a government that is gone; these entries let the directory keep it as an abolished
 * unit whose successor is the new one. Data, not code: add a row for each change an office meets. Each row
 * was checked against the data: the old code is absent from it, the new one present with the new name.
 */
export interface DivisionChange {
  fromCode: string;
  fromName: string;
  toCode: string;
  toName: string;
  /** The year the change took effect. */
  year: number;
  /** 撤县设区 / 撤市设区 / 合并 / 更名. */
  change: string;
}

export const DIVISION_CHANGES: readonly DivisionChange[] = [
  { fromCode: '330185', fromName: '临安市', toCode: '330112', toName: '临安区', year: 2017, change: '撤市设区' },
  { fromCode: '330183', fromName: '富阳市', toCode: '330111', toName: '富阳区', year: 2014, change: '撤市设区' },
  { fromCode: '330682', fromName: '上虞市', toCode: '330604', toName: '上虞区', year: 2013, change: '撤市设区' },
  { fromCode: '330621', fromName: '绍兴县', toCode: '330603', toName: '柯桥区', year: 2013, change: '撤县设区' },
  { fromCode: '330283', fromName: '奉化市', toCode: '330213', toName: '奉化区', year: 2016, change: '撤市设区' },
  { fromCode: '321088', fromName: '江都市', toCode: '321012', toName: '江都区', year: 2011, change: '撤市设区' },
];

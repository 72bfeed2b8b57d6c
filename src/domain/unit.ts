/**
 * The unit directory: the organisations plans assign work to, and the groups plans name instead of units.
 * A unit's canonical name is its full name with its place («潮州市卫生健康局»); plans print short, relative
 * and abbreviated forms («市卫健委», «市卫生健康局»), which resolve to it. Units are never deleted: a unit
 * abolished in a reorganisation (机构改革) keeps its history and points to its successor.
 */
export type UnitKind = 'government' | 'department' | 'section' | 'institution' | 'enterprise' | 'party' | 'other';

/** 省 / 市 / 县 / 乡镇 / 科室 (internal section of a unit). */
export type UnitLevel = 'province' | 'city' | 'county' | 'township' | 'section';

export const KIND_LABELS: Record<UnitKind, string> = {
  government: '政府',
  department: '部门',
  section: '内设科室',
  institution: '事业单位',
  enterprise: '企业',
  party: '党委机构',
  other: '其他',
};

export const LEVEL_LABELS: Record<UnitLevel, string> = {
  province: '省',
  city: '市',
  county: '县',
  township: '乡镇',
  section: '科室',
};

export interface Unit {
  id: string;
  name: string;
  aliases: string[];
  kind: UnitKind;
  level: UnitLevel;
  parentId: string | null;
  active: boolean;
  successorId: string | null;
  /** The statistical division code (统计用区划代码, 6 or 9 digits) of the government or 乡镇（街道） this unit
   * governs, when it was set up from the division data (units/divisions.ts). */
  divisionCode?: string;
}

/**
 * How a group's members are found:
 * - `children`: the units under a parent (a government's departments: 市直各单位, 市政府各部门);
 * - `level`: the units of a level and kinds within a jurisdiction (各县、区人民政府（管委会）, 各乡镇（街道）);
 *   management committees (管委会) count only when the expression names them;
 * - `members`: an explicit list;
 * - `choose`: «有关单位», «其他单位按职能分工落实»: the office chooses the members when assigning.
 */
export type GroupRule =
  | { type: 'children'; parentId: string; kinds?: UnitKind[] }
  | {
      type: 'level';
      jurisdictionId: string;
      level: UnitLevel;
      kinds: UnitKind[];
      withCommittees?: boolean;
      /** «街道», «各街道办事处»: of the township level, only the streets' offices (not the 乡镇). */
      streetsOnly?: boolean;
    }
  | { type: 'members'; memberIds: string[] }
  | { type: 'choose' };

export interface UnitGroup {
  id: string;
  name: string;
  aliases: string[];
  rule: GroupRule;
}

export interface DirectoryData {
  units: Unit[];
  groups: UnitGroup[];
}

import type { UnitLevel } from './unit.js';

/**
 * The current names of a local government's 组成部门 and common 直属机构 after the 2018 机构改革 (the
 * 国务院机构改革方案 and the provincial, city and county plans that followed), by the levels that use each form,
 * with the short forms plans print. Data, not code branches: the names are completed with the government's
 * place (潮州市 + 卫生健康局) by units/standard-names.ts, and a short form not listed here is still matched by
 * the abbreviation rule (units/similarity.ts). Where places differ (卫生健康委员会 in one city, 卫生健康局 in
 * another; 自然资源局 or 自然资源和规划局), each variant is its own row and the printed form decides.
 */
export interface StandardDepartment {
  name: string;
  short: readonly string[];
  levels: readonly UnitLevel[];
}

const P: UnitLevel[] = ['province'];
const CC: UnitLevel[] = ['city', 'county'];
const PC: UnitLevel[] = ['province', 'city'];
const ALL: UnitLevel[] = ['province', 'city', 'county'];

export const STANDARD_DEPARTMENTS: readonly StandardDepartment[] = [
  // 办公机构
  { name: '人民政府办公厅', short: ['政府办公厅', '政府办', '府办'], levels: P },
  { name: '人民政府办公室', short: ['政府办公室', '政府办', '府办'], levels: CC },
  { name: '人民政府外事办公室', short: ['外事办公室', '外事办', '外办'], levels: ALL },
  // 组成部门
  { name: '发展和改革委员会', short: ['发改委', '发展改革委'], levels: PC },
  { name: '发展和改革局', short: ['发改局', '发展改革局'], levels: CC },
  { name: '教育厅', short: [], levels: P },
  { name: '教育局', short: [], levels: CC },
  { name: '教育和体育局', short: ['教体局', '教育体育局'], levels: CC },
  { name: '科学技术厅', short: ['科技厅'], levels: P },
  { name: '科学技术局', short: ['科技局'], levels: CC },
  { name: '工业和信息化厅', short: ['工信厅', '经信厅', '经济和信息化厅'], levels: P },
  { name: '工业和信息化局', short: ['工信局'], levels: CC },
  { name: '经济和信息化局', short: ['经信局', '经济信息化局'], levels: CC },
  { name: '民族宗教事务委员会', short: ['民宗委', '民族宗教委'], levels: ALL },
  { name: '公安厅', short: [], levels: P },
  { name: '公安局', short: [], levels: CC },
  { name: '民政厅', short: [], levels: P },
  { name: '民政局', short: [], levels: CC },
  { name: '司法厅', short: [], levels: P },
  { name: '司法局', short: [], levels: CC },
  { name: '财政厅', short: [], levels: P },
  { name: '财政局', short: [], levels: CC },
  { name: '人力资源和社会保障厅', short: ['人社厅', '人力社保厅'], levels: P },
  { name: '人力资源和社会保障局', short: ['人社局', '人力社保局'], levels: CC },
  { name: '自然资源厅', short: ['资源厅'], levels: P },
  { name: '自然资源局', short: ['资源局'], levels: CC },
  { name: '自然资源和规划局', short: ['资规局', '自然资源规划局', '规划和自然资源局', '规资局'], levels: CC },
  { name: '生态环境厅', short: ['环境厅', '生态厅'], levels: P },
  { name: '生态环境局', short: ['环境局', '生态局', '环保局'], levels: CC },
  { name: '住房和城乡建设厅', short: ['住建厅', '住房城乡建设厅'], levels: P },
  { name: '住房和城乡建设局', short: ['住建局', '住房城乡建设局'], levels: CC },
  { name: '交通运输厅', short: ['交通厅'], levels: P },
  { name: '交通运输局', short: ['交通局', '交运局'], levels: CC },
  { name: '水利厅', short: [], levels: P },
  { name: '水利局', short: [], levels: CC },
  { name: '水务局', short: [], levels: CC },
  { name: '农业农村厅', short: ['农业厅', '农业农村厅'], levels: P },
  { name: '农业农村局', short: ['农业局', '农农局'], levels: CC },
  { name: '商务厅', short: [], levels: P },
  { name: '商务局', short: [], levels: CC },
  { name: '文化和旅游厅', short: ['文旅厅', '文化旅游厅'], levels: P },
  { name: '文化和旅游局', short: ['文旅局', '文化旅游局'], levels: CC },
  { name: '文化广电旅游局', short: ['文广旅局', '文广旅游局'], levels: CC },
  { name: '文化广电旅游体育局', short: ['文广旅体局', '文广体旅局'], levels: CC },
  { name: '文化广电新闻出版旅游局', short: ['文广新旅局'], levels: CC },
  { name: '卫生健康委员会', short: ['卫健委', '卫生健康委', '卫计委'], levels: ALL },
  { name: '卫生健康局', short: ['卫健局', '卫计局'], levels: CC },
  { name: '退役军人事务厅', short: ['退役军人厅'], levels: P },
  { name: '退役军人事务局', short: ['退役军人局', '退役军人事务局'], levels: CC },
  { name: '应急管理厅', short: ['应急厅'], levels: P },
  { name: '应急管理局', short: ['应急局'], levels: CC },
  { name: '审计厅', short: [], levels: P },
  { name: '审计局', short: [], levels: CC },
  // 直属机构（and 部门管理机构 plans name alongside）
  { name: '人民政府国有资产监督管理委员会', short: ['国资委', '国有资产监督管理委员会'], levels: ALL },
  { name: '市场监督管理局', short: ['市场监管局', '市监局'], levels: ALL },
  { name: '统计局', short: [], levels: ALL },
  { name: '医疗保障局', short: ['医保局'], levels: ALL },
  { name: '体育局', short: [], levels: ALL },
  { name: '林业局', short: [], levels: ALL },
  { name: '信访局', short: [], levels: ALL },
  { name: '政务服务数据管理局', short: ['政数局', '政务数据局'], levels: ALL },
  { name: '政务服务管理办公室', short: ['政务服务办', '政务办'], levels: ALL },
  { name: '大数据发展管理局', short: ['大数据局'], levels: ALL },
  { name: '机关事务管理局', short: ['机关事务局', '事管局'], levels: ALL },
  { name: '行政审批服务局', short: ['审批局', '行政审批局'], levels: CC },
  { name: '综合行政执法局', short: ['综合执法局', '执法局'], levels: CC },
  { name: '城市管理和综合执法局', short: ['城管局', '城管执法局', '城市管理局'], levels: CC },
  { name: '人民防空办公室', short: ['人防办'], levels: ALL },
];

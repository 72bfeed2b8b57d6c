import type { Overview, PlanListing } from '../../api/types';
import type { ChartOption } from '../../components/Chart';
import { LIGHT_COLORS } from '../../components/StateLight';
import { zh } from '../../i18n/zh';

const t = zh.dashboard;
const short = (s: string, n = 18) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Completion by section: done, overdue and the rest still open, stacked; sections in plan order. */
export function sectionChart(o: Overview, plans: PlanListing[], onePlan: boolean): ChartOption {
  const title = new Map(plans.map((p) => [p.id, p.title ?? String(p.id)]));
  const names = o.bySection.map((s) =>
    onePlan ? s.section : `${short(title.get(s.planId) ?? '', 10)} · ${s.section}`,
  );
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: names,
      axisLabel: { formatter: (v: string) => short(v, 22) },
    },
    series: [
      stack(
        t.doneSeries,
        o.bySection.map((s) => s.done),
        LIGHT_COLORS.green,
      ),
      stack(
        t.overdueSeries,
        o.bySection.map((s) => s.late),
        LIGHT_COLORS.red,
      ),
      stack(
        t.open,
        o.bySection.map((s) => s.assignments - s.done - s.late),
        LIGHT_COLORS.blue,
      ),
    ],
  };
}

/** Completion by unit for one plan, listed by unit name as the server orders it — progress, not a ranking. */
export function unitChart(o: Overview): ChartOption {
  const units = o.byUnit ?? [];
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: units.map((u) => u.unitName),
      axisLabel: { formatter: (v: string) => short(v, 14) },
    },
    series: [
      stack(
        t.doneSeries,
        units.map((u) => u.done),
        LIGHT_COLORS.green,
      ),
      stack(
        t.submittedSeries,
        units.map((u) => u.submitted),
        LIGHT_COLORS.yellow,
      ),
      stack(
        t.overdueSeries,
        units.map((u) => u.overdue),
        LIGHT_COLORS.red,
      ),
      stack(
        t.open,
        units.map((u) => u.assignments - u.done - u.submitted - u.overdue),
        LIGHT_COLORS.blue,
      ),
    ],
  };
}

/** Reports and completions per week over the last twelve weeks. */
export function trendChart(o: Overview): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: o.weeks.map((w) => w.week.slice(5)), boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'line', name: t.reports, data: o.weeks.map((w) => w.reports), smooth: true, color: LIGHT_COLORS.blue },
      {
        type: 'line',
        name: t.completed,
        data: o.weeks.map((w) => w.completed),
        smooth: true,
        color: LIGHT_COLORS.green,
      },
    ],
  };
}

function stack(name: string, data: number[], color: string) {
  return { type: 'bar' as const, name, stack: 'all', data, color, barMaxWidth: 18 };
}

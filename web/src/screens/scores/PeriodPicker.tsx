import { Segmented, Select, Space } from 'antd';
import { zh } from '../../i18n/zh';
import type { Period } from './period';

const t = zh.scores;
const QUARTERS = [1, 2, 3, 4] as const;

/** 考核期: a year, or one of its quarters. */
export function PeriodPicker({
  value,
  years,
  onChange,
}: {
  value: Period;
  years: number[];
  onChange: (p: Period) => void;
}) {
  return (
    <Space wrap data-testid="period-picker">
      <span>{t.period}</span>
      <Segmented<'year' | 'quarter'>
        value={value.quarter ? 'quarter' : 'year'}
        onChange={(v) => onChange({ year: value.year, quarter: v === 'quarter' ? (value.quarter ?? 1) : null })}
        options={[
          { value: 'year', label: t.year },
          { value: 'quarter', label: t.quarter },
        ]}
        data-testid="period-kind"
      />
      <Select<number>
        style={{ width: 110 }}
        value={value.year}
        onChange={(year) => onChange({ ...value, year })}
        options={years.map((y) => ({ value: y, label: t.yearLabel(y) }))}
        data-testid="period-year"
      />
      {value.quarter ? (
        <Select<number>
          style={{ width: 120 }}
          value={value.quarter}
          onChange={(q) => onChange({ ...value, quarter: q as Period['quarter'] })}
          options={QUARTERS.map((q) => ({ value: q, label: t.quarterLabel(q) }))}
          data-testid="period-quarter"
        />
      ) : null}
    </Space>
  );
}

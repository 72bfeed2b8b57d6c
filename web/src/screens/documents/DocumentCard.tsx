import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { type DocumentQuery, documents } from '../../api/endpoints';
import type { DocumentFormat, DocumentKind, PlanListing, Unit } from '../../api/types';
import { planLabel } from '../../components/planLabel';
import { zh } from '../../i18n/zh';

const t = zh.documents;

/** The formats each document comes in (src/services/issue-document.ts): tables also as spreadsheets. */
const FORMATS: Record<DocumentKind, readonly DocumentFormat[]> = {
  tishidan: ['docx', 'xlsx'],
  cuiban: ['docx'],
  tongbao: ['docx', 'xlsx'],
  nianbao: ['docx'],
  huitoukan: ['docx', 'xlsx'],
};

export interface DocumentHead {
  issuer?: string;
  docNumber?: string;
  addressee?: string;
  date?: string;
}

interface Choice {
  plan?: number;
  unit?: string;
  range?: [string, string];
  quarter?: string;
  previousPlan?: number;
}

/** What each document cannot be made without. */
function missing(kind: DocumentKind, c: Choice): boolean {
  if (kind === 'cuiban') return !c.unit;
  if (kind === 'tongbao') return !c.plan || !c.quarter;
  return !c.plan;
}

function quarterOf(d: Dayjs): string {
  return `${d.year()}-Q${Math.floor(d.month() / 3) + 1}`;
}

/** One document: the choices it needs (as the route reads them) and a download per format. */
export function DocumentCard({
  kind,
  plans,
  units,
  head,
}: {
  kind: DocumentKind;
  plans: PlanListing[];
  units: Unit[];
  head: DocumentHead;
}) {
  const { message } = App.useApp();
  const [c, setC] = useState<Choice>({});
  const [busy, setBusy] = useState<DocumentFormat | null>(null);
  const planOptions = plans.map((p) => ({ value: p.id, label: planLabel(p) }));
  const unitOptions = units.map((u) => ({ value: u.id, label: u.name }));

  const fetchFile = async (format: DocumentFormat) => {
    setBusy(format);
    try {
      const q: DocumentQuery = {
        format,
        plan: c.plan,
        unit: c.unit,
        from: c.range?.[0],
        to: c.range?.[1],
        quarter: c.quarter,
        previousPlan: c.previousPlan,
        ...head,
      };
      const name = await documents.download(kind, q);
      message.success(t.downloaded(name));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const planField = (label: string) => (
    <Form.Item label={label} required>
      <Select
        value={c.plan}
        onChange={(plan: number) => setC({ ...c, plan })}
        placeholder={t.planPlaceholder}
        showSearch={{ optionFilterProp: 'label' }}
        options={planOptions}
        data-testid={`doc-${kind}-plan`}
      />
    </Form.Item>
  );
  const unitField = (label: string, required: boolean) => (
    <Form.Item label={label} required={required}>
      <Select
        value={c.unit}
        allowClear={!required}
        onChange={(unit: string | undefined) => setC({ ...c, unit })}
        placeholder={t.unitPlaceholder}
        showSearch={{ optionFilterProp: 'label' }}
        options={unitOptions}
        data-testid={`doc-${kind}-unit`}
      />
    </Form.Item>
  );

  return (
    <Form layout="vertical">
      <Typography.Paragraph type="secondary">{t.help[kind]}</Typography.Paragraph>
      {kind === 'cuiban' ? (
        <>
          {unitField(t.unit, true)}
          <Form.Item label={t.planOptional}>
            <Select
              value={c.plan}
              allowClear
              onChange={(plan: number | undefined) => setC({ ...c, plan })}
              placeholder={t.planPlaceholder}
              showSearch={{ optionFilterProp: 'label' }}
              options={planOptions}
            />
          </Form.Item>
        </>
      ) : (
        planField(kind === 'huitoukan' ? t.thisYearPlan : t.plan)
      )}
      {kind === 'tishidan' ? (
        <>
          <Form.Item label={t.range}>
            <DatePicker.RangePicker
              onChange={(v) =>
                setC({
                  ...c,
                  range: v?.[0] && v[1] ? [v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')] : undefined,
                })
              }
            />
          </Form.Item>
          {unitField(t.unitOptional, false)}
        </>
      ) : null}
      {kind === 'tongbao' ? (
        <Form.Item label={t.quarter} required>
          <DatePicker
            picker="quarter"
            onChange={(d: Dayjs | null) => setC({ ...c, quarter: d ? quarterOf(d) : undefined })}
            data-testid="doc-tongbao-quarter"
          />
        </Form.Item>
      ) : null}
      {kind === 'huitoukan' ? (
        <Form.Item label={t.previousPlan} extra={t.previousPlanHelp}>
          <Select
            value={c.previousPlan}
            allowClear
            onChange={(previousPlan: number | undefined) => setC({ ...c, previousPlan })}
            placeholder={t.planPlaceholder}
            showSearch={{ optionFilterProp: 'label' }}
            options={planOptions.filter((p) => p.value !== c.plan)}
          />
        </Form.Item>
      ) : null}
      <Space wrap>
        {FORMATS[kind].map((format) => (
          <Button
            key={format}
            type={format === 'docx' ? 'primary' : 'default'}
            icon={<DownloadOutlined />}
            disabled={missing(kind, c) || (busy !== null && busy !== format)}
            loading={busy === format}
            onClick={() => fetchFile(format)}
            data-testid={`doc-${kind}-${format}`}
          >
            {t[format]}
          </Button>
        ))}
      </Space>
    </Form>
  );
}

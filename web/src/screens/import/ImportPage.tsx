import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Radio, Select, Spin, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { directory, plans } from '../../api/endpoints';
import type { ImportSummary } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';
import { ImportSummaryView } from './ImportSummaryView';

const t = zh.importPlan;
const ACCEPT = '.txt,.docx,.doc,.wps,.pdf,.html,.htm,.xlsx,.xls,.ofd,.png,.jpg,.jpeg';

/** 方案导入: one plan file in, the import summary out, then on to review. */
export function ImportPage() {
  const [file, setFile] = useState<UploadFile | null>(null);
  // Asked before the file is sent (a .doc spends seconds converting): a unit of the directory, or left to
  // the plan's own text (and, when it names none, its covering notice or this system's government).
  const [issuer, setIssuer] = useState<string | undefined>(undefined);
  const units = useLoad(() => directory.get(), 'directory');
  const issuers = (units.data?.units ?? [])
    .filter((u) => u.active && (u.kind === 'government' || u.kind === 'department'))
    .map((u) => ({ value: u.id, label: u.name }));
  const [revise, setRevise] = useState<'auto' | 'new'>('auto');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);

  const submit = async () => {
    const raw = file?.originFileObj as File | undefined;
    if (!raw) {
      setError(t.chooseFile);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setSummary(await plans.importFile(raw, { issuer, revise }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (summary)
    return (
      <>
        <PageHeader title={t.summaryTitle} />
        <ImportSummaryView
          summary={summary}
          onAnother={() => {
            setSummary(null);
            setFile(null);
          }}
        />
      </>
    );

  return (
    <div data-testid="import-page">
      <PageHeader title={t.title} sub={t.intro} />
      <Card>
        <Spin spinning={busy} description={t.importing}>
          {error ? <Alert type="error" showIcon title={error} className="tz-gap" data-testid="import-error" /> : null}
          <Upload.Dragger
            accept={ACCEPT}
            multiple={false}
            maxCount={1}
            fileList={file ? [file] : []}
            beforeUpload={() => false}
            onChange={({ fileList }) => {
              setFile(fileList.at(-1) ?? null);
              setError(null);
            }}
            data-testid="plan-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t.drop}</p>
            <p className="ant-upload-hint">{t.formats}</p>
          </Upload.Dragger>
          <Form layout="vertical" className="tz-gap-top" style={{ maxWidth: 560 }}>
            <Form.Item label={t.issuer} extra={t.issuerHelp}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                value={issuer}
                onChange={(v?: string) => setIssuer(v)}
                placeholder={t.issuerAuto}
                loading={units.loading}
                options={issuers}
                data-testid="import-issuer"
              />
            </Form.Item>
            <Form.Item label={t.revise}>
              <Radio.Group
                value={revise}
                onChange={(e) => setRevise(e.target.value)}
                options={[
                  { value: 'auto', label: t.reviseAuto },
                  { value: 'new', label: t.reviseNew },
                ]}
                data-testid="revise-mode"
              />
            </Form.Item>
            <Button
              type="primary"
              size="large"
              onClick={submit}
              loading={busy}
              disabled={!file}
              data-testid="import-submit"
            >
              {t.submit}
            </Button>
          </Form>
        </Spin>
      </Card>
    </div>
  );
}

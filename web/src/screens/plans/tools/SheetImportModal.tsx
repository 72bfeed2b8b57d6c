import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Collapse, Empty, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../../api/client';
import { ledgerSheets } from '../../../api/endpoints';
import type { LedgerSheetApplied, LedgerSheetPreview, SheetChange, SheetConflict } from '../../../api/types';
import { formatTime } from '../../../components/format';
import { zh } from '../../../i18n/zh';

const t = zh.planTools;

type Row = SheetChange & { conflict?: SheetConflict };

/** The column a change is in, named from its key (`12:progress`), not from the sheet's heading. */
function fieldLabel(key: string): string {
  return key.endsWith(':note') ? zh.fields.note : zh.fields.status;
}

function value(s: string) {
  return s.trim() ? s : <span className="tz-muted">{t.emptyValue}</span>;
}

/**
 * 导入台账 Excel: the filled-in sheet previewed as changes (task, unit, field, old → new); conflicts with what
 * happened online since the export are flagged and left unselected, and are written only if ticked (forced).
 */
export function SheetImportModal({
  open,
  onClose,
  onApplied,
}: {
  open: boolean;
  onClose: () => void;
  onApplied: () => void;
}) {
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<LedgerSheetPreview | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [result, setResult] = useState<LedgerSheetApplied | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const rows: Row[] = useMemo(
    () =>
      preview
        ? [...preview.changes, ...preview.conflicts.map((c) => ({ ...c, conflict: c }))].sort(
            (a, b) => a.row - b.row || a.key.localeCompare(b.key),
          )
        : [],
    [preview],
  );
  const conflictKeys = useMemo(() => new Set(preview?.conflicts.map((c) => c.key)), [preview]);
  const selectedConflicts = selected.filter((k) => conflictKeys.has(k)).length;

  const reset = () => {
    setFile(null);
    setPreview(null);
    setSelected([]);
    setResult(null);
    setError(null);
  };
  const close = () => {
    reset();
    onClose();
  };

  const load = async (f: File) => {
    reset();
    setFile(f);
    setBusy(true);
    try {
      const p = await ledgerSheets.preview(f);
      setPreview(p);
      // Plain changes start selected; a conflict only by the office's own tick.
      setSelected(p.changes.map((c) => c.key));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const accept = selected.filter((k) => !conflictKeys.has(k));
      const force = selected.filter((k) => conflictKeys.has(k));
      const r = await ledgerSheets.apply(file, accept, force);
      setResult(r);
      message.success(t.applied(r.applied.length + r.forced.length, r.forced.length));
      onApplied();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t.importTitle}
      onCancel={close}
      width={1100}
      destroyOnHidden
      footer={
        result ? (
          <Button type="primary" onClick={close} data-testid="sheet-close">
            {zh.common.close}
          </Button>
        ) : (
          <Space>
            {preview ? <span className="tz-muted">{t.selected(selected.length, selectedConflicts)}</span> : null}
            <Button onClick={close}>{zh.common.cancel}</Button>
            <Button
              type="primary"
              disabled={!preview || selected.length === 0}
              loading={busy && preview !== null}
              onClick={apply}
              data-testid="sheet-apply"
            >
              {t.apply}
            </Button>
          </Space>
        )
      }
    >
      <div data-testid="sheet-import">
        <Typography.Paragraph type="secondary">{t.importHelp}</Typography.Paragraph>
        {result ? null : (
          <Upload
            accept=".xlsx"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(f) => {
              void load(f);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy && preview === null}>
              {t.pickFile}
            </Button>
          </Upload>
        )}
        {error ? <Alert type="error" showIcon title={error} className="tz-gap-top" /> : null}
        {result ? (
          <Space orientation="vertical" className="tz-gap-top" style={{ width: '100%' }} data-testid="sheet-result">
            <Alert
              type="success"
              showIcon
              title={t.applied(result.applied.length + result.forced.length, result.forced.length)}
            />
            {result.conflicts.length ? (
              <Alert type="info" showIcon title={t.conflictsLeft(result.conflicts.length)} />
            ) : null}
            {result.refused.length ? (
              <Alert
                type="warning"
                showIcon
                title={t.refused(result.refused.length)}
                description={result.refused.map((r) => r.message).join('\n')}
              />
            ) : null}
          </Space>
        ) : preview ? (
          <div className="tz-gap-top">
            <Typography.Paragraph strong>
              {t.sheetInfo(preview.planTitle ?? zh.plans.untitled, formatTime(preview.exportedAt))}
            </Typography.Paragraph>
            <Table<Row>
              rowKey="key"
              size="small"
              dataSource={rows}
              pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: zh.common.total }}
              locale={{ emptyText: <Empty description={t.noChanges} /> }}
              rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }}
              rowClassName={(r) => (r.conflict ? 'tz-row-conflict' : '')}
              data-testid="sheet-changes"
              columns={[
                {
                  title: t.columns.task,
                  render: (_v, r) => (
                    <Typography.Paragraph ellipsis={{ rows: 2, tooltip: r.task.text }} style={{ margin: 0 }}>
                      {zh.review.seqLabel(r.task.seq, null)} {r.task.text}
                    </Typography.Paragraph>
                  ),
                },
                { title: t.columns.unit, width: 150, render: (_v, r) => r.unit.name },
                { title: t.columns.field, width: 90, render: (_v, r) => fieldLabel(r.key) },
                {
                  title: t.columns.change,
                  width: 340,
                  render: (_v, r) => (
                    <div className="tz-change">
                      <div className={r.from.trim() ? 'tz-change-from tz-change-old' : 'tz-change-from'}>
                        {value(r.from)}
                      </div>
                      <div className="tz-change-to">{value(r.to)}</div>
                    </div>
                  ),
                },
                {
                  title: t.columns.status,
                  width: 220,
                  render: (_v, r) =>
                    r.conflict ? (
                      <Space orientation="vertical" size={2}>
                        <Tag color="red" data-testid="sheet-conflict">
                          {t.conflict}
                        </Tag>
                        <span className="tz-small">{r.conflict.reason}</span>
                        <span className="tz-small tz-muted">{t.conflictOnline(r.conflict.online || t.emptyValue)}</span>
                      </Space>
                    ) : (
                      <Tag color="blue">{t.change}</Tag>
                    ),
                },
              ]}
            />
            {preview.ignored.length ? (
              <Collapse
                className="tz-gap-top"
                size="small"
                items={[
                  {
                    key: 'ignored',
                    label: t.ignored(preview.ignored.length),
                    children: (
                      <ul className="tz-plain-list">
                        {preview.ignored.map((i) => (
                          <li key={`${i.code}:${i.key ?? ''}:${i.row ?? ''}:${i.message}`}>{i.message}</li>
                        ))}
                      </ul>
                    ),
                  },
                ]}
              />
            ) : null}
          </div>
        ) : null}
      </div>
    </Modal>
  );
}

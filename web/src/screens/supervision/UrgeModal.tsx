import { Alert, App, Button, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { reminders } from '../../api/endpoints';
import type { ReminderView } from '../../api/types';
import { formatTime } from '../../components/format';
import { ReminderList } from '../../components/ReminderList';
import { zh } from '../../i18n/zh';
import type { UnitDue } from './overview';

const t = zh.supervision;

/**
 * 催办 one unit: an optional note, then the record as kept (the text the unit will read), so the office sees
 * exactly what was sent before closing.
 */
export function UrgeModal({
  unit,
  plan,
  onClose,
  onUrged,
}: {
  unit: UnitDue | null;
  plan: { id: number; title: string } | null;
  onClose: () => void;
  onUrged: (unitId: string) => void;
}) {
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [record, setRecord] = useState<ReminderView | null>(null);
  // The count the record will carry, asked of the same service (a dry run), not counted here.
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    setCount(null);
    if (!unit) return;
    let live = true;
    reminders
      .urge(unit.unitId, { ...(plan ? { planId: plan.id } : {}), dryRun: true })
      .then((r) => {
        if (live) setCount(r.items);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [unit, plan]);

  const reset = () => {
    setNote('');
    setError(null);
    setRecord(null);
  };
  const close = () => {
    reset();
    onClose();
  };

  const urge = async () => {
    if (!unit) return;
    setBusy(true);
    setError(null);
    try {
      const r = await reminders.urge(unit.unitId, {
        ...(plan ? { planId: plan.id } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      message.success(t.urged(r.items));
      onUrged(unit.unitId);
      const kept = await reminders.list(unit.unitId);
      setRecord(kept.find((x) => x.id === r.reminderId) ?? null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={unit !== null}
      title={unit ? t.urgeTitle(unit.unitName) : ''}
      onCancel={close}
      destroyOnHidden
      width={640}
      footer={
        record ? (
          <Button type="primary" onClick={close} data-testid="urge-close">
            {zh.common.close}
          </Button>
        ) : (
          <>
            <Button onClick={close}>{zh.common.cancel}</Button>
            <Button type="primary" danger loading={busy} onClick={urge} data-testid="urge-submit">
              {t.urgeSubmit}
            </Button>
          </>
        )
      }
    >
      <div data-testid="urge-modal">
        {error ? <Alert type="error" showIcon title={error} className="tz-gap" /> : null}
        {record ? (
          <div data-testid="urge-record">
            <Alert type="success" showIcon title={t.record} description={t.recordSaved(formatTime(record.createdAt))} />
            <div className="tz-gap-top">
              <ReminderList items={[record]} highlight={record.id} empty={t.emptyHistory} />
            </div>
          </div>
        ) : unit ? (
          <Form layout="vertical">
            <Typography.Paragraph data-testid="urge-count">{t.urgeHelp(count)}</Typography.Paragraph>
            {plan ? <Typography.Paragraph type="secondary">{t.urgePlanScope(plan.title)}</Typography.Paragraph> : null}
            <Form.Item label={t.note}>
              <Input.TextArea
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder={t.notePlaceholder}
                autoSize={{ minRows: 3 }}
                maxLength={2000}
                showCount
                data-testid="urge-note"
              />
            </Form.Item>
          </Form>
        ) : null}
      </div>
    </Modal>
  );
}

import { Alert, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../api/client';
import { planTools } from '../../../api/endpoints';
import type { CarryOverResult, PlanDetail, PlanListing } from '../../../api/types';
import { planLabel } from '../../../components/planLabel';
import { zh } from '../../../i18n/zh';

const t = zh.planTools;

/** Last year's plan by the same issuer, the likely source of 回头看. */
function lastYears(plan: PlanDetail, plans: PlanListing[]): number | undefined {
  const year = plan.year;
  if (year === null) return undefined;
  return plans.find((p) => p.id !== plan.id && p.year === year - 1 && p.issuer === plan.issuer)?.id;
}

/** 回头看: last year's unfinished tasks carried into this plan (carrying twice adds nothing). */
export function CarryOverModal({
  plan,
  plans,
  open,
  onClose,
  onDone,
}: {
  plan: PlanDetail;
  plans: PlanListing[];
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const [from, setFrom] = useState<number | undefined>(() => lastYears(plan, plans));
  const [deadline, setDeadline] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<CarryOverResult | null>(null);

  const close = () => {
    setError(null);
    setDone(null);
    onClose();
  };
  const run = async () => {
    if (!from) return;
    setBusy(true);
    setError(null);
    try {
      const r = await planTools.carryOver(plan.id, from, deadline.trim() || undefined);
      setDone(r);
      if (r.tasks) onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t.carryTitle}
      onCancel={close}
      destroyOnHidden
      footer={
        done ? (
          <Button onClick={close}>{zh.common.close}</Button>
        ) : (
          <>
            <Button onClick={close}>{zh.common.cancel}</Button>
            <Button type="primary" disabled={!from} loading={busy} onClick={run} data-testid="carry-run">
              {t.run}
            </Button>
          </>
        )
      }
    >
      {done ? (
        <Alert
          type={done.tasks ? 'success' : 'info'}
          showIcon
          title={t.carryDone(done.tasks, done.assignments, done.deadline)}
          data-testid="carry-result"
        />
      ) : (
        <Form layout="vertical">
          <Typography.Paragraph type="secondary">{t.carryHelp}</Typography.Paragraph>
          {error ? <Alert type="error" showIcon title={error} className="tz-gap" /> : null}
          <Form.Item label={t.fromPlan} required>
            <Select
              value={from}
              onChange={setFrom}
              placeholder={t.fromPlanPlaceholder}
              showSearch={{ optionFilterProp: 'label' }}
              options={plans
                .filter((p) => p.id !== plan.id && p.state !== 'draft')
                .map((p) => ({ value: p.id, label: planLabel(p) }))}
              data-testid="carry-from"
            />
          </Form.Item>
          <Form.Item label={t.carryDeadline} extra={t.carryDeadlineHelp}>
            <Input
              value={deadline}
              onChange={(e) => setDeadline(e.target.value)}
              maxLength={100}
              data-testid="carry-deadline"
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

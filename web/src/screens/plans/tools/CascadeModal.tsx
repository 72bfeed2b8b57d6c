import { Alert, Button, Form, Modal, Result, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../api/client';
import { planTools } from '../../../api/endpoints';
import type { CascadeResult, PlanDetail } from '../../../api/types';
import { byPinyin } from '../../../api/unit-order';
import { zh } from '../../../i18n/zh';

const t = zh.planTools;

/** 分解到单位: a unit's own plan cut from this one; only units this plan gives work to are offered. */
export function CascadeModal({ plan, open, onClose }: { plan: PlanDetail; open: boolean; onClose: () => void }) {
  const [unitId, setUnitId] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<CascadeResult | null>(null);
  const units = useMemo(() => {
    const byId = new Map<string, string>();
    for (const task of plan.tasks) for (const a of task.assignments) byId.set(a.unitId, a.unitName);
    return [...byId].map(([value, label]) => ({ value, label })).sort((a, b) => byPinyin(a.label, b.label));
  }, [plan]);

  const close = () => {
    setUnitId(undefined);
    setError(null);
    setDone(null);
    onClose();
  };
  const run = async () => {
    if (!unitId) return;
    setBusy(true);
    setError(null);
    try {
      setDone(await planTools.cascade(plan.id, unitId));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t.cascadeTitle}
      onCancel={close}
      destroyOnHidden
      footer={
        done ? (
          <Button onClick={close}>{zh.common.close}</Button>
        ) : (
          <>
            <Button onClick={close}>{zh.common.cancel}</Button>
            <Button type="primary" disabled={!unitId} loading={busy} onClick={run} data-testid="cascade-run">
              {t.run}
            </Button>
          </>
        )
      }
    >
      {done ? (
        <Result
          status="success"
          title={t.cascadeDone(done.tasks)}
          extra={
            <Link to={`/plans/${done.planId}`} onClick={close} data-testid="cascade-link">
              <Button type="primary">{t.openNew}</Button>
            </Link>
          }
        />
      ) : (
        <Form layout="vertical">
          <Typography.Paragraph type="secondary">{t.cascadeHelp}</Typography.Paragraph>
          {error ? <Alert type="error" showIcon title={error} className="tz-gap" /> : null}
          <Form.Item label={t.cascadeUnit} required>
            <Select
              value={unitId}
              onChange={setUnitId}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={zh.documents.unitPlaceholder}
              options={units}
              data-testid="cascade-unit"
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

import { Alert, Button, Empty, Form, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../api/client';
import { planTools } from '../../../api/endpoints';
import type { Coverage, PlanDetail, PlanListing } from '../../../api/types';
import { planLabel } from '../../../components/planLabel';
import { zh } from '../../../i18n/zh';

const t = zh.planTools;

/** 覆盖检查: which of the higher plan's items concerning this plan's issuer have no task here. */
export function CoverageModal({
  plan,
  plans,
  open,
  onClose,
}: {
  plan: PlanDetail;
  plans: PlanListing[];
  open: boolean;
  onClose: () => void;
}) {
  const [higher, setHigher] = useState<number | undefined>(plan.parentPlanId ?? undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Coverage | null>(null);

  const close = () => {
    setError(null);
    setResult(null);
    onClose();
  };
  const run = async () => {
    if (!higher) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await planTools.coverage(plan.id, higher));
    } catch (e) {
      setResult(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t.coverageTitle}
      onCancel={close}
      width={820}
      destroyOnHidden
      footer={<Button onClick={close}>{zh.common.close}</Button>}
    >
      <Form layout="vertical">
        <Typography.Paragraph type="secondary">{t.coverageHelp}</Typography.Paragraph>
        <Form.Item label={t.higher} required>
          <Space.Compact style={{ width: '100%' }}>
            <Select
              value={higher}
              onChange={(v: number) => {
                setHigher(v);
                setResult(null);
              }}
              placeholder={t.higherPlaceholder}
              showSearch={{ optionFilterProp: 'label' }}
              options={plans
                .filter((p) => p.id !== plan.id && p.state !== 'draft')
                .map((p) => ({ value: p.id, label: planLabel(p) }))}
              data-testid="coverage-higher"
            />
            <Button type="primary" disabled={!higher} loading={busy} onClick={run} data-testid="coverage-run">
              {t.coverageTitle}
            </Button>
          </Space.Compact>
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {result ? (
        <div data-testid="coverage-result">
          <Alert
            type={result.uncovered.length ? 'warning' : 'success'}
            showIcon
            className="tz-gap"
            title={t.coverageSummary(result.considered, result.covered.length, result.uncovered.length)}
          />
          {result.uncovered.length ? (
            <>
              <Typography.Title level={5}>{t.uncovered}</Typography.Title>
              <ul className="tz-plain-list tz-no-bullets" data-testid="coverage-uncovered">
                {result.uncovered.map((u) => (
                  <li key={u.taskId}>
                    <Link to={`/tasks/${u.taskId}`}>
                      {u.number ? `${u.number}. ` : ''}
                      {u.text}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <Empty description={t.allCovered} image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
        </div>
      ) : null}
    </Modal>
  );
}

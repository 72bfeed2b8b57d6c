import { Alert, Button, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../api/client';
import { planTools } from '../../../api/endpoints';
import type { PlanDetail, RollUpLine } from '../../../api/types';
import { zh } from '../../../i18n/zh';

const t = zh.planTools;
const COLORS: Record<RollUpLine['action'], string> = { submitted: 'green', reported: 'blue', none: 'default' };

/** 汇总进展: the sections' progress reported up to the higher plan, line by line with what was done. */
export function RollUpModal({
  plan,
  open,
  onClose,
  onDone,
}: {
  plan: PlanDetail;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [lines, setLines] = useState<RollUpLine[] | null>(null);

  const close = () => {
    setError(null);
    setLines(null);
    onClose();
  };
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setLines(await planTools.rollUp(plan.id));
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t.rollUpTitle}
      onCancel={close}
      width={820}
      destroyOnHidden
      footer={
        lines ? (
          <Button onClick={close}>{zh.common.close}</Button>
        ) : (
          <>
            <Button onClick={close}>{zh.common.cancel}</Button>
            <Button type="primary" loading={busy} onClick={run} data-testid="rollup-run">
              {t.run}
            </Button>
          </>
        )
      }
    >
      {error ? <Alert type="error" showIcon title={error} className="tz-gap" /> : null}
      {lines ? (
        <>
          <Alert
            type="success"
            showIcon
            className="tz-gap"
            title={t.rollUpDone(lines.filter((l) => l.action !== 'none').length)}
          />
          <Table<RollUpLine>
            rowKey="parentTaskId"
            size="small"
            dataSource={lines}
            pagination={false}
            data-testid="rollup-lines"
            columns={[
              {
                title: t.rollUpColumns.task,
                render: (_v, l) => <Link to={`/tasks/${l.parentTaskId}`}>{t.rollUpTask(l.parentSeq ?? null)}</Link>,
              },
              { title: t.rollUpColumns.progress, width: 110, render: (_v, l) => `${l.done}/${l.total}` },
              {
                title: t.rollUpColumns.action,
                width: 120,
                render: (_v, l) => <Tag color={COLORS[l.action]}>{t.rollUpActions[l.action]}</Tag>,
              },
              { title: t.rollUpColumns.reason, render: (_v, l) => l.reason ?? zh.common.dash },
            ]}
          />
        </>
      ) : (
        <Typography.Paragraph>{t.rollUpQuestion}</Typography.Paragraph>
      )}
    </Modal>
  );
}

import {
  ApartmentOutlined,
  AuditOutlined,
  DownloadOutlined,
  HistoryOutlined,
  RiseOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { App, Button, Card, Divider, Space } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../api/client';
import { ledgerSheets, plans as plansApi } from '../../../api/endpoints';
import type { PlanDetail } from '../../../api/types';
import { useLoad } from '../../../hooks/useLoad';
import { zh } from '../../../i18n/zh';
import { CarryOverModal } from './CarryOverModal';
import { CascadeModal } from './CascadeModal';
import { CoverageModal } from './CoverageModal';
import { RollUpModal } from './RollUpModal';
import { SheetImportModal } from './SheetImportModal';

const t = zh.planTools;
type Tool = 'import' | 'cascade' | 'rollUp' | 'coverage' | 'carry';

/**
 * The office's tools on a plan in force: the Excel 台账 round trip, and the links between plans (分解,
 * 汇总, 覆盖检查, 回头看). Each dialog mounts only while open, so it starts fresh every time.
 */
export function PlanTools({ plan, reload }: { plan: PlanDetail; reload: () => void }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState<Tool | null>(null);
  const [exporting, setExporting] = useState(false);
  const plans = useLoad(plansApi.list, 'plans');
  const confirmed = plan.state === 'confirmed';
  const close = () => setOpen(null);

  const exportSheet = async () => {
    setExporting(true);
    try {
      message.success(t.exported(await ledgerSheets.exportFile(plan.id)));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card size="small" className="tz-gap" data-testid="plan-tools">
      <Space wrap separator={<Divider orientation="vertical" />}>
        <Space wrap>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportSheet} data-testid="export-ledger">
            {t.exportLedger}
          </Button>
          {confirmed ? (
            <Button icon={<UploadOutlined />} onClick={() => setOpen('import')} data-testid="import-ledger">
              {t.importLedger}
            </Button>
          ) : null}
        </Space>
        <Space wrap>
          {confirmed ? (
            <Button icon={<ApartmentOutlined />} onClick={() => setOpen('cascade')} data-testid="open-cascade">
              {t.cascade}
            </Button>
          ) : null}
          {confirmed && plan.parentPlanId !== null ? (
            <Button icon={<RiseOutlined />} onClick={() => setOpen('rollUp')} data-testid="open-rollup">
              {t.rollUp}
            </Button>
          ) : null}
          <Button icon={<AuditOutlined />} onClick={() => setOpen('coverage')} data-testid="open-coverage">
            {t.coverage}
          </Button>
          {confirmed ? (
            <Button icon={<HistoryOutlined />} onClick={() => setOpen('carry')} data-testid="open-carry">
              {t.carryOver}
            </Button>
          ) : null}
        </Space>
      </Space>
      {open === 'import' ? <SheetImportModal open onClose={close} onApplied={reload} /> : null}
      {open === 'cascade' ? <CascadeModal plan={plan} open onClose={close} /> : null}
      {open === 'rollUp' ? <RollUpModal plan={plan} open onClose={close} onDone={reload} /> : null}
      {open === 'coverage' ? <CoverageModal plan={plan} plans={plans.data ?? []} open onClose={close} /> : null}
      {open === 'carry' ? (
        <CarryOverModal plan={plan} plans={plans.data ?? []} open onClose={close} onDone={reload} />
      ) : null}
    </Card>
  );
}

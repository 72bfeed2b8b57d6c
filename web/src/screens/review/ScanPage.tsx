import { Typography } from 'antd';
import type { PlanTask, SourceSpan } from '../../api/types';
import { zh } from '../../i18n/zh';

interface Props {
  planId: number;
  task: PlanTask;
}

const FIELDS = ['text', 'units', 'deadline', 'status', 'note'] as const;

/**
 * For a task read from a scanned page: the page image (served by /api/plans/{id}/pages/{page}) with each of
 * the task's fields boxed where OCR read it, in the colours the text view uses. Shown where the text would be.
 */
export function ScanPage({ planId, task }: Props) {
  const page = scannedPage(task);
  if (page === null) return null;
  const boxes = FIELDS.flatMap((f) => {
    const s: SourceSpan | undefined = task.fields?.[f];
    return s?.box && s.page === page ? [{ field: f, box: s.box }] : [];
  });
  return (
    <div data-testid="scan-page">
      <Typography.Text type="secondary">{zh.review.scanPage(page)}</Typography.Text>
      <div className="tz-scan">
        <img src={`/api/plans/${planId}/pages/${page}`} alt={zh.review.scanPageAlt(page)} />
        {boxes.map(({ field, box: [x0, y0, x1, y1] }) => (
          <div
            key={field}
            className={`tz-scan-box tz-src-${field}`}
            data-field={field}
            style={{
              left: `${x0 * 100}%`,
              top: `${y0 * 100}%`,
              width: `${(x1 - x0) * 100}%`,
              height: `${(y1 - y0) * 100}%`,
            }}
          />
        ))}
      </div>
    </div>
  );
}

/** The page a task was read from by OCR, or null when its text came from a text layer. */
export function scannedPage(task: PlanTask): number | null {
  const s = task.fields?.text;
  return s?.box && s.page !== undefined ? s.page : null;
}

import { App, Button, Form, Input, Modal, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { assignments } from '../../api/endpoints';
import type { AssignmentView } from '../../api/types';
import { zh } from '../../i18n/zh';

const t = zh.task;

/** The office's review of one unit's share: 办结 or 退回 a submitted one, 重新打开 a closed one. */
export function ReviewActions({ assignment, onDone }: { assignment: AssignmentView; onDone: () => void }) {
  const { message } = App.useApp();
  const [asking, setAsking] = useState<'return' | 'reopen' | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const decide = async (decision: 'accept' | 'return' | 'reopen', why?: string) => {
    setBusy(true);
    try {
      await assignments.review(assignment.id, decision, why);
      message.success(t.reviewed);
      setAsking(null);
      setReason('');
      onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (assignment.state !== 'submitted' && assignment.state !== 'done') return null;
  return (
    <>
      <Space>
        {assignment.state === 'submitted' ? (
          <>
            <Popconfirm
              title={t.accept}
              description={t.acceptQuestion}
              okText={zh.common.ok}
              cancelText={zh.common.cancel}
              onConfirm={() => decide('accept')}
            >
              <Button type="primary" size="small" loading={busy} data-testid="review-accept">
                {t.accept}
              </Button>
            </Popconfirm>
            <Button size="small" danger onClick={() => setAsking('return')} data-testid="review-return">
              {t.return}
            </Button>
          </>
        ) : (
          <Button size="small" onClick={() => setAsking('reopen')} data-testid="review-reopen">
            {t.reopen}
          </Button>
        )}
      </Space>
      <Modal
        open={asking !== null}
        title={asking === 'return' ? t.returnTitle : t.reopenTitle}
        okText={zh.common.ok}
        cancelText={zh.common.cancel}
        okButtonProps={{ disabled: !reason.trim(), loading: busy }}
        onOk={() => asking && decide(asking, reason.trim())}
        onCancel={() => setAsking(null)}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label={t.reasonLabel} required>
            <Input.TextArea
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              autoSize={{ minRows: 3 }}
              maxLength={2000}
              data-testid="review-reason"
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

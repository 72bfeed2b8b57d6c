import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { plans, type TaskPatch } from '../../api/endpoints';
import type { PlanTask } from '../../api/types';
import { zh } from '../../i18n/zh';

interface Values {
  name: string;
  text: string;
  unitsText: string;
  deadlineText: string;
}

/**
 * Corrects one task where the parse got it wrong. Units and deadline are typed as the plan would print
 * them; the server reads them with the parser's own grammar and re-assigns. Only changed fields are sent.
 */
export function TaskEditor({
  task,
  onClose,
  onSaved,
}: {
  task: PlanTask | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    if (!task) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const patch: TaskPatch = {};
    if (v.name.trim() !== (task.name ?? '')) patch.name = v.name.trim() || null;
    if (v.text.trim() !== task.text) patch.text = v.text.trim();
    if (v.unitsText.trim() !== (task.unitsText ?? '')) patch.unitsText = v.unitsText.trim();
    if (v.deadlineText.trim() !== (task.deadlineText ?? '')) patch.deadlineText = v.deadlineText.trim() || null;
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await plans.editTask(task.id, patch);
      message.success(zh.review.taskSaved);
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={task !== null}
      title={task ? `${zh.review.editTask} ${zh.review.seqLabel(task.seq, task.number)}` : zh.review.editTask}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      onOk={save}
      okText={zh.common.save}
      cancelText={zh.common.cancel}
      confirmLoading={busy}
      width={720}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'save-task' }}
    >
      <Form
        form={form}
        key={task?.id}
        layout="vertical"
        data-testid="task-editor"
        initialValues={
          task
            ? {
                name: task.name ?? '',
                text: task.text,
                unitsText: task.unitsText ?? '',
                deadlineText: task.deadlineText ?? '',
              }
            : undefined
        }
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Form.Item label={zh.fields.name} name="name">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          label={zh.fields.text}
          name="text"
          rules={[{ required: true, whitespace: true, message: zh.common.required }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} />
        </Form.Item>
        <Form.Item label={zh.fields.units} name="unitsText" extra={zh.review.unitsHelp}>
          <Input maxLength={2000} data-testid="edit-units" />
        </Form.Item>
        <Form.Item label={zh.fields.deadline} name="deadlineText" extra={zh.review.deadlineHelp}>
          <Input maxLength={200} data-testid="edit-deadline" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

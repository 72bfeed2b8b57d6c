import { Alert, App, Form, Input, Modal } from 'antd';
import { plans, type TaskPatch } from '../../api/endpoints';
import type { PlanTask } from '../../api/types';
import { useSubmit } from '../../hooks/useSubmit';
import { zh } from '../../i18n/zh';
import { OutlineFields, type OutlineValues, placeOf } from './OutlineFields';
import { TaskFields } from './TaskFields';

interface Values extends OutlineValues {
  name: string;
  text: string;
  unitsText: string;
  deadlineText: string;
  status: string;
  note: string;
}

/**
 * Corrects one task where the parse got it wrong: any of its fields. Units and deadline are typed as the
 * plan would print them; the server reads them with the parser's own grammar and re-assigns. Only changed
 * fields are sent.
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
  const submit = useSubmit();

  const save = async () => {
    if (!task) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const patch: TaskPatch = {};
    if (v.name.trim() !== (task.name ?? '')) patch.name = v.name.trim() || null;
    if (v.text.trim() !== task.text) patch.text = v.text.trim();
    if (v.unitsText.trim() !== (task.unitsText ?? '')) patch.unitsText = v.unitsText.trim();
    if (v.deadlineText.trim() !== (task.deadlineText ?? '')) patch.deadlineText = v.deadlineText.trim() || null;
    const same = (a: { label: string; title: string } | null, label: string | null, title: string | null) =>
      (a?.label ?? '') === (label ?? '') && (a?.title ?? '') === (title ?? '');
    const section = placeOf(v.sectionLabel, v.sectionTitle);
    if (!same(section, task.sectionLabel, task.sectionTitle)) patch.section = section;
    const group = placeOf(v.groupLabel, v.groupTitle);
    if (!same(group, task.groupLabel, task.groupTitle)) patch.group = group;
    if (v.number.trim() !== (task.number ?? '')) patch.number = v.number.trim() || null;
    if (v.status.trim() !== (task.status ?? '')) patch.status = v.status.trim() || null;
    if (v.note.trim() !== (task.note ?? '')) patch.note = v.note.trim() || null;
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    await submit.run(async () => {
      await plans.editTask(task.id, patch);
      message.success(zh.review.taskSaved);
      onSaved();
    });
  };

  return (
    <Modal
      open={task !== null}
      title={task ? `${zh.review.editTask} ${zh.review.seqLabel(task.seq, task.number)}` : zh.review.editTask}
      onCancel={() => {
        submit.clearError();
        onClose();
      }}
      onOk={save}
      okText={zh.common.save}
      cancelText={zh.common.cancel}
      confirmLoading={submit.busy}
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
                sectionLabel: task.sectionLabel ?? '',
                sectionTitle: task.sectionTitle ?? '',
                groupLabel: task.groupLabel ?? '',
                groupTitle: task.groupTitle ?? '',
                number: task.number ?? '',
                status: task.status ?? '',
                note: task.note ?? '',
              }
            : undefined
        }
      >
        {submit.error ? <Alert type="error" showIcon title={submit.error} style={{ marginBottom: 12 }} /> : null}
        <OutlineFields />
        <TaskFields testId="edit" />
        <Form.Item label={zh.fields.status} name="status">
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} data-testid="edit-status" />
        </Form.Item>
        <Form.Item label={zh.fields.note} name="note">
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} data-testid="edit-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

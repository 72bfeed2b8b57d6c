import { Alert, App, Form, Modal, Select, Typography } from 'antd';
import { type NewTask, plans } from '../../api/endpoints';
import type { PlanTask } from '../../api/types';
import { useSubmit } from '../../hooks/useSubmit';
import { zh } from '../../i18n/zh';
import { OutlineFields, type OutlineValues, placeOf } from './OutlineFields';
import { TaskFields } from './TaskFields';

const t = zh.review;
const END = 0;

interface Values extends OutlineValues {
  position: number;
  name: string;
  text: string;
  unitsText: string;
  deadlineText: string;
}

/**
 * 新增任务: a task the parser missed, typed as the plan prints it, placed before a chosen task or at the end.
 * Its outline place starts as that of the task it follows, the usual case for a missed item.
 */
export function TaskAdder({
  planId,
  tasks,
  open,
  onClose,
  onSaved,
}: {
  planId: number;
  tasks: PlanTask[];
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const submit = useSubmit();
  const last = tasks[tasks.length - 1];

  /** The outline place of the task the new one will follow. */
  const placeAfter = (position: number) => {
    const at = position === END ? tasks.length : tasks.findIndex((x) => x.id === position);
    const prev = tasks[at - 1];
    return {
      sectionLabel: prev?.sectionLabel ?? '',
      sectionTitle: prev?.sectionTitle ?? '',
      groupLabel: prev?.groupLabel ?? '',
      groupTitle: prev?.groupTitle ?? '',
    };
  };

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const task: NewTask = {
      text: v.text.trim(),
      section: placeOf(v.sectionLabel, v.sectionTitle),
      group: placeOf(v.groupLabel, v.groupTitle),
      number: v.number.trim() || null,
      name: v.name.trim() || null,
      unitsText: v.unitsText.trim() || null,
      deadlineText: v.deadlineText.trim() || null,
      ...(v.position !== END ? { beforeTaskId: v.position } : {}),
    };
    await submit.run(async () => {
      const done = await plans.addTask(planId, task);
      message.success(t.taskAdded(done.assignments, done.pending));
      form.resetFields();
      onSaved();
    });
  };

  return (
    <Modal
      open={open}
      title={t.addTask}
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
      okButtonProps={{ 'data-testid': 'save-new-task' }}
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="task-adder"
        initialValues={{
          position: END,
          ...placeAfter(END),
          number: last?.number && /^\d+$/.test(last.number) ? String(Number(last.number) + 1) : '',
          name: '',
          text: '',
          unitsText: '',
          deadlineText: '',
        }}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.position !== undefined) form.setFieldsValue(placeAfter(changed.position));
        }}
      >
        <Typography.Paragraph type="secondary">{t.addTaskHelp}</Typography.Paragraph>
        {submit.error ? <Alert type="error" showIcon title={submit.error} style={{ marginBottom: 12 }} /> : null}
        <Form.Item label={t.position} name="position">
          <Select
            showSearch
            optionFilterProp="label"
            data-testid="new-task-position"
            options={[
              { value: END, label: t.positionEnd },
              ...tasks.map((x) => ({
                value: x.id,
                label: t.positionBefore(`${t.seqLabel(x.seq, x.number)} ${x.text.slice(0, 24)}`),
              })),
            ]}
          />
        </Form.Item>
        <OutlineFields />
        <TaskFields testId="new-task" />
      </Form>
    </Modal>
  );
}

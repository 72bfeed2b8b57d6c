import { Alert, App, Form, Input, InputNumber, Modal } from 'antd';
import { type PlanPatch, plans } from '../../api/endpoints';
import type { PlanDetail } from '../../api/types';
import { useSubmit } from '../../hooks/useSubmit';
import { zh } from '../../i18n/zh';

const t = zh.review;

interface Values {
  title: string;
  issuer: string;
  docNumber: string;
  issueDate: string;
  year: number | null;
  /** Only on a confirmed plan's form. */
  reason?: string;
}

/**
 * Corrects the plan's own details. The year dates every deadline printed without one, so the server
 * re-dates those tasks when it changes; once the plan is confirmed a change needs a reason. Only changed
 * fields are sent.
 */
export function PlanDetailsEditor({
  plan,
  open,
  onClose,
  onSaved,
}: {
  plan: PlanDetail;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const submit = useSubmit();
  const confirmed = plan.state !== 'draft';

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const patch: PlanPatch = {};
    if (v.title.trim() !== (plan.title ?? '')) patch.title = v.title.trim();
    if (v.issuer.trim() !== (plan.issuer ?? '')) patch.issuer = v.issuer.trim() || null;
    if (v.docNumber.trim() !== (plan.docNumber ?? '')) patch.docNumber = v.docNumber.trim() || null;
    if (v.issueDate.trim() !== (plan.issueDate ?? '')) patch.issueDate = v.issueDate.trim() || null;
    if (v.year !== null && v.year !== plan.year) patch.year = v.year;
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    if (v.reason?.trim()) patch.reason = v.reason.trim();
    await submit.run(async () => {
      const done = await plans.editDetails(plan.id, patch);
      message.success(done.redated.length ? t.planRedated(done.redated.length) : t.planSaved);
      onSaved();
    });
  };

  return (
    <Modal
      open={open}
      title={t.editPlan}
      onCancel={() => {
        submit.clearError();
        onClose();
      }}
      onOk={save}
      okText={zh.common.save}
      cancelText={zh.common.cancel}
      confirmLoading={submit.busy}
      width={640}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'save-plan' }}
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="plan-editor"
        initialValues={{
          title: plan.title ?? '',
          issuer: plan.issuer ?? '',
          docNumber: plan.docNumber ?? '',
          issueDate: plan.issueDate ?? '',
          year: plan.year,
          reason: '',
        }}
      >
        {submit.error ? <Alert type="error" showIcon title={submit.error} style={{ marginBottom: 12 }} /> : null}
        <Form.Item
          label={t.planTitle}
          name="title"
          rules={[{ required: true, whitespace: true, message: zh.common.required }]}
        >
          <Input maxLength={500} data-testid="edit-plan-title" />
        </Form.Item>
        <Form.Item label={zh.importPlan.issuerLabel} name="issuer">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t.docNumber} name="docNumber">
          <Input maxLength={100} data-testid="edit-doc-number" />
        </Form.Item>
        <Form.Item
          label={t.issueDate}
          name="issueDate"
          extra={t.issueDateHelp}
          rules={[{ pattern: /^(\d{4}-\d{2}-\d{2})?$/, message: t.issueDateInvalid }]}
        >
          <Input maxLength={10} />
        </Form.Item>
        <Form.Item
          label={zh.importPlan.yearLabel}
          name="year"
          extra={t.yearHelp}
          rules={[{ type: 'integer', min: 2000, max: 2100, message: t.yearInvalid }]}
        >
          <InputNumber precision={0} style={{ width: 160 }} data-testid="edit-plan-year" />
        </Form.Item>
        {confirmed ? (
          <Form.Item
            label={t.reason}
            name="reason"
            extra={t.reasonHelp}
            rules={[{ required: true, whitespace: true, message: zh.common.required }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} data-testid="edit-plan-reason" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

import { Form, Input } from 'antd';
import { zh } from '../../i18n/zh';

/** A task's own fields as the plan prints them (name, 具体要求, units, deadline), for adding and editing. */
export function TaskFields({ testId }: { testId: string }) {
  return (
    <>
      <Form.Item label={zh.fields.name} name="name">
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        label={zh.fields.text}
        name="text"
        rules={[{ required: true, whitespace: true, message: zh.common.required }]}
      >
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} data-testid={`${testId}-text`} />
      </Form.Item>
      <Form.Item label={zh.fields.units} name="unitsText" extra={zh.review.unitsHelp}>
        <Input maxLength={2000} data-testid={`${testId}-units`} />
      </Form.Item>
      <Form.Item label={zh.fields.deadline} name="deadlineText" extra={zh.review.deadlineHelp}>
        <Input maxLength={200} data-testid={`${testId}-deadline`} />
      </Form.Item>
    </>
  );
}

import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Radio, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { assignments } from '../../api/endpoints';
import { zh } from '../../i18n/zh';

const t = zh.report;
const MAX_FILES = 10;
const MAX_BYTES = 20 * 1024 * 1024;
/** A hint for the file dialog; the server judges each file by its content. */
const ACCEPT = '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.dps,.ofd,.png,.jpg,.jpeg,.gif,.webp,.txt,.csv,.md';

interface Values {
  text: string;
  claim?: 'in_progress' | 'complete';
  links: string;
}

/** 报送进展: what was done, 推进中 or 申请办结, evidence files and links, sent as one multipart request. */
export function ReportForm({
  assignmentId,
  periodic,
  ongoing = false,
  period = null,
  onDone,
}: {
  assignmentId: number;
  periodic: boolean;
  /** 长期推进: no 申请办结 to offer. */
  ongoing?: boolean;
  /** The period this report counts for. */
  period?: string | null;
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await assignments.report(assignmentId, {
        text: v.text,
        claim: v.claim ?? 'in_progress',
        files: files.flatMap((f) => (f.originFileObj ? [f.originFileObj as File] : [])),
        links: v.links ?? '',
      });
      message.success(t.done);
      form.resetFields();
      setFiles([]);
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ claim: 'in_progress', links: '' }}
      data-testid="report-form"
    >
      {periodic || ongoing ? (
        <Alert
          type="info"
          showIcon
          title={`${ongoing ? t.ongoingNoComplete : t.periodic}${period ? t.periodFor(period) : ''}`}
          className="tz-gap"
          data-testid="report-period"
        />
      ) : null}
      {error ? <Alert type="error" showIcon title={error} className="tz-gap" data-testid="report-error" /> : null}
      <Form.Item label={t.text} name="text" rules={[{ required: true, whitespace: true, message: zh.common.required }]}>
        <Input.TextArea
          autoSize={{ minRows: 4, maxRows: 12 }}
          maxLength={5000}
          showCount
          placeholder={t.textPlaceholder}
          data-testid="report-text-input"
        />
      </Form.Item>
      {ongoing ? null : (
        <Form.Item label={t.claim} name="claim">
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: 'in_progress', label: t.claimProgress },
              { value: 'complete', label: t.claimComplete },
            ]}
          />
        </Form.Item>
      )}
      <Form.Item label={t.files} extra={t.filesHelp}>
        <Upload
          multiple
          accept={ACCEPT}
          fileList={files}
          maxCount={MAX_FILES}
          beforeUpload={(file) => {
            if (file.size > MAX_BYTES) {
              message.error(t.tooLarge(file.name));
              return Upload.LIST_IGNORE;
            }
            return false;
          }}
          onChange={({ fileList }) => {
            if (fileList.length > MAX_FILES) message.warning(t.tooMany);
            setFiles(fileList.slice(0, MAX_FILES));
          }}
        >
          <Button icon={<UploadOutlined />} data-testid="report-files">
            {t.filesPick}
          </Button>
        </Upload>
      </Form.Item>
      <Form.Item label={t.links} name="links" extra={t.linksHelp}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="report-submit">
        {t.submit}
      </Button>
    </Form>
  );
}

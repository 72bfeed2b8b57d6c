import { Col, Form, Input, Row, Space } from 'antd';
import type { OutlinePlace } from '../../api/endpoints';
import { zh } from '../../i18n/zh';

const t = zh.review;

/** The form's outline values: 章节 and 分组 each as label + title, and the task's printed number. */
export interface OutlineValues {
  sectionLabel: string;
  sectionTitle: string;
  groupLabel: string;
  groupTitle: string;
  number: string;
}

/** Label and title of one outline level, typed as printed; both blank means none. */
export function placeOf(label: string, title: string): OutlinePlace | null {
  return label.trim() || title.trim() ? { label: label.trim(), title: title.trim() } : null;
}

/** 章节, 分组 and 任务序号, shared by the task editor and the new-task form. */
export function OutlineFields() {
  return (
    <Row gutter={8}>
      <Col xs={24} md={10}>
        <Form.Item label={t.section} style={{ marginBottom: 8 }}>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="sectionLabel" noStyle>
              <Input
                style={{ width: '30%' }}
                maxLength={50}
                placeholder={t.outlineLabel}
                data-testid="edit-section-label"
              />
            </Form.Item>
            <Form.Item name="sectionTitle" noStyle>
              <Input
                style={{ width: '70%' }}
                maxLength={500}
                placeholder={t.outlineTitle}
                data-testid="edit-section-title"
              />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
      </Col>
      <Col xs={24} md={10}>
        <Form.Item label={t.group} style={{ marginBottom: 8 }}>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="groupLabel" noStyle>
              <Input style={{ width: '30%' }} maxLength={50} placeholder={t.outlineLabel} />
            </Form.Item>
            <Form.Item name="groupTitle" noStyle>
              <Input style={{ width: '70%' }} maxLength={500} placeholder={t.outlineTitle} />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
      </Col>
      <Col xs={24} md={4}>
        <Form.Item label={t.number} name="number" style={{ marginBottom: 8 }}>
          <Input maxLength={50} data-testid="edit-number" />
        </Form.Item>
      </Col>
    </Row>
  );
}

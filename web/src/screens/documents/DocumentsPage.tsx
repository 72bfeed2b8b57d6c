import { Card, Col, Collapse, DatePicker, Form, Input, Row, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { directory, plans as plansApi } from '../../api/endpoints';
import type { DocumentKind } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';
import { DocumentCard, type DocumentHead } from './DocumentCard';

const t = zh.documents;
const KINDS: DocumentKind[] = ['tishidan', 'cuiban', 'tongbao', 'nianbao', 'huitoukan'];

/** 文书: each document the office issues from the ledger, with what it needs asked for, as DOCX or XLSX. */
export function DocumentsPage() {
  const plans = useLoad(plansApi.list, 'plans');
  const units = useLoad(directory.get, 'directory');
  const [head, setHead] = useState<DocumentHead>({});
  const inForce = useMemo(() => (plans.data ?? []).filter((p) => p.state !== 'draft'), [plans.data]);
  const activeUnits = useMemo(() => (units.data?.units ?? []).filter((u) => u.active), [units.data]);

  return (
    <div data-testid="documents-page">
      <PageHeader title={t.title} sub={t.intro} />
      <Collapse
        className="tz-gap"
        items={[
          {
            key: 'head',
            label: t.head,
            children: (
              <Form layout="vertical">
                <Typography.Paragraph type="secondary">{t.headHelp}</Typography.Paragraph>
                <Row gutter={12}>
                  <Col xs={24} md={12} xl={6}>
                    <Form.Item label={t.issuer}>
                      <Input
                        maxLength={100}
                        value={head.issuer}
                        onChange={(e) => setHead({ ...head, issuer: e.target.value })}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12} xl={6}>
                    <Form.Item label={t.docNumber}>
                      <Input
                        maxLength={100}
                        value={head.docNumber}
                        onChange={(e) => setHead({ ...head, docNumber: e.target.value })}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12} xl={6}>
                    <Form.Item label={t.addressee}>
                      <Input
                        maxLength={500}
                        value={head.addressee}
                        onChange={(e) => setHead({ ...head, addressee: e.target.value })}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12} xl={6}>
                    <Form.Item label={t.date}>
                      <DatePicker
                        onChange={(d: Dayjs | null) =>
                          setHead({ ...head, date: d ? d.format('YYYY-MM-DD') : undefined })
                        }
                      />
                    </Form.Item>
                  </Col>
                </Row>
              </Form>
            ),
          },
        ]}
      />
      <Row gutter={[12, 12]}>
        {KINDS.map((kind) => (
          <Col xs={24} xl={12} key={kind}>
            <Card title={t.kinds[kind]} size="small" data-testid={`doc-${kind}`} style={{ height: '100%' }}>
              <DocumentCard kind={kind} plans={inForce} units={activeUnits} head={head} />
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}

import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { zh } from '../../i18n/zh';

/** The centred card the login, password and set-up pages share. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="tz-auth">
      <div className="tz-auth-brand">
        <img src="/favicon.svg" alt="" width={40} height={40} />
        <Typography.Title level={3} style={{ margin: 0 }} className="tz-auth-title">
          {zh.app.name}
        </Typography.Title>
      </div>
      <Card title={title} className="tz-auth-card">
        {children}
      </Card>
    </div>
  );
}

import { Typography } from 'antd';
import type { ReactNode } from 'react';

export function PageHeader(props: { title: ReactNode; sub?: ReactNode; extra?: ReactNode; testId?: string }) {
  return (
    <div className="tz-page-header" data-testid={props.testId}>
      <div className="tz-page-header-main">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {props.title}
        </Typography.Title>
        {props.sub ? <div className="tz-page-header-sub">{props.sub}</div> : null}
      </div>
      {props.extra ? <div className="tz-page-header-extra">{props.extra}</div> : null}
    </div>
  );
}

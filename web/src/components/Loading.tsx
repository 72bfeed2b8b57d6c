import { Spin } from 'antd';
import { zh } from '../i18n/zh';

export function Loading() {
  return (
    <div className="tz-loading" data-testid="loading">
      <Spin description={zh.common.loading} />
    </div>
  );
}

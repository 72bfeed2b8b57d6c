import { Alert, Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { ApiError, errorMessage } from '../api/client';
import { zh } from '../i18n/zh';

export function NotFound() {
  return (
    <div data-testid="not-found">
      <Result
        status="404"
        title={zh.errors.notFoundTitle}
        subTitle={zh.errors.notFound}
        extra={
          <Link to="/">
            <Button type="primary">{zh.common.backHome}</Button>
          </Link>
        }
      />
    </div>
  );
}

export function Forbidden() {
  return (
    <div data-testid="forbidden">
      <Result
        status="403"
        title={zh.errors.forbiddenTitle}
        subTitle={zh.errors.forbidden}
        extra={
          <Link to="/">
            <Button type="primary">{zh.common.backHome}</Button>
          </Link>
        }
      />
    </div>
  );
}

/** A failed load: not found and not allowed get their page (they look alike on purpose); the rest an alert. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return <NotFound />;
  return (
    <Alert
      type="error"
      showIcon
      title={zh.errors.loadFailed}
      description={errorMessage(error)}
      action={onRetry ? <Button onClick={onRetry}>{zh.common.retry}</Button> : undefined}
    />
  );
}

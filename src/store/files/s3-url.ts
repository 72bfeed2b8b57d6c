import { AppError } from '../../domain/errors.js';

/**
 * TAIZHANG_S3_URL: `s3://ACCESS_KEY:SECRET@host[:port]/bucket[/prefix]?region=cn-north-1&forcePathStyle=1`.
 * `s3://` speaks HTTPS, `s3+http://` plain HTTP (a MinIO on the same host, tests). Key and secret are
 * percent-encoded where they hold `/`, `+` or `@`. `forcePathStyle=1` puts the bucket in the path (MinIO,
 * most on-premises stores) rather than in the host name (AWS, OSS, COS).
 */
export interface S3Location {
  endpoint: string;
  region: string;
  bucket: string;
  /** Key prefix inside the bucket, '' or ending in '/'. */
  prefix: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

export function parseS3Url(text: string): S3Location {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('invalid-input', 'TAIZHANG_S3_URL 格式无效，应为 s3://密钥ID:密钥@主机:端口/存储桶?region=…');
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 's3' && scheme !== 's3+http')
    throw new AppError('invalid-input', `TAIZHANG_S3_URL 应以 s3:// 或 s3+http:// 开头（现为 ${scheme}://）`);
  const [bucket, ...rest] = url.pathname.split('/').filter(Boolean);
  if (!bucket) throw new AppError('invalid-input', 'TAIZHANG_S3_URL 缺少存储桶名（主机后的第一段路径）');
  if (!url.username || !url.password)
    throw new AppError('invalid-input', 'TAIZHANG_S3_URL 缺少访问密钥（s3://密钥ID:密钥@主机/存储桶）');
  const flag = url.searchParams.get('forcePathStyle');
  return {
    endpoint: `${scheme === 's3' ? 'https' : 'http'}://${url.host}`,
    region: url.searchParams.get('region') || 'us-east-1',
    bucket,
    prefix: rest.length ? `${rest.join('/')}/` : '',
    accessKeyId: decodeURIComponent(url.username),
    secretAccessKey: decodeURIComponent(url.password),
    forcePathStyle: flag === '1' || flag === 'true',
  };
}

import dayjs from 'dayjs';

/** A stored instant (ISO, UTC) as the local date and time the users read. */
export function formatTime(at: string | null | undefined): string {
  return at ? dayjs(at).format('YYYY-MM-DD HH:mm') : '';
}

export function formatDate(at: string | null | undefined): string {
  return at ? dayjs(at).format('YYYY-MM-DD') : '';
}

export function percent(part: number, whole: number): number {
  return whole ? Math.round((part / whole) * 100) : 0;
}

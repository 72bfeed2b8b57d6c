const pad = (n: number) => String(n).padStart(2, '0');

/** A stored instant (ISO, UTC) as the local date and time the users read. */
export function formatTime(at: string | null | undefined): string {
  if (!at) return '';
  const d = new Date(at);
  return `${formatDate(at)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatDate(at: string | null | undefined): string {
  if (!at) return '';
  // A calendar date is shown as it is: read as an instant it would be UTC midnight, a day early west of it.
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) return at;
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function percent(part: number, whole: number): number {
  return whole ? Math.round((part / whole) * 100) : 0;
}

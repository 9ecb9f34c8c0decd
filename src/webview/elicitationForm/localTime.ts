/**
 * A date-time field shows local time (datetime-local); its entry is RFC 3339 with this browser's
 * offset, which is what the schema's date-time format asks for.
 */

const pad = (n: number) => String(Math.abs(Math.trunc(n))).padStart(2, '0');

export function toRfc3339(local: string): string {
  if (!local) return '';
  const full = local.length === 16 ? `${local}:00` : local.slice(0, 19);
  const date = new Date(full);
  if (Number.isNaN(date.getTime())) return local;
  const offset = -date.getTimezoneOffset();
  return `${full}${offset >= 0 ? '+' : '-'}${pad(offset / 60)}:${pad(offset % 60)}`;
}

export function toLocal(value: string): string {
  const date = new Date(value);
  if (!value || Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

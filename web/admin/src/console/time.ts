// Times of the console's lists in the browser's own time zone (the audit log, releases, last changes).
import dayjs from 'dayjs';

/** An instant from the API as local "YYYY-MM-DD HH:mm:ss"; the text itself when it is not a date. */
export function localTime(iso: string): string {
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : iso;
}

// Quick replies: a reply that offers numbered options ("1. 婴儿连体衣 ¥89", "2、尺码不合适") gets a
// button per option, which sends the option's text.

/** The options a reply numbers, in order; none unless there are at least two (at most six). */
export function numberedOptions(text: string): string[] {
  const options = [...text.matchAll(/^\s*(\d{1,2})\s*[.、)）]\s*(.+?)\s*$/gm)].map((m) => m[2] ?? '').filter(Boolean);
  return options.length >= 2 ? options.slice(0, 6) : [];
}

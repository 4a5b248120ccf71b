// The one way the plain-TypeScript pages (the demo page, the widget's loader and chat) make an
// element: text is always set as text, never as HTML.

/** A `tag` element with an optional class and text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

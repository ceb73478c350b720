// The page's two DOM helpers. Names and other text from a plan file are always set as
// text (textContent, setAttribute), never as markup.

export const $ = (id) => document.getElementById(id);

/** An element with `text` (if any) as its text and `attrs` as attributes. */
export function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** Text measures shared by the rules that count what a reader counts, not UTF-16 units. */

/** Number of Unicode code points in `text` (what `[...text].length` counts), without the array. */
export function codePointCount(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i += 1) {
    const high = text.charCodeAt(i);
    if (high < 0xd800 || high > 0xdbff) continue;
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) {
      count -= 1; // a surrogate pair is one character
      i += 1;
    }
  }
  return count;
}

/**
 * Shortening text without breaking a character. A UTF-16 cut can fall inside a surrogate pair
 * ("💆" is two units) or a grapheme cluster (a ZWJ family, a flag, a letter and its accent),
 * leaving half an emoji on screen; cutting between grapheme clusters (Unicode UAX #29, through
 * Intl.Segmenter) never does. Lengths are UTF-16 code units, JavaScript's `length`: never less
 * than what a provider counting code points or characters sees, so a limit kept here is kept there.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * The text when it fits in maxLength; otherwise its longest run of whole grapheme clusters that
 * fits with the ellipsis after it, trailing spaces dropped.
 */
export function truncateGraphemes(text: string, maxLength: number, ellipsis = ""): string {
  if (text.length <= maxLength) return text;
  const room = maxLength - ellipsis.length;
  let end = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    if (index + segment.length > room) break;
    end = index + segment.length;
  }
  return `${text.slice(0, end).trimEnd()}${ellipsis}`;
}

/**
 * What an SMS costs: how many segments a text goes out as. The GSM 7-bit default alphabet and its
 * extension table are those of GSM 03.38 (3GPP TS 23.038, section 6.2.1). A text made only of them
 * goes as GSM-7, 160 septets in one segment or 153 per part of a longer one (the user data header
 * takes the rest), an extension-table character costing two (escape + character). One character
 * outside them ("—", "’", an emoji) turns the whole text into UCS-2: 70 UTF-16 code units in one
 * segment, 67 per part, so the same words cost two or three times as much.
 */

/** GSM 03.38 default alphabet, 0x00 to 0x7F (0x1B, the escape to the extension table, left out). */
const BASIC =
  "@£$¥èéùìòÇ\nØø\rÅå" +
  "Δ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ" +
  " !\"#¤%&'()*+,-./" +
  "0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNO" +
  "PQRSTUVWXYZÄÖÑÜ§" +
  "¿abcdefghijklmno" +
  "pqrstuvwxyzäöñüà";

/** GSM 03.38 extension table: each one sent as the escape and itself. */
const EXTENSION = "\f^{}\\[~]|€";

const BASIC_SET = new Set([...BASIC].filter((c) => c !== "\u001b"));
const EXTENSION_SET = new Set(EXTENSION);

const GSM7_SINGLE = 160;
const GSM7_PART = 153;
const UCS2_SINGLE = 70;
const UCS2_PART = 67;

export type SmsEncoding = "GSM-7" | "UCS-2";

/** Septets a character takes in GSM-7: 1, 2 (extension table), or undefined when it has none. */
function septets(char: string): 1 | 2 | undefined {
  if (BASIC_SET.has(char)) return 1;
  if (EXTENSION_SET.has(char)) return 2;
  return undefined;
}

/** Whether the whole text can go as GSM-7. */
export function isGsm7(text: string): boolean {
  for (const char of text) if (septets(char) === undefined) return false;
  return true;
}

/** The text's length in GSM-7 septets, extension-table characters counting two; NaN when it is not GSM-7. */
export function gsm7Length(text: string): number {
  let length = 0;
  for (const char of text) {
    const size = septets(char);
    if (size === undefined) return Number.NaN;
    length += size;
  }
  return length;
}

/**
 * The encoding the text goes out in and its number of segments. A long text is split between
 * characters, never inside an escape sequence or a surrogate pair, as carriers do: such a
 * character that does not fit at the end of a part starts the next one.
 */
export function smsSegments(text: string): { encoding: SmsEncoding; segments: number } {
  const gsm = isGsm7(text);
  const sizes = [...text].map((char) => (gsm ? septets(char)! : char.length));
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const [single, part] = gsm ? [GSM7_SINGLE, GSM7_PART] : [UCS2_SINGLE, UCS2_PART];
  const encoding: SmsEncoding = gsm ? "GSM-7" : "UCS-2";
  if (total <= single) return { encoding, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > part) {
      segments++;
      used = 0;
    }
    used += size;
  }
  return { encoding, segments };
}

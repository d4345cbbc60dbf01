// Text from the database made safe for a terminal (issue #9 item 9): a run's name, note or tags
// are whatever someone typed or imported, and printed raw, escape sequences in them could
// recolour, retitle or rewrite the user's terminal (OSC 8 links, OSC 52 clipboard writes,
// cursor moves that hide lines). `npas runs` prints them through here; --json output is data
// and stays exact.

/**
 * ESC sequences: CSI (ESC [ or its one-byte form 0x9b, parameters, final byte), OSC/DCS/SOS/
 * PM/APC strings (ESC ] P X ^ _ or 0x9d 0x90 0x98 0x9e 0x9f, up to BEL or ST, or to the end
 * when unterminated), then any other two-byte ESC sequence.
 */
const ESCAPE_SEQUENCE =
  // eslint-disable-next-line no-control-regex
  /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)|\x1b[\s\S]?/g;
/** C1 controls (single-byte CSI 0x9b, OSC 0x9d...) and C0 controls but tab and newline, DEL. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** `text` without terminal escape sequences and control characters (tab and newline kept). */
export function stripTerminalControls(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL_CHARACTER, '');
}

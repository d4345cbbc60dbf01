// How long a run's markdown note may be, one limit for every transport (issue #9 item 5): the
// API schema (appApi.ts) and the runs service, which the CLI's `npas runs note` goes through.
import { ConfigError } from './errors';

/** The longest note accepted, in characters (UTF-16 code units, as String.length counts). */
export const MAX_NOTE_CHARS = 100_000;

/** Throws ConfigError naming the note's length and the limit when it is too long. */
export function checkNoteLength(note: string): void {
  if (note.length > MAX_NOTE_CHARS) {
    throw new ConfigError(
      `a note of ${note.length.toLocaleString('en-US')} characters is too long: at most ` +
        `${MAX_NOTE_CHARS.toLocaleString('en-US')}`,
    );
  }
}

// Why the listing and need models refuse an edit or a move. A listing and a need are refused for the same reasons,
// so each model re-exports these under its own names; routes turn them into a 404, a 403 or a message.
export class RecordNotFoundError extends Error {}
export class RecordForbiddenError extends Error {}
export class RecordNotEditableError extends Error {}
/** Kept files plus new ones would pass the record's limit. */
export class TooManyFilesError extends Error {}
/** The move is not allowed from the record's status (someone else moved it first, or the form was stale). */
export class InvalidTransitionError extends Error {
  constructor(readonly action: string, readonly status: string) {
    super(`cannot ${action} a record that is ${status}`);
  }
}

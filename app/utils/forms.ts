// How our forms validate in the browser (the server always validates again with the same schema).
// A field is checked when it is left; once it shows an error, the error clears as the user types. Clearing on
// blur instead would move the submit button out from under the pointer between mousedown and click.
export const VALIDATE_ON_BLUR = { shouldValidate: "onBlur", shouldRevalidate: "onInput" } as const

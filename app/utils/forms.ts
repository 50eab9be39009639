// How our forms validate in the browser (the server always validates again with the same schema).
// A form is checked when it is submitted, never when a field is left: a message appearing on blur pushes the controls
// below it down, and the button the pointer was pressed on moves away before the click. Once a field shows an error,
// the error clears as the user types it right.
export const FORM_VALIDATION = { shouldValidate: "onSubmit", shouldRevalidate: "onInput" } as const

/** A log-in or sign-up link that keeps the page to come back to. */
export function withRedirect(to: "/login" | "/signup", redirectTo: string | null) {
  return redirectTo ? `${to}?${new URLSearchParams({ redirectTo })}` : to
}

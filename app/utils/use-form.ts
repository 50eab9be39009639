// The one way the app's forms call conform's useForm (the lint bans importing it elsewhere).
import { useForm } from "@conform-to/react"

/**
 * conform's useForm, with the form's owner subscribed to every field's errors. conform re-renders a form only for
 * what its last render read, and starts that list afresh at each render of the form's owner; a field whose reading
 * was not counted (it rendered when the form's state had already moved on) would go on showing its old errors, or
 * none, after a refused submission. Read here, in the owner's own render, every error is counted: a refusal always
 * shows its messages. Errors change on a submission and on revalidating a refused form only, so typing costs no
 * extra render.
 */
export const useAppForm: typeof useForm = (options) => {
  const [form, fields] = useForm(options)
  void form.allErrors
  return [form, fields]
}

// POST /organiser/follow-up-reminders — organisers remind both parties of every signed intent of a conference that
// has no confirmed contract yet. The batch runs as a job (a conference may have hundreds); one per conference waits
// at a time, so a double click sends one batch.
import { type ActionFunctionArgs, data, redirect } from "@remix-run/node"
import { z } from "zod"
import { findConferenceSlug, queueReminderBatch } from "~/models/follow-up.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { parseSubmission } from "~/utils/forms.server.ts"

const ReminderBatchSchema = z.object({ conferenceId: z.string({ error: "errors.required" }).trim().min(1).max(40) })

export async function loader() {
  throw data("Not found", { status: 404 })
}

export async function action({ request }: ActionFunctionArgs) {
  const organiser = await requireRole(request, "ORGANISER")
  const submission = parseSubmission(await request.formData(), { schema: ReminderBatchSchema })
  // A resource route: its refusal is a plain JSON answer (the dashboard's button always sends a valid id).
  if (submission.status !== "success") return Response.json({ error: submission.reply().error }, { status: 400 })
  const slug = await findConferenceSlug(submission.value.conferenceId)
  invariantResponse(slug, "Conference not found", { status: 404 })
  await queueReminderBatch(submission.value.conferenceId, organiser.id)
  return redirect(`/organiser/dashboard?conference=${encodeURIComponent(slug)}&reminded=1#conversion`)
}

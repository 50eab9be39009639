// One meeting as an .ics file, for its parties and organisers.
import type { LoaderFunctionArgs } from "@remix-run/node"
import { getMeetingFor } from "~/models/meeting.server.ts"
import { requireUser } from "~/utils/auth.server.ts"
import { env } from "~/utils/env.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { icsMeetingOf, icsResponse, renderMeetingsIcs } from "~/utils/meeting-ics.server.ts"

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const meeting = await getMeetingFor(params.meetingId ?? "", user)
  invariantResponse(meeting, "Not found")
  return icsResponse(renderMeetingsIcs([icsMeetingOf(meeting)], env.PUBLIC_URL), `meeting-${meeting.id}.ics`)
}

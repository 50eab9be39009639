// The reader's whole agenda at a conference as one .ics file (open and accepted meetings).
import type { LoaderFunctionArgs } from "@remix-run/node"
import { getCurrentConference, listConferences } from "~/models/conference.server.ts"
import { getMeetingFor, listAgenda } from "~/models/meeting.server.ts"
import { requireUser } from "~/utils/auth.server.ts"
import { env } from "~/utils/env.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { icsMeetingOf, icsResponse, renderMeetingsIcs } from "~/utils/meeting-ics.server.ts"

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const slug = new URL(request.url).searchParams.get("conference")
  const conference = slug ? (await listConferences()).find((candidate) => candidate.slug === slug) : await getCurrentConference()
  invariantResponse(conference, "Conference not found")
  const items = (await listAgenda(user.id, conference.id)).filter((item) => item.status !== "NO_SHOW")
  const meetings = (await Promise.all(items.map((item) => getMeetingFor(item.id, user)))).filter((meeting) => meeting !== null)
  return icsResponse(renderMeetingsIcs(meetings.map(icsMeetingOf), env.PUBLIC_URL), `meetings-${conference.slug}.ics`)
}

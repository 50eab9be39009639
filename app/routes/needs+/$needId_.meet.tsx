// 约洽谈 about a need: an innovator picks a free slot at one of the conference's negotiation tables to meet the
// enterprise that posted it. One tap on a time sends the request; the enterprise then answers.
import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { ConferenceOver, SlotPicker, useConferenceDay } from "~/components/slot-picker.tsx"
import { conferenceName, useLocale, useT } from "~/i18n/index.ts"
import { toPlace } from "~/models/meeting-forms.ts"
import { getNeedBookingContext, requestNeedMeeting } from "~/models/meeting.server.ts"
import { canViewNeed } from "~/models/need-state.ts"
import meetingStyles from "~/styles/meetings.css"
import { requireRole } from "~/utils/auth.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { bookingAnswer, pickerFrame, pickerSlots } from "~/utils/meeting-routes.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: meetingStyles }]
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data && !data.closed ? `约洽谈 · ${data.need.title} · 匠心汇` : "约洽谈 · 匠心汇" }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "INNOVATOR")
  const url = new URL(request.url)
  const context = await getNeedBookingContext(params.needId ?? "")
  // A need the innovator may not see is as missing here as on its own page.
  invariantResponse(context && canViewNeed(context.need, user), "Not found")
  const { need } = context
  const base = { need: { id: need.id, title: need.title, company: need.owner.organization?.name ?? need.owner.name }, closed: false as const }
  if (need.status !== "PUBLISHED") return data({ ...base, closed: true as const }, { status: 410 })
  const frame = pickerFrame(context)
  const noSlots = { days: [], day: null, place: null, slots: [] }
  if (!frame.conference || frame.ended) return { ...base, ...frame, ...noSlots }
  return { ...base, ...frame, ...(await pickerSlots(context, url, [user.id, need.ownerId])) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "INNOVATOR")
  return bookingAnswer(request, ({ startsAt, place, note }) => requestNeedMeeting(user, { needId: params.needId ?? "", startsAt, place: toPlace(place), note }))
}

export default function BookNeedMeeting() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const locale = useLocale()
  const weekday = useConferenceDay()
  const back = { to: `/needs/${data.need.id}`, label: t("meetings.book.toNeed") }
  return (
    <section className="meet">
      <p className="eyebrow">
        <Link to={back.to}>← {data.need.title}</Link>
      </p>
      <h1>{t("meetings.book.title")}</h1>
      <p className="lead">{t("meetings.book.aboutNeed", { company: data.need.company, title: data.need.title })}</p>
      {data.closed ? (
        <p className="form-errors" role={actionData ? "alert" : undefined}>
          {t("meetings.errors.needNotAvailable")}
        </p>
      ) : !data.conference ? (
        <p className="empty">{t("meetings.book.noTables")}</p>
      ) : data.ended ? (
        <ConferenceOver message={t("meetings.book.endedNeed", { day: weekday(data.ended) })} back={back} />
      ) : (
        <>
          <p className="muted">
            {conferenceName(data.conference, locale)} · {t("meetings.book.atTables")}
          </p>
          <SlotPicker picker={data} refusal={actionData && !actionData.ok ? actionData : null} busy={navigation.state !== "idle"} />
        </>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary

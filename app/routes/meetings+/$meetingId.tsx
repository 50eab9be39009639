// One meeting, for its two parties and organisers: when and where, its state, and the moves open to the reader
// (accept, another slot, decline, cancel, record a no-show), with its .ics file.
import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { SlotButtons } from "~/components/slot-buttons.tsx"
import { type MessageKey, useLocale, useT } from "~/i18n/index.ts"
import { MoveSchema, toPlace } from "~/models/meeting-forms.ts"
import { answeringSide, canMove } from "~/models/meeting-state.ts"
import { getMeetingFor, listFreeSlots, moveMeeting, type MeetingMove, sideOf, slotContextOf, topicTitle } from "~/models/meeting.server.ts"
import meetingStyles from "~/styles/meetings.css"
import { requireUser } from "~/utils/auth.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { refusal, slotChoice } from "~/utils/meeting-routes.server.ts"
import { parseSubmission } from "~/utils/forms.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: meetingStyles }]
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `洽谈 · ${data.meeting.topic} · 匠心汇` : "匠心汇" }]

const ALTERNATIVES = 8

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const meeting = await getMeetingFor(params.meetingId ?? "", user)
  invariantResponse(meeting, "Not found")
  const side = sideOf(meeting, user.id)
  const organiser = user.role === "ORGANISER"
  const mover = { side, organiser }
  const now = new Date()
  const future = meeting.startsAt > now
  const can = {
    accept: canMove("accept", meeting.status, mover),
    decline: canMove("decline", meeting.status, mover),
    propose: future && Boolean(side) && canMove("propose", meeting.status, mover),
    cancel: future && canMove("cancel", meeting.status, mover),
    noShow: !future && canMove("noShow", meeting.status, mover),
  }
  let alternatives: ReturnType<typeof slotChoice>[] = []
  if (can.propose) {
    const context = await slotContextOf(meeting)
    if (context) alternatives = (await listFreeSlots(context, [meeting.requesterId, meeting.hostId], { limit: ALTERNATIVES }, meeting.id)).map(slotChoice)
  }
  const person = (p: { name: string; organization: { name: string } | null }) => ({ name: p.name, company: p.organization?.name ?? null })
  return {
    meeting: {
      id: meeting.id,
      status: meeting.status,
      startsAt: meeting.startsAt.toISOString(),
      endsAt: meeting.endsAt.toISOString(),
      expiresAt: meeting.expiresAt?.toISOString() ?? null,
      placeLabel: meeting.placeLabel,
      topic: topicTitle(meeting),
      topicHref: meeting.innovationId ? `/innovations/${meeting.innovationId}` : meeting.needId ? `/needs/${meeting.needId}` : null,
      requester: person(meeting.requester),
      host: person(meeting.host),
      bookedBy: meeting.bookedBy?.name ?? null,
      note: meeting.note,
      declineReason: meeting.declineReason,
      cancelledBy: meeting.cancelledBy,
      cancelReason: meeting.cancelReason,
      noShowParty: meeting.noShowParty,
    },
    side,
    waitingForMe: Boolean(side) && answeringSide(meeting.status) === side,
    can,
    alternatives,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const submission = parseSubmission(await request.formData(), { schema: MoveSchema })
  if (submission.status !== "success") return data({ ok: false as const, error: "meetings.errors.invalidMove", nextSlots: [] }, { status: 400 })
  const value = submission.value
  const move: MeetingMove =
    value.intent === "propose"
      ? { event: "propose", startsAt: value.startsAt, place: toPlace(value.place) }
      : value.intent === "noShow"
        ? { event: "noShow", party: value.party }
        : value.intent === "accept"
          ? { event: "accept" }
          : { event: value.intent, reason: value.reason }
  try {
    const result = await moveMeeting(params.meetingId ?? "", user, move)
    return data({ ok: true as const, done: `meetings.done.${value.intent}`, status: result.status })
  } catch (error) {
    return refusal(error)
  }
}

export default function MeetingPage() {
  const { meeting, side, waitingForMe, can, alternatives } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [searchParams] = useSearchParams()
  const t = useT()
  const locale = useLocale()
  const busy = navigation.state !== "idle"
  const when = (iso: string) =>
    new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", month: "long", day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(iso))
  const time = (iso: string) => new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(iso))
  const who = (p: { name: string; company: string | null }) => (p.company ? `${p.name}${t("format.parenthetical", { text: p.company })}` : p.name)
  const requester = who(meeting.requester)
  const host = who(meeting.host)
  const other = side === "requester" ? host : side === "host" ? requester : null

  return (
    <section className="meet meeting">
      <p className="eyebrow no-print">
        <Link to="/meetings">← {t("meetings.agenda.title")}</Link>
      </p>
      <h1>
        {when(meeting.startsAt)}–{time(meeting.endsAt)}
      </h1>
      <p className="badge-line">
        <span className="badge" data-testid="meeting-status">
          {t(`meetings.status.${meeting.status}` as MessageKey)}
        </span>
        {waitingForMe ? <span className="badge attention">{t("meetings.agenda.waitingForYou")}</span> : null}
      </p>
      {searchParams.get("requested") ? (
        <p className="notice" role="status">
          {t("meetings.done.requested", { expires: meeting.expiresAt ? when(meeting.expiresAt) : "" })}
        </p>
      ) : null}
      {actionData?.ok ? (
        <p className="notice" role="status">
          {t(actionData.done as MessageKey)}
        </p>
      ) : null}
      {actionData && !actionData.ok ? (
        <div className="form-errors" role="alert">
          <p>{t(actionData.error as MessageKey)}</p>
          {actionData.nextSlots.length ? <p>{t("meetings.book.nextFree")}</p> : null}
        </div>
      ) : null}
      {actionData && !actionData.ok && actionData.nextSlots.length ? <SlotButtons slots={actionData.nextSlots} intent="propose" disabled={busy} showPlace showDay /> : null}

      <dl className="facts">
        <dt>{t("meetings.field.place")}</dt>
        <dd>{meeting.placeLabel}</dd>
        <dt>{t("meetings.field.topic")}</dt>
        <dd>{meeting.topicHref ? <Link to={meeting.topicHref}>{meeting.topic}</Link> : meeting.topic}</dd>
        {other ? (
          <>
            <dt>{t("meetings.field.with")}</dt>
            <dd>{other}</dd>
          </>
        ) : (
          <>
            <dt>{t("meetings.field.requester")}</dt>
            <dd>{requester}</dd>
            <dt>{t("meetings.field.host")}</dt>
            <dd>{host}</dd>
          </>
        )}
        {meeting.bookedBy ? (
          <>
            <dt>{t("meetings.field.bookedBy")}</dt>
            <dd>{meeting.bookedBy}</dd>
          </>
        ) : null}
        {meeting.note ? (
          <>
            <dt>{t("meetings.field.note")}</dt>
            <dd>{meeting.note}</dd>
          </>
        ) : null}
        {meeting.expiresAt && (meeting.status === "REQUESTED" || meeting.status === "COUNTERED") ? (
          <>
            <dt>{t("meetings.field.expiresAt")}</dt>
            <dd>{when(meeting.expiresAt)}</dd>
          </>
        ) : null}
        {meeting.declineReason ? (
          <>
            <dt>{t("meetings.field.declineReason")}</dt>
            <dd>{meeting.declineReason}</dd>
          </>
        ) : null}
        {meeting.cancelReason ? (
          <>
            <dt>{t("meetings.field.cancelReason")}</dt>
            <dd>{meeting.cancelReason}</dd>
          </>
        ) : null}
        {meeting.noShowParty ? (
          <>
            <dt>{t("meetings.field.noShow")}</dt>
            <dd>{meeting.noShowParty === "REQUESTER" ? requester : host}</dd>
          </>
        ) : null}
      </dl>

      <div className="actions">
        {can.accept ? (
          <Form method="post">
            <button type="submit" name="intent" value="accept" className="button primary big" disabled={busy}>
              {t("meetings.action.accept")}
            </button>
          </Form>
        ) : null}
        <a className="button" href={`/meetings/${meeting.id}/ics`} download>
          {t("meetings.action.ics")}
        </a>
      </div>

      {can.propose && alternatives.length ? (
        <details className="card">
          <summary>{t("meetings.action.propose")}</summary>
          <p className="muted">{t("meetings.propose.hint")}</p>
          <SlotButtons slots={alternatives} intent="propose" disabled={busy} showPlace showDay />
        </details>
      ) : null}

      {can.decline ? (
        <details className="card">
          <summary>{t("meetings.action.decline")}</summary>
          <Form method="post">
            <div className="field">
              <label htmlFor="decline-reason">{t("meetings.field.reasonOptional")}</label>
              <input id="decline-reason" name="reason" maxLength={200} />
            </div>
            <button type="submit" name="intent" value="decline" className="button" disabled={busy}>
              {t("meetings.action.declineConfirm")}
            </button>
          </Form>
        </details>
      ) : null}

      {can.cancel ? (
        <details className="card">
          <summary>{t("meetings.action.cancel")}</summary>
          <Form method="post">
            <div className="field">
              <label htmlFor="cancel-reason">{t("meetings.field.reasonOptional")}</label>
              <input id="cancel-reason" name="reason" maxLength={200} />
            </div>
            <button type="submit" name="intent" value="cancel" className="button" disabled={busy}>
              {t("meetings.action.cancelConfirm")}
            </button>
          </Form>
        </details>
      ) : null}

      {can.noShow ? (
        <details className="card">
          <summary>{t("meetings.action.noShow")}</summary>
          <Form method="post" className="actions">
            <input type="hidden" name="intent" value="noShow" />
            {side !== "requester" ? (
              <button type="submit" name="party" value="REQUESTER" className="button" disabled={busy}>
                {t("meetings.action.noShowOf", { name: requester })}
              </button>
            ) : null}
            {side !== "host" ? (
              <button type="submit" name="party" value="HOST" className="button" disabled={busy}>
                {t("meetings.action.noShowOf", { name: host })}
              </button>
            ) : null}
          </Form>
        </details>
      ) : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary

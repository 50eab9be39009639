// 约洽谈: an enterprise picks a free slot at the booth where the listing is exhibited, or at a shared negotiation
// table. One tap on a time books it (the host then answers). Organisers book here for a hosted buyer (?buyer=…).
import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { SlotButtons } from "~/components/slot-buttons.tsx"
import { type MessageKey, useLocale, useT } from "~/i18n/index.ts"
import { BookSchema, toPlace } from "~/models/meeting-forms.ts"
import { canView } from "~/models/innovation-state.ts"
import { conferenceDays } from "~/models/meeting-slots.ts"
import { findHostedBuyerById, findHostedBuyers, getBookingContext, listFreeSlots, placeLabel, requestMeeting } from "~/models/meeting.server.ts"
import meetingStyles from "~/styles/meetings.css"
import { requireRole } from "~/utils/auth.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { refusal, slotChoice } from "~/utils/meeting-routes.server.ts"
import { parseSubmission } from "~/utils/forms.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: meetingStyles }]
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data && !data.unavailable ? `约洽谈 · ${data.innovation.title} · 匠心汇` : "约洽谈 · 匠心汇" }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "ENTERPRISE", "ORGANISER", "INNOVATOR")
  const url = new URL(request.url)
  const context = await getBookingContext(params.innovationId ?? "")
  // A listing never published is as invisible here as a missing one; one that was public says it can no longer be
  // booked (its bookers may still hold the link), as a booking of it answers 400.
  const published = context?.innovation.status === "PUBLISHED"
  invariantResponse(context && (published || context.innovation.publishedAt || canView(context.innovation, user)), "Not found")
  // An innovator reaches this page only for their own listing, to be told they cannot book it.
  invariantResponse(user.role !== "INNOVATOR" || context.innovation.ownerId === user.id, "Forbidden", { status: 403 })
  const { innovation, conference, exhibitor, tables } = context
  if (!published) {
    const shown = canView(innovation, user)
    return data({ unavailable: { title: shown ? innovation.title : null, listingHref: shown ? `/innovations/${innovation.id}` : null } }, { status: 410 })
  }
  const places = [
    ...(exhibitor ? [{ key: "booth", label: placeLabel({ exhibitor, table: null }) }] : []),
    ...tables.map((table) => ({ key: table.id, label: placeLabel({ exhibitor: null, table }) })),
  ]
  const base = { unavailable: null, innovation: { id: innovation.id, title: innovation.title, owner: innovation.owner.name }, places, isOwner: innovation.ownerId === user.id }
  if (!conference || places.length === 0) return { ...base, conference: null, ended: null, days: [], day: null, place: null, slots: [], buyer: null, buyers: [], query: "" }
  const shownConference = { slug: conference.slug, name: conference.name, nameEn: conference.nameEn }
  const days = conferenceDays(conference)
  const lastDay = days[days.length - 1]!
  // A conference whose last day is behind us has no slot left to offer: the page says it is over (the demo's 2023
  // conference is), rather than "no free slots" on every day.
  if (chinaDay(new Date()) > lastDay) return { ...base, conference: shownConference, ended: lastDay, days: [], day: null, place: null, slots: [], buyer: null, buyers: [], query: "" }

  // Organisers book for a hosted buyer: pick the enterprise first.
  let requesterId = user.id
  let buyer: { id: string; name: string; company: string | null } | null = null
  const query = url.searchParams.get("q")?.slice(0, 50) ?? ""
  if (user.role === "ORGANISER") {
    const buyerId = url.searchParams.get("buyer")
    const found = buyerId ? await findHostedBuyerById(buyerId) : null
    if (!found) {
      const buyers = (await findHostedBuyers(query)).map((row) => ({ id: row.id, name: row.name, email: row.email, company: row.organization?.name ?? null }))
      return { ...base, conference: shownConference, ended: null, days: [], day: null, place: null, slots: [], buyer: null, buyers, query }
    }
    buyer = found
    requesterId = found.id
  }

  const place = places.some((candidate) => candidate.key === url.searchParams.get("place")) ? url.searchParams.get("place")! : places[0]!.key
  const free = await listFreeSlots(context, [requesterId, innovation.ownerId], { only: place })
  const daysWithSlots = days.filter((day) => free.some((slot) => chinaDay(slot.startsAt) === day))
  const requestedDay = url.searchParams.get("day")
  const day = requestedDay && days.includes(requestedDay) ? requestedDay : (daysWithSlots[0] ?? days[0]!)
  return {
    ...base,
    conference: shownConference,
    ended: null,
    days: days.map((value) => ({ value, free: free.filter((slot) => chinaDay(slot.startsAt) === value).length })),
    day,
    place,
    slots: free.filter((slot) => chinaDay(slot.startsAt) === day).map(slotChoice),
    buyer,
    buyers: [],
    query,
  }
}

function chinaDay(at: Date) {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "ENTERPRISE", "ORGANISER", "INNOVATOR")
  const submission = parseSubmission(await request.formData(), { schema: BookSchema })
  if (submission.status !== "success") {
    return data({ ok: false as const, error: "meetings.errors.pickSlot", nextSlots: [], note: "" }, { status: 400 })
  }
  const { startsAt, place, note, buyer } = submission.value
  try {
    const meeting = await requestMeeting(user, { innovationId: params.innovationId ?? "", startsAt, place: toPlace(place), note, onBehalfOf: user.role === "ORGANISER" ? buyer : undefined })
    return redirect(`/meetings/${meeting.id}?requested=1`)
  } catch (error) {
    const answer = refusal(error)
    return data({ ...answer.data, note: note ?? "" }, answer.init ?? undefined)
  }
}

export default function BookMeeting() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const locale = useLocale()
  const busy = navigation.state !== "idle"
  if (data.unavailable) return <Unavailable {...data.unavailable} refused={Boolean(actionData)} />
  const buyerParam = data.buyer ? `&buyer=${encodeURIComponent(data.buyer.id)}` : ""
  const weekday = (day: string) => new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", month: "numeric", day: "numeric", weekday: "short" }).format(new Date(`${day}T12:00:00+08:00`))

  return (
    <section className="meet">
      <p className="eyebrow">
        <Link to={`/innovations/${data.innovation.id}`}>← {data.innovation.title}</Link>
      </p>
      <h1>{t("meetings.book.title")}</h1>
      <p className="lead">{t("meetings.book.with", { owner: data.innovation.owner, title: data.innovation.title })}</p>
      {data.conference ? <p className="muted">{locale === "en" ? data.conference.nameEn : data.conference.name}</p> : null}

      {!data.conference ? (
        <p className="empty">{t("meetings.book.noPlaces")}</p>
      ) : data.ended ? (
        <div className="card">
          <p>{t("meetings.book.ended", { day: weekday(data.ended) })}</p>
          <p className="actions">
            <Link to={`/innovations/${data.innovation.id}`} className="button">
              {t("meetings.book.toListing")}
            </Link>
            <Link to="/meetings" className="button">
              {t("meetings.agenda.title")}
            </Link>
          </p>
        </div>
      ) : data.buyers.length || (!data.buyer && data.days.length === 0) ? (
        <div className="card">
          <h2>{t("meetings.book.buyerTitle")}</h2>
          <Form method="get" className="inline-form">
            <div className="field">
              <label htmlFor="buyer-q">{t("meetings.book.buyerSearch")}</label>
              <input id="buyer-q" name="q" type="search" defaultValue={data.query} />
            </div>
            <button type="submit" className="button">
              {t("meetings.book.find")}
            </button>
          </Form>
          {data.query && data.buyers.length === 0 ? <p className="empty">{t("meetings.book.noBuyers")}</p> : null}
          <ul className="plain-list">
            {data.buyers.map((buyer) => (
              <li key={buyer.id}>
                <Link to={`?buyer=${encodeURIComponent(buyer.id)}`}>
                  {buyer.name} · {buyer.company ?? buyer.email}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <>
          {data.buyer ? <p className="notice">{t("meetings.book.forBuyer", { name: data.buyer.name, company: data.buyer.company ?? "" })}</p> : null}
          {data.isOwner ? <p className="form-errors">{t("meetings.errors.withYourself")}</p> : null}

          <nav aria-label={t("meetings.book.places")} className="tabs">
            {data.places.map((place) => (
              <Link key={place.key} to={`?place=${encodeURIComponent(place.key)}${buyerParam}`} aria-current={place.key === data.place ? "page" : undefined} replace>
                {place.key === "booth" ? t("meetings.place.booth") : t("meetings.place.table")} · {place.label}
              </Link>
            ))}
          </nav>
          <nav aria-label={t("meetings.book.days")} className="tabs days">
            {data.days.map((day) => (
              <Link key={day.value} to={`?place=${encodeURIComponent(data.place ?? "")}&day=${day.value}${buyerParam}`} aria-current={day.value === data.day ? "page" : undefined} replace>
                {weekday(day.value)} <small>{t("meetings.book.freeCount", { count: day.free })}</small>
              </Link>
            ))}
          </nav>

          {actionData && !actionData.ok ? (
            <div role="alert" className="form-errors">
              <p>{t(actionData.error as MessageKey)}</p>
              {actionData.nextSlots.length ? <p>{t("meetings.book.nextFree")}</p> : null}
            </div>
          ) : null}
          {actionData && !actionData.ok && actionData.nextSlots.length ? (
            <SlotButtons slots={actionData.nextSlots} note={actionData.note} buyer={data.buyer?.id} disabled={busy} showPlace showDay />
          ) : null}

          <h2 id="slots-title">{t("meetings.book.pick")}</h2>
          {data.slots.length === 0 ? (
            <p className="empty">{t("meetings.book.noSlots")}</p>
          ) : (
            <SlotButtons slots={data.slots} note={actionData && !actionData.ok ? actionData.note : ""} buyer={data.buyer?.id} disabled={busy} withNote labelledBy="slots-title" />
          )}
        </>
      )}
    </section>
  )
}

/** A listing withdrawn after it was public: its bookers learn why (at once when their booking was refused), and where to go instead. */
function Unavailable({ title, listingHref, refused }: { title: string | null; listingHref: string | null; refused: boolean }) {
  const t = useT()
  return (
    <section className="meet">
      <h1>{t("meetings.book.title")}</h1>
      <p className="form-errors" role={refused ? "alert" : undefined}>
        {title ? t("meetings.book.unavailableNamed", { title }) : t("meetings.book.unavailable")}
      </p>
      <p className="actions">
        {[
          ...(listingHref ? [{ to: listingHref, label: t("meetings.book.toListing") }] : []),
          { to: "/innovations", label: t("meetings.book.otherListings") },
          { to: "/meetings", label: t("meetings.agenda.title") },
        ].map((link) => (
          <Link key={link.to} to={link.to} className="button">
            {link.label}
          </Link>
        ))}
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary

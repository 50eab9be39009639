// 约洽谈: an enterprise picks a free slot at the booth where the listing is exhibited, or at a shared negotiation
// table. One tap on a time books it (the host then answers). Organisers book here for a hosted buyer (?buyer=…).
import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { ConferenceOver, SlotPicker, useConferenceDay } from "~/components/slot-picker.tsx"
import { conferenceName, useLocale, useT } from "~/i18n/index.ts"
import { toPlace } from "~/models/meeting-forms.ts"
import { canView } from "~/models/innovation-state.ts"
import { findHostedBuyerById, findHostedBuyers, getBookingContext, requestMeeting } from "~/models/meeting.server.ts"
import meetingStyles from "~/styles/meetings.css"
import { requireRole } from "~/utils/auth.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { bookingAnswer, pickerFrame, pickerSlots } from "~/utils/meeting-routes.server.ts"

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
  const { innovation } = context
  if (!published) {
    const shown = canView(innovation, user)
    return data({ unavailable: { title: shown ? innovation.title : null, listingHref: shown ? `/innovations/${innovation.id}` : null } }, { status: 410 })
  }
  const frame = pickerFrame(context)
  const base = { unavailable: null, innovation: { id: innovation.id, title: innovation.title, owner: innovation.owner.name }, isOwner: innovation.ownerId === user.id, ...frame }
  const noSlots = { days: [], day: null, place: null, slots: [] }
  if (!frame.conference || frame.ended) return { ...base, ...noSlots, buyer: null, buyers: [], query: "" }

  // Organisers book for a hosted buyer: pick the enterprise first.
  let requesterId = user.id
  let buyer: { id: string; name: string; company: string | null } | null = null
  const query = url.searchParams.get("q")?.slice(0, 50) ?? ""
  if (user.role === "ORGANISER") {
    const buyerId = url.searchParams.get("buyer")
    const found = buyerId ? await findHostedBuyerById(buyerId) : null
    if (!found) {
      const buyers = (await findHostedBuyers(query)).map((row) => ({ id: row.id, name: row.name, email: row.email, company: row.organization?.name ?? null }))
      return { ...base, ...noSlots, buyer: null, buyers, query }
    }
    buyer = found
    requesterId = found.id
  }

  return { ...base, ...(await pickerSlots(context, url, [requesterId, innovation.ownerId])), buyer, buyers: [], query }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "ENTERPRISE", "ORGANISER", "INNOVATOR")
  return bookingAnswer(request, ({ startsAt, place, note, buyer }) =>
    requestMeeting(user, { innovationId: params.innovationId ?? "", startsAt, place: toPlace(place), note, onBehalfOf: user.role === "ORGANISER" ? buyer : undefined }),
  )
}

export default function BookMeeting() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const locale = useLocale()
  const weekday = useConferenceDay()
  const busy = navigation.state !== "idle"
  if (data.unavailable) return <Unavailable {...data.unavailable} refused={Boolean(actionData)} />

  return (
    <section className="meet">
      <p className="eyebrow">
        <Link to={`/innovations/${data.innovation.id}`}>← {data.innovation.title}</Link>
      </p>
      <h1>{t("meetings.book.title")}</h1>
      <p className="lead">{t("meetings.book.with", { owner: data.innovation.owner, title: data.innovation.title })}</p>
      {data.conference ? <p className="muted">{conferenceName(data.conference, locale)}</p> : null}

      {!data.conference ? (
        <p className="empty">{t("meetings.book.noPlaces")}</p>
      ) : data.ended ? (
        <ConferenceOver message={t("meetings.book.ended", { day: weekday(data.ended) })} back={{ to: `/innovations/${data.innovation.id}`, label: t("meetings.book.toListing") }} />
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
          <SlotPicker picker={data} refusal={actionData && !actionData.ok ? actionData : null} busy={busy} buyer={data.buyer?.id} />
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

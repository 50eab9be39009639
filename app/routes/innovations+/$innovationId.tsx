import { type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node"
import { Link, useLoaderData } from "@remix-run/react"
import { SignInPrompt } from "~/components/sign-in-prompt.tsx"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import innovationStyles from "~/styles/innovations.css"
import meetingStyles from "~/styles/meetings.css"
import { usePlaceName } from "~/components/innovation-form.tsx"
import { useT } from "~/i18n/index.ts"
import { canEdit, canView } from "~/models/innovation-state.ts"
import { getCurrentConference } from "~/models/conference.server.ts"
import { getExhibitedListing } from "~/models/exhibitor.server.ts"
import { getInnovation } from "~/models/innovation.server.ts"
import { conversationHref } from "~/utils/conversations.ts"
import { recommendForListing } from "~/models/recommendation.server.ts"
import { Recommendations } from "~/components/recommendations.tsx"
import { getOptionalUser } from "~/utils/auth.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { formatFen } from "~/utils/money.ts"
import { getLocale } from "~/utils/locale.server.ts"

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: innovationStyles },
  { rel: "stylesheet", href: meetingStyles },
]

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.innovation.title} · 匠心汇` : "匠心汇" }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request)
  const locale = await getLocale(request)
  const id = params.innovationId ?? ""
  const innovation = id.length <= 40 ? await getInnovation(id) : null
  // Someone else's draft is as invisible as a missing one.
  invariantResponse(innovation && canView(innovation, user), "Not found")
  const { ownerId, ...shown } = innovation
  // Its owner sees the open needs it could answer (揭榜).
  const needs = user?.id === ownerId && innovation.status === "PUBLISHED" ? await recommendForListing(innovation, user.id).catch(() => []) : null
  const conference = await getCurrentConference()
  const exhibited = conference && innovation.status === "PUBLISHED" ? await getExhibitedListing(conference.id, innovation.id) : null
  const shared = new URL(request.url).searchParams.get("shared")
  const canMeet = innovation.status === "PUBLISHED" && user?.id !== ownerId && (!user || user.role === "ENTERPRISE")
  return {
    needs,
    booth: exhibited
      ? { exhibitorId: exhibited.exhibitor.id, number: exhibited.exhibitor.boothNumber, zone: exhibited.exhibitor.zone, unit: exhibited.exhibitor.organization.name, code: exhibited.code }
      : null,
    sharedWith: shared && exhibited && shared === exhibited.exhibitor.id && user?.role === "ENTERPRISE" ? exhibited.exhibitor.organization.name : null,
    canMeet,
    bookForBuyer: user?.role === "ORGANISER" && innovation.status === "PUBLISHED",
    messageHref: canMeet ? conversationHref({ innovationId: innovation.id }) : null,
    innovation: {
      ...shown,
      price: innovation.askingPriceFen === null ? null : formatFen(innovation.askingPriceFen, { locale }),
      benefitAmount: innovation.benefitFen === null ? null : formatFen(innovation.benefitFen, { locale }),
      askingPriceFen: undefined,
      benefitFen: undefined,
    },
    isOwner: user?.id === ownerId,
    canPropose: user?.role === "ENTERPRISE" && innovation.status === "PUBLISHED",
    anonymous: !user && innovation.status === "PUBLISHED",
  }
}

export default function InnovationDetail() {
  const { innovation, isOwner, canPropose, booth, sharedWith, canMeet, bookForBuyer, messageHref, needs, anonymous } = useLoaderData<typeof loader>()
  const t = useT()
  const place = usePlaceName()
  return (
    <article className="innovation-detail">
      <header>
        <p className="eyebrow">
          {t(`innovation.type.${innovation.type}`)} · {place(innovation.sector)}
        </p>
        <h1>{innovation.title}</h1>
        {sharedWith ? (
          <p className="notice" role="status">
            {t("exhibitors.sharedNotice", { unit: sharedWith })}
          </p>
        ) : null}
        {booth ? (
          <p className="booth-line">
            <Link to={`/exhibitors/${booth.exhibitorId}`}>
              {booth.unit} · {t("exhibitors.booth")} {booth.number} · {booth.zone}
            </Link>
          </p>
        ) : null}
        {canMeet ? (
          <div className="meet-bar">
            <Link to={`/innovations/${innovation.id}/meet`} className="button primary big">
              {t("meetings.cta.book")}
            </Link>
            {messageHref ? (
              <Link to={messageHref} className="button big">
                {t("meetings.cta.message")}
              </Link>
            ) : null}
          </div>
        ) : null}
        {bookForBuyer ? (
          <p>
            <Link to={`/innovations/${innovation.id}/meet`} className="button">
              {t("meetings.cta.bookForBuyer")}
            </Link>
          </p>
        ) : null}
        <p className="lead">{innovation.summary}</p>
        {innovation.status !== "PUBLISHED" ? (
          <p className="notice">{t("innovation.detail.statusNote", { status: t(`innovation.status.${innovation.status}`) })}</p>
        ) : null}
        {innovation.status === "REJECTED" && innovation.rejectionReason ? (
          <p className="form-errors">{t("innovation.mine.rejectionReason", { reason: innovation.rejectionReason })}</p>
        ) : null}
        {canPropose ? (
          <p>
            <Link to={`/agreements/new?innovation=${encodeURIComponent(innovation.id)}`} className="button primary">
              {t("innovation.detail.propose")}
            </Link>{" "}
            <Link to={`/messages/new?innovation=${encodeURIComponent(innovation.id)}`} className="button">
              {t("conversations.action.contact")}
            </Link>
          </p>
        ) : null}
        {anonymous ? <SignInPrompt text={t("signInPrompt.innovation")} /> : null}
        {isOwner && canEdit(innovation.status) ? (
          <p>
            <Link to={`/innovations/${innovation.id}/edit`} className="button">
              {t("innovation.action.edit")}
            </Link>
          </p>
        ) : null}
      </header>

      {needs ? <Recommendations title={t("recommend.forListing")} items={needs} showBecause={false} /> : null}

      <dl className="facts">
        <dt>{t("innovation.detail.price")}</dt>
        <dd>{innovation.price ?? t("innovation.detail.negotiable")}</dd>
        <dt>{t("innovation.field.maturity")}</dt>
        <dd>{t(`innovation.maturity.${innovation.maturity}`)}</dd>
        <dt>{t("innovation.field.transferModes")}</dt>
        <dd>{innovation.transferModes.map((mode) => t(`innovation.transferMode.${mode}`)).join(t("format.listSeparator"))}</dd>
        <dt>{t("innovation.detail.location")}</dt>
        <dd>
          {place(innovation.province)} · {place(innovation.city)}
        </dd>
        <dt>{t("innovation.detail.organization")}</dt>
        <dd>{innovation.organization.name}</dd>
        <dt>{t("innovation.detail.owner")}</dt>
        <dd>{innovation.owner.name}</dd>
        <dt id="contact">{t("innovation.field.contactPreference")}</dt>
        <dd>
          {t(`innovation.contact.${innovation.contactPreference}`)}
        </dd>
        {innovation.keywords.length ? (
          <>
            <dt>{t("innovation.field.keywords")}</dt>
            <dd>{innovation.keywords.join(t("format.listSeparator"))}</dd>
          </>
        ) : null}
      </dl>

      {innovation.images.length ? (
        <section aria-labelledby="images-title">
          <h2 id="images-title">{t("innovation.detail.images")}</h2>
          <div className="image-grid">
            {innovation.images.map((image, index) => (
              <img
                key={image.id}
                src={`/resources/innovation-images/${image.id}`}
                alt={`${innovation.title} · ${t("innovation.field.image", { n: index + 1 })}`}
                loading="lazy"
                width={320}
              />
            ))}
          </div>
        </section>
      ) : null}

      <section aria-labelledby="description-title">
        <h2 id="description-title">{t("innovation.field.description")}</h2>
        <div className="prose">
          {innovation.description.split(/\n{2,}/).map((paragraph, index) => (
            <p key={index}>{paragraph}</p>
          ))}
        </div>
      </section>

      {innovation.benefit || innovation.benefitAmount ? (
        <section aria-labelledby="benefit-title">
          <h2 id="benefit-title">{t("innovation.detail.benefit")}</h2>
          {innovation.benefit ? <p>{innovation.benefit}</p> : null}
          {innovation.benefitAmount ? <p>{t("innovation.detail.benefitYearly", { amount: innovation.benefitAmount })}</p> : null}
        </section>
      ) : null}

      <section aria-labelledby="patents-title">
        <h2 id="patents-title">{t("innovation.field.patents")}</h2>
        {innovation.patents.length ? (
          <ul>
            {innovation.patents.map((patent) => (
              <li key={patent.id}>
                {patent.number} · {t(`innovation.patentType.${patent.type}`)} · {t(`innovation.patentStatus.${patent.status}`)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("innovation.detail.noPatents")}</p>
        )}
      </section>

      <section aria-labelledby="awards-title">
        <h2 id="awards-title">{t("innovation.field.awards")}</h2>
        {innovation.awards.length ? (
          <ul>
            {innovation.awards.map((award) => (
              <li key={award.id}>
                {award.name} · {t(`innovation.awardLevel.${award.level}`)}
                {award.year ? ` · ${award.year}` : ""}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("innovation.detail.noAwards")}</p>
        )}
      </section>
      {innovation.status === "PUBLISHED" ? (
        <section aria-labelledby="qr-title" className="qr-line">
          <h2 id="qr-title" className="visually-hidden">
            {t("exhibitors.qrTitle")}
          </h2>
          <img src={`/resources/qr/${booth?.code ?? innovation.id}`} alt={t("exhibitors.qrListingAlt", { title: innovation.title })} width={120} height={120} loading="lazy" />
          <span className="muted">{t("exhibitors.qrHint")}</span>
        </section>
      ) : null}
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary

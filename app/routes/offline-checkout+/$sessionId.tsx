// Offline demo mode's stand-in for Stripe Checkout. It exists only without STRIPE_SECRET_KEY: "支付" sends the app's
// own webhook endpoint the checkout.session.completed event Stripe would send, signed the way Stripe signs it.
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node"
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { useT } from "~/i18n/index.ts"
import { getDepositByCheckoutSession } from "~/models/agreement.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { formatFen } from "~/utils/money.ts"
import { isStripeOffline, offlineCheckoutCompletedPayload, signWebhookPayload } from "~/utils/stripe.server.ts"

async function requireOfflineSession(sessionId: string | undefined) {
  invariantResponse(isStripeOffline, "Not found", { status: 404 })
  const deposit = sessionId ? await getDepositByCheckoutSession(sessionId) : null
  invariantResponse(deposit, "Not found", { status: 404 })
  return deposit
}

export async function loader({ params }: LoaderFunctionArgs) {
  const deposit = await requireOfflineSession(params.sessionId)
  return { amountFen: deposit.amountFen, title: deposit.agreement.innovation.title, status: deposit.status, agreementId: deposit.agreementId }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const sessionId = params.sessionId ?? ""
  const deposit = await requireOfflineSession(sessionId)
  const back = `/agreements/${deposit.agreementId}`
  const intent = (await request.formData()).get("intent")
  if (intent !== "pay" || deposit.status !== "PENDING") return redirect(back)
  const payload = offlineCheckoutCompletedPayload(sessionId, deposit)
  const response = await fetch(new URL("/webhooks/stripe", request.url), {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signWebhookPayload(payload) },
    body: payload,
  })
  if (!response.ok) return data({ failed: true }, { status: 502 })
  return redirect(`${back}?paid=1`)
}

export default function OfflineCheckout() {
  const { amountFen, title, status } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  return (
    <section className="narrow card" aria-labelledby="checkout-title">
      <h1 id="checkout-title">{t("agreements.checkout.title")}</h1>
      <p>{t("agreements.checkout.intro")}</p>
      <p>{title}</p>
      <p>
        {t("agreements.checkout.amount")}：<strong data-testid="checkout-amount">{formatFen(amountFen, { plain: true })}</strong>
      </p>
      {actionData?.failed ? (
        <p role="alert" className="form-errors">
          {t("agreements.checkout.failed")}
        </p>
      ) : null}
      {status !== "PENDING" ? <p role="status">{t("agreements.checkout.done")}</p> : null}
      <Form method="post" style={{ display: "flex", gap: "1rem" }}>
        <button type="submit" name="intent" value="pay" className="button primary" disabled={status !== "PENDING" || navigation.state === "submitting"}>
          {t("agreements.checkout.pay")}
        </button>
        <button type="submit" name="intent" value="cancel" className="button">
          {t("agreements.checkout.cancel")}
        </button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary

// Demo mode's stand-in for Stripe Checkout. Only the enterprise that owes the deposit sees it (404 for anyone
// else, and for everyone in live mode); "支付" asks the Stripe emulator to pay, which sends the app's own webhook
// endpoint the event Stripe would send (emulators/stripe/checkout.ts).
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { useT } from "~/i18n/index.ts"
import { getCheckoutDeposit } from "~/models/agreement-queries.server.ts"
import { getOptionalUser } from "~/utils/auth.server.ts"
import { env } from "~/utils/env.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { formatFen } from "~/utils/money.ts"

async function requireCheckout({ request, params, context }: Pick<LoaderFunctionArgs, "request" | "params" | "context">) {
  const checkout = env.DEMO ? context.demoCheckout : undefined
  invariantResponse(checkout, "Not found", { status: 404 })
  const user = await getOptionalUser(request)
  const deposit = user?.role === "ENTERPRISE" && params.sessionId ? await getCheckoutDeposit(params.sessionId, user.id) : null
  invariantResponse(deposit, "Not found", { status: 404 })
  return { checkout, deposit, sessionId: params.sessionId ?? "" }
}

export async function loader(args: LoaderFunctionArgs) {
  const { deposit } = await requireCheckout(args)
  return { amountFen: deposit.amountFen, title: deposit.agreement.innovation.title, status: deposit.status, agreementId: deposit.agreementId }
}

export async function action(args: ActionFunctionArgs) {
  const { checkout, deposit, sessionId } = await requireCheckout(args)
  const back = `/agreements/${deposit.agreementId}`
  const intent = (await args.request.formData()).get("intent")
  if (intent !== "pay" || deposit.status !== "CHECKOUT_OPEN") return redirect(back)
  const outcome = await checkout.pay(sessionId)
  if (outcome === "paid") return redirect(`${back}?paid=1`)
  return data({ outcome }, { status: outcome === "closed" ? 409 : 502 })
}

export default function DemoCheckout() {
  const { amountFen, title, status, agreementId } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const payable = status === "CHECKOUT_OPEN"
  return (
    <section className="narrow card" aria-labelledby="checkout-title">
      <h1 id="checkout-title">{t("agreements.checkout.title")}</h1>
      <p>{t("agreements.checkout.intro")}</p>
      <p>{title}</p>
      <p>
        {t("agreements.checkout.amount")}
        {t("format.colon")}
        <strong data-testid="checkout-amount">{formatFen(amountFen, { plain: true })}</strong>
      </p>
      {actionData?.outcome ? (
        <p role="alert" className="form-errors">
          {t(actionData.outcome === "closed" ? "agreements.checkout.closed" : "agreements.checkout.failed")}{" "}
          <Link to={`/agreements/${agreementId}`}>{t("agreements.checkout.back")}</Link>
        </p>
      ) : null}
      {payable ? null : <p role="status">{t("agreements.checkout.done")}</p>}
      <Form method="post" style={{ display: "flex", gap: "1rem" }}>
        <button type="submit" name="intent" value="pay" className="button primary" disabled={!payable || navigation.state === "submitting"}>
          {navigation.state === "submitting" ? t("agreements.checkout.paying") : t("agreements.checkout.pay")}
        </button>
        <button type="submit" name="intent" value="cancel" className="button">
          {t("agreements.checkout.cancel")}
        </button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary

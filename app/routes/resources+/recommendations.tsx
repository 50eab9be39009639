// 不相关: the user marks a recommended need or innovation as not relevant, and it is never recommended to them again.
import { type ActionFunctionArgs, redirect } from "@remix-run/node"
import { z } from "zod"
import { dismissRecommendation } from "~/models/recommendation.server.ts"
import { requireUser } from "~/utils/auth.server.ts"
import { invariantResponse, safeRedirectPath } from "~/utils/http.server.ts"

const DismissSchema = z.object({ itemType: z.enum(["Need", "Innovation"]), itemId: z.string().min(1).max(40) })

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const parsed = DismissSchema.safeParse(Object.fromEntries(await request.formData()))
  invariantResponse(parsed.success, "Bad request", { status: 400 })
  await dismissRecommendation(user.id, parsed.data.itemType, parsed.data.itemId)
  // Without JavaScript the form posts here: go back to the page it was on.
  if (request.headers.get("Accept")?.includes("text/html")) return redirect(safeRedirectPath(request.headers.get("Referer") ? new URL(request.headers.get("Referer")!).pathname : "/"))
  return { dismissed: true }
}

export async function loader() {
  throw new Response("Not found", { status: 404 })
}

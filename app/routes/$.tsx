// Any URL no other route claims: the 404 page inside the normal layout.
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { invariantResponse } from "~/utils/http.server.ts"

export async function loader() {
  invariantResponse(false, "Not found", { status: 404 })
}

export async function action() {
  invariantResponse(false, "Not found", { status: 404 })
}

export default function NotFound() {
  return null
}

export const ErrorBoundary = GeneralErrorBoundary

import { type ActionFunctionArgs, redirect } from "@remix-run/node"
import { logOut } from "~/utils/auth.server.ts"

export async function loader() {
  return redirect("/")
}

export async function action({ request }: ActionFunctionArgs) {
  return logOut(request)
}

// Listings made through the model as the form and the review would make them, published and so indexed.
import type { TestUser } from "./fixtures.ts"

type ListingFields = { title: string; keywords?: string; askingPrice?: string; sector?: string; province?: string; awards?: { name: string; level: string }[] }

/** A PUBLISHED listing of the owner's (submitted, then approved by the organiser); the relay indexes it. */
export async function publishedListing(owner: TestUser, organiserId: string, fields: ListingFields) {
  const { createInnovation, listOrganizationChoices, transitionInnovation } = await import("../../app/models/innovation.server.ts")
  const { InnovationSchema } = await import("../../app/models/innovation-form.ts")
  const [organization] = await listOrganizationChoices(owner.id)
  const input = InnovationSchema.parse({
    summary: "代替人工巡检，自动识别缺陷。",
    description: "传感器与视觉模型结合，在现场判断缺陷并报警。",
    type: "SMALL_INNOVATION",
    sector: fields.sector ?? "机械制造",
    province: fields.province ?? "江苏",
    city: "常州",
    maturity: "APPLIED",
    transferModes: ["LICENSE"],
    negotiable: fields.askingPrice === undefined,
    organizationId: organization?.id,
    contactPreference: "PLATFORM",
    ...fields,
  })
  const owned = { id: owner.id, role: owner.role }
  const { id } = await createInnovation(owned, input, [])
  await transitionInnovation(owned, id, "submit")
  await transitionInnovation({ id: organiserId, role: "ORGANISER" }, id, "approve")
  return id
}

// What each home page and detail page recommends, for whom: an enterprise gets innovations for its open needs and
// its recent searches, an innovator open needs for its listings. Dismissed items (不相关) never come back; only
// their user ever reads the dismissals. Recent searches are kept per user, the newest few only.
import type { Prisma } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"
import { getSearchIndex } from "../../search/index.server.ts"
import type { SearchIndex } from "../../search/port.ts"
import type { InnovationDocument, InnovationIndex } from "../../search/indexes/innovations.ts"
import type { NeedDocument } from "../../search/indexes/needs.ts"
import { innovationsForNeed, needsForInnovation, type ListingProfile, type NeedProfile, type Reasons } from "./recommendation.ts"

export type DismissableType = "Need" | "Innovation"

/** A recommendation as a page shows it: the item, why, and what of the user's it matches. */
export type HomeRecommendation = {
  type: DismissableType
  id: string
  title: string
  summary: string
  reasons: Reasons
  /** the user's need or listing it matches, or the search it came from */
  because: { kind: "need" | "listing" | "search" | "newest"; text: string }
}

/** `fallback`: the enterprise has neither open needs nor searches yet, so these are only the newest listings near it. */
export type EnterpriseRecommendations = { items: HomeRecommendation[]; fallback: boolean }

const SEARCH_HISTORY_CAP = 10

export async function dismissRecommendation(userId: string, itemType: DismissableType, itemId: string) {
  await prisma.recommendationDismissal.upsert({
    where: { userId_itemType_itemId: { userId, itemType, itemId } },
    create: { userId, itemType, itemId },
    update: {},
    select: { id: true },
  })
}

async function dismissedIds(userId: string, itemType: DismissableType) {
  const rows = await prisma.recommendationDismissal.findMany({ where: { userId, itemType }, select: { itemId: true } })
  return new Set(rows.map((row) => row.itemId))
}

/** Keeps a logged-in user's search (its words and sector only), dropping the oldest beyond the cap. */
export async function recordSearch(userId: string, index: "innovations" | "needs", text: string, sector: string | undefined) {
  const words = [...text.trim()].slice(0, 100).join("")
  if ([...words].length < 2) return
  await prisma.$transaction(async (tx) => {
    await tx.savedSearch.upsert({
      where: { userId_index_text_sector: { userId, index, text: words, sector: sector ?? "" } },
      create: { userId, index, text: words, sector: sector ?? "" },
      update: { createdAt: new Date() },
      select: { id: true },
    })
    const old = await tx.savedSearch.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, skip: SEARCH_HISTORY_CAP, select: { id: true } })
    if (old.length) await tx.savedSearch.deleteMany({ where: { id: { in: old.map((row) => row.id) } } })
  })
}

const needProfileSelect = {
  id: true,
  title: true,
  keywords: true,
  sector: true,
  province: true,
  minMaturity: true,
  transferModes: true,
} satisfies Prisma.NeedSelect

const listingProfileSelect = {
  id: true,
  title: true,
  keywords: true,
  sector: true,
  province: true,
  maturity: true,
  transferModes: true,
} satisfies Prisma.InnovationSelect

/** Round-robin over several ranked lists, so each need or listing of the user gets its best match shown first. */
function interleave<T extends { id: string }>(lists: T[][], limit: number): T[] {
  const seen = new Set<string>()
  const out: T[] = []
  for (let rank = 0; out.length < limit && lists.some((list) => rank < list.length); rank++) {
    for (const list of lists) {
      const item = list[rank]
      if (item && !seen.has(item.id) && out.length < limit) {
        seen.add(item.id)
        out.push(item)
      }
    }
  }
  return out
}

function innovationItem(doc: InnovationDocument, reasons: Reasons, because: HomeRecommendation["because"]): HomeRecommendation {
  return { type: "Innovation", id: doc.id, title: doc.title, summary: doc.summary, reasons, because }
}

function needItem(doc: NeedDocument, reasons: Reasons, because: HomeRecommendation["because"]): HomeRecommendation {
  return { type: "Need", id: doc.id, title: doc.title, summary: doc.problem, reasons, because }
}

/**
 * An enterprise's home: innovations for its open needs, then for its recent searches. Listings it already knows are
 * left out: those that answered its needs (on its answers page) and those it has an agreement about. With neither
 * needs nor searches, the newest listings of its own sector and province stand in, marked as such.
 */
export async function recommendForEnterprise(userId: string, limit = 6): Promise<EnterpriseRecommendations> {
  const [needs, searches, dismissed, answered, agreed, organization, index] = await Promise.all([
    prisma.need.findMany({ where: { ownerId: userId, status: "PUBLISHED" }, orderBy: { publishedAt: "desc" }, take: 3, select: needProfileSelect }),
    prisma.savedSearch.findMany({ where: { userId, index: "innovations" }, orderBy: { createdAt: "desc" }, take: 3, select: { text: true, sector: true } }),
    dismissedIds(userId, "Innovation"),
    prisma.needAnswer.findMany({ where: { need: { ownerId: userId } }, select: { innovationId: true } }),
    prisma.agreement.findMany({ where: { enterpriseId: userId }, select: { innovationId: true } }),
    prisma.organization.findFirst({ where: { users: { some: { id: userId } } }, select: { sector: true, province: true } }),
    getSearchIndex("innovations"),
  ])
  const exclude = new Set([...dismissed, ...answered.map((row) => row.innovationId), ...agreed.map((row) => row.innovationId)])
  const fromNeeds = await Promise.all(
    needs.map(async (need) =>
      (await innovationsForNeed(index, need, { limit, exclude })).map((rec) => innovationItem(rec.document, rec.reasons, { kind: "need", text: need.title })),
    ),
  )
  const fromSearches = await Promise.all(
    searches.map(async (search) => {
      const result = await index.search({ text: search.text, filters: search.sector ? { sector: [search.sector] } : {}, sort: "newest", page: 1, pageSize: limit + exclude.size })
      return result.hits
        .filter((hit) => !exclude.has(hit.id))
        .map((hit) => innovationItem(hit.document, { terms: [], modes: [], sector: search.sector || undefined }, { kind: "search", text: search.text }))
    }),
  )
  if (needs.length || searches.length) return { items: interleave([...fromNeeds, ...fromSearches], limit), fallback: false }
  return { items: await newestFor(index, organization ?? {}, exclude, limit), fallback: true }
}

/** Newest listings in the sector and province given, widening to the sector, then to all, until there are enough. */
async function newestFor(index: SearchIndex<InnovationIndex>, where: { sector?: string | null; province?: string | null }, exclude: ReadonlySet<string>, limit: number) {
  const tries: Partial<Record<"sector" | "province", string[]>>[] = []
  if (where.sector && where.province) tries.push({ sector: [where.sector], province: [where.province] })
  if (where.sector) tries.push({ sector: [where.sector] })
  tries.push({})
  const out: HomeRecommendation[] = []
  const seen = new Set(exclude)
  for (const filters of tries) {
    const result = await index.search({ text: "", filters, sort: "newest", page: 1, pageSize: limit + exclude.size })
    for (const hit of result.hits) {
      if (seen.has(hit.id) || out.length >= limit) continue
      seen.add(hit.id)
      const reasons: Reasons = {
        terms: [],
        modes: [],
        sector: hit.document.sector === where.sector ? hit.document.sector : undefined,
        province: hit.document.province === where.province ? hit.document.province : undefined,
      }
      out.push(innovationItem(hit.document, reasons, { kind: "newest", text: "" }))
    }
    if (out.length >= limit) break
  }
  return out
}

/** An innovator's home: open needs for its published listings, leaving out needs it answered already. */
export async function recommendForInnovator(userId: string, limit = 6): Promise<HomeRecommendation[]> {
  const [listings, answered, dismissed, index] = await Promise.all([
    prisma.innovation.findMany({ where: { ownerId: userId, status: "PUBLISHED" }, orderBy: { publishedAt: "desc" }, take: 5, select: listingProfileSelect }),
    prisma.needAnswer.findMany({ where: { innovatorId: userId }, select: { needId: true } }),
    dismissedIds(userId, "Need"),
    getSearchIndex("needs"),
  ])
  const exclude = new Set([...dismissed, ...answered.map((row) => row.needId)])
  const lists = await Promise.all(
    listings.map(async (listing) =>
      (await needsForInnovation(index, listing, { limit, exclude })).map((rec) => needItem(rec.document, rec.reasons, { kind: "listing", text: listing.title })),
    ),
  )
  return interleave(lists, limit)
}

/** For a need's page (its owner and organisers): the innovations that could solve it. */
export async function recommendForNeed(need: NeedProfile & { id: string }, viewerId: string, limit = 5) {
  // Listings that answered the need already are on its answers page, not news.
  const [dismissed, answered, index] = await Promise.all([
    dismissedIds(viewerId, "Innovation"),
    prisma.needAnswer.findMany({ where: { needId: need.id }, select: { innovationId: true } }),
    getSearchIndex("innovations"),
  ])
  const exclude = new Set([...dismissed, ...answered.map((row) => row.innovationId)])
  const recs = await innovationsForNeed(index, need, { limit, exclude })
  return recs.map((rec) => innovationItem(rec.document, rec.reasons, { kind: "need", text: need.title }))
}

/** For a listing's page (its owner): the open needs it could answer. */
export async function recommendForListing(listing: ListingProfile & { id: string }, viewerId: string, limit = 5) {
  const [dismissed, answered, index] = await Promise.all([
    dismissedIds(viewerId, "Need"),
    prisma.needAnswer.findMany({ where: { innovationId: listing.id }, select: { needId: true } }),
    getSearchIndex("needs"),
  ])
  const exclude = new Set([...dismissed, ...answered.map((row) => row.needId)])
  const recs = await needsForInnovation(index, listing, { limit, exclude })
  return recs.map((rec) => needItem(rec.document, rec.reasons, { kind: "listing", text: listing.title }))
}

/** What a home page recommends to this user, if anything: innovations for an enterprise, needs for an innovator. */
export async function recommendForHome(user: { id: string; role: string } | null) {
  try {
    if (user?.role === "ENTERPRISE") return { audience: "enterprise" as const, ...(await recommendForEnterprise(user.id)) }
    if (user?.role === "INNOVATOR") return { audience: "innovator" as const, items: await recommendForInnovator(user.id), fallback: false }
  } catch (error) {
    // Search can be down; the home page still opens, without recommendations.
    console.error("recommendations failed", error)
  }
  return null
}

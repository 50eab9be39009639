// Meilisearch's REST API as the official client sees it, answered by MSW: indexes, settings, documents, tasks,
// swaps and search, with every request recorded so tests can assert exactly what the adapter sent.
// Writes are tasks: enqueued (202), then reported "succeeded" (or "failed", when a test asks) on GET /tasks/:uid.
import { http, HttpResponse } from "msw"

type Json = Record<string, unknown>
type Doc = Json & { id: string }
export type RecordedRequest = { method: string; path: string; search: string; body: unknown }
type TaskError = { message: string; code: string; type: string; link: string }

export function createMeilisearchMock(host = "http://meilisearch.test") {
  const requests: RecordedRequest[] = []
  const indexes = new Map<string, { primaryKey: string | null; settings: Json; docs: Map<string, Doc> }>()
  const tasks = new Map<number, Json>()
  let nextTaskUid = 0
  let failNext: TaskError | null = null
  let searchResponse: ((body: Json) => Json) | null = null

  const record = async (request: Request) => {
    const url = new URL(request.url)
    const text = request.method === "GET" || request.method === "DELETE" ? "" : await request.clone().text()
    requests.push({ method: request.method, path: url.pathname, search: url.search, body: text ? JSON.parse(text) : undefined })
    return url
  }

  /** Records a task; `apply` runs only if the task succeeds, like the engine's own batches. */
  const enqueue = (indexUid: string | null, type: string, apply: () => TaskError | void) => {
    const uid = nextTaskUid++
    const enqueuedAt = new Date().toISOString()
    const error = failNext ?? apply() ?? null
    failNext = null
    tasks.set(uid, {
      uid,
      batchUid: uid,
      indexUid,
      status: error ? "failed" : "succeeded",
      type,
      canceledBy: null,
      details: {},
      error,
      duration: "PT0.001S",
      enqueuedAt,
      startedAt: enqueuedAt,
      finishedAt: enqueuedAt,
    })
    return HttpResponse.json({ taskUid: uid, indexUid, status: "enqueued", type, enqueuedAt }, { status: 202 })
  }

  const apiError = (status: number, code: string, message: string) =>
    HttpResponse.json({ message, code, type: "invalid_request", link: `https://docs.meilisearch.com/errors#${code}` }, { status })
  const taskError = (code: string, message: string): TaskError => ({
    message,
    code,
    type: "invalid_request",
    link: `https://docs.meilisearch.com/errors#${code}`,
  })

  /** A search response shaped like the real one: scripted, or every document, unranked. */
  const searchAnswer = (uid: string, body: Json): Json | { error: string } => {
    const index = indexes.get(uid)
    if (!index) return { error: `Index \`${uid}\` not found.` }
    if (searchResponse) return searchResponse(body)
    const hits = [...index.docs.values()]
    const hitsPerPage = Number(body.hitsPerPage ?? 20)
    const page = Number(body.page ?? 1)
    return {
      hits: hits.slice((page - 1) * hitsPerPage, page * hitsPerPage),
      query: body.q ?? "",
      processingTimeMs: 0,
      hitsPerPage,
      page,
      totalPages: hitsPerPage ? Math.ceil(hits.length / hitsPerPage) : 0,
      totalHits: hits.length,
      facetDistribution: {},
    }
  }

  const handlers = [
    http.post(`${host}/indexes`, async ({ request }) => {
      await record(request)
      const body = (await request.json()) as { uid: string; primaryKey?: string }
      return enqueue(body.uid, "indexCreation", () => {
        if (indexes.has(body.uid)) return taskError("index_already_exists", `Index \`${body.uid}\` already exists.`)
        indexes.set(body.uid, { primaryKey: body.primaryKey ?? null, settings: {}, docs: new Map() })
      })
    }),
    http.delete(`${host}/indexes/:uid`, async ({ request, params }) => {
      await record(request)
      const uid = String(params.uid)
      if (!indexes.has(uid)) return apiError(404, "index_not_found", `Index \`${uid}\` not found.`)
      return enqueue(uid, "indexDeletion", () => void indexes.delete(uid))
    }),
    http.patch(`${host}/indexes/:uid/settings`, async ({ request, params }) => {
      await record(request)
      const uid = String(params.uid)
      const body = (await request.json()) as Json
      return enqueue(uid, "settingsUpdate", () => {
        const index = indexes.get(uid)
        if (!index) return taskError("index_not_found", `Index \`${uid}\` not found.`)
        Object.assign(index.settings, body)
      })
    }),
    ...(["post", "put"] as const).map((method) =>
      http[method](`${host}/indexes/:uid/documents`, async ({ request, params }) => {
        await record(request)
        const uid = String(params.uid)
        const body = (await request.json()) as Doc[]
        return enqueue(uid, "documentAdditionOrUpdate", () => {
          // Like Meilisearch, adding documents creates a missing index.
          if (!indexes.has(uid)) indexes.set(uid, { primaryKey: "id", settings: {}, docs: new Map() })
          const docs = indexes.get(uid)!.docs
          for (const doc of body) docs.set(doc.id, method === "put" ? { ...docs.get(doc.id), ...doc } : doc)
        })
      }),
    ),
    http.post(`${host}/indexes/:uid/documents/delete-batch`, async ({ request, params }) => {
      await record(request)
      const uid = String(params.uid)
      const ids = (await request.json()) as string[]
      return enqueue(uid, "documentDeletion", () => {
        const index = indexes.get(uid)
        if (!index) return taskError("index_not_found", `Index \`${uid}\` not found.`)
        for (const id of ids) index.docs.delete(String(id))
      })
    }),
    http.get(`${host}/indexes/:uid/documents`, async ({ request, params }) => {
      const url = await record(request)
      const index = indexes.get(String(params.uid))
      if (!index) return apiError(404, "index_not_found", `Index \`${params.uid}\` not found.`)
      const limit = Number(url.searchParams.get("limit") ?? 20)
      const offset = Number(url.searchParams.get("offset") ?? 0)
      const fields = url.searchParams.get("fields")?.split(",")
      const all = [...index.docs.values()]
      const results = all
        .slice(offset, offset + limit)
        .map((doc) => (fields ? Object.fromEntries(fields.map((field) => [field, doc[field]])) : doc))
      return HttpResponse.json({ results, offset, limit, total: all.length })
    }),
    http.post(`${host}/swap-indexes`, async ({ request }) => {
      await record(request)
      const body = (await request.json()) as { indexes: [string, string] }[]
      return enqueue(null, "indexSwap", () => {
        for (const { indexes: [a, b] } of body) {
          const first = indexes.get(a)
          const second = indexes.get(b)
          if (!first || !second) return taskError("index_not_found", `Index \`${first ? b : a}\` not found.`)
          indexes.set(a, second)
          indexes.set(b, first)
        }
      })
    }),
    http.get(`${host}/tasks/:uid`, async ({ request, params }) => {
      await record(request)
      const task = tasks.get(Number(params.uid))
      return task ? HttpResponse.json(task) : apiError(404, "task_not_found", `Task \`${params.uid}\` not found.`)
    }),
    http.post(`${host}/indexes/:uid/search`, async ({ request, params }) => {
      await record(request)
      const answer = searchAnswer(String(params.uid), (await request.json()) as Json)
      return typeof answer.error === "string" ? apiError(404, "index_not_found", answer.error) : HttpResponse.json(answer)
    }),
    http.post(`${host}/multi-search`, async ({ request }) => {
      await record(request)
      const body = (await request.json()) as { queries: (Json & { indexUid: string })[] }
      const results = []
      for (const query of body.queries) {
        const answer = searchAnswer(query.indexUid, query)
        if (typeof answer.error === "string") return apiError(404, "index_not_found", answer.error)
        results.push({ indexUid: query.indexUid, ...answer })
      }
      return HttpResponse.json({ results })
    }),
  ]

  return {
    host,
    handlers,
    requests,
    indexes,
    /** The next task enqueued reports "failed" with this error. */
    failNextTask(code = "internal", message = "the engine failed this task") {
      failNext = taskError(code, message)
    },
    /** Scripts the body of search responses (gets the request body). */
    answerSearch(answer: ((body: Json) => Json) | null) {
      searchResponse = answer
    },
    reset() {
      requests.length = 0
    },
  }
}

import { describe, expect, test } from "vitest"
import { parseUploadForm } from "./image-upload.server.ts"

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64")
const options = { field: "images", maxBytes: 1024, maxFiles: 2, types: ["image/jpeg", "image/png", "image/webp"] }

function upload(files: { name: string; type: string; bytes: Uint8Array }[], fields: Record<string, string> = { title: "成果" }) {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  for (const file of files) form.append("images", new File([Buffer.from(file.bytes)], file.name, { type: file.type }))
  return new Request("http://localhost/innovations/new", { method: "POST", body: form })
}

describe("file uploads", () => {
  test("a real PNG is accepted with the type read from its bytes, and text fields come through", async () => {
    const parsed = await parseUploadForm(upload([{ name: "photo.jpg", type: "image/jpeg", bytes: PNG }]), options)
    expect(parsed.formData?.get("title")).toBe("成果")
    expect(parsed.formData?.get("images")).toBeNull()
    if (!parsed.formData) throw new Error("unreadable")
    expect(parsed.refusals).toEqual([])
    expect(parsed.files).toHaveLength(1)
    expect(parsed.files[0]).toMatchObject({ contentType: "image/png", size: PNG.byteLength })
    expect(parsed.files[0]?.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  test("text named .png, an SVG and an oversized file are refused; a seventh file is not kept", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    const parsed = await parseUploadForm(
      upload([
        { name: "fake.png", type: "image/png", bytes: Buffer.from("just text") },
        { name: "x.svg", type: "image/svg+xml", bytes: svg },
        { name: "big.png", type: "image/png", bytes: new Uint8Array(2048) },
      ]),
      { ...options, maxFiles: 3 },
    )
    if (!parsed.formData) throw new Error("unreadable")
    expect(parsed.files).toEqual([])
    expect(parsed.refusals.sort()).toEqual(["tooLarge", "wrongType"])
    const many = await parseUploadForm(upload([1, 2, 3].map((n) => ({ name: `${n}.png`, type: "image/png", bytes: PNG }))), options)
    if (!many.formData) throw new Error("unreadable")
    expect(many.files).toHaveLength(2)
    expect(many.refusals).toEqual(["tooMany"])
  })

  test("an empty file input adds nothing; a broken body is no exception", async () => {
    const empty = await parseUploadForm(upload([{ name: "", type: "application/octet-stream", bytes: new Uint8Array() }]), options)
    expect(empty.formData ? empty.files : null).toEqual([])
    const broken = new Request("http://localhost/x", { method: "POST", headers: { "Content-Type": "multipart/form-data; boundary=abc" }, body: "--zzz\r\nnonsense" })
    const parsed = await parseUploadForm(broken, options)
    expect(parsed.formData ? [...parsed.formData.keys()] : []).toEqual([])
    const notMultipart = new Request("http://localhost/x", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{" })
    expect(await parseUploadForm(notMultipart, options)).toMatchObject({ formData: null, error: "unreadable" })
  })

  test("a PDF is told from a renamed web page by its bytes; the file name kept is only the last segment, without control characters", async () => {
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    const parsed = await parseUploadForm(
      upload([
        { name: "..\\..\\报价\u0007单.pdf", type: "application/octet-stream", bytes: pdf },
        { name: "page.pdf", type: "application/pdf", bytes: Buffer.from("<html><script>alert(1)</script></html>") },
      ]),
      { ...options, types: ["application/pdf"] },
    )
    if (!parsed.formData) throw new Error("unreadable")
    expect(parsed.files.map((file) => [file.filename, file.contentType])).toEqual([["报价单.pdf", "application/pdf"]])
    expect(parsed.refusals).toEqual(["wrongType"])
  })
})

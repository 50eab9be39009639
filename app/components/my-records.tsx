// "Mine" pages (我的成果, 我的技术需求) as one shape: a heading with the "new" button, the outcome of the last move,
// then a table of the owner's records by status, each row with its edit link and the moves its status allows.
import { Form, Link, useNavigation } from "@remix-run/react"
import type { ReactNode } from "react"
import { ActionNotice } from "~/components/ui/action-notice.tsx"
import type { MessageKey } from "~/i18n/index.ts"

type Row = { id: string; title: string; status: string }
export type RecordColumn<R> = { label: string; cell: (row: R) => ReactNode }
export type RecordMove = { intent: string; label: string; /** asked before an irreversible move */ confirm?: string }

export function MyRecords<R extends Row>({
  title,
  titleLabel,
  newRecord,
  outcome,
  empty,
  rows,
  hrefOf,
  columns,
  actionsLabel,
  editLabel,
  editable,
  moves,
}: {
  title: string
  /** the heading of the title column */
  titleLabel: string
  newRecord: { href: string; label: string }
  outcome: { done: MessageKey | null; error: MessageKey | null } | undefined
  empty: string
  rows: R[]
  hrefOf: (row: R) => string
  /** the columns between the title and the actions */
  columns: [RecordColumn<R>, ...RecordColumn<R>[]]
  actionsLabel: string
  editLabel: string
  editable: (row: R) => boolean
  /** the moves a row's status allows */
  moves: (row: R) => RecordMove[]
}) {
  const navigation = useNavigation()
  const busy = navigation.state !== "idle"
  return (
    <section>
      <div className="page-head">
        <h1>{title}</h1>
        <Link to={newRecord.href} className="button primary">
          {newRecord.label}
        </Link>
      </div>
      <ActionNotice done={outcome?.done} error={outcome?.error} />
      {rows.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <table className="table stacked">
          <thead>
            <tr>
              <th scope="col">{titleLabel}</th>
              {columns.map((column) => (
                <th scope="col" key={column.label}>
                  {column.label}
                </th>
              ))}
              <th scope="col">{actionsLabel}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <th scope="row">
                  <Link to={hrefOf(row)}>{row.title}</Link>
                </th>
                {columns.map((column) => (
                  <td key={column.label} data-label={column.label}>
                    {column.cell(row)}
                  </td>
                ))}
                <td className="row-actions">
                  {editable(row) ? (
                    <Link to={`${hrefOf(row)}/edit`} aria-label={`${editLabel} ${row.title}`}>
                      {editLabel}
                    </Link>
                  ) : null}
                  {moves(row).map((move) => (
                    <Form
                      method="post"
                      key={move.intent}
                      onSubmit={(event) => {
                        if (move.confirm && !window.confirm(move.confirm)) event.preventDefault()
                      }}
                    >
                      <input type="hidden" name="id" value={row.id} />
                      <button type="submit" name="intent" value={move.intent} className="button" disabled={busy} aria-label={`${move.label} ${row.title}`}>
                        {move.label}
                      </button>
                    </Form>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

/** A record's status, and the reason when it was sent back. */
export function StatusCell({ status, label, rejection }: { status: string; label: string; rejection: string | null }) {
  return (
    <>
      <span className={`status status-${status.toLowerCase()}`}>{label}</span>
      {rejection ? <p className="rejection-reason">{rejection}</p> : null}
    </>
  )
}

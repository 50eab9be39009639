// A bar chart of one breakdown for the big screen and the dashboard. ECharts is loaded in the browser only (a
// dynamic import inside an effect), so the server bundle never needs it; the same figures are in a table for
// screen readers and for when scripts have not run.
import { useEffect, useRef } from "react"
import { useFormatMoney, useT } from "~/i18n/index.ts"
import type { LiveSlice } from "~/models/live.server.ts"

type Props = {
  title: string
  slices: LiveSlice[]
  theme?: "dark" | "light"
  /** how many bars at most (the table lists them all) */
  limit?: number
  /** the table is shown (dashboard) or only read out (big screen) */
  showTable?: boolean
  renderName?: (slice: LiveSlice) => React.ReactNode
}

type Chart = { setOption: (option: unknown, notMerge?: boolean) => void; resize: () => void; dispose: () => void }

function toWan(fen: string) {
  // ECharts needs numbers; 万元 with two decimals is plenty for a bar's length (the exact figure is in the table).
  return Number(BigInt(fen) / 100n) / 10_000
}

export function LiveChart({ title, slices, theme = "dark", limit = 10, showTable = false, renderName }: Props) {
  const t = useT()
  const money = useFormatMoney()
  const labels = {
    chart: t("live.chartLabel", { title }),
    table: t("live.chartTable", { title }),
    name: t("live.column.name"),
    amount: t("live.column.amount"),
    agreements: t("live.column.agreements"),
    noData: t("live.noData"),
  }
  const container = useRef<HTMLDivElement>(null)
  const chart = useRef<Chart | null>(null)
  const latestSetOption = useRef(() => {})
  const shown = slices.slice(0, limit)

  useEffect(() => {
    let disposed = false
    let observer: ResizeObserver | null = null
    void (async () => {
      const [core, charts, components, renderers] = await Promise.all([
        import("echarts/core"),
        import("echarts/charts"),
        import("echarts/components"),
        import("echarts/renderers"),
      ])
      if (disposed || !container.current) return
      core.use([charts.BarChart, components.GridComponent, components.TooltipComponent, renderers.CanvasRenderer])
      const instance = core.init(container.current, theme === "dark" ? "dark" : undefined, { renderer: "canvas" })
      chart.current = instance as unknown as Chart
      // On a resize the labels are sized anew too (setOption through the ref: the latest data, not this render's).
      observer = new ResizeObserver(() => {
        instance.resize()
        latestSetOption.current()
      })
      observer.observe(container.current)
      setOption()
    })()
    return () => {
      disposed = true
      observer?.disconnect()
      chart.current?.dispose()
      chart.current = null
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the chart is created once; data changes go through setOption
  }, [theme])

  const setOption = () => {
    const reversed = [...shown].reverse()
    // Every bar keeps its name: the labels are sized to the rows (a big screen run at 720p has half the height of
    // one at 1080p, and at fixed sizes ECharts left out every other name).
    const rowPx = (container.current?.clientHeight ?? 0) / Math.max(reversed.length, 1)
    const fontSize = (largest: number) => Math.max(11, Math.min(largest, Math.floor(rowPx * 0.62)))
    chart.current?.setOption({
      backgroundColor: "transparent",
      animationDurationUpdate: 600,
      grid: { left: 8, right: theme === "dark" ? 120 : 90, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", valueFormatter: (value: number) => money(BigInt(Math.round(value * 1_000_000))) },
      // The bars carry their amounts; axis numbers would only crowd.
      xAxis: { type: "value", axisLabel: { show: false }, splitLine: { lineStyle: { color: theme === "dark" ? "#232a3b" : "#e6e6e6" } } },
      yAxis: {
        type: "category",
        data: reversed.map((slice) => slice.label),
        axisLabel: { color: theme === "dark" ? "#ffffff" : "#222", fontSize: fontSize(theme === "dark" ? 20 : 13), interval: 0, width: 220, overflow: "truncate" },
      },
      series: [
        {
          type: "bar",
          barMaxWidth: theme === "dark" ? 44 : 28,
          data: reversed.map((slice) => toWan(slice.totalFen)),
          itemStyle: { color: theme === "dark" ? "#ffb300" : "#c8102e", borderRadius: [0, 4, 4, 0] },
          label: {
            show: true,
            position: "right",
            color: theme === "dark" ? "#ffffff" : "#222",
            fontSize: fontSize(theme === "dark" ? 18 : 12),
            formatter: (params: { dataIndex: number }) => money(BigInt(reversed[params.dataIndex]?.totalFen ?? "0")),
          },
        },
      ],
    })
  }

  latestSetOption.current = setOption
  useEffect(setOption)

  return (
    <figure className="live-chart">
      <figcaption>{title}</figcaption>
      {shown.length === 0 ? <p className="live-chart-empty">{labels.noData}</p> : null}
      <div ref={container} className="live-chart-canvas" role="img" aria-label={labels.chart} hidden={shown.length === 0} />
      <table className={showTable ? "table" : "sr-only"} aria-label={labels.table}>
        <thead>
          <tr>
            <th scope="col">{labels.name}</th>
            <th scope="col" className="num">
              {labels.amount}
            </th>
            <th scope="col" className="num">
              {labels.agreements}
            </th>
          </tr>
        </thead>
        <tbody>
          {slices.map((slice) => (
            <tr key={slice.key}>
              <th scope="row">{renderName ? renderName(slice) : slice.label}</th>
              <td className="num">{money(BigInt(slice.totalFen))}</td>
              <td className="num">{slice.agreements}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  )
}

import { useMemo } from 'preact/hooks'
import type { Client } from '../api/client'
import { useLive } from '../live'
import { TONES, toneOf } from '../status'
import { LiveStamp, Problem } from '../views/bits'
import { layout, type Box, type Edge } from './layout'
import { loadTopology } from './model'

/** The project drawn from the API, read again every few seconds: statuses change colour as they move. */
export function TopologyPage({ client }: { client: Client }) {
  const live = useLive(() => loadTopology(client), 'topology')
  const drawing = useMemo(() => live.data && layout(live.data), [live.data])

  return (
    <section class="page topology">
      <header class="page-head">
        <h2>Topology</h2>
        <LiveStamp live={live} />
      </header>
      <Legend />
      {live.error !== undefined && <Problem error={live.error} what="read the project" />}
      {live.data && live.data.denied.length > 0 && (
        <div class="notice denied" role="status" data-problem="denied">
          <strong>Not drawn:</strong> your IAM permissions do not allow listing these.
          <ul>
            {live.data.denied.map(({ kind, message }) => (
              <li key={kind.id} data-denied={kind.id}>
                <strong>{kind.noun}s</strong>: {message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {drawing &&
        (drawing.boxes.length === 0 ? (
          <p class="empty">Nothing to draw yet: this project has no VPCs, ESW instances or Cloud Stream clusters.</p>
        ) : (
          <div class="canvas">
            <svg
              width={drawing.width}
              height={drawing.height}
              viewBox={`0 0 ${drawing.width} ${drawing.height}`}
              role="img"
              aria-label="Topology of the project"
            >
              {drawing.columns.map((column) => (
                <text class="column-title" x={column.x} y={34} key={column.title}>
                  {column.title.toUpperCase()}
                </text>
              ))}
              {drawing.edges.map((edge) => (
                <EdgeLine edge={edge} key={edge.id} />
              ))}
              {drawing.boxes.map((box) => (
                <Node box={box} key={box.id} />
              ))}
              {drawing.edges.map((edge) => edge.label && edge.labelAt && <EdgeLabel edge={edge} key={`label:${edge.id}`} />)}
            </svg>
          </div>
        ))}
    </section>
  )
}

const tone = (status?: string) => (status === undefined ? 'none' : toneOf(status))

/** About how wide a text is, in pixels (an estimate: SVG text does not wrap or clip by itself). */
const textLength = (text: string, fontSize: number) => text.length * fontSize * 0.6

/** Text cut to what fits in `width` pixels. */
function fit(text: string, width: number, fontSize: number): string {
  const max = Math.floor(width / (fontSize * 0.6))
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text
}

const pillWidth = (status: string) => status.length * 6.4 + 16

function Node({ box }: { box: Box }) {
  const compact = box.h < 40
  const pill = box.status ? pillWidth(box.status) : 0
  const textWidth = box.w - 24 - (pill ? pill + 8 : 0)
  // On one line, the name first (up to 60% of the room), then as much of the subtitle as fits.
  const title = compact ? fit(box.title, textWidth * 0.6, 12) : ''
  const body = (
    <>
      <rect class="box" x={box.x} y={box.y} width={box.w} height={box.h} rx={compact ? 6 : 8} />
      {box.status && <rect class="stripe" x={box.x} y={box.y + 4} width={4} height={box.h - 8} rx={2} />}
      {compact ? (
        <text class="title" x={box.x + 12} y={box.y + box.h / 2 + 4}>
          {title}
          <tspan class="subtitle"> {fit(box.subtitle, textWidth - textLength(title, 12) - 8, 11)}</tspan>
        </text>
      ) : (
        <>
          <text class="title" x={box.x + 12} y={box.y + 20}>
            {fit(box.title, textWidth, 13)}
          </text>
          <text class="subtitle" x={box.x + 12} y={box.y + 37}>
            {fit(box.subtitle, box.w - 24, 11)}
          </text>
        </>
      )}
      {box.status && (
        <g class="pill">
          <rect x={box.x + box.w - pill - 8} y={box.y + (compact ? box.h / 2 - 9 : 8)} width={pill} height={18} rx={9} />
          <text x={box.x + box.w - pill / 2 - 8} y={box.y + (compact ? box.h / 2 + 4 : 21)} text-anchor="middle">
            {box.status}
          </text>
        </g>
      )}
    </>
  )
  return (
    <g class={`node node-${box.kind} tone-${tone(box.status)}`} data-node={box.id} data-status={box.status}>
      {box.href ? <a href={box.href}>{body}</a> : body}
      <title>{[box.title, box.subtitle, box.status].filter(Boolean).join(' · ')}</title>
    </g>
  )
}

function EdgeLine({ edge }: { edge: Edge }) {
  return (
    <g class={`edge edge-${edge.kind} tone-${tone(edge.status)}`} data-edge={edge.id} data-status={edge.status}>
      <path class="line" d={edge.path} />
      {edge.label && (
        <title>
          {edge.label}
          {edge.status ? ` · ${edge.status}` : ''}
        </title>
      )}
    </g>
  )
}

function EdgeLabel({ edge }: { edge: Edge }) {
  const text = (
    <text class={`edge-label tone-${tone(edge.status)}`} x={edge.labelAt!.x} y={edge.labelAt!.y - 5} text-anchor="middle">
      {edge.label}
    </text>
  )
  return edge.href ? <a href={edge.href}>{text}</a> : text
}

function Legend() {
  return (
    <div class="legend" aria-label="Legend">
      {TONES.map(({ tone, label, statuses }) => (
        <span class={`legend-item tone-${tone}`} key={tone} data-tone={tone}>
          <span class="swatch" />
          <strong>{label}</strong>
          <span class="statuses">{statuses.join(', ')}</span>
        </span>
      ))}
      <span class="legend-item tone-none">
        <span class="swatch" />
        <strong>No status</strong>
        <span class="statuses">FunctionGraph endpoints, other accounts' VPCs, remote tunnels</span>
      </span>
      <span class="lines">
        <span class="legend-item">
          <span class="line-sample" />
          peering, layer-2 connection or tunnel, in its status's colour
        </span>
        <span class="legend-item">
          <span class="line-sample dashed" />
          an ESW instance's VTEP in its tunnel subnet
        </span>
      </span>
    </div>
  )
}

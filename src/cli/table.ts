/** Rows as text whose columns line up: each column as wide as its widest cell, two spaces apart. */
export function formatRows(rows: string[][], indent = ''): string {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd()
  return rows.map((row) => `${indent}${line(row)}\n`).join('')
}

/** A table: a header row over the rows, aligned. */
export const formatTable = (header: string[], rows: string[][]): string => formatRows([header, ...rows])

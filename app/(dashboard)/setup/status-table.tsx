// A titled panel with one table whose last column is a status pill: the home page's servers and apps.
import type { ReactNode } from "react";

export type StatusRow = { key: string; cells: ReactNode[]; status: string };

export function StatusTable({ id, title, columns, rows }: { id: string; title: string; columns: string[]; rows: StatusRow[] }) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              {r.cells.map((cell, i) => (
                // Cells are positional: the column is their identity.
                // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
                <td key={i}>{cell}</td>
              ))}
              <td>
                <span className="status">{r.status}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

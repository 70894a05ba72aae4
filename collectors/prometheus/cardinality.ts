// coturn's `--prometheus-username-labels` adds the raw TURN username as a `user` label: with REST
// credentials (`<expiry>:<user>`) every credential is a new series, forever. Beyond a cap of distinct
// users per metric, the metric's series are summed over `user` (per realm) instead of stored one per
// user: the totals stay right, the explosion is refused, and the warning says why. Pure.
import { PER_USER_LABEL } from "./families";
import { labelsKeyOf, type SeriesSample } from "./parse";

export const DEFAULT_USER_SERIES_CAP = 100;

export function capPerUserSeries(
  samples: readonly SeriesSample[],
  cap = DEFAULT_USER_SERIES_CAP,
): { samples: SeriesSample[]; warnings: string[] } {
  const users = new Map<string, Set<string>>();
  for (const s of samples) {
    const u = s.labels[PER_USER_LABEL];
    if (u === undefined) continue;
    const set = users.get(s.metric) ?? new Set<string>();
    set.add(u);
    users.set(s.metric, set);
  }
  const over = new Set([...users].filter(([, set]) => set.size > cap).map(([m]) => m));
  if (over.size === 0) return { samples: [...samples], warnings: [] };

  const out: SeriesSample[] = [];
  const summed = new Map<string, SeriesSample>();
  for (const s of samples) {
    if (!over.has(s.metric) || s.labels[PER_USER_LABEL] === undefined) {
      out.push(s);
      continue;
    }
    const { [PER_USER_LABEL]: _user, ...rest } = s.labels;
    const labelsKey = labelsKeyOf(rest);
    const id = `${s.metric}{${labelsKey}}`;
    const acc = summed.get(id);
    if (acc) acc.value += s.value;
    else {
      const merged = { metric: s.metric, kind: s.kind, labels: rest, labelsKey, value: s.value };
      summed.set(id, merged);
      out.push(merged);
    }
  }
  const counts = [...over].map((m) => `${m} (${users.get(m)?.size} users)`).join(", ");
  return {
    samples: out,
    warnings: [
      `per-user series over the cap of ${cap} users, summed over the \`user\` label instead: ${counts}. coturn's --prometheus-username-labels adds one series per username, and REST usernames change with every credential; use it with static users only`,
    ],
  };
}

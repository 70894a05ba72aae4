// Where reading starts, for each file found when the agent starts (pure). DESIGN.md "Checkpoint
// protocol": a file with a checkpoint resumes there. A file without one is read from its first
// byte with `--from-start`, or when it is new since this agent last ran (ordered after its newest
// known file, or written to since its newest checkpoint); a first run without `--from-start`
// behaves like `tail -f`: from the end of the newest file. Everything else is history to skip.

export type StartPolicy = {
  /** Checkpointed offsets by file id; any entry means "this agent has history". */
  resume: ReadonlyMap<string, number>;
  /** When the newest checkpoint was written (ms). */
  resumeSince?: number;
  fromStart: boolean;
};

export type StartPlan = { kind: "at"; offset: number } | { kind: "end" } | { kind: "skip" };

/** `files` oldest first (tail-files.ts order). */
export function planStart(files: ReadonlyArray<{ id: string; mtimeMs: number }>, policy: StartPolicy): Map<string, StartPlan> {
  const history = policy.resume.size > 0;
  let lastKnown = -1;
  files.forEach((f, i) => {
    if (policy.resume.has(f.id)) lastKnown = i;
  });
  const since = policy.resumeSince ?? Number.POSITIVE_INFINITY;
  const plan = new Map<string, StartPlan>();
  for (const [i, f] of files.entries()) {
    const known = policy.resume.get(f.id);
    if (known !== undefined) plan.set(f.id, { kind: "at", offset: known });
    else if (policy.fromStart || (history && (i > lastKnown || f.mtimeMs > since))) plan.set(f.id, { kind: "at", offset: 0 });
    else if (!history && i === files.length - 1) plan.set(f.id, { kind: "end" });
    else plan.set(f.id, { kind: "skip" });
  }
  return plan;
}

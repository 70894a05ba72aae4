// The audit log for admins: newest first, `?before=<iso>` pages back, `?limit` ≤ 200, `?action=`.
import { z } from "zod";
import { authorizeApi } from "../../../../lib/auth/guard-api";
import { AUDIT_PAGE_MAX, listAudit } from "../../../../lib/inventory/audit-log";
import { invalidInput } from "../../../../lib/inventory/http";

export const dynamic = "force-dynamic";

const Query = z.strictObject({
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
  action: z
    .string()
    .regex(/^[a-z_]{1,40}\.[a-z_]{1,40}$/, "an action such as key.create")
    .optional(),
});

export async function GET(req: Request): Promise<Response> {
  const auth = await authorizeApi(req, { role: "admin", tokens: false });
  if ("response" in auth) return auth.response;
  const parsed = Query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return invalidInput(parsed.error);
  const { before, limit, action } = parsed.data;
  const entries = await listAudit({ before: before ? new Date(before) : undefined, limit, action });
  // A full page may have more behind it; `nextBefore` is where the next page starts.
  const nextBefore = entries.length === limit ? entries[entries.length - 1].at : null;
  return Response.json({ entries, nextBefore });
}

// Every error the HTTP API returns has one shape: { error: { code, message } } (STYLE.md §5).
export type ApiError = { code: string; message: string };

export function errorResponse(status: number, code: string, message: string, headers?: HeadersInit): Response {
  return Response.json({ error: { code, message } satisfies ApiError }, { status, headers });
}

// Failures as `event` events, each counted once. coturn reports one failed request on several lines:
// the method line, then `incoming packet message processed, error <code>`, and for auth failures and
// denied peers an ERROR line before both (≤4.6.2 without the session id). The `message` line is the
// one counted; the ERROR line, when there is one, says why (and is paired with it, pairing.ts).
import type { Emitter, RelayFields } from "./events";
import { type ErrorPairing, restCredentialExpired } from "./pairing";
import type { AuthErrorRecord, PacketRecord, PeerDeniedRecord } from "./records";
import type { SessionRules } from "./session-rules";
import type { PendingError, RunState } from "./state";

export class Failures {
  /** ERROR lines reported without their partner line (diagnostics). */
  unpaired = 0;
  /** `stats.lines` at the current line: ERROR lines age by lines as well as by time. */
  line = 0;

  constructor(
    private readonly em: Emitter,
    private readonly errors: ErrorPairing,
    private readonly rules: SessionRules,
  ) {}

  /** A failed request's line (`rec.code` ≠ 0). */
  packetError(rec: PacketRecord, ts: number, run: RunState): void {
    if (rec.method !== "message") {
      this.errors.noteMethod(rec.sid, rec.code, rec.method);
      return;
    }
    const f: RelayFields = {
      sid: rec.sid,
      code: rec.code,
      method: this.errors.takeMethod(rec.sid, rec.code) ?? "message",
      realm: rec.realm,
      username: rec.username,
      message: rec.reason,
    };
    switch (rec.code) {
      case 400:
      case 401: {
        const e = this.errors.take(rec.code, rec.sid, rec.username);
        if (e !== undefined) {
          f.reason = e.reason;
          f.message = e.text;
          if (e.user !== undefined && e.user !== "") f.username = e.user;
          this.em.relay("auth_failure", e.ts, run.start, f);
        } else if (rec.code === 400) {
          this.em.relay("error", ts, run.start, f);
        } else if (rec.username !== "") {
          // An empty-user 401 is the nonce challenge every client gets first: not a failure.
          this.em.relay("auth_failure", ts, run.start, f);
        }
        return;
      }
      case 403: {
        const e = this.errors.take(403, rec.sid, rec.username);
        if (e !== undefined) {
          f.peer = e.peer;
          f.message = e.text;
        }
        this.em.relay("peer_denied", e?.ts ?? ts, run.start, f);
        return;
      }
      case 486:
        this.em.relay("quota", ts, run.start, f);
        return;
      case 508:
        this.em.relay("no_relay_port", ts, run.start, f);
        return;
      case 438:
        // Stale/wrong nonce: the client retries at once with the new nonce. Normal, not an error.
        return;
      default:
        this.em.relay("error", ts, run.start, f);
    }
  }

  authError(rec: AuthErrorRecord, ts: number, run: RunState): void {
    if (rec.sid !== undefined) this.rules.touch(rec.sid, ts, run);
    let reason: string = rec.reason;
    if (rec.reason === "unknown_user" && rec.user !== undefined && restCredentialExpired(rec.user, ts)) reason = "expired_credential";
    // coturn answers a malformed realm or username with 400, every other auth failure with 401.
    const code = rec.reason === "wrong_realm" || rec.reason === "wrong_username" ? 400 : 401;
    const e: PendingError = { kind: "auth", code, reason, text: rec.text, ts, line: 0 };
    if (rec.sid !== undefined) e.sid = rec.sid;
    if (rec.user !== undefined) e.user = rec.user;
    this.pend(e, run);
  }

  peerDenied(rec: PeerDeniedRecord, ts: number, run: RunState): void {
    if (rec.sid !== undefined) this.rules.touch(rec.sid, ts, run);
    const e: PendingError = { kind: "peer", code: 403, peer: rec.peer, text: rec.text, ts, line: 0 };
    if (rec.sid !== undefined) e.sid = rec.sid;
    this.pend(e, run);
  }

  /** Reports ERROR lines whose partner is overdue. */
  age(run: RunState, line: number, ts: number): void {
    const expired = this.errors.expired(line, ts);
    if (expired !== undefined) for (const e of expired) this.unpairedReport(e, run);
  }

  /** Reports every waiting ERROR line (the run ends). */
  drain(run: RunState): void {
    for (const e of this.errors.drain()) this.unpairedReport(e, run);
  }

  /** Without `verbose` no 4xx line will follow: the ERROR line is the whole report. */
  private pend(e: PendingError, run: RunState): void {
    e.line = this.line;
    if (!run.verbose) {
      this.report(e, run);
      return;
    }
    const over = this.errors.add(e);
    if (over !== undefined) this.unpairedReport(over, run);
  }

  private unpairedReport(e: PendingError, run: RunState): void {
    this.unpaired++;
    this.report(e, run);
  }

  private report(e: PendingError, run: RunState): void {
    const f: RelayFields = { sid: e.sid, code: e.code, message: e.text };
    if (e.kind === "peer") {
      f.peer = e.peer;
      this.em.relay("peer_denied", e.ts, run.start, f);
      return;
    }
    f.reason = e.reason;
    if (e.user !== undefined && e.user !== "") f.username = e.user;
    this.em.relay("auth_failure", e.ts, run.start, f);
  }
}

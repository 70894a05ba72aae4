// Request rate limits per app key and per client IP (getStats ingest), in this process's memory:
// each app instance enforces its own share, so N instances let through up to N× the configured
// rate (docs/operations.md). Buckets hold 10 s worth of requests, so a page that sends a few bodies
// at once (a poll, then a page-hide beacon) is never refused.
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

const WINDOW_S = 10;

export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number; limitedBy: "key" | "ip" };

export type RateLimits = { perKeyPerSecond: number; perIpPerSecond: number };

export class RequestRateLimiter {
  private readonly byKey: RateLimiterMemory;
  private readonly byIp: RateLimiterMemory;

  constructor(limits: RateLimits) {
    this.byKey = new RateLimiterMemory({ keyPrefix: "key", points: limits.perKeyPerSecond * WINDOW_S, duration: WINDOW_S });
    this.byIp = new RateLimiterMemory({ keyPrefix: "ip", points: limits.perIpPerSecond * WINDOW_S, duration: WINDOW_S });
  }

  /** One request from the client's bucket: taken before the key is checked, so floods of bad keys are limited too. */
  async takeIp(ip: string | undefined): Promise<RateVerdict> {
    if (!ip) return { ok: true };
    const wait = await this.consume(this.byIp, ip);
    return wait === true ? { ok: true } : { ok: false, retryAfterSeconds: wait, limitedBy: "ip" };
  }

  /** One request from the key's bucket. */
  async takeKey(keyId: string): Promise<RateVerdict> {
    const wait = await this.consume(this.byKey, keyId);
    return wait === true ? { ok: true } : { ok: false, retryAfterSeconds: wait, limitedBy: "key" };
  }

  // true, or the seconds until a request would be let through again.
  private async consume(limiter: RateLimiterMemory, id: string): Promise<true | number> {
    try {
      await limiter.consume(id);
      return true;
    } catch (err) {
      if (err instanceof RateLimiterRes) return Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      throw err;
    }
  }
}

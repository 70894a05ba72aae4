import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { resetEnvCache } from "../../../lib/env";
import { hashIp, parseAddress, truncatedPrefix } from "../../../lib/privacy/ip";
import { IP_HASH_KEY_FILE, ipHashKey } from "../../../lib/privacy/ip-hash-key";
import { restoreEnvAfterEach } from "../../support/env";

restoreEnvAfterEach();

const brief = (raw: string, v6PortSuffix = false) => {
  const a = parseAddress(raw, { v6PortSuffix });
  return a && [a.ip, a.port, a.family];
};

describe("parseAddress", () => {
  it("reads IPv4 with and without port", () => {
    assert.deepEqual(brief("1.2.3.4:5678"), ["1.2.3.4", 5678, 4]);
    assert.deepEqual(brief("1.2.3.4"), ["1.2.3.4", null, 4]);
    assert.deepEqual(brief(" 10.0.0.1:3478 "), ["10.0.0.1", 3478, 4]);
  });

  it("reads bracketed IPv6, bare IPv6, and IPv4-mapped as IPv4", () => {
    assert.deepEqual(brief("[::1]:5678"), ["::1", 5678, 6]);
    assert.deepEqual(brief("[2001:DB8:0:0:0:0:0:1]"), ["2001:db8::1", null, 6]);
    assert.deepEqual(brief("2001:db8::1"), ["2001:db8::1", null, 6]);
    assert.deepEqual(brief("::ffff:81.2.69.160"), ["81.2.69.160", null, 4]);
    assert.deepEqual(brief("[::ffff:81.2.69.160]:9"), ["81.2.69.160", 9, 4]);
    assert.deepEqual(brief("fe80::1%eth0"), ["fe80::1", null, 6]);
  });

  it("reads coturn's unbracketed `v6:port` only where the field always has a port", () => {
    assert.deepEqual(brief("::1:5678", true), ["::1", 5678, 6]);
    assert.deepEqual(brief("2001:db8::5:50000", true), ["2001:db8::5", 50000, 6]);
    assert.deepEqual(brief("::1:5678"), ["::1:5678", null, 6], "a bare address otherwise");
    assert.deepEqual(brief("2001:db8::1", true), ["2001:db8::1", null, 6], "nothing to cut when the rest is no address");
    assert.deepEqual(brief("2001:db8:0:0:0:0:0:1", true), ["2001:db8::1", null, 6]);
    assert.deepEqual(brief("::ffff:1.2.3.4:80", true), ["1.2.3.4", 80, 4]);
  });

  it("returns null for anything it cannot read with certainty", () => {
    for (const bad of [
      "",
      "localhost:3478",
      "1.2.3:4",
      "127.1",
      "0x7f.0.0.1",
      "01.2.3.4",
      "1.2.3.4:70000",
      "1.2.3.4:",
      "1.2.3.256",
      "[::1",
      "[1.2.3.4]:80",
      "::ffff:127.1",
      "[::1]:x",
      "a:b:c",
    ]) {
      assert.equal(parseAddress(bad), null, bad);
    }
    assert.equal(parseAddress(undefined), null);
  });
});

describe("truncatedPrefix / hashIp", () => {
  it("keeps /24 of IPv4 and /48 of IPv6", () => {
    assert.equal(truncatedPrefix(parseAddress("81.2.69.160:1")!), "81.2.69.0/24");
    assert.equal(truncatedPrefix(parseAddress("[2a02:1810:4f2e:9c00::1]:1")!), "2a02:1810:4f2e::/48");
    assert.equal(truncatedPrefix(parseAddress("::1")!), "::/48");
  });

  it("is a keyed HMAC tagged with the key version; the same IP hashes alike whatever its form", () => {
    const key = { version: 3, key: Buffer.alloc(32, 7) };
    const h = hashIp(key, parseAddress("81.2.69.160:1")!);
    assert.match(h, /^3:[0-9a-f]{64}$/);
    assert.ok(h.length <= 80);
    assert.equal(hashIp(key, parseAddress("[::ffff:81.2.69.160]:2")!), h);
    assert.notEqual(hashIp({ version: 3, key: Buffer.alloc(32, 8) }, parseAddress("81.2.69.160")!), h);
  });
});

describe("ipHashKey", () => {
  it("uses RELAYSCOPE_IP_HASH_SECRET when set", () => {
    process.env.RELAYSCOPE_IP_HASH_SECRET = "s".repeat(32);
    process.env.RELAYSCOPE_IP_HASH_KEY_VERSION = "4";
    resetEnvCache();
    assert.deepEqual(ipHashKey(), { version: 4, key: Buffer.from("s".repeat(32)) });
  });

  it("refuses a secret shorter than 32 characters", () => {
    process.env.RELAYSCOPE_IP_HASH_SECRET = "short";
    resetEnvCache();
    assert.throws(() => ipHashKey(), /RELAYSCOPE_IP_HASH_SECRET/);
  });

  it("otherwise makes one random key in the data dir, mode 0600, and keeps it", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "relayscope-key-"));
    try {
      delete process.env.RELAYSCOPE_IP_HASH_SECRET;
      process.env.RELAYSCOPE_DATA_DIR = path.join(dir, "data");
      resetEnvCache();
      const first = ipHashKey();
      const file = path.join(dir, "data", IP_HASH_KEY_FILE);
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      assert.equal((await readFile(file, "utf8")).trim(), first.key.toString("hex"));
      assert.equal(first.key.length, 32);
      process.env.RELAYSCOPE_IP_HASH_KEY_VERSION = "2"; // not cached: read back from the file
      resetEnvCache();
      assert.deepEqual(ipHashKey(), { version: 2, key: first.key });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

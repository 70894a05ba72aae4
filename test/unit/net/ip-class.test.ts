import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classifyIp } from "../../../lib/net/ip-class";

const cases: Array<[string, string]> = [
  ["127.0.0.1", "loopback"],
  ["0.0.0.0", "loopback"],
  ["::1", "loopback"],
  ["::", "loopback"],
  ["10.1.2.3", "private"],
  ["172.16.0.1", "private"],
  ["172.32.0.1", "public"],
  ["192.168.1.1", "private"],
  ["100.64.0.1", "cgnat"],
  ["100.127.255.255", "cgnat"],
  ["169.254.1.1", "link_local"],
  ["169.254.169.254", "metadata"],
  ["100.100.100.200", "metadata"],
  ["fd00:ec2::254", "metadata"],
  ["fe80::1", "link_local"],
  ["fd12:3456::1", "ula"],
  ["fc00::1", "ula"],
  ["fec0::1", "private"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["ff02::1", "multicast"],
  ["192.0.2.1", "documentation"],
  ["198.51.100.7", "documentation"],
  ["203.0.113.9", "documentation"],
  ["2001:db8::1", "documentation"],
  ["240.0.0.1", "reserved"],
  ["255.255.255.255", "reserved"],
  ["198.18.0.1", "reserved"],
  ["192.0.0.8", "reserved"],
  ["100::1", "reserved"],
  ["2001::1", "reserved"],
  ["4000::1", "reserved"],
  ["81.2.69.160", "public"],
  ["8.8.8.8", "public"],
  ["2a02:1810::1", "public"],
  ["::ffff:10.0.0.1", "private"],
  ["::ffff:8.8.8.8", "public"],
  ["64:ff9b::a9fe:a9fe", "metadata"], // NAT64 to 169.254.169.254
  ["64:ff9b::808:808", "public"],
  ["2002:a00:1::1", "private"], // 6to4 of 10.0.0.1
  ["2002:808:808::1", "public"],
];

describe("classifyIp", () => {
  for (const [ip, cls] of cases) {
    it(`${ip} is ${cls}`, () => assert.equal(classifyIp(ip), cls));
  }
  it("is null for text that is no IP", () => {
    for (const bad of ["", "example.com", "127.1", "1.2.3.4:80", "::g"]) assert.equal(classifyIp(bad), null, bad);
  });
});

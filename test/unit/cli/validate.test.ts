import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CliError } from "../../../scripts/cli/errors";
import { iceUrl, origin, parseOption, portRange, realmRule, slug } from "../../../scripts/cli/validate";

describe("CLI input rules", () => {
  it("accepts what operators type", () => {
    assert.equal(parseOption(slug, "turn-eu-1", "name"), "turn-eu-1");
    assert.equal(parseOption(iceUrl, "turns:turn.example.com:443?transport=tcp", "--url"), "turns:turn.example.com:443?transport=tcp");
    assert.equal(parseOption(origin, "https://app.example.com", "--origin"), "https://app.example.com");
    assert.deepEqual(parseOption(realmRule, "example.test=acme", "--realm"), { realm: "example.test", tenant: "acme" });
    assert.deepEqual(parseOption(realmRule, "*=default", "--realm"), { realm: "*", tenant: "default" });
    assert.deepEqual(parseOption(portRange, "49152-65535", "--relay-ports"), [49152, 65535]);
  });

  it("refuses bad values with a message naming the option", () => {
    const cases: [Parameters<typeof parseOption>[0], string, string][] = [
      [slug, "Turn EU", "name"],
      [iceUrl, "http://turn.example.com", "--url"],
      [origin, "https://app.example.com/path", "--origin"],
      [origin, "app.example.com", "--origin"],
      [realmRule, "example.test", "--realm"],
      [portRange, "70000-80000", "--relay-ports"],
      [portRange, "5000-4000", "--relay-ports"],
    ];
    for (const [schema, value, option] of cases) {
      assert.throws(
        () => parseOption(schema, value, option),
        (err: unknown) => err instanceof CliError && err.message.startsWith(option),
        `${option} ${value}`,
      );
    }
  });
});

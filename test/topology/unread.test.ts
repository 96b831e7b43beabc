import { describe, expect, it } from "vitest";
import { UPSTREAM, expandNeeds, unreadParts, withUpstream } from "../../src/topology/unread.js";
import type { ReadFailure, TopologyPart } from "../../src/topology/types.js";

function failure(part: TopologyPart, call: string): ReadFailure {
  return {
    part,
    call,
    action: call,
    kind: "access-denied",
    errorCode: "AccessDeniedException",
    message: `User: arn:aws:sts::111122223333:assumed-role/OnCall/jdoe is not authorized to perform: ${call}`,
  };
}

describe("which parts hang off which", () => {
  it("has no cycle: every part reaches the roots", () => {
    for (const part of Object.keys(UPSTREAM) as TopologyPart[]) {
      expect(withUpstream(part)[0]).toBe(part);
      expect(withUpstream(part)).not.toContain(undefined);
    }
  });

  it("follows the chain the gather reads through", () => {
    expect(withUpstream("networkAcls").sort()).toEqual(
      ["listeners", "networkAcls", "rules", "targetGroups", "targetNetwork", "targets"].sort(),
    );
    expect(withUpstream("vpcAssociations").sort()).toEqual(["serviceAssociations", "vpcAssociations"]);
    expect(expandNeeds(["service", "prefixLists"])).toEqual(["service", "prefixLists"]);
  });

  it("marks every part downstream of a failed read unread, with the failure that did it", () => {
    const listeners = failure("listeners", "vpc-lattice:ListListeners");
    const unread = unreadParts([listeners]);
    for (const part of [
      "listeners",
      "rules",
      "targetGroups",
      "targets",
      "targetNetwork",
      "networkAcls",
      "metrics",
    ])
      expect(unread.get(part as TopologyPart), part).toEqual([listeners]);
    for (const part of ["service", "serviceAssociations", "vpcAssociations", "securityGroups", "prefixLists"])
      expect(unread.has(part as TopologyPart), part).toBe(false);
  });

  it("a part's own failure comes before those upstream of it", () => {
    const rules = failure("rules", "vpc-lattice:ListRules");
    const targets = failure("targets", "vpc-lattice:ListTargets");
    expect(unreadParts([rules, targets]).get("targets")).toEqual([targets, rules]);
    expect(unreadParts([]).size).toBe(0);
  });
});

import { expect } from "vitest";
import check from "../../checks/lat-102-service-has-no-listeners.js";
import { checkTester } from "../support/check-tester.js";
import { IDS, httpListener, listener, topology } from "../support/topology.js";

checkTester(check, {
  pass: [
    { name: "one HTTPS listener", topology: topology() },
    { name: "HTTPS and HTTP listeners", topology: topology({ listeners: [listener(), httpListener()] }) },
  ],
  fail: [
    {
      name: "no listener at all: critical, about the service",
      topology: topology({ listeners: [], targetGroups: {} }),
      expect: {
        resource: IDS.service,
        severity: "critical",
        hop: "listener",
        count: 1,
        titleIncludes: "has no listener",
        affects: [IDS.service],
      },
      assert([f]) {
        expect(f!.evidence).toEqual([
          { call: "vpc-lattice:ListListeners", observed: { serviceIdentifier: IDS.service, items: [] } },
        ]);
        expect(f!.fix.commands[1]).toBe(
          `aws vpc-lattice create-listener --service-identifier ${IDS.service} --name https-443 --protocol HTTPS ` +
            `--port 443 --default-action '{"forward":{"targetGroups":[{"targetGroupIdentifier":"<tg-id>"}]}}' ` +
            "--region us-east-1 --profile oncall",
        );
      },
    },
    {
      name: "no listener, other region and no profile",
      topology: topology({ listeners: [], region: "eu-west-1" }),
      context: { region: "eu-west-1", profile: undefined },
      expect: { resource: IDS.service, severity: "critical" },
    },
  ],
});

import { expect } from "vitest";
import check from "../../checks/lat-901-could-not-check.js";
import { checkTester } from "../support/check-tester.js";
import { ACCOUNT, IDS, failure, topology } from "../support/topology.js";

const sgDenied = failure({
  part: "securityGroups",
  call: "ec2:DescribeSecurityGroupRules",
  action: "ec2:DescribeSecurityGroupRules",
  resource: IDS.securityGroup,
  errorCode: "UnauthorizedOperation",
  message: "You are not authorized to perform this operation.",
});

checkTester(check, {
  pass: [
    { name: "every call succeeded", topology: topology() },
    {
      name: "a healthy service with no failures and no context needs",
      topology: topology(),
      context: { checkNeeds: undefined },
    },
  ],
  fail: [
    {
      name: "access denied on GetAuthPolicy for two resources: one finding, skipped checks named",
      topology: topology({ failures: [failure(), failure({ resource: IDS.serviceNetwork })] }),
      expect: {
        resource: "vpc-lattice:GetAuthPolicy",
        severity: "info",
        hop: "diagnosis",
        count: 1,
        titleIncludes:
          "Incomplete: vpc-lattice:GetAuthPolicy was denied (AccessDeniedException), so LAT-401, LAT-402, LAT-403, LAT-404, LAT-405",
        detailIncludes: [
          "2 calls the diagnosis needed were denied",
          IDS.service,
          IDS.serviceNetwork,
          "authPolicies",
        ],
      },
      assert([f]) {
        expect(f!.fix.summary).toContain("VPCLatticeReadOnlyAccess");
        expect(f!.resource).toEqual({ type: "iam-action", id: "vpc-lattice:GetAuthPolicy" });
        expect(f!.evidence).toHaveLength(2);
        expect(f!.evidence[0]).toEqual({
          call: "vpc-lattice:GetAuthPolicy",
          observed: {
            resource: IDS.service,
            kind: "access-denied",
            errorCode: "AccessDeniedException",
            message: expect.stringContaining("not authorized"),
          },
        });
        expect(f!.fix.summary).toContain(
          '{"Effect":"Allow","Action":["vpc-lattice:GetAuthPolicy"],"Resource":"*"}',
        );
        expect(f!.fix.commands[0]).toBe(
          "aws iam put-role-policy --role-name OnCall --policy-name lattice-doctor-vpc-lattice-GetAuthPolicy --policy-document " +
            `'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["vpc-lattice:GetAuthPolicy"],"Resource":"*"}]}' --profile oncall`,
        );
      },
    },
    {
      name: "two actions: one finding per action, each naming the checks its part skipped",
      topology: topology({ failures: [failure(), sgDenied] }),
      expect: { count: 2 },
      assert(findings) {
        expect(findings.map((f) => f.resource.id)).toEqual([
          "vpc-lattice:GetAuthPolicy",
          "ec2:DescribeSecurityGroupRules",
        ]);
        expect(findings[1]!.title).toMatch(/so LAT-501(, LAT-50\d)* did not run/);
        expect(findings[1]!.title).toContain("UnauthorizedOperation");
      },
    },
    {
      name: "checkNeeds decides what was skipped",
      topology: topology({ failures: [sgDenied] }),
      context: {
        checkNeeds: {
          "LAT-501": ["securityGroups"],
          "LAT-505": ["vpcAssociations", "securityGroups"],
          "LAT-301": ["targets"],
          "LAT-901": [],
        },
      },
      expect: { titleIncludes: "so LAT-501, LAT-505 did not run", detailIncludes: "LAT-501, LAT-505" },
      assert([f]) {
        // one EC2 call: singular, and no Lattice managed policy offered for an EC2 action
        expect(f!.detail).toContain("A call the diagnosis needed was denied");
        expect(f!.fix.summary).not.toContain("VPCLatticeReadOnlyAccess");
        expect(f!.fix.summary).toContain("read-only policy");
      },
    },
    {
      name: "throttled after retries: re-run, not an IAM grant",
      topology: topology({
        failures: [
          failure({
            part: "targets",
            call: "vpc-lattice:ListTargets",
            action: "vpc-lattice:ListTargets",
            resource: IDS.targetGroup,
            kind: "throttled",
            errorCode: "ThrottlingException",
            message: "Rate exceeded",
          }),
        ],
      }),
      expect: { titleIncludes: ["was throttled", "LAT-301", "LAT-501"] },
      assert([f]) {
        expect(f!.fix.summary).toContain("re-run");
        expect(f!.fix.commands).toEqual([
          `lattice doctor ${IDS.service} --region us-east-1 --profile oncall`,
        ]);
      },
    },
    {
      name: "timed out, no profile",
      topology: topology({
        failures: [
          failure({
            part: "prefixLists",
            call: "ec2:DescribeManagedPrefixLists",
            action: "ec2:DescribeManagedPrefixLists",
            resource: undefined,
            kind: "timeout",
            errorCode: "TimeoutError",
            message: "connect ETIMEDOUT 52.94.224.10:443",
          }),
        ],
      }),
      context: { profile: undefined },
      expect: { titleIncludes: "timed out (TimeoutError)" },
      assert([f]) {
        expect(f!.fix.summary).toContain("ETIMEDOUT");
        expect(f!.fix.commands).toEqual([`lattice doctor ${IDS.service} --region us-east-1`]);
      },
    },
    {
      name: "not found: the resource is named and the fix is a re-run",
      topology: topology({
        failures: [
          failure({
            part: "targetGroups",
            call: "vpc-lattice:GetTargetGroup",
            action: "vpc-lattice:GetTargetGroup",
            resource: IDS.targetGroup2,
            kind: "not-found",
            errorCode: "ResourceNotFoundException",
            message: `Target group ${IDS.targetGroup2} not found`,
          }),
        ],
      }),
      expect: {
        titleIncludes: "found nothing (ResourceNotFoundException)",
        detailIncludes: IDS.targetGroup2,
      },
      assert([f]) {
        expect(f!.fix.summary).toContain(`${IDS.targetGroup2} was not found`);
      },
    },
    {
      name: "every call to an endpoint refused: one finding about the endpoint, not an IAM action",
      topology: topology({
        failures: ["DescribeAlarms", "ListMetrics"].map((operation) =>
          failure({
            part: operation === "ListMetrics" ? "metrics" : "alarms",
            call: `cloudwatch:${operation}`,
            action: `cloudwatch:${operation}`,
            resource: undefined,
            kind: "unreachable",
            errorCode: "ECONNREFUSED",
            message: "connect ECONNREFUSED 127.0.0.1:4566",
            endpoint: "http://127.0.0.1:4566/",
            endpointSource: "AWS_ENDPOINT_URL_CLOUDWATCH",
          }),
        ),
      }),
      expect: {
        resource: "http://127.0.0.1:4566/",
        count: 1,
        titleIncludes: "the CloudWatch endpoint http://127.0.0.1:4566/ could not be reached (ECONNREFUSED)",
      },
      assert([f]) {
        expect(f!.resource.type).toBe("endpoint");
        expect(f!.fix.summary).toContain("set by AWS_ENDPOINT_URL_CLOUDWATCH");
        expect(f!.fix.summary).toContain("not a missing permission");
        expect(f!.fix.summary).not.toMatch(/\bgrant\b/i);
        expect(f!.fix.commands).toHaveLength(1);
      },
    },
    {
      name: "an HTML 404 page for GetAuthPolicy: not 'was not found', not an IAM action",
      topology: topology({
        failures: [
          failure({
            resource: IDS.serviceNetwork,
            kind: "not-aws-answer",
            errorCode: "HTTP 404",
            message: "not an AWS API answer: HTTP 404 with a text/html page that names no AWS error code",
            endpoint: "https://proxy.corp.example/",
            endpointSource: "AWS_ENDPOINT_URL",
          }),
        ],
      }),
      expect: { resource: "https://proxy.corp.example/", titleIncludes: "did not answer as AWS (HTTP 404)" },
      assert([f]) {
        expect(f!.resource.type).toBe("endpoint");
        expect(JSON.stringify(f)).not.toMatch(/was not found|deleted during the run|Grant/);
      },
    },
    {
      name: "a 5xx after retries: the call, a re-run, no grant",
      topology: topology({
        failures: [
          failure({
            part: "targets",
            call: "vpc-lattice:ListTargets",
            action: "vpc-lattice:ListTargets",
            resource: IDS.targetGroup,
            kind: "service-error",
            errorCode: "InternalServerException",
            message: "Internal server error",
          }),
        ],
      }),
      expect: { resource: "vpc-lattice:ListTargets", titleIncludes: "failed with a service error" },
      assert([f]) {
        expect(f!.resource.type).toBe("api-call");
        expect(f!.fix.summary).toContain("not a permission problem");
        expect(f!.fix.summary).not.toMatch(/\bgrant\b/i);
      },
    },
    {
      name: "IAM user caller: put-user-policy",
      topology: topology({ callerArn: `arn:aws:iam::${ACCOUNT}:user/ops/jdoe`, failures: [sgDenied] }),
      expect: { count: 1 },
      assert([f]) {
        expect(f!.fix.commands[0]).toMatch(/^aws iam put-user-policy --user-name jdoe /);
      },
    },
  ],
});

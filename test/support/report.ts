/**
 * Hand-built Report fixtures for renderer tests: the demo (a broken orders-api) and a healthy run.
 * Every number that would vary between runs (durations, call counts) is fixed, so renderers can be
 * compared against golden files. Each builder returns a fresh object.
 *
 *   demoReport()       blocked: LAT-401, LAT-501 → LAT-301 (critical), LAT-603 (warning), LAT-601 suppressed
 *   healthyReport()    healthy, with an endpoint override in the context
 *   withFindings(report, findings)   same report, verdict/summary/exit code recomputed for the findings
 */
import type { Finding } from "../../src/core/finding.js";
import type { CheckResult, Report, TraceHop } from "../../src/report/types.js";

export const REGION = "us-east-1";
export const ACCOUNT = "111122223333";
export const SERVICE_ID = "svc-0e5b4c6a2d1f83a97";
export const SERVICE_ARN = `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:service/${SERVICE_ID}`;
export const SG_ID = "sg-0282b1d9c4e5f6a70";
export const TG_ID = "tg-0a9f1e2d3c4b5a697";
export const PREFIX_LIST_ID = "pl-0721453c7ac4ec009";
export const SN_ID = "sn-0c4f1a2b3d5e6f789";

export const SG_FIX_COMMAND =
  `aws ec2 authorize-security-group-ingress --group-id ${SG_ID} --ip-permissions ` +
  `'IpProtocol=tcp,FromPort=8080,ToPort=8080,PrefixListIds=[{PrefixListId=${PREFIX_LIST_ID}}]' --region ${REGION}`;

function base(): Omit<
  Report,
  "verdict" | "complete" | "exitCode" | "summary" | "findings" | "checks" | "trace"
> {
  return {
    schemaVersion: 1,
    tool: { name: "lattice-doctor", version: "0.1.0" },
    context: {
      region: REGION,
      accountId: ACCOUNT,
      callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/OnCall/alice`,
      profile: "prod",
      endpoints: {},
    },
    target: { input: "orders-api", id: SERVICE_ID, arn: SERVICE_ARN, name: "orders-api" },
    calls: { total: 42, failed: 0, durationMs: 1312 },
  };
}

export function demoFindings(): Finding[] {
  return [
    {
      rank: 1,
      code: "LAT-401",
      name: "iam-auth-without-policy",
      severity: "critical",
      hop: "service",
      title: "Every request is denied (403): orders-api requires IAM auth and has no auth policy",
      detail:
        "The service's authType is AWS_IAM and no auth policy is attached, so the service layer denies " +
        "every request before it reaches a target.",
      resource: { type: "service", id: SERVICE_ID, arn: SERVICE_ARN },
      evidence: [
        { call: "vpc-lattice:GetService", observed: { id: SERVICE_ID, authType: "AWS_IAM" } },
        { call: "vpc-lattice:GetAuthPolicy", observed: { error: "ResourceNotFoundException" } },
      ],
      fix: {
        summary: "Attach an auth policy that allows vpc-lattice-svcs:Invoke to the callers of this service.",
        commands: [
          `aws vpc-lattice put-auth-policy --resource-identifier ${SERVICE_ID} --policy file://auth-policy.json --region ${REGION}`,
        ],
      },
      docs: "lattice explain LAT-401",
    },
    {
      rank: 2,
      code: "LAT-501",
      name: "target-sg-blocks-lattice",
      severity: "critical",
      hop: "targets",
      title: `Targets never see Lattice traffic: ${SG_ID} allows 8080 only from 10.20.0.0/16`,
      detail:
        "Lattice traffic reaches targets from the managed prefix list com.amazonaws.us-east-1.vpc-lattice, " +
        "not from the client's address.\nThe only inbound rule on port 8080 allows the consumer VPC CIDR.",
      resource: {
        type: "security-group",
        id: SG_ID,
        arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${SG_ID}`,
      },
      evidence: [
        {
          call: "ec2:DescribeSecurityGroupRules",
          observed: {
            groupId: SG_ID,
            isEgress: false,
            ipProtocol: "tcp",
            fromPort: 8080,
            toPort: 8080,
            cidrIpv4: "10.20.0.0/16",
          },
        },
        {
          call: "ec2:DescribeManagedPrefixLists",
          observed: { prefixListId: PREFIX_LIST_ID, prefixListName: "com.amazonaws.us-east-1.vpc-lattice" },
        },
      ],
      fix: {
        summary: `Allow TCP 8080 from the prefix list ${PREFIX_LIST_ID}.`,
        commands: [SG_FIX_COMMAND],
      },
      docs: "lattice explain LAT-501",
    },
    {
      rank: 3,
      code: "LAT-301",
      name: "all-targets-unhealthy",
      severity: "critical",
      hop: "targets",
      title: "All 2 targets of orders-tg are UNHEALTHY",
      detail:
        "Every target fails its health check, so Lattice fails open and sends requests to all of them; " +
        "they time out.",
      resource: {
        type: "target-group",
        id: TG_ID,
        arn: `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:targetgroup/${TG_ID}`,
      },
      evidence: [
        {
          call: "vpc-lattice:ListTargets",
          observed: {
            targetGroupIdentifier: TG_ID,
            items: [
              { id: "10.0.1.17", port: 8080, status: "UNHEALTHY", reasonCode: "HealthCheckFailed" },
              { id: "10.0.2.41", port: 8080, status: "UNHEALTHY", reasonCode: "HealthCheckFailed" },
            ],
          },
        },
      ],
      fix: { summary: "Fix LAT-501 first: the health checks come from the same prefix list.", commands: [] },
      docs: "lattice explain LAT-301",
      causedBy: "LAT-501",
    },
    {
      rank: 4,
      code: "LAT-603",
      name: "access-logs-disabled",
      severity: "warning",
      hop: "service",
      title: "No access logs: 403 reasons (authDeniedReason) are invisible",
      detail: "Neither orders-api nor its service network has an access-log subscription.",
      resource: { type: "service", id: SERVICE_ID, arn: SERVICE_ARN },
      evidence: [
        {
          call: "vpc-lattice:ListAccessLogSubscriptions",
          observed: { resourceIdentifier: SERVICE_ID, items: [] },
        },
      ],
      fix: {
        summary: "Send the service's access logs to CloudWatch Logs.",
        commands: [
          `aws vpc-lattice create-access-log-subscription --resource-identifier ${SERVICE_ID} ` +
            `--destination-arn arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/lattice/orders-api --region ${REGION}`,
        ],
      },
      docs: "lattice explain LAT-603",
    },
    {
      rank: 5,
      code: "LAT-601",
      name: "no-error-alarm",
      severity: "warning",
      hop: "service",
      title: "No alarm watches orders-api's 5XX or connection errors",
      detail: "No CloudWatch alarm in AWS/VpcLattice watches this service or its target groups.",
      resource: { type: "service", id: SERVICE_ID, arn: SERVICE_ARN },
      evidence: [{ call: "cloudwatch:DescribeAlarms", observed: { namespace: "AWS/VpcLattice", alarms: 0 } }],
      fix: { summary: "Create an alarm on HTTPCode_5XX_Count for the service.", commands: [] },
      docs: "lattice explain LAT-601",
      suppressed: { by: "--ignore LAT-601", reason: "suppressed on the command line" },
    },
  ];
}

const PASSED = [
  "LAT-101",
  "LAT-102",
  "LAT-103",
  "LAT-104",
  "LAT-201",
  "LAT-202",
  "LAT-203",
  "LAT-303",
  "LAT-305",
];

function passedChecks(codes: readonly string[]): CheckResult[] {
  return codes.map((code, i) => ({ code, status: "pass", durationMs: 0.5 + i }));
}

function trace(failing: Partial<Record<string, Pick<TraceHop, "status" | "codes">>> = {}): TraceHop[] {
  const hops: [string, string][] = [
    ["vpc-association", "snva-0a2b4c6d8e0f13579 (vpc-0f9e8d7c6b5a43210, ACTIVE)"],
    ["service-network", `orders-net (${SN_ID}, auth NONE)`],
    ["service-association", "snsa-0f1e2d3c4b5a69788 (ACTIVE)"],
    ["service", `orders-api (${SERVICE_ID}, ACTIVE, auth AWS_IAM)`],
    ["listener", "https-443 HTTPS:443 (listener-0b1c2d3e4f5a6b7c8)"],
    ["rule", "(none)"],
    ["target-group", `orders-tg IP HTTP:8080 (${TG_ID})`],
    ["targets", "2 UNHEALTHY"],
  ];
  return hops.map(([hop, resource]) => ({ hop, status: "ok", resource, ...failing[hop] }));
}

export function demoReport(): Report {
  const findings = demoFindings();
  return {
    ...base(),
    verdict: "blocked",
    complete: true,
    exitCode: 1,
    summary: { critical: 3, error: 0, warning: 1, info: 0, passed: PASSED.length, skipped: 0 },
    findings,
    checks: [
      ...passedChecks(PASSED),
      { code: "LAT-301", status: "fail", durationMs: 0.4 },
      { code: "LAT-401", status: "fail", durationMs: 0.3 },
      { code: "LAT-501", status: "fail", durationMs: 2.2 },
      { code: "LAT-601", status: "fail", durationMs: 0.2 },
      { code: "LAT-603", status: "fail", durationMs: 0.2 },
    ],
    trace: trace({
      service: { status: "fail", codes: ["LAT-401", "LAT-603"] },
      targets: { status: "fail", codes: ["LAT-501", "LAT-301"] },
    }),
  };
}

export function healthyReport(): Report {
  const report: Report = {
    ...base(),
    verdict: "healthy",
    complete: true,
    exitCode: 0,
    summary: { critical: 0, error: 0, warning: 0, info: 0, passed: PASSED.length + 3, skipped: 0 },
    findings: [],
    checks: passedChecks([...PASSED, "LAT-301", "LAT-401", "LAT-501"]),
    trace: trace().map((h) => (h.hop === "targets" ? { ...h, resource: "2 HEALTHY" } : h)),
    calls: { total: 31, failed: 0, durationMs: 874 },
  };
  report.context.endpoints = { VPC_LATTICE: "http://localhost:4566" };
  report.trace[3]!.resource = `orders-api (${SERVICE_ID}, ACTIVE, auth AWS_IAM)`;
  return report;
}

/** The same report around other findings: verdict, summary counts and exit code (fail-on error) follow them. */
export function withFindings(report: Report, findings: Finding[]): Report {
  const active = findings.filter((f) => !f.suppressed);
  const count = (s: Finding["severity"]) => active.filter((f) => f.severity === s).length;
  const verdict = count("critical")
    ? "blocked"
    : count("error")
      ? "degraded"
      : count("warning")
        ? "at-risk"
        : "healthy";
  const failing = count("critical") + count("error") > 0;
  return {
    ...report,
    verdict,
    exitCode: failing ? 1 : report.complete ? 0 : 3,
    summary: {
      ...report.summary,
      critical: count("critical"),
      error: count("error"),
      warning: count("warning"),
      info: count("info"),
    },
    findings: findings.map((f, i) => ({ ...f, rank: i + 1 })),
  };
}

/** The `auth` block of a `--as` run: the network allows, the service denies by no statement. */
export function authBlock(): NonNullable<Report["auth"]> {
  return {
    principal: `arn:aws:iam::${ACCOUNT}:role/orders-client`,
    request: {
      action: "vpc-lattice-svcs:Invoke",
      resource: `${SERVICE_ARN}/orders`,
      method: "POST",
      path: "/orders",
      port: 443,
      protocol: "HTTPS",
      listenerId: "listener-0b1c2d3e4f5a6b7c8",
      headers: { "x-tenant": "acme" },
      query: {},
      serviceArn: SERVICE_ARN,
      serviceNetworkArn: `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:servicenetwork/${SN_ID}`,
      sourceVpc: "vpc-0f9e8d7c6b5a43210",
      sourceVpcOwnerAccount: null,
      context: {
        "vpc-lattice-svcs:Port": 443,
        "vpc-lattice-svcs:RequestMethod": "POST",
        "vpc-lattice-svcs:RequestPath": "/orders",
        "vpc-lattice-svcs:RequestHeader/x-tenant": "acme",
        "vpc-lattice-svcs:SourceVpc": "vpc-0f9e8d7c6b5a43210",
        "aws:PrincipalType": "AssumedRole",
        "aws:SecureTransport": true,
      },
      unknown: ["vpc-lattice-svcs:SourceVpcOwnerAccount", "aws:SourceIp"],
      notes: [
        "vpc-lattice-svcs:SourceVpcOwnerAccount is unknown to lattice doctor: conditions on it are not judged",
      ],
    },
    layers: [
      {
        layer: "network",
        id: SN_ID,
        name: "prod-mesh",
        authType: "AWS_IAM",
        decision: "allowed",
        statement: { index: 0, sid: "AllowOrg" },
        reason: 'statement 1 (Sid "AllowOrg") allows',
      },
      {
        layer: "service",
        id: SERVICE_ID,
        name: "orders-api",
        authType: "AWS_IAM",
        decision: "denied",
        reason: "no statement allows",
      },
    ],
    identity: {
      decision: "allowed",
      principalArn: `arn:aws:iam::${ACCOUNT}:role/orders-client`,
      evalDecision: "allowed",
      reason: "the identity policies allow vpc-lattice-svcs:Invoke",
    },
  };
}

/**
 * Policy-evaluator benchmark: evaluations per second of src/policy on a realistic auth policy of
 * about 10 KB (the VPC Lattice limit is 10 KB): 30 statements mixing role, account, session and
 * wildcard principals, path resources, Deny statements and the condition operators auth policies use
 * (StringEquals / StringNotEqualsIgnoreCase / StringLike on Lattice keys, ArnLike, IpAddress,
 * NumericEquals, ForAnyValue:, …IfExists, policy variables).
 *
 *   npm run bench:policy              # build, then node dist/bench/policy-bench.js
 *   node dist/bench/policy-bench.js --seconds 2
 *
 * Requests rotate through an allowed caller (found early), an implicit deny (every statement is
 * read), an explicit deny and an anonymous caller. Prints one line per number, then a JSON line.
 */
import { compilePolicy, evaluate, parseCaller, type Request } from "../src/policy/index.js";

const ACCOUNT = "111122223333";
const SERVICE = `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:service/svc-0e5b4c6a2d1f83a97`;
const NETWORK = `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:servicenetwork/sn-0c4f1a2b3d5e6f789`;

/** A realistic policy of `statements` statements (about 330 bytes each). */
export function realisticPolicy(statements = 25): string {
  const list: Record<string, unknown>[] = [];
  for (let i = 0; list.length < statements; i++) {
    const team = `team-${i.toString().padStart(2, "0")}`;
    switch (i % 6) {
      case 0:
        list.push({
          Sid: `Allow${i}RoleReads`,
          Effect: "Allow",
          Principal: {
            AWS: [`arn:aws:iam::${ACCOUNT}:role/${team}-api`, `arn:aws:iam::${ACCOUNT}:role/${team}-worker`],
          },
          Action: "vpc-lattice-svcs:Invoke",
          Resource: [`${SERVICE}/${team}/*`, `${SERVICE}/shared/${team}`],
          Condition: { StringEquals: { "vpc-lattice-svcs:RequestMethod": ["GET", "HEAD"] } },
        });
        break;
      case 1:
        list.push({
          Sid: `Allow${i}OrgFromVpcs`,
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: `${SERVICE}/${team}/*`,
          Condition: {
            StringEquals: {
              "aws:PrincipalOrgID": "o-a1b2c3d4e5",
              "vpc-lattice-svcs:SourceVpc": [
                `vpc-0a1b2c3d4e5f6${i.toString().padStart(4, "0")}`,
                "vpc-0f9e8d7c6b5a43210",
              ],
            },
            StringNotEqualsIgnoreCase: { "aws:PrincipalType": "anonymous" },
          },
        });
        break;
      case 2:
        list.push({
          Sid: `Allow${i}PartnerAccount`,
          Effect: "Allow",
          Principal: { AWS: [`44445555${(6600 + i).toString()}`] },
          Action: ["vpc-lattice-svcs:Invoke"],
          Resource: `${SERVICE}/partners/${team}/*`,
          Condition: {
            ArnLike: {
              "vpc-lattice-svcs:ServiceNetworkArn": `arn:aws:vpc-lattice:*:${ACCOUNT}:servicenetwork/sn-*`,
            },
            NumericEquals: { "vpc-lattice-svcs:Port": [443, 8443] },
          },
        });
        break;
      case 3:
        list.push({
          Sid: `Deny${i}WritesOutsideHours`,
          Effect: "Deny",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: `${SERVICE}/${team}/admin/*`,
          Condition: {
            StringNotLike: { "vpc-lattice-svcs:RequestHeader/x-change-ticket": ["CHG-*", "INC-*"] },
            "ForAnyValue:StringEquals": { "vpc-lattice-svcs:RequestQueryString/force": ["true", "1"] },
          },
        });
        break;
      case 4:
        list.push({
          Sid: `Allow${i}TaggedCallers`,
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: "vpc-lattice-svcs:*",
          Resource: `arn:aws:vpc-lattice:us-east-1:\${aws:PrincipalAccount}:service/*/${team}/*`,
          Condition: {
            StringEqualsIfExists: { "aws:PrincipalTag/team": team },
            IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "fd00:ec2:80::/64"] },
          },
        });
        break;
      default:
        list.push({
          Sid: `Allow${i}Sessions`,
          Effect: "Allow",
          Principal: { AWS: [`arn:aws:sts::${ACCOUNT}:assumed-role/${team}-ci/deploy`] },
          Action: "vpc-lattice-svcs:Invoke",
          Resource: `${SERVICE}/${team}/deploy/*`,
          Condition: {
            StringLike: { "vpc-lattice-svcs:RequestPath": `/${team}/deploy/*` },
            Bool: { "aws:SecureTransport": "true" },
          },
        });
    }
  }
  return JSON.stringify({ Version: "2012-10-17", Statement: list });
}

function requests(): Request[] {
  const context = {
    "vpc-lattice-svcs:Port": 443,
    "vpc-lattice-svcs:ServiceArn": SERVICE,
    "vpc-lattice-svcs:ServiceNetworkArn": NETWORK,
    "vpc-lattice-svcs:SourceVpc": "vpc-0f9e8d7c6b5a43210",
    "aws:SecureTransport": true,
    "aws:PrincipalType": "AssumedRole",
    "aws:PrincipalAccount": ACCOUNT,
    "aws:PrincipalOrgID": "o-a1b2c3d4e5",
  };
  const req = (
    as: string,
    method: string,
    path: string,
    extra: Record<string, string | string[]> = {},
  ): Request => ({
    caller: parseCaller(as),
    action: "vpc-lattice-svcs:Invoke",
    resource: `${SERVICE}${path}`,
    context: {
      ...context,
      "vpc-lattice-svcs:RequestMethod": method,
      "vpc-lattice-svcs:RequestPath": path,
      ...extra,
    },
  });
  return [
    req(`arn:aws:sts::${ACCOUNT}:assumed-role/team-00-api/web-1`, "GET", "/team-00/orders"),
    req(`arn:aws:sts::444455556666:assumed-role/unknown/x`, "POST", "/nowhere", {
      "aws:PrincipalAccount": "444455556666",
      "aws:PrincipalOrgID": "o-zzzzzzzzzz",
    }),
    req(`arn:aws:sts::${ACCOUNT}:assumed-role/team-03-api/ops`, "POST", "/team-03/admin/purge", {
      "vpc-lattice-svcs:RequestQueryString/force": ["1"],
    }),
    {
      ...req("anonymous", "GET", "/team-01/public"),
      context: { ...context, "aws:PrincipalType": "Anonymous", "vpc-lattice-svcs:RequestMethod": "GET" },
    },
  ];
}

function main(argv: string[]): void {
  const i = argv.indexOf("--seconds");
  const seconds = i >= 0 ? Number(argv[i + 1]) : 1;
  const text = realisticPolicy();
  const bytes = Buffer.byteLength(text);

  const compileStart = performance.now();
  let compiles = 0;
  while (performance.now() - compileStart < 200) {
    compilePolicy(text);
    compiles++;
  }
  const compileMs = (performance.now() - compileStart) / compiles;

  const policy = compilePolicy(text);
  const reqs = requests();
  const decisions = reqs.map((r) => evaluate(policy, r).decision);
  const measure = (explain: boolean): number => {
    for (let w = 0; w < 2000; w++) evaluate(policy, reqs[w % reqs.length]!, { explain });
    let n = 0;
    const start = performance.now();
    const end = start + seconds * 1000;
    while (performance.now() < end) {
      for (let k = 0; k < 100; k++) evaluate(policy, reqs[(n + k) % reqs.length]!, { explain });
      n += 100;
    }
    return n / ((performance.now() - start) / 1000);
  };
  const fast = measure(false);
  const explained = measure(true);
  const out = {
    policyBytes: bytes,
    statements: policy.statements.length,
    decisions,
    compileMs: Number(compileMs.toFixed(3)),
    evaluationsPerSecond: Math.round(fast),
    evaluationsPerSecondExplained: Math.round(explained),
  };
  process.stdout.write(
    `policy: ${bytes} bytes, ${out.statements} statements (decisions: ${decisions.join(", ")})\n`,
  );
  process.stdout.write(`compile: ${out.compileMs} ms per policy\n`);
  process.stdout.write(`evaluate: ${out.evaluationsPerSecond.toLocaleString("en-US")} evaluations/s\n`);
  process.stdout.write(
    `evaluate with explanations: ${out.evaluationsPerSecondExplained.toLocaleString("en-US")} evaluations/s\n`,
  );
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main(process.argv.slice(2));

/**
 * IAM as the simulated account answers it: iam:SimulatePrincipalPolicy from the scenario's
 * `identities`, one EvaluationResult per action × resource, paged as IAM pages (MaxItems 1–1000,
 * default 100; Marker / IsTruncated); NoSuchEntity for a principal the account does not have.
 */
import { fail, str, strings, type Handlers, type Input, type Output } from "./common.js";
import type { Pager } from "./paging.js";
import type { Scenario, ScenarioIdentity } from "./scenario.js";

function missing(member: string): never {
  fail(
    "ValidationError",
    400,
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );
}

function evaluation(identity: ScenarioIdentity, action: string, resource: string): Output {
  return {
    EvalActionName: action,
    EvalResourceName: resource,
    EvalDecision: identity.EvalDecision,
    MatchedStatements: identity.MatchedStatements ?? [],
    MissingContextValues: [],
    ...(identity.AllowedByPermissionsBoundary !== undefined
      ? {
          PermissionsBoundaryDecisionDetail: {
            AllowedByPermissionsBoundary: identity.AllowedByPermissionsBoundary,
          },
        }
      : {}),
  };
}

export class IamApi {
  constructor(
    private readonly scenario: Scenario,
    private readonly pager: Pager,
  ) {}

  handlers(): Handlers {
    return { SimulatePrincipalPolicy: (i) => this.simulatePrincipalPolicy(i) };
  }

  private identity(arn: string): ScenarioIdentity {
    const identity = this.scenario.identities?.[arn];
    if (identity) return identity;
    const kind = /:user\//.test(arn) ? "user" : "role";
    fail("NoSuchEntity", 404, `The ${kind} with name ${arn.split("/").pop()} cannot be found.`);
  }

  private simulatePrincipalPolicy(input: Input): Output {
    const arn = str(input, "PolicySourceArn") ?? missing("policySourceArn");
    const actions = strings(input, "ActionNames") ?? [];
    if (actions.length === 0) missing("actionNames");
    const identity = this.identity(arn);
    const resources = strings(input, "ResourceArns") ?? ["*"];
    const results = actions.flatMap((action) =>
      resources.map((resource) => evaluation(identity, action, resource)),
    );
    const maxItems = input.MaxItems;
    if (maxItems !== undefined && (typeof maxItems !== "number" || maxItems < 1 || maxItems > 1000)) {
      fail(
        "ValidationError",
        400,
        `Value '${String(maxItems)}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`,
      );
    }
    const { Marker: _m, MaxItems: _x, ...query } = input;
    const page = this.pager.page(
      {
        operation: "SimulatePrincipalPolicy",
        scope: `SimulatePrincipalPolicy:${JSON.stringify(query)}`,
        token: str(input, "Marker"),
        requested: (maxItems as number | undefined) ?? 100,
        invalidToken: () => fail("InvalidInput", 400, "Invalid Marker."),
      },
      results,
    );
    return page.next === undefined
      ? { EvaluationResults: page.items, IsTruncated: false }
      : { EvaluationResults: page.items, IsTruncated: true, Marker: page.next };
  }
}

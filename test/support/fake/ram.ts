/**
 * AWS RAM as the simulated account (../fake-account.ts) answers it, the reads lattice-doctor
 * makes: request filters and response members as the RAM API reference names them, `nextToken` / `maxResults` paging (1–500), and the
 * errors RAM returns for bad input. An account with no RAM data owns no share and has no invitation.
 */
import type {
  Resource,
  ResourceShare,
  ResourceShareAssociation,
  ResourceShareInvitation,
} from "@aws-sdk/client-ram";

export interface RamData {
  /** GetResourceShareAssociations: the associations of the shares this account owns (both types). */
  associations?: ResourceShareAssociation[];
  /** GetResourceShares resourceOwner SELF. */
  shares?: ResourceShare[];
  /** GetResourceShares resourceOwner OTHER-ACCOUNTS. */
  sharedWithMe?: ResourceShare[];
  /** GetResourceShareInvitations (this account is the receiver). */
  invitations?: ResourceShareInvitation[];
  /** ListPendingInvitationResources, by invitation ARN. */
  pendingResources?: Record<string, Resource[]>;
  /** ListResources resourceOwner OTHER-ACCOUNTS. */
  resources?: Resource[];
}

export class RamError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;

const RAM_OPERATIONS = [
  "GetResourceShareAssociations",
  "GetResourceShares",
  "GetResourceShareInvitations",
  "ListPendingInvitationResources",
  "ListResources",
] as const;

export function isRamRead(operation: string): boolean {
  return (RAM_OPERATIONS as readonly string[]).includes(operation);
}

/** One page: `nextToken` is the offset; `pageSize` (the fake's) caps maxResults to force paging. */
function page<T>(items: T[], key: string, input: Input, pageSize?: number): Output {
  const max = input.maxResults;
  if (max !== undefined && (typeof max !== "number" || max < 1 || max > 500))
    throw new RamError("InvalidParameterException", "maxResults must be between 1 and 500");
  const token = input.nextToken;
  const start = token === undefined ? 0 : Number(token);
  if (!Number.isInteger(start) || start < 0)
    throw new RamError("InvalidNextTokenException", "The specified value for nextToken is not valid.");
  const size = Math.min((max as number | undefined) ?? 500, pageSize ?? Infinity);
  const end = start + size;
  return { [key]: items.slice(start, end), ...(end < items.length ? { nextToken: String(end) } : {}) };
}

const list = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined);

/** The answer to one RAM read, or a RamError. */
export function answerRam(data: RamData, operation: string, input: Input, pageSize?: number): Output {
  switch (operation) {
    case "GetResourceShareAssociations": {
      const type = input.associationType;
      if (type !== "RESOURCE" && type !== "PRINCIPAL" && type !== "SOURCE")
        throw new RamError(
          "InvalidParameterException",
          "associationType must be PRINCIPAL, RESOURCE or SOURCE",
        );
      if (type === "PRINCIPAL" && input.resourceArn !== undefined)
        throw new RamError(
          "InvalidParameterException",
          "resourceArn cannot be specified when associationType is PRINCIPAL",
        );
      const shares = list(input.resourceShareArns);
      const items = (data.associations ?? []).filter(
        (a) =>
          a.associationType === type &&
          (input.resourceArn === undefined || a.associatedEntity === input.resourceArn) &&
          (input.principal === undefined || a.associatedEntity === input.principal) &&
          (!shares || shares.includes(a.resourceShareArn ?? "")) &&
          (input.associationStatus === undefined || a.status === input.associationStatus),
      );
      return page(items, "resourceShareAssociations", input, pageSize);
    }
    case "GetResourceShares": {
      const owner = input.resourceOwner;
      if (owner !== "SELF" && owner !== "OTHER-ACCOUNTS")
        throw new RamError("InvalidParameterException", "resourceOwner must be SELF or OTHER-ACCOUNTS");
      const shares = list(input.resourceShareArns);
      const items = ((owner === "SELF" ? data.shares : data.sharedWithMe) ?? []).filter(
        (s) => !shares || shares.includes(s.resourceShareArn ?? ""),
      );
      return page(items, "resourceShares", input, pageSize);
    }
    case "GetResourceShareInvitations": {
      const arns = list(input.resourceShareInvitationArns);
      const shares = list(input.resourceShareArns);
      const items = (data.invitations ?? []).filter(
        (i) =>
          (!arns || arns.includes(i.resourceShareInvitationArn ?? "")) &&
          (!shares || shares.includes(i.resourceShareArn ?? "")),
      );
      return page(items, "resourceShareInvitations", input, pageSize);
    }
    case "ListPendingInvitationResources": {
      const arn = String(input.resourceShareInvitationArn ?? "");
      const invitation = (data.invitations ?? []).find((i) => i.resourceShareInvitationArn === arn);
      if (!invitation)
        throw new RamError(
          "ResourceShareInvitationArnNotFoundException",
          `The Amazon Resource Name (ARN) ${arn} for an invitation was not found.`,
        );
      if (invitation.status !== "PENDING")
        throw new RamError(
          "ResourceShareInvitationAlreadyAcceptedException",
          `The invitation ${arn} was already ${String(invitation.status).toLowerCase()}.`,
        );
      return page(data.pendingResources?.[arn] ?? [], "resources", input, pageSize);
    }
    case "ListResources": {
      const arns = list(input.resourceArns);
      const items = input.resourceOwner === "OTHER-ACCOUNTS" ? (data.resources ?? []) : [];
      return page(
        items.filter((r) => !arns || arns.includes(r.arn ?? "")),
        "resources",
        input,
        pageSize,
      );
    }
    default:
      throw new RamError("UnknownOperationException", `not a RAM read: ${operation}`);
  }
}

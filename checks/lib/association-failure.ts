/** How service and VPC associations report why they are not ACTIVE (both carry the same two fields). */
export interface AssociationFailure {
  failureCode?: string;
  failureMessage?: string;
}

/** Copies the failure fields the API returned onto `observed`, under their API names. */
export function addFailureFields(observed: Record<string, unknown>, association: AssociationFailure): void {
  if (association.failureCode !== undefined) observed.failureCode = association.failureCode;
  if (association.failureMessage !== undefined) observed.failureMessage = association.failureMessage;
}

/** The sentence quoting AWS's reason, with its leading space, or saying there was none. */
export function failureReason({ failureCode, failureMessage }: AssociationFailure): string {
  return failureCode || failureMessage
    ? ` AWS says: ${[failureCode, failureMessage].filter(Boolean).join(": ")}.`
    : " The API gave no failureCode or failureMessage.";
}

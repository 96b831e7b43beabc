/**
 * Paging as the APIs page: a page token is opaque (here the request's scope and an offset, so a
 * token from another request is rejected), and a page holds at most what the request asked for and
 * what the fake's options cap it at (`pageSize`, `pageSizes`), to force multi-page answers.
 */
import type { FakeAccountOptions } from "./scenario.js";

export interface PageRequest {
  /** The operation, for `pageSizes`. */
  operation: string;
  /** The operation and the request without its token and size: what a token belongs to. */
  scope: string;
  token: string | undefined;
  /** The most items the request allows (its maxResults, or the operation's default). */
  requested: number;
  /** Throws the operation's invalid-token error. */
  invalidToken: () => never;
}

export interface Page<T> {
  items: T[];
  next?: string;
}

function pageToken(scope: string, offset: number): string {
  return Buffer.from(`${scope}|${offset}`).toString("base64url");
}

function pageOffset(scope: string, token: string | undefined, onInvalid: () => never): number {
  if (token === undefined) return 0;
  const [tokenScope, offset] = Buffer.from(token, "base64url").toString().split("|");
  const n = Number(offset);
  if (tokenScope !== scope || !Number.isInteger(n) || n < 0) onInvalid();
  return n;
}

export class Pager {
  constructor(private readonly options: FakeAccountOptions) {}

  /** The fake's cap for one operation. */
  cap(operation: string): number {
    return this.options.pageSizes?.[operation] ?? this.options.pageSize ?? Infinity;
  }

  page<T>(request: PageRequest, items: T[]): Page<T> {
    if (this.options.emptyFirstPage && request.token === undefined) {
      return { items: [], next: pageToken(request.scope, 0) };
    }
    const offset = pageOffset(request.scope, request.token, request.invalidToken);
    const size = Math.min(request.requested, this.cap(request.operation));
    const end = offset + size;
    return {
      items: items.slice(offset, end),
      ...(end < items.length ? { next: pageToken(request.scope, end) } : {}),
    };
  }
}

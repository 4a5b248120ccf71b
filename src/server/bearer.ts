// The token of an `Authorization: Bearer <token>` header, read one way for every route that takes one.

/** The token of a Bearer header (scheme case-insensitive, at most 4,096 characters), if it is one. */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  return /^Bearer +(\S{1,4096}) *$/i.exec(header.trim())?.[1];
}

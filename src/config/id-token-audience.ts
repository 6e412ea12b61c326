/**
 * An OpenID Connect ID token is addressed (`aud`) to the client that signed the user in. If the
 * API's audience were that same client id, every ID token of the web sign-in would pass the API's
 * audience check (issue 14, finding 12), so the two must differ.
 */
export function idTokenAudienceProblem(settings: { AUTH_AUDIENCE: string; OIDC_CLIENT_ID?: string | undefined }): string | undefined {
  if (settings.OIDC_CLIENT_ID === undefined || settings.OIDC_CLIENT_ID !== settings.AUTH_AUDIENCE) return undefined;
  return 'must not equal OIDC_CLIENT_ID: ID tokens of the web sign-in are addressed to that client and would pass as API bearer tokens. Give the API its own audience (an Entra application ID URI, for example).';
}

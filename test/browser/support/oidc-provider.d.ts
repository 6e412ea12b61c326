// oidc-provider 9 ships no type declarations; the test uses only its constructor and listen().
declare module 'oidc-provider' {
  import type http from 'node:http';

  export default class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    listen(port: number): http.Server;
  }
}

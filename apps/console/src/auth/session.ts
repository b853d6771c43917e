/**
 * The signed-in session: the access and refresh tokens, kept in this tab's sessionStorage (a
 * reload keeps you signed in; closing the tab ends it), and renewed with the refresh token.
 */
interface Tokens {
  accessToken: string;
  refreshToken: string;
}

const KEY = "slms.session";
type Listener = (signedIn: boolean) => void;
const listeners = new Set<Listener>();
let refreshing: Promise<string | null> | null = null;

function read(): Tokens | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

function write(tokens: Tokens | null): void {
  if (tokens) sessionStorage.setItem(KEY, JSON.stringify(tokens));
  else sessionStorage.removeItem(KEY);
  for (const listener of listeners) listener(tokens !== null);
}

async function post(path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(path, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
}

export const session = {
  accessToken: (): string | null => read()?.accessToken ?? null,
  signedIn: (): boolean => read() !== null,

  /** Signs in; the API's error (401, 429 with Retry-After) is returned for the form to show. */
  async login(email: string, password: string): Promise<Response> {
    const response = await post("/api/v1/auth/login", { email, password });
    if (response.ok) {
      const body = (await response.clone().json()) as Tokens;
      write({ accessToken: body.accessToken, refreshToken: body.refreshToken });
    }
    return response;
  },

  /** A new access token from the refresh token, or null (and signed out) when it is refused. */
  refresh(): Promise<string | null> {
    refreshing ??= (async () => {
      const tokens = read();
      if (!tokens) return null;
      const response = await post("/api/v1/auth/refresh", { refreshToken: tokens.refreshToken });
      if (!response.ok) {
        write(null);
        return null;
      }
      const body = (await response.json()) as Tokens;
      write({ accessToken: body.accessToken, refreshToken: body.refreshToken });
      return body.accessToken;
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  },

  /** Revokes the refresh token and forgets the session (even if the API cannot be reached). */
  async logout(): Promise<void> {
    const tokens = read();
    write(null);
    if (tokens)
      await post("/api/v1/auth/logout", { refreshToken: tokens.refreshToken }, tokens.accessToken)
        .then(() => undefined)
        .catch(() => undefined);
  },

  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

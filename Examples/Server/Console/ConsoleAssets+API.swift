//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

extension ConsoleAssets {
    /// `api.js`: the JSON API and the bearer token.
    static let api = #"""
        // The server's JSON API, with the bearer token. The token is kept in sessionStorage: this tab
        // only, gone when it closes.

        const TOKEN_KEY = "ai2ai.token";

        /** An error answer: `status` and the server's `detail`. */
        export class ApiError extends Error {
          constructor(status, detail) {
            super(detail);
            this.name = "ApiError";
            this.status = status;
          }
        }

        /** Whether the server needs a token (the page says so in `<meta name="ai2ai-auth">`). */
        export const tokenRequired = document.querySelector('meta[name="ai2ai-auth"]')?.content === "required";

        export const token = {
          get: () => sessionStorage.getItem(TOKEN_KEY) ?? "",
          set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
          clear: () => sessionStorage.removeItem(TOKEN_KEY),
          /** Whether requests can go out: no token is needed, or one is known. */
          ready: () => !tokenRequired || token.get() !== "",
        };

        /** The headers that authenticate a request. */
        export function authHeaders() {
          const value = token.get();
          return value ? { Authorization: `Bearer ${value}` } : {};
        }

        async function call(method, path, body) {
          const headers = { Accept: "application/json", ...authHeaders() };
          if (body !== undefined) headers["Content-Type"] = "application/json";
          const response = await fetch(path, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            cache: "no-store",
          });
          const json = await response.json().catch(() => ({}));
          if (!response.ok) throw new ApiError(response.status, json.detail ?? response.statusText);
          return json;
        }

        const segment = encodeURIComponent;

        export const api = {
          sessions: () => call("GET", "/multi-agent/sessions?limit=50"),
          agents: (sessionId) => call("GET", `/multi-agent/agents/${segment(sessionId)}`),
          /** Creates a session; `agents` is `[{ name, role, model }]` (an empty model: the default). */
          createSession: (title, agents) => {
            const body = {
              num_agents: agents.length,
              agent_names: agents.map((agent) => agent.name),
              agent_roles: agents.map((agent) => agent.role),
            };
            if (title) body.title = title;
            if (agents.some((agent) => agent.model)) body.agent_models = agents.map((agent) => agent.model);
            return call("POST", "/multi-agent/create", body);
          },
          /** Sends a message to the agents at `targets` (indexes; every agent when empty). */
          sendMessage: (sessionId, message, targets) =>
            call("POST", "/multi-agent/message", { session_id: sessionId, message, target_agents: targets }),
          cancelSession: (sessionId) => call("POST", `/multi-agent/sessions/${segment(sessionId)}/cancel`),
          /** The path of a session's event stream (see sse.js). */
          eventsPath: (sessionId) => `/multi-agent/events/${segment(sessionId)}`,
        };
        """#
}

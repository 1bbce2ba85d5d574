//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

extension ConsoleAssets {
    /// `app.js`: the entry module; wires the views to the API and the event stream.
    static let app = #"""
        // The console: asks for the token when the server needs one, lists sessions, creates sessions,
        // sends messages, and follows the open session's events (history first, then live).

        import { api, ApiError, authHeaders, token, tokenRequired } from "./api.js";
        import { byId } from "./dom.js";
        import * as format from "./format.js";
        import { SessionModel } from "./model.js";
        import { followEvents, StreamRefused } from "./sse.js";
        import { renderDetail } from "./view-detail.js";
        import { SessionView } from "./view-session.js";
        import { addAgentRow, readAgentRows, renderSessionList } from "./view-sessions.js";

        const statusLine = byId("status");
        const main = byId("console");
        const detail = byId("detail");
        const sessionSection = byId("session");
        const tokenForm = byId("token-form");
        const agentRows = byId("agent-rows");
        const createForm = byId("create-form");
        const messageForm = byId("message-form");

        const STREAM_STATES = {
          connecting: "Connecting to the session…",
          live: "Following the session live.",
          reconnecting: "Connection lost; reconnecting…",
        };

        const view = new SessionView({ onSelectTask: (id) => selectTask(id) });

        /** The open session: its model, the abort controller of its stream, the selected task. */
        let current = null;
        let renderPending = false;
        let sessionListTimer = null;

        function say(text) {
          statusLine.textContent = text;
        }

        /** Reports a failed request; a 401 asks for the token again. */
        function fail(error, doing) {
          if ((error instanceof ApiError || error instanceof StreamRefused) && error.status === 401) {
            askForToken("The server refused the token. Enter it again.");
            return;
          }
          say(`Could not ${doing}: ${error.message}`);
        }

        function askForToken(message = "") {
          token.clear();
          current?.controller.abort();
          current = null;
          main.hidden = true;
          tokenForm.hidden = false;
          byId("forget-token").hidden = true;
          byId("token-message").textContent = message;
          say("A token is needed.");
          tokenForm.elements.token.focus();
        }

        function start() {
          tokenForm.hidden = true;
          main.hidden = false;
          byId("forget-token").hidden = !tokenRequired;
          say("Ready.");
          refreshSessions();
          const id = new URLSearchParams(location.hash.slice(1)).get("session");
          if (id) openSession(id);
        }

        let sessionsListed = false;

        async function refreshSessions() {
          try {
            const { sessions } = await api.sessions();
            renderSessionList(byId("session-list"), sessions, current?.model.sessionId, openSession);
            const open = current && sessions.find((session) => session.session_id === current.model.sessionId);
            if (open?.title) view.setTitle(open.title);
            // The form starts open only when there is nothing to look at yet.
            if (!sessionsListed) byId("create-details").open = sessions.length === 0;
            sessionsListed = true;
          } catch (error) {
            fail(error, "list the sessions");
          }
        }

        /** Refreshes the list soon, once, after a burst of events that change a session's status. */
        function refreshSessionsSoon() {
          clearTimeout(sessionListTimer);
          sessionListTimer = setTimeout(refreshSessions, 1000);
        }

        async function openSession(id, title = "") {
          current?.controller.abort();
          const model = new SessionModel(id);
          current = { model, controller: new AbortController(), selected: null };
          const { controller } = current;
          history.replaceState(null, "", `#session=${encodeURIComponent(id)}`);
          view.reset(title || `Session ${id}`);
          closeDetail();
          sessionSection.hidden = false;
          refreshSessions();
          try {
            const { agents } = await api.agents(id);
            if (controller.signal.aborted) return;
            model.setAgents(agents);
            view.setAgents(model.agents.values());
          } catch (error) {
            fail(error, "load the session");
            return;
          }
          followEvents(api.eventsPath(id), {
            headers: authHeaders,
            signal: controller.signal,
            onState: (state) => say(STREAM_STATES[state]),
            onEvent: (frame) => {
              const event = JSON.parse(frame.data);
              if (model.apply(event)) scheduleRender();
              if (["task_completed", "task_failed", "session_cancelled"].includes(event.type)) refreshSessionsSoon();
              if (event.type === "session_deleted") {
                say("The session was deleted.");
                refreshSessions();
                return false;
              }
              return true;
            },
          }).catch((error) => fail(error, "follow the session"));
          scheduleRender();
        }

        function scheduleRender() {
          if (renderPending) return;
          renderPending = true;
          requestAnimationFrame(() => {
            renderPending = false;
            render();
          });
        }

        function render() {
          if (!current) return;
          const now = Date.now();
          view.render(current.model, now, current.selected);
          const task = current.selected && current.model.tasks.get(current.selected);
          if (task) renderDetail(detail, current.model, task, now, closeDetail);
        }

        function selectTask(id) {
          if (!current) return;
          current.selected = id;
          detail.hidden = false;
          main.classList.add("with-detail");
          render();
          detail.querySelector("button")?.focus();
        }

        function closeDetail() {
          if (current) current.selected = null;
          detail.hidden = true;
          main.classList.remove("with-detail");
          detail.replaceChildren();
          if (current) render();
        }

        tokenForm.addEventListener("submit", (event) => {
          event.preventDefault();
          const value = tokenForm.elements.token.value.trim();
          if (!value) return;
          token.set(value);
          tokenForm.reset();
          start();
        });

        byId("forget-token").addEventListener("click", () => askForToken());
        byId("refresh-sessions").addEventListener("click", refreshSessions);
        byId("add-agent").addEventListener("click", () => addAgentRow(agentRows));

        createForm.addEventListener("submit", async (event) => {
          event.preventDefault();
          const agents = readAgentRows(agentRows);
          if (agents.some((agent) => agent.model) && !agents.every((agent) => agent.model)) {
            say("Give every agent a model, or none (then they all use the server's default model).");
            return;
          }
          const title = createForm.elements.title.value.trim();
          try {
            const { session_id: id } = await api.createSession(title, agents);
            say(`Session created with ${format.plural(agents.length, "agent")}.`);
            createForm.reset();
            byId("create-details").open = false;
            await openSession(id, title);
            messageForm.elements.message.focus();
          } catch (error) {
            fail(error, "create the session");
          }
        });

        messageForm.addEventListener("submit", async (event) => {
          event.preventDefault();
          if (!current) return;
          const message = messageForm.elements.message.value.trim();
          const target = messageForm.elements.target.value;
          if (!message) return;
          try {
            const targets = target === "" ? [] : [Number(target)];
            const { responses } = await api.sendMessage(current.model.sessionId, message, targets);
            messageForm.elements.message.value = "";
            say(`Message sent: ${format.plural(responses.length, "task")} created.`);
            refreshSessions();
          } catch (error) {
            fail(error, "send the message");
          }
        });

        byId("cancel-session").addEventListener("click", async () => {
          if (!current) return;
          try {
            const { cancelled_tasks: cancelled } = await api.cancelSession(current.model.sessionId);
            say(cancelled.length === 0 ? "Nothing was running." : `Cancelled ${format.plural(cancelled.length, "task")}.`);
          } catch (error) {
            fail(error, "cancel the session");
          }
        });

        // Elapsed times move while tasks run.
        setInterval(() => {
          if (current?.model.active) scheduleRender();
        }, 1000);

        for (let i = 0; i < 2; i += 1) addAgentRow(agentRows);
        if (token.ready()) start();
        else askForToken();
        """#
}

//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

extension ConsoleAssets {
    /// `view-sessions.js`: the session list and the new-session form's rows.
    static let viewSessions = #"""
        // The sidebar: the session list and the agent rows of the "New session" form.

        import { h } from "./dom.js";
        import * as format from "./format.js";

        /** Shows `sessions` (from `GET /multi-agent/sessions`); `onOpen(id)` opens one. */
        export function renderSessionList(list, sessions, currentId, onOpen) {
          if (sessions.length === 0) {
            list.replaceChildren(h("li", { class: "muted" }, "No session yet."));
            return;
          }
          list.replaceChildren(
            ...sessions.map((session) =>
              h(
                "li",
                {},
                h(
                  "button",
                  {
                    type: "button",
                    class: "session-item",
                    "aria-current": session.session_id === currentId ? "true" : undefined,
                    onclick: () => onOpen(session.session_id, session.title),
                  },
                  h("span", {}, session.title || `Session ${session.session_id.slice(0, 8)}`),
                  h("span", { class: `badge status-${session.status}` }, session.status),
                  h("time", { datetime: session.created_at }, format.dateTime(session.created_at)),
                ),
              ),
            ),
          );
        }

        const DEFAULT_AGENTS = [
          { name: "Lead", role: "Plans the work and delegates parts of it" },
          { name: "Researcher", role: "Finds and checks facts" },
          { name: "Writer", role: "Writes the final text" },
        ];

        /** Adds a row of inputs (name, role, model) for one more agent to the "New session" form. */
        export function addAgentRow(rows) {
          const number = rows.children.length + 1;
          const defaults = DEFAULT_AGENTS[number - 1] ?? { name: `Agent ${number}`, role: "" };
          const field = (label, name, value, placeholder) =>
            h("label", {}, label, h("input", { name, value, placeholder, required: name === "name" }));
          const row = h(
            "li",
            { class: "agent-row" },
            field("Name", "name", defaults.name),
            field("Role", "role", defaults.role, "what the agent does"),
            field("Model", "model", "", "default model"),
          );
          if (number > 1) {
            row.append(h("button", { type: "button", onclick: () => row.remove() }, `Remove agent ${number}`));
          }
          rows.append(row);
        }

        /** The agents the form describes: `[{ name, role, model }]`, trimmed. */
        export function readAgentRows(rows) {
          return [...rows.children].map((row) => {
            const value = (name) => row.querySelector(`input[name="${name}"]`).value.trim();
            return { name: value("name"), role: value("role"), model: value("model") };
          });
        }
        """#

    /// `view-session.js`: totals, task tree, agent lanes and event log.
    static let viewSession = #"""
        // The open session: totals, the task tree with each task's streamed text, one lane per agent,
        // and the event log, which follows the newest event unless the reader scrolled up.

        import { byId, definitions, followingBottom, h } from "./dom.js";
        import * as format from "./format.js";

        export class SessionView {
          /** Task id → the elements of its tree node, made once and then updated. */
          #nodes = new Map();
          /** Agent id → its lane's track, and task id → its bar there. */
          #tracks = new Map();
          #bars = new Map();
          /** How many entries of the model's log are shown. */
          #logged = 0;

          /** `onSelectTask(id)` is called when a task is clicked. */
          constructor({ onSelectTask }) {
            this.onSelectTask = onSelectTask;
            this.title = byId("session-title");
            this.totals = byId("totals");
            this.tree = byId("task-tree");
            this.treeEmpty = byId("tree-empty");
            this.lanes = byId("lanes");
            this.log = byId("event-log");
            this.target = byId("message-form").elements.target;
          }

          /** Empties the view for another session. */
          reset(title) {
            this.#nodes.clear();
            this.#tracks.clear();
            this.#bars.clear();
            this.#logged = 0;
            this.setTitle(title);
            this.tree.replaceChildren();
            this.lanes.replaceChildren();
            this.log.replaceChildren();
            this.totals.replaceChildren();
            this.target.replaceChildren(h("option", { value: "" }, "All agents"));
          }

          /** Shows the session's title. */
          setTitle(title) {
            this.title.textContent = title;
          }

          /** Fills the message form's recipient choice with the session's agents. */
          setAgents(agents) {
            this.target.replaceChildren(
              h("option", { value: "" }, "All agents"),
              ...[...agents].sort((a, b) => a.index - b.index).map((agent) => h("option", { value: agent.index }, agent.name)),
            );
          }

          /** Shows the model's state at `now` (ms since the epoch); `selectedId` is the task in the detail panel. */
          render(model, now, selectedId) {
            this.#renderTotals(model, now);
            this.treeEmpty.hidden = model.tasks.size > 0;
            for (const task of model.tasks.values()) this.#renderTask(model, task, now, selectedId);
            this.#renderLanes(model, now);
            this.#renderLog(model);
          }

          #renderTotals(model, now) {
            const totals = model.totals(now);
            let state = "idle";
            if (model.deleted) state = "deleted";
            else if (totals.open > 0) state = "active";
            else if (model.cancelled) state = "cancelled";
            else if (totals.tasks > 0) state = "finished";
            this.totals.replaceChildren(
              ...definitions([
                ["Status", state],
                ["Tasks", `${format.count(totals.tasks)} (${format.count(totals.open)} open)`],
                ["Tokens", `${format.count(totals.tokens)} (${format.usage(totals.input, totals.output)})`],
                ["Model calls", format.count(totals.calls)],
                ["Elapsed", format.duration(totals.elapsed)],
              ]),
            );
          }

          #renderTask(model, task, now, selectedId) {
            const node = this.#nodes.get(task.id) ?? this.#createNode(task);
            const agent = model.agent(task.assignedTo);
            node.item.dataset.status = task.status;
            node.head.setAttribute("aria-pressed", String(task.id === selectedId));
            node.title.textContent = task.title || task.id;
            node.status.textContent = format.status(task.status);
            node.status.className = `badge status-${task.status}`;
            node.meta.textContent = [
              agent.name,
              agent.model,
              format.duration(model.elapsed(task, now)),
              task.usage.calls > 0 ? format.plural(task.usage.input + task.usage.output, "token") : null,
            ]
              .filter(Boolean)
              .join(" · ");
            const text = model.text(task);
            if (node.stream.textContent !== text) followingBottom(node.stream, () => { node.stream.textContent = text; });
            node.stream.classList.toggle("stream-live", task.streaming !== "");
            node.result.textContent = task.result ?? "";
            node.error.textContent = task.error ?? "";
          }

          #createNode(task) {
            const title = h("span", { class: "task-title" });
            const status = h("span", { class: "badge" });
            const meta = h("span", { class: "task-meta" });
            const select = () => this.onSelectTask(task.id);
            const head = h("button", { type: "button", class: "task-head", onclick: select }, title, status, meta);
            const stream = h("pre", { class: "stream", "aria-label": "Model output" });
            const result = h("p", { class: "task-result" });
            const error = h("p", { class: "task-error" });
            const children = h("ul", {});
            const item = h("li", { class: "task", "data-task-id": task.id }, head, stream, result, error, children);
            const node = { item, head, title, status, meta, stream, result, error, children };
            this.#nodes.set(task.id, node);
            const parent = task.parentId ? this.#nodes.get(task.parentId) : null;
            (parent ? parent.children : this.tree).append(item);
            return node;
          }

          #renderLanes(model, now) {
            const { lanes, from, to } = model.lanes(now);
            for (const { agent, spans } of lanes) {
              const track = this.#tracks.get(agent.id) ?? this.#createLane(agent);
              for (const { task, start, end } of spans) {
                let bar = this.#bars.get(task.id);
                if (!bar) {
                  bar = h("button", { type: "button", onclick: () => this.onSelectTask(task.id) });
                  this.#bars.set(task.id, bar);
                  track.append(bar);
                }
                const label = `${task.title}: ${format.status(task.status)}, ${format.duration(end - start)}`;
                bar.className = `lane-bar status-${task.status}`;
                bar.title = label;
                bar.setAttribute("aria-label", label);
                bar.style.left = `${((start - from) / (to - from)) * 100}%`;
                bar.style.width = `${((end - start) / (to - from)) * 100}%`;
              }
            }
          }

          #createLane(agent) {
            const track = h("div", { class: "lane-track", role: "group", "aria-label": `Tasks of ${agent.name}` });
            const name = h("span", { class: "lane-name", title: `${agent.name} (${agent.model})` }, agent.name);
            this.lanes.append(h("div", { class: "lane" }, name, track));
            this.#tracks.set(agent.id, track);
            return track;
          }

          #renderLog(model) {
            if (this.#logged === model.log.length) return;
            const entries = model.log.slice(this.#logged);
            this.#logged = model.log.length;
            followingBottom(this.log, () => {
              this.log.append(
                ...entries.map((entry) =>
                  h(
                    "li",
                    {},
                    h("span", { class: "log-seq" }, `#${entry.sequence}`),
                    h("time", { datetime: entry.timestamp }, format.time(entry.timestamp)),
                    h("span", { class: "log-type" }, entry.type),
                    h("span", { class: "log-text" }, entry.text),
                  ),
                ),
              );
            });
          }
        }
        """#

    /// `view-detail.js`: the task detail panel.
    static let viewDetail = #"""
        // The detail panel of one task: what it is, its result or error, its updates, context entries,
        // model turns and retries.

        import { append, definitions, h } from "./dom.js";
        import * as format from "./format.js";

        /** Shows `task` of `model` in `panel`; `onClose` hides it. */
        export function renderDetail(panel, model, task, now, onClose) {
          const agent = model.agent(task.assignedTo);
          const section = (title, ...content) => h("section", {}, h("h3", {}, title), ...content);
          const turns = task.turns.map((text, turn) => ({ text, turn })).filter(({ text }) => text !== undefined);
          panel.replaceChildren();
          append(panel, [
            h(
              "div",
              { class: "row" },
              h("h2", { id: "detail-title" }, task.title || task.id),
              h("button", { type: "button", onclick: onClose }, "Close"),
            ),
            h(
              "dl",
              {},
              definitions([
                ["Status", format.status(task.status)],
                ["Agent", agent.name],
                ["Model", agent.model],
                ["Elapsed", format.duration(model.elapsed(task, now))],
                ["Tokens", task.usage.calls > 0 ? format.usage(task.usage.input, task.usage.output) : ""],
                ["Model calls", task.usage.calls > 0 ? format.count(task.usage.calls) : ""],
                ["Created by", model.agents.has(task.createdBy) ? model.agent(task.createdBy).name : task.createdBy],
                ["Created", format.dateTime(task.createdAt)],
                ["Parent", task.parentId ? model.tasks.get(task.parentId)?.title ?? task.parentId : ""],
                ["Task id", task.id],
              ]),
            ),
            section("Description", h("pre", {}, task.description)),
            task.result !== null && section("Result", h("pre", {}, task.result)),
            task.error !== null && section("Error", h("pre", { class: "error" }, task.error)),
            task.updates.length > 0 &&
              section(
                "Updates",
                h(
                  "ol",
                  {},
                  task.updates.map((update) =>
                    h(
                      "li",
                      {},
                      h("time", { datetime: update.created_at }, format.time(update.created_at)),
                      ` ${update.kind}: ${update.content}`,
                    ),
                  ),
                ),
              ),
            task.context.size > 0 &&
              section("Context", h("dl", {}, definitions([...task.context.values()].map(({ key, value }) => [key, value])))),
            turns.length > 0 &&
              section(
                "Model turns",
                turns.map(({ text, turn }) => [h("h4", {}, `Turn ${turn + 1}`), h("pre", {}, text)]),
              ),
            task.streaming && section("Streaming", h("pre", { class: "stream-live" }, task.streaming)),
            task.retries.length > 0 &&
              section(
                "Retries",
                h(
                  "ol",
                  {},
                  task.retries.map((retry) =>
                    h("li", {}, `Attempt ${retry.attempt} failed (${retry.reason}); retried after ${retry.wait} s`),
                  ),
                ),
              ),
          ]);
        }
        """#
}

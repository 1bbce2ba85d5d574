//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

extension ConsoleAssets {
    /// `model.js`: a session's state from its events (no DOM).
    static let model = #"""
        // A session's state, built from its events alone: pure, no DOM, no network. The console feeds it
        // the replayed history, then the live events; the views read it.

        const FINISHED = new Set(["completed", "failed", "cancelled"]);

        /** Whether a task status is final. */
        export const isFinished = (status) => FINISHED.has(status);

        const parseTime = (iso) => (iso ? Date.parse(iso) : NaN);

        /** A task as the model keeps it, from the task JSON of an event. */
        function taskFields(json) {
          return {
            id: json.id,
            parentId: json.parent_task_id ?? null,
            title: json.title ?? "",
            description: json.description ?? "",
            status: json.status,
            assignedTo: json.assigned_to,
            createdBy: json.created_by,
            depth: json.depth ?? 0,
            createdAt: json.created_at,
            updatedAt: json.updated_at,
            completedAt: json.completed_at ?? null,
            result: json.result ?? null,
            error: json.error ?? null,
          };
        }

        function emptyTask(id) {
          return {
            id,
            parentId: null,
            title: "",
            description: "",
            status: "pending",
            startedAt: null,
            turns: [],
            streaming: "",
            usage: { input: 0, output: 0, calls: 0 },
            updates: [],
            context: new Map(),
            retries: [],
          };
        }

        export class SessionModel {
          /**
           * The text deltas applied to each task's current model call (task id → "sequence index"
           * keys), so that a repeated delta is applied once. A task's entry is dropped when its turn
           * is committed or its status changes: later deltas carry a later sequence.
           */
          #seenDeltas = new Map();

          constructor(sessionId) {
            this.sessionId = sessionId;
            /** Agent id → `{ id, index, name, role, model, running }`. */
            this.agents = new Map();
            /** Task id → task, in creation order. */
            this.tasks = new Map();
            /** What happened, for the event log: `{ sequence, type, timestamp, text }`. */
            this.log = [];
            /** The sequence of the last stored event applied. */
            this.lastSequence = 0;
            this.cancelled = false;
            this.deleted = false;
            this.firstEventAt = NaN;
            this.lastEventAt = NaN;
          }

          /** Sets the agents from `GET /multi-agent/agents/{session_id}`. */
          setAgents(agents) {
            for (const agent of agents) {
              const known = this.agents.get(agent.id);
              this.agents.set(agent.id, {
                id: agent.id,
                index: agent.index,
                name: agent.name,
                role: agent.role,
                model: agent.model,
                running: known?.running ?? agent.is_active,
              });
            }
          }

          /** An agent by id; a placeholder named after the id when the list does not have it. */
          agent(id) {
            return this.agents.get(id) ?? { id, index: Infinity, name: id ?? "?", role: "", model: "", running: false };
          }

          /**
           * Applies one event (the SessionEvent JSON); returns whether anything changed. A stored event at
           * or before the last sequence applied, or a text delta seen before, is ignored, so a replay that
           * overlaps is harmless.
           */
          apply(event) {
            const delta = event.type === "model_text_delta";
            if (delta) {
              const key = `${event.sequence} ${event.delta_index}`;
              let seen = this.#seenDeltas.get(event.task_id);
              if (!seen) {
                seen = new Set();
                this.#seenDeltas.set(event.task_id, seen);
              }
              if (seen.has(key)) return false;
              seen.add(key);
            } else if (event.type !== "session_deleted") {
              if (event.sequence <= this.lastSequence) return false;
              this.lastSequence = event.sequence;
            }
            const at = parseTime(event.timestamp);
            if (!Number.isNaN(at)) {
              if (Number.isNaN(this.firstEventAt) || at < this.firstEventAt) this.firstEventAt = at;
              if (Number.isNaN(this.lastEventAt) || at > this.lastEventAt) this.lastEventAt = at;
            }
            this.#apply(event, at);
            if (!delta) {
              const { sequence, type, timestamp } = event;
              this.log.push({ sequence, type, timestamp, text: this.describe(event) });
            }
            return true;
          }

          #apply(event, at) {
            switch (event.type) {
              case "task_created":
              case "task_completed":
              case "task_failed":
                this.#upsert(event.task);
                break;
              case "task_delegated":
                this.#upsert(event.child);
                break;
              case "task_status_changed": {
                this.#seenDeltas.delete(event.task_id);
                const task = this.#task(event.task_id);
                task.status = event.to;
                if (event.to === "in_progress" && task.startedAt === null) task.startedAt = at;
                if (isFinished(event.to)) task.finishedAt ??= at;
                // Text streamed since the last commit belongs to an attempt that did not finish.
                task.streaming = "";
                break;
              }
              case "update":
                this.#task(event.update.task_id).updates.push(event.update);
                break;
              case "context":
                this.#task(event.context.task_id).context.set(event.context.key, event.context);
                break;
              case "model_text_delta":
                this.#task(event.task_id).streaming += event.text;
                break;
              case "turn_committed": {
                this.#seenDeltas.delete(event.task_id);
                const task = this.#task(event.task_id);
                task.turns[event.turn] = event.text;
                task.streaming = "";
                if (event.usage) {
                  task.usage.input += event.usage.input_tokens ?? 0;
                  task.usage.output += event.usage.output_tokens ?? 0;
                  task.usage.calls += 1;
                }
                break;
              }
              case "model_retry": {
                const task = this.#task(event.task_id);
                task.streaming = "";
                task.retries.push({ attempt: event.attempt, wait: event.wait_seconds, reason: event.reason, at });
                break;
              }
              case "agent_started":
              case "agent_stopped":
                this.agents.set(event.agent_id, { ...this.agent(event.agent_id), running: event.type === "agent_started" });
                break;
              case "session_cancelled":
                this.cancelled = true;
                break;
              case "session_deleted":
                this.deleted = true;
                break;
            }
          }

          #task(id) {
            let task = this.tasks.get(id);
            if (!task) {
              task = emptyTask(id);
              this.tasks.set(id, task);
            }
            return task;
          }

          #upsert(json) {
            const task = Object.assign(this.#task(json.id), taskFields(json));
            const completedAt = parseTime(task.completedAt);
            if (isFinished(task.status) && !Number.isNaN(completedAt)) task.finishedAt = completedAt;
            return task;
          }

          /** The tasks without a parent in this session, oldest first. */
          roots() {
            return [...this.tasks.values()].filter((task) => !task.parentId || !this.tasks.has(task.parentId));
          }

          /** A task's subtasks, oldest first. */
          children(id) {
            return [...this.tasks.values()].filter((task) => task.parentId === id);
          }

          /** A task's model text: its committed turns, oldest first, then what the current call streams. */
          text(task) {
            return [...task.turns, task.streaming].filter(Boolean).join("\n\n");
          }

          /** When a task started (its first claim, else its creation), in ms since the epoch. */
          startOf(task) {
            return task.startedAt ?? parseTime(task.createdAt);
          }

          /** When a task finished, or `now` while it is open. */
          endOf(task, now) {
            if (!isFinished(task.status)) return now;
            return task.finishedAt ?? parseTime(task.updatedAt);
          }

          /** How long a task has run (ms): from its start to its end or `now`. */
          elapsed(task, now) {
            return this.endOf(task, now) - this.startOf(task);
          }

          /** Whether some task is still open. */
          get active() {
            return [...this.tasks.values()].some((task) => !isFinished(task.status));
          }

          /** Tokens, model calls, tasks and elapsed time of the whole session. */
          totals(now) {
            const totals = { input: 0, output: 0, calls: 0, tasks: this.tasks.size, open: 0, elapsed: NaN };
            for (const task of this.tasks.values()) {
              totals.input += task.usage.input;
              totals.output += task.usage.output;
              totals.calls += task.usage.calls;
              if (!isFinished(task.status)) totals.open += 1;
            }
            totals.tokens = totals.input + totals.output;
            const end = totals.open > 0 ? now : this.lastEventAt;
            if (!Number.isNaN(this.firstEventAt)) totals.elapsed = end - this.firstEventAt;
            return totals;
          }

          /**
           * One lane per agent (by index), each with its tasks' spans: `{ agent, spans: [{ task, start, end }] }`,
           * and the time the lanes cover, `{ from, to }`.
           */
          lanes(now) {
            const byAgent = new Map([...this.agents.values()].sort((a, b) => a.index - b.index).map((agent) => [agent.id, []]));
            let from = Infinity;
            let to = -Infinity;
            for (const task of this.tasks.values()) {
              const start = this.startOf(task);
              const end = Math.max(this.endOf(task, now), start);
              if (Number.isNaN(start)) continue;
              from = Math.min(from, start);
              to = Math.max(to, end);
              if (!byAgent.has(task.assignedTo)) byAgent.set(task.assignedTo, []);
              byAgent.get(task.assignedTo).push({ task, start, end });
            }
            const lanes = [...byAgent].map(([id, spans]) => ({ agent: this.agent(id), spans }));
            return { lanes, from, to: Math.max(to, from + 1000) };
          }

          /** One line about an event, for the log. */
          describe(event) {
            const title = (id) => this.tasks.get(id)?.title || id;
            const name = (id) => this.agent(id).name;
            switch (event.type) {
              case "task_created":
                return `${event.task.title} → ${name(event.task.assigned_to)}`;
              case "task_delegated":
                return `${title(event.parent_id)} delegated “${event.child.title}” to ${name(event.child.assigned_to)}`;
              case "task_status_changed":
                return `${title(event.task_id)}: ${event.from} → ${event.to}`;
              case "update":
                return `${title(event.update.task_id)}: ${event.update.content}`;
              case "context":
                return `${title(event.context.task_id)}: ${event.context.key} = ${event.context.value}`;
              case "turn_committed": {
                const turn = `${title(event.task_id)}: turn ${event.turn + 1} by ${name(event.agent_id)}`;
                if (!event.usage) return turn;
                return `${turn} (${event.usage.input_tokens ?? 0} tokens in, ${event.usage.output_tokens ?? 0} out)`;
              }
              case "model_retry":
                return (
                  `${title(event.task_id)}: attempt ${event.attempt} failed, retrying in ${event.wait_seconds} s: ` +
                  event.reason
                );
              case "task_completed":
                return `${event.task.title}: ${event.task.result ?? "completed"}`;
              case "task_failed":
                return `${event.task.title}: ${event.task.error ?? "failed"}`;
              case "agent_started":
              case "agent_stopped":
                return name(event.agent_id);
              case "session_cancelled":
                return "The session was cancelled";
              case "session_deleted":
                return "The session was deleted";
              default:
                return "";
            }
          }
        }
        """#
}

//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// `GET /`: a small page that shows a session live (its agents, its task tree, the text its models
/// are streaming, its events).
///
/// A `model_retry` event clears the text its task's failed attempt streamed and shows the retry.
///
/// The page holds no data: it calls the JSON endpoints and reads `/multi-agent/events` with
/// `fetch` (not `EventSource`, so that it can send the bearer token typed into it).
enum WebPage {
    static let html = #"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>AI2AI session</title>
        <style>
          body { font: 14px system-ui, sans-serif; margin: 2em; color: #222; }
          input { font: inherit; padding: 4px; } input#session { width: 24em; }
          table { border-collapse: collapse; margin: 1em 0; } td, th { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
          .completed { color: #070; } .failed { color: #a00; } .in_progress { color: #a60; } .waiting { color: #06a; }
          #events, #live { font: 12px ui-monospace, monospace; white-space: pre-wrap; max-height: 20em; overflow: auto; background: #f6f6f6; padding: 8px; }
          .retry { color: #a60; }
        </style></head>
        <body>
        <h1>AI2AI session</h1>
        <p><label>Session <input id="session" placeholder="session id"></label>
           <label>Token <input id="token" type="password" placeholder="only if the server needs one"></label>
           <button id="watch">Watch</button> <span id="state"></span></p>
        <h2>Agents</h2><table id="agents"></table>
        <h2>Tasks</h2><table id="tasks"></table>
        <h2>Model output</h2><div id="live"></div>
        <h2>Events</h2><div id="events"></div>
        <script>
        const $ = (id) => document.getElementById(id);
        const text = (value) => String(value ?? "").replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]);
        let controller = null;
        // Per task: the text its model call is streaming, and the last retry of that call.
        let live = {};
        function showLive() {
          $("live").innerHTML = Object.entries(live).map(([id, l]) =>
            `<b>${text(l.title || id)}</b>` + (l.retry ? ` <span class="retry">↻ ${text(l.retry)}</span>` : "") +
            "\n" + text(l.text.slice(-1500))).join("\n\n");
        }
        function headers() {
          const token = $("token").value.trim();
          return token ? { Authorization: "Bearer " + token } : {};
        }
        async function get(path) {
          const response = await fetch(path, { headers: headers() });
          const body = await response.json();
          if (!response.ok) throw new Error(body.detail || response.statusText);
          return body;
        }
        async function refresh(session) {
          const agents = (await get("/multi-agent/agents/" + session)).agents;
          const names = Object.fromEntries(agents.map((a) => [a.index, a.name]));
          $("agents").innerHTML = "<tr><th>#</th><th>Name</th><th>Role</th><th>Model</th><th>Running</th></tr>" +
            agents.map((a) => `<tr><td>${a.index}</td><td>${text(a.name)}</td><td>${text(a.role)}</td><td>${text(a.model)}</td><td>${a.is_active}</td></tr>`).join("");
          const tasks = (await get("/multi-agent/tasks/" + session)).tasks;
          for (const t of tasks) {
            if (t.status !== "in_progress") delete live[t.id];
            else if (live[t.id]) live[t.id].title = t.title;
          }
          showLive();
          const depth = {}; for (const t of tasks) depth[t.id] = t.parent_task_id ? (depth[t.parent_task_id] ?? 0) + 1 : 0;
          $("tasks").innerHTML = "<tr><th>Task</th><th>Status</th><th>Result</th></tr>" +
            tasks.map((t) => `<tr><td>${"&nbsp;".repeat(4 * depth[t.id])}${text(t.title)}</td><td class="${t.status}">${t.status}</td><td>${text(t.result ?? t.error)}</td></tr>`).join("");
        }
        async function watch() {
          const session = $("session").value.trim();
          if (!session) return;
          if (controller) controller.abort();
          controller = new AbortController();
          $("events").textContent = "";
          live = {};
          try {
            await refresh(session);
            const response = await fetch("/multi-agent/events/" + session, { headers: headers(), signal: controller.signal });
            if (!response.ok) throw new Error((await response.json()).detail);
            $("state").textContent = "live";
            const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
            let buffer = "";
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              buffer += value;
              let end;
              while ((end = buffer.indexOf("\n\n")) >= 0) {
                const frame = buffer.slice(0, end); buffer = buffer.slice(end + 2);
                const data = frame.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
                if (!data) continue;
                const event = JSON.parse(data);
                if (event.type === "model_text_delta") {
                  const l = live[event.task_id] ??= { text: "" };
                  l.text += event.text; l.retry = null; showLive();
                } else if (event.type === "model_retry") {
                  // The failed attempt's text is not part of the answer: drop it.
                  const retry = `attempt ${event.attempt} failed, retrying in ${event.wait_seconds.toFixed(1)} s: ${event.reason}`;
                  live[event.task_id] = { text: "", retry, title: live[event.task_id]?.title };
                  showLive();
                  $("events").textContent += event.timestamp + " model_retry " + retry + "\n";
                } else {
                  $("events").textContent += event.timestamp + " " + event.type + "\n";
                }
                if (!["model_text_delta", "model_retry", "update"].includes(event.type)) refresh(session);
              }
            }
            $("state").textContent = "stream ended";
          } catch (error) {
            if (error.name !== "AbortError") $("state").textContent = error.message;
          }
        }
        $("watch").onclick = watch;
        const initial = new URLSearchParams(location.search).get("session");
        if (initial) { $("session").value = initial; watch(); }
        </script>
        </body></html>
        """#
}

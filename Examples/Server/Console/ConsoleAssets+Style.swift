//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

extension ConsoleAssets {
    /// `style.css`: the layout, light and dark.
    static let style = #"""
        /* The AI2AI console: system fonts, light and dark from the user's preference, one column when narrow. */
        :root {
          color-scheme: light dark;
          --bg: #ffffff;
          --fg: #1f2328;
          --muted: #656d76;
          --panel: #f6f8fa;
          --line: #d0d7de;
          --accent: #0969da;
          --ok: #1a7f37;
          --bad: #cf222e;
          --busy: #9a6700;
          --wait: #0550ae;
          --radius: 6px;
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #0d1117;
            --fg: #e6edf3;
            --muted: #8d96a0;
            --panel: #161b22;
            --line: #30363d;
            --accent: #4493f8;
            --ok: #3fb950;
            --bad: #f85149;
            --busy: #d29922;
            --wait: #79c0ff;
          }
        }
        * { box-sizing: border-box; }
        [hidden] { display: none !important; }
        body { margin: 0; background: var(--bg); color: var(--fg); }
        h1 { font-size: 1.15rem; margin: 0; }
        h2 { font-size: 1.05rem; margin: 0; }
        h3 {
          font-size: 0.95rem;
          margin: 1.25rem 0 0.5rem;
          color: var(--muted);
          text-transform: uppercase;
          letter-spacing: 0.04em;
        }
        button, input, select, textarea { font: inherit; color: inherit; }
        button {
          background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius);
          padding: 0.3rem 0.7rem; cursor: pointer;
        }
        button:hover { border-color: var(--accent); }
        button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, .log:focus-visible {
          outline: 2px solid var(--accent); outline-offset: 1px;
        }
        button[type="submit"] { background: var(--accent); border-color: var(--accent); color: #fff; }
        input, select, textarea {
          background: var(--bg); border: 1px solid var(--line); border-radius: var(--radius); padding: 0.3rem 0.45rem;
          max-width: 100%;
        }
        label { display: inline-flex; flex-direction: column; gap: 0.15rem; font-size: 0.85rem; color: var(--muted); }
        label > input, label > select, label > textarea { color: var(--fg); font-size: 0.95rem; }
        code, pre, .log { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85rem; }
        .muted { color: var(--muted); }
        .error { color: var(--bad); }
        .error:empty { display: none; }
        .row { display: flex; align-items: center; justify-content: space-between; gap: 0.5rem; flex-wrap: wrap; }
        .grow { flex: 1 1 16rem; }
        .grow > textarea { width: 100%; resize: vertical; }

        .top {
          display: flex; align-items: center; gap: 1rem; padding: 0.6rem 1rem;
          border-bottom: 1px solid var(--line); background: var(--panel); flex-wrap: wrap;
        }
        .status-line { margin: 0; color: var(--muted); flex: 1; }
        .token-form {
          max-width: 28rem;
          margin: 3rem auto;
          padding: 1.25rem;
          border: 1px solid var(--line);
          border-radius: var(--radius);
          display: grid;
          gap: 0.75rem;
        }
        .token-form label > input { width: 100%; }

        .layout { display: grid; grid-template-columns: 18rem minmax(0, 1fr); gap: 0; min-height: calc(100vh - 3rem); }
        .layout.with-detail { grid-template-columns: 18rem minmax(0, 1fr) 22rem; }
        .sidebar { border-right: 1px solid var(--line); padding: 1rem; display: grid; gap: 1rem; align-content: start; }
        .session, .detail { padding: 1rem; min-width: 0; }
        .detail { border-left: 1px solid var(--line); background: var(--panel); overflow-wrap: anywhere; }
        @media (max-width: 900px) {
          .layout, .layout.with-detail { grid-template-columns: minmax(0, 1fr); }
          .sidebar { border-right: 0; border-bottom: 1px solid var(--line); }
          .detail { border-left: 0; border-top: 1px solid var(--line); }
        }

        .session-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.3rem; max-height: 40vh; overflow: auto; }
        .session-item { width: 100%; text-align: left; display: grid; grid-template-columns: 1fr auto; gap: 0 0.5rem; }
        .session-item[aria-current="true"] { border-color: var(--accent); box-shadow: inset 3px 0 0 var(--accent); }
        .session-item time { grid-column: 1 / -1; color: var(--muted); font-size: 0.8rem; }
        .create summary { cursor: pointer; font-weight: 600; }
        .create form { display: grid; gap: 0.6rem; margin-top: 0.6rem; }
        .create fieldset { border: 1px solid var(--line); border-radius: var(--radius); display: grid; gap: 0.5rem; }
        .agent-rows { margin: 0; padding-left: 1.2rem; display: grid; gap: 0.6rem; }
        .agent-row { display: grid; gap: 0.25rem; }
        .agent-row label > input { width: 100%; }

        .badge {
          font-size: 0.78rem;
          padding: 0 0.4rem;
          border-radius: 999px;
          border: 1px solid currentColor;
          white-space: nowrap;
        }
        .status-completed { color: var(--ok); }
        .status-failed, .status-cancelled { color: var(--bad); }
        .status-in_progress, .status-active { color: var(--busy); }
        .status-waiting, .status-pending { color: var(--wait); }
        .status-idle { color: var(--muted); }

        .totals { display: flex; flex-wrap: wrap; gap: 0.25rem 1.5rem; margin: 0.5rem 0 1rem; }
        .totals div { display: flex; gap: 0.4rem; align-items: baseline; }
        .totals dt { color: var(--muted); font-size: 0.85rem; }
        .totals dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
        .message-form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end; }

        .tree, .tree ul { list-style: none; margin: 0; padding: 0; }
        .tree ul { margin-left: 1.1rem; padding-left: 0.7rem; border-left: 1px dashed var(--line); }
        .task { margin: 0.35rem 0; }
        .task-head {
          width: 100%; text-align: left; display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.2rem 0.7rem;
          background: var(--panel);
        }
        .task-head[aria-pressed="true"] { border-color: var(--accent); }
        .task-title { font-weight: 600; flex: 1 1 12rem; }
        .task-meta { color: var(--muted); font-size: 0.82rem; font-variant-numeric: tabular-nums; }
        .stream {
          margin: 0.3rem 0 0 0.2rem; padding: 0.4rem 0.6rem; white-space: pre-wrap; overflow-wrap: anywhere;
          max-height: 12rem; overflow: auto; border-left: 3px solid var(--line); color: var(--fg);
        }
        .stream:empty { display: none; }
        .stream-live::after { content: "▍"; color: var(--accent); animation: blink 1s steps(1) infinite; }
        @keyframes blink { 50% { opacity: 0; } }
        @media (prefers-reduced-motion: reduce) { .stream-live::after { animation: none; } }
        .task-result, .task-error { margin: 0.3rem 0 0 0.2rem; padding: 0.3rem 0.6rem; border-left: 3px solid var(--ok); }
        .task-error { border-left-color: var(--bad); color: var(--bad); }
        .task-result:empty, .task-error:empty { display: none; }

        .lanes { display: grid; gap: 0.35rem; }
        .lane { display: grid; grid-template-columns: 9rem minmax(0, 1fr); gap: 0.5rem; align-items: center; }
        .lane-name { font-size: 0.85rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        .lane-track {
          position: relative;
          height: 1.4rem;
          background: var(--panel);
          border: 1px solid var(--line);
          border-radius: var(--radius);
        }
        .lane-bar {
          position: absolute; top: 2px; bottom: 2px; min-width: 4px; border-radius: 3px; padding: 0;
          background: currentColor; border: 0; opacity: 0.75;
        }
        .lane-bar:hover, .lane-bar:focus-visible { opacity: 1; }

        .log {
          margin: 0; padding: 0.4rem 0.6rem; list-style: none; max-height: 16rem; overflow: auto;
          background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius);
        }
        .log li { display: grid; grid-template-columns: 3.5rem 5.5rem 11rem minmax(0, 1fr); gap: 0.5rem; }
        .log .log-seq, .log time { color: var(--muted); }
        .log .log-text { overflow-wrap: anywhere; }
        @media (max-width: 600px) {
          .log li { grid-template-columns: 3rem minmax(0, 1fr); }
          .log time, .log .log-type { display: none; }
        }

        .detail h2 { margin-bottom: 0.5rem; }
        .detail dl { display: grid; gap: 0.2rem; margin: 0 0 0.75rem; }
        .detail dl > div { display: grid; grid-template-columns: 6.5rem minmax(0, 1fr); gap: 0.75rem; }
        .detail dt { color: var(--muted); }
        .detail dd { margin: 0; }
        .detail pre {
          white-space: pre-wrap;
          overflow-wrap: anywhere;
          background: var(--bg);
          border: 1px solid var(--line);
          border-radius: var(--radius);
          padding: 0.4rem 0.6rem;
        }
        .detail ol { padding-left: 1.2rem; }
        """#
}

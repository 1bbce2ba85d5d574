//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

extension ConsoleAssets {
    /// `index.html`, served at `/`; `{{auth}}` becomes `required` or `none`.
    static let indexTemplate = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <meta name="ai2ai-auth" content="{{auth}}">
        <title>AI2AI console</title>
        <link rel="icon" href="/console/favicon.svg" type="image/svg+xml">
        <link rel="stylesheet" href="/console/style.css">
        <script type="module" src="/console/app.js"></script>
        </head>
        <body>
        <header class="top">
          <h1>AI2AI console</h1>
          <p id="status" class="status-line" role="status" aria-live="polite">Loading…</p>
          <button type="button" id="forget-token" hidden>Forget token</button>
        </header>
        <form id="token-form" class="token-form" hidden>
          <h2>Bearer token</h2>
          <p>This server needs the token it was started with (<code>AI2AI_API_TOKEN</code>). It stays in this tab only.</p>
          <p id="token-message" class="error" role="alert"></p>
          <label>Token <input name="token" type="password" autocomplete="off" required></label>
          <button type="submit">Use token</button>
        </form>
        <main id="console" class="layout" hidden>
          <nav class="sidebar" aria-labelledby="sessions-title">
            <div class="row">
              <h2 id="sessions-title">Sessions</h2>
              <button type="button" id="refresh-sessions">Refresh</button>
            </div>
            <ul id="session-list" class="session-list"></ul>
            <details id="create-details" class="create" open>
              <summary>New session</summary>
              <form id="create-form">
                <label>Title <input name="title" placeholder="optional"></label>
                <fieldset>
                  <legend>Agents</legend>
                  <ol id="agent-rows" class="agent-rows"></ol>
                  <button type="button" id="add-agent">Add agent</button>
                </fieldset>
                <button type="submit">Create session</button>
              </form>
            </details>
          </nav>
          <section id="session" class="session" aria-labelledby="session-title" hidden>
            <div class="row">
              <h2 id="session-title"></h2>
              <button type="button" id="cancel-session">Cancel session</button>
            </div>
            <dl id="totals" class="totals"></dl>
            <form id="message-form" class="message-form">
              <label class="grow">Message <textarea name="message" rows="2" required></textarea></label>
              <label>To <select name="target"></select></label>
              <button type="submit">Send</button>
            </form>
            <h3>Tasks</h3>
            <p id="tree-empty" class="muted">No task yet: send a message.</p>
            <ul id="task-tree" class="tree"></ul>
            <h3>Agents</h3>
            <div id="lanes" class="lanes"></div>
            <h3 id="log-title">Events</h3>
            <ol id="event-log" class="log" tabindex="0" aria-labelledby="log-title"></ol>
          </section>
          <aside id="detail" class="detail" aria-labelledby="detail-title" hidden></aside>
        </main>
        </body>
        </html>
        """#
}

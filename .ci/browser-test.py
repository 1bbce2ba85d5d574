#!/usr/bin/env python3
"""The web console in a real browser (issue 14, item 5), run by `.ci/run run_browser_test`.

Against a server that needs a token and answers through .ci/fake-providers.py, it opens the
console, enters the token, creates a session with three agents and sends the lead a message that
makes it delegate, then checks that the task tree (the root and its subtask), the streamed text,
the final result, the agent lanes, the event log, the task detail and cancelling work. Then it
checks the console's SSE parser against every chunking of a stream, that a stream cut after
event 3 is resumed with `Last-Event-ID: 3` and every event shown once, and that a refused token
is asked for again. Throughout, the page must log no console error and throw no error. On failure
it saves a screenshot, the errors and the server log in a directory it prints.
`--screenshot PATH` saves the finished session (1280x800) there.
"""
import argparse
import json
import shutil
import socket
import sys
import tempfile
import time
import urllib.parse
import urllib.request

from playwright.sync_api import expect, sync_playwright

TIMEOUT_MS = 60_000


# The SSE parser against every way a stream can be cut into chunks: the events must not change.
PARSER_CHECK = """async () => {
  const { SSEParser } = await import("/console/sse.js");
  const stream = ": connected\\n\\nevent: task_created\\nid: 1\\ndata: {\\"a\\":\\ndata: 1}\\n\\n" +
    "event: model_text_delta\\r\\ndata: é 🙂\\r\\n\\r\\n: keep-alive\\n\\nid: 2\\ndata:x\\n\\n";
  const results = new Set();
  for (let size = 1; size <= stream.length; size += 1) {
    const parser = new SSEParser();
    const events = [];
    for (let at = 0; at < stream.length; at += size) events.push(...parser.push(stream.slice(at, at + size)));
    results.add(JSON.stringify([events, parser.lastEventId]));
  }
  return [...results];
}"""
PARSED = [
    [
        {"event": "task_created", "data": '{"a":\n1}', "id": "1"},
        {"event": "model_text_delta", "data": "é 🙂", "id": None},
        {"event": "message", "data": "x", "id": "2"},
    ],
    "2",
]


def check_parser(page):
    results = [json.loads(result) for result in page.evaluate(PARSER_CHECK)]
    assert results == [PARSED], f"the SSE parser depends on chunk boundaries: {results}"


def stored_frames(url, session_id, token):
    """The session's stored history as the server sends it: each SSE frame that has an id, as text."""
    request = urllib.request.Request(
        urllib.parse.urljoin(url, f"/multi-agent/events/{session_id}"),
        headers={"Authorization": f"Bearer {token}", "Accept": "text/event-stream"},
    )
    text = ""
    with urllib.request.urlopen(request, timeout=2) as response:
        try:
            while chunk := response.read1(65536):
                text += chunk.decode()
        except (TimeoutError, socket.timeout):
            pass  # The replay is over; the stream now waits for live events.
    return [frame + "\n\n" for frame in text.split("\n\n") if "\nid: " in f"\n{frame}"]


def check_resume(page, url, token):
    """A stream cut after event 3 resumes with Last-Event-ID: 3, and the log shows each event once."""
    session_id = page.evaluate("new URLSearchParams(location.hash.slice(1)).get('session')")
    frames = stored_frames(url, session_id, token)
    resumed_after = []

    def cut_first_stream(route):
        resumed_after.append(route.request.headers.get("last-event-id"))
        if len(resumed_after) == 1:
            route.fulfill(status=200, headers={"Content-Type": "text/event-stream"}, body="".join(frames[:3]))
        else:
            route.continue_()

    page.route("**/multi-agent/events/*", cut_first_stream)
    page.reload()
    expect(page.locator("#event-log .log-seq").last).to_have_text(f"#{len(frames)}")
    assert resumed_after[:2] == [None, "3"], f"Last-Event-ID of the first two requests: {resumed_after}"
    sequences = page.locator("#event-log .log-seq").all_text_contents()
    assert sequences == [f"#{n}" for n in range(1, len(frames) + 1)], f"the log is not every event once: {sequences}"
    expect(page.locator("#task-tree > li.task")).to_have_attribute("data-status", "completed")
    page.unroute("**/multi-agent/events/*")


def check_refused_token(page, token, problems):
    """A token the server refuses (401) is asked for again; the right one brings the session back."""
    page.evaluate("sessionStorage.setItem('ai2ai.token', 'wrong-token')")
    page.reload()
    expect(page.locator("#token-message")).to_contain_text("refused")
    expect(page.locator("#console")).to_be_hidden()
    # The browser logs each refused request; those are the ones this step causes on purpose.
    problems[:] = [problem for problem in problems if "status of 401" not in problem]
    page.get_by_label("Token").fill(token)
    page.get_by_role("button", name="Use token").click()
    expect(page.locator("#task-tree > li.task")).to_have_attribute("data-status", "completed")


def check_console(page, token):
    page.goto("/")
    # Nothing is asked of the API before the token is known.
    expect(page.locator("#console")).to_be_hidden()
    page.get_by_label("Token").fill(token)
    page.get_by_role("button", name="Use token").click()
    expect(page.locator("#token-form")).to_be_hidden()
    expect(page.get_by_role("heading", name="Sessions")).to_be_visible()

    page.get_by_label("Title").fill("Browser test")
    page.get_by_role("button", name="Add agent").click()
    expect(page.locator("#agent-rows > li")).to_have_count(3)
    page.get_by_role("button", name="Create session").click()
    expect(page.locator("#session-title")).to_have_text("Browser test")
    expect(page.locator(".session-item[aria-current=true]")).to_contain_text("Browser test")

    page.get_by_label("Message").fill("Please delegate: write a short report on the console.")
    page.locator("#message-form select[name=target]").select_option(label="Lead")
    page.get_by_role("button", name="Send").click()

    # The model's text streams under its task before the turn is committed.
    page.locator(".stream-live").first.wait_for(timeout=TIMEOUT_MS)

    root = page.locator("#task-tree > li.task")
    expect(root).to_have_count(1)
    child = root.locator(":scope > ul > li.task")
    expect(child).to_have_count(1, timeout=TIMEOUT_MS)
    expect(child.locator(".task-meta")).to_contain_text("Researcher")
    expect(child).to_have_attribute("data-status", "completed", timeout=TIMEOUT_MS)
    expect(root).to_have_attribute("data-status", "completed", timeout=TIMEOUT_MS)
    expect(root.locator(":scope > .task-result")).to_have_text("done")
    expect(root.locator(":scope > .stream")).to_contain_text("Working on")
    expect(root.locator(":scope > .task-head .task-meta")).to_contain_text("Lead")

    expect(page.locator("#lanes .lane")).to_have_count(3)
    expect(page.locator("#lanes .lane-bar")).to_have_count(2)
    expect(page.locator("#event-log")).to_contain_text("task_completed")
    expect(page.locator("#totals")).to_contain_text("finished")
    expect(page.locator(".session-item[aria-current=true]")).to_contain_text("completed")
    expect(page.locator("#totals")).to_contain_text("0 open")
    # The fake provider reports 10 tokens in and 5 out per call: two calls for the lead, one for the subtask.
    expect(page.locator("#totals")).to_contain_text("45 (30 in, 15 out)")
    expect(page.locator("#totals")).to_contain_text("Model calls3")
    expect(child.locator(".task-meta")).to_contain_text("15 tokens")

    root.locator(":scope > .task-head").click()
    detail = page.locator("#detail")
    expect(detail).to_be_visible()
    expect(detail.get_by_role("heading", name="Result")).to_be_visible()
    expect(detail.get_by_role("heading", name="Model turns")).to_be_visible()
    expect(detail.locator("pre").filter(has_text="Working on").first).to_be_visible()
    expect(detail).not_to_contain_text("[object")
    expect(detail).not_to_contain_text("false")

    page.get_by_role("button", name="Cancel session").click()
    expect(page.locator("#status")).to_have_text("Nothing was running.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--chromium", required=True)
    parser.add_argument("--server-log")
    parser.add_argument("--screenshot")
    args = parser.parse_args()

    problems = []
    start = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        page = browser.new_page(base_url=args.url, viewport={"width": 1280, "height": 800})
        page.set_default_timeout(TIMEOUT_MS)
        page.on("console", lambda line: line.type == "error" and problems.append(f"console error: {line.text}"))
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        try:
            check_console(page, args.token)
            check_parser(page)
            check_resume(page, args.url, args.token)
            check_refused_token(page, args.token, problems)
            if problems:
                raise AssertionError("the page reported errors:\n  " + "\n  ".join(problems))
            if args.screenshot:
                page.locator("#task-tree > li.task > .task-head").click()
                page.evaluate("window.scrollTo(0, 0)")
                page.screenshot(path=args.screenshot)
        except Exception as error:
            keep = tempfile.mkdtemp(prefix="ai2ai-browser-test-")
            page.screenshot(path=f"{keep}/page.png", full_page=True)
            if args.server_log:
                shutil.copy(args.server_log, f"{keep}/server.log")
            with open(f"{keep}/problems.txt", "w") as file:
                file.write("\n".join(problems) + "\n")
            print(f"browser test failed: {error}", file=sys.stderr)
            print(f"screenshots and the server log are in {keep}", file=sys.stderr)
            return 1
        finally:
            browser.close()
    print(f"browser test passed in {time.monotonic() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

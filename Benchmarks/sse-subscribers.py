#!/usr/bin/env python3
"""Server memory with many SSE subscribers, some of which never read (issue 14).

Starts `ai2ai-server` (the binary given) on a fresh SQLite file against a loopback fake
OpenAI-compatible provider whose every answer streams a long text in many small deltas, opens
SUBSCRIBERS connections to GET /multi-agent/events/{session} spread over SESSIONS sessions, of
which STALLED never read a byte (a 4 KiB receive buffer), and runs ROUNDS rounds of one message
per session. After each round it reads the server's resident anonymous memory (RssAnon), and
counts how many of the stalled connections the server has closed. A reference run does the same
with every subscriber reading.

    Benchmarks/sse-subscribers.py .build/release/ai2ai-server [--rounds 10] [--deltas 4000] [--rate 400]

Standard library only. Prints one Markdown table row per run on standard output.
"""
import argparse
import asyncio
import json
import os
import socket
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from loopback import free_port, request, start_server


def fake_provider(deltas, rate):
    """An OpenAI-compatible fake: every streamed answer is `deltas` text deltas at `rate` deltas per
    second (0: all at once), then complete_task."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            chunks = [{"choices": [{"index": 0, "delta": {"content": "word %05d, " % i}}]} for i in range(deltas)]
            call = {"index": 0, "id": "c1", "type": "function",
                    "function": {"name": "complete_task", "arguments": json.dumps({"result": "done"})}}
            chunks.append({"choices": [{"index": 0, "delta": {"tool_calls": [call]}, "finish_reason": "tool_calls"}]})
            chunks.append({"choices": [], "usage": {"prompt_tokens": 10, "completion_tokens": deltas}})
            events = [("data: " + json.dumps(c) + "\n\n").encode() for c in chunks] + [b"data: [DONE]\n\n"]
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Content-Length", str(sum(len(e) for e in events)))
            self.end_headers()
            # Batches of a tenth of a second's deltas, so that the stream has the given rate.
            batch = max(1, rate // 10) if rate else len(events)
            for start in range(0, len(events), batch):
                self.wfile.write(b"".join(events[start:start + batch]))
                self.wfile.flush()
                if rate:
                    time.sleep(batch / rate)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def rss_anon(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) * 1024
    return 0


async def reader(port, session, stats):
    """Reads the session's events as a client would: counts completed tasks and, when the server
    cuts the connection (a reader that fell too far behind), resumes after the last id it saw."""
    last_id = None
    while True:
        r, w = await asyncio.open_connection("127.0.0.1", port)
        resume = f"Last-Event-ID: {last_id}\r\n" if last_id else ""
        w.write(f"GET /multi-agent/events/{session} HTTP/1.1\r\nHost: 127.0.0.1\r\n{resume}\r\n".encode())
        await w.drain()
        tail = b""
        try:
            while True:
                chunk = await r.read(1 << 16)
                if not chunk:
                    stats["reader_cuts"] += 1
                    break
                data = tail + chunk
                # Count whole frames only; keep the unfinished end for the next read.
                cut = data.rfind(b"\n\n") + 2
                frames, tail = data[:cut], data[cut:]
                stats["completions"] += frames.count(b"event: task_completed\n")
                frames = b"\n" + frames
                at = frames.rfind(b"\nid: ")
                if at >= 0:
                    last_id = frames[at + 5:frames.index(b"\n", at + 1)].decode().strip()
        except (ConnectionError, asyncio.CancelledError):
            return
        finally:
            w.close()


def stalled(port, session):
    """A connection that asks for the events and never reads."""
    conn = socket.socket()
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    conn.connect(("127.0.0.1", port))
    conn.sendall(f"GET /multi-agent/events/{session} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    return conn


def closed_by_server(conn):
    """Whether the server closed a never-read connection (read what waits; EOF or reset)."""
    conn.setblocking(False)
    try:
        while True:
            chunk = conn.recv(1 << 20)
            if not chunk:
                return True
    except BlockingIOError:
        return False
    except ConnectionError:
        return True


async def run(args, stalled_count):
    provider = fake_provider(args.deltas, args.rate)
    work = tempfile.mkdtemp()
    port = free_port()
    env = dict(os.environ, HOST="127.0.0.1", PORT=str(port), MALLOC_ARENA_MAX="2", LOG_LEVEL="warning",
               DATABASE_URL=f"sqlite://{work}/bench.sqlite", DEFAULT_PROVIDER="openai", OPENAI_API_KEY="x",
               OPENAI_BASE_URL=f"http://127.0.0.1:{provider.server_port}/v1",
               AI2AI_IDLE_TIMEOUT_SECONDS=str(args.idle_timeout))
    server = start_server(args.binary, port, env)
    try:
        sessions = [request(port, "POST", "/multi-agent/create", {"num_agents": 1})["session_id"]
                    for _ in range(args.sessions)]
        stats = {"completions": 0, "reader_cuts": 0}
        per_session = args.subscribers // args.sessions
        stalled_per_session = stalled_count // args.sessions
        stalls = [stalled(port, s) for s in sessions for _ in range(stalled_per_session)]
        readers = [asyncio.create_task(reader(port, s, stats))
                   for s in sessions for _ in range(per_session - stalled_per_session)]
        await asyncio.sleep(2)
        levels = [rss_anon(server.pid)]
        for round_ in range(args.rounds):
            for s in sessions:
                request(port, "POST", "/multi-agent/message", {"session_id": s, "message": f"round {round_}"})
            deadline = time.monotonic() + 600
            while not all(t["status"] == "completed" for s in sessions
                          for t in request(port, "GET", f"/multi-agent/tasks/{s}")["tasks"]):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"round {round_ + 1} did not finish")
                await asyncio.sleep(0.5)
            await asyncio.sleep(2)
            levels.append(rss_anon(server.pid))
            print(f"[sse-subscribers] stalled={stalled_count} round {round_ + 1}: "
                  f"RssAnon {levels[-1] / 2**20:.1f} MiB", file=sys.stderr)
        # Give the server the idle timeout to close the stalled connections, then count them.
        await asyncio.sleep(args.idle_timeout + 2)
        closed = sum(closed_by_server(c) for c in stalls)
        final = rss_anon(server.pid)
        for task in readers:
            task.cancel()
        for conn in stalls:
            conn.close()
        return levels, final, closed, len(stalls), stats, len(readers)
    finally:
        server.terminate()
        server.wait()
        provider.shutdown()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--subscribers", type=int, default=500)
    parser.add_argument("--stalled", type=int, default=100)
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--deltas", type=int, default=4000)
    parser.add_argument("--rate", type=int, default=400, help="text deltas per second per answer (0: at once)")
    parser.add_argument("--idle-timeout", type=int, default=10)
    args = parser.parse_args()
    print("| Subscribers (never reading) | RssAnon after start → each round | Last round − round 1 | "
          "Stalled closed by the server | Reader reconnections | `task_completed` seen by readers |")
    print("|---|---|---|---|---|---|")
    for stalled_count in (0, args.stalled):
        levels, final, closed, stalls, stats, readers = asyncio.run(run(args, stalled_count))
        mib = lambda b: f"{b / 2**20:.1f} MiB"
        print(f"| {args.subscribers} ({stalled_count}) | " + " → ".join(mib(l) for l in levels)
              + f" | {mib(levels[-1] - levels[1])} | {closed} of {stalls} | {stats['reader_cuts']} | "
              f"{stats['completions']} of {readers * args.rounds} |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""How soon a subscriber hears of events that another process wrote (issue 14).

Starts two `ai2ai-server` processes (the binary given) on one SQLite file. Server A has the model
provider (.ci/fake-providers.py, which streams each answer over about a second) and works every
task; server B has none, so it never claims one: every event of the session is written by A. A
client follows the session's events on B while messages go to A, and records, for each stored
event, the time between the event's timestamp (taken by A in the transaction that stored it) and
its arrival through B. Both processes read the same wall clock.

    Benchmarks/sse-cross-process.py .build/release/ai2ai-server [--messages 20]

Standard library only. Prints a Markdown table row on standard output.
"""
import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime

import loopback
from loopback import free_port, request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def start_server(binary, port, database, extra):
    env = dict(os.environ, HOST="127.0.0.1", PORT=str(port), DATABASE_URL=f"sqlite://{database}",
               LOG_LEVEL="warning", DEFAULT_PROVIDER="ollama")
    env.update(extra)
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        if name not in extra:
            env.pop(name, None)
    return loopback.start_server(binary, port, env)


def follow(port, session, since, latencies, stop):
    """Reads the session's events on `port`; records arrival minus timestamp for stored events
    written after `since`."""
    conn = socket.create_connection(("127.0.0.1", port))
    conn.sendall(f"GET /multi-agent/events/{session} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    conn.settimeout(0.5)
    buffer = b""
    while not stop.is_set():
        try:
            chunk = conn.recv(65536)
        except socket.timeout:
            continue
        if not chunk:
            break
        arrived = time.time()
        buffer += chunk
        *frames, buffer = buffer.split(b"\n\n")
        for frame in frames:
            lines = frame.split(b"\n")
            if not any(line.startswith(b"id: ") for line in lines):
                continue
            data = next((line[6:] for line in lines if line.startswith(b"data: ")), None)
            if data is None:
                continue
            stamp = datetime.fromisoformat(json.loads(data)["timestamp"].replace("Z", "+00:00")).timestamp()
            if stamp >= since:
                latencies.append(arrived - stamp)
    conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--messages", type=int, default=20)
    args = parser.parse_args()
    work = tempfile.mkdtemp()
    fake = subprocess.Popen([sys.executable, os.path.join(ROOT, ".ci", "fake-providers.py")],
                            stdout=subprocess.PIPE, text=True)
    servers = []
    try:
        fake_port = int(fake.stdout.readline())
        database = os.path.join(work, "shared.sqlite")
        port_a, port_b = free_port(), free_port()
        servers.append(start_server(args.binary, port_a, database, {
            "OPENAI_BASE_URL": f"http://127.0.0.1:{fake_port}/v1", "OPENAI_API_KEY": "x", "DEFAULT_PROVIDER": "openai"}))
        servers.append(start_server(args.binary, port_b, database, {}))
        session = request(port_a, "POST", "/multi-agent/create",
                          {"num_agents": 1, "agent_models": ["openai:m"]})["session_id"]
        latencies, stop = [], threading.Event()
        since = time.time()
        reader = threading.Thread(target=follow, args=(port_b, session, since, latencies, stop))
        reader.start()
        time.sleep(1)
        for index in range(args.messages):
            request(port_a, "POST", "/multi-agent/message", {"session_id": session, "message": f"Step {index}"})
            deadline = time.time() + 60
            while any(t["status"] != "completed" for t in request(port_a, "GET", f"/multi-agent/tasks/{session}")["tasks"]):
                if time.time() > deadline:
                    raise RuntimeError("a task did not complete")
                time.sleep(0.2)
        time.sleep(1)
        stop.set()
        reader.join()
        if not latencies:
            raise RuntimeError("no event arrived through the second process")
        ms = sorted(1000 * value for value in latencies)
        p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
        print("| Events (written by A, read through B) | median | p95 | max |")
        print("|---|---|---|---|")
        print(f"| {len(ms)} | {statistics.median(ms):.0f} ms | {p95:.0f} ms | {ms[-1]:.0f} ms |")
    finally:
        for server in servers:
            server.terminate()
            server.wait()
        fake.terminate()
        fake.wait()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Measures ai2ai-server under slow clients (Documentation/Operations.md, "Slow clients").

Opens N connections to a running server that send nothing (`--mode silent`) or a request head one
byte every few seconds (`--mode trickle`). Meanwhile a separate process (so that the slow
connections' event loop does not delay it) times GET /health on a fresh connection every
`--probe-interval` seconds. It stops once the server has closed every slow connection (or `--wait`
runs out), then reports the latencies (while all the slow connections were open, while the server
was closing them) and how long the server kept them. Standard library only.

    python3 .ci/slow-clients.py --port 8001 --connections 1000 --mode silent
    python3 .ci/slow-clients.py --port 8001 --connections 1000 --mode trickle --interval 5
"""
import argparse
import asyncio
import multiprocessing
import resource
import socket
import statistics
import time

HEAD = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
HEALTH = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


def health(port):
    """One GET /health on a new connection; returns (start, milliseconds)."""
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(HEALTH)
        answer = b""
        while chunk := connection.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200"), answer[:80]
    return start, (time.monotonic() - start) * 1000


def prober(port, interval, stop, results):
    probes = []
    while not stop.is_set():
        probes.append(health(port))
        time.sleep(interval)
    results.put(probes)


async def slow_connection(args, opened, closes):
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", args.port)
    except OSError as error:
        opened.append(False)
        print("connect failed:", error)
        return
    opened.append(True)

    async def trickle():
        for byte in HEAD + b"a" * 10_000:
            await asyncio.sleep(args.interval)
            writer.write(bytes([byte]))
            await writer.drain()

    sender = asyncio.create_task(trickle()) if args.mode == "trickle" else None
    try:
        while await reader.read(4096):
            pass
    except (ConnectionError, OSError):
        pass  # a reset is a close too
    closes.append(time.monotonic())
    if sender:
        sender.cancel()
    writer.close()


def summary(values, unit):
    if not values:
        return "none"
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return (f"n={len(values)} min={values[0]:.1f}{unit} median={statistics.median(values):.1f}{unit} "
            f"p95={p95:.1f}{unit} max={values[-1]:.1f}{unit}")


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--mode", choices=["silent", "trickle"], default="silent")
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between bytes (trickle)")
    parser.add_argument("--probe-interval", type=float, default=0.1, help="seconds between GET /health probes")
    parser.add_argument("--wait", type=float, default=90.0, help="seconds to wait for the server to close them")
    args = parser.parse_args()
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    before = [health(args.port)[1] for _ in range(5)]
    print(f"GET /health before: {summary(before, ' ms')}")
    stop, results = multiprocessing.Event(), multiprocessing.Queue()
    probe_process = multiprocessing.Process(target=prober, args=(args.port, args.probe_interval, stop, results))

    opened, closes = [], []
    began = time.monotonic()
    tasks = [asyncio.create_task(slow_connection(args, opened, closes)) for _ in range(args.connections)]
    while len(opened) < args.connections:
        await asyncio.sleep(0.01)
    all_open_at = time.monotonic()
    connected = sum(opened)
    print(f"{connected} slow connections ({args.mode}) open {all_open_at - began:.2f} s after the first connect")
    probe_process.start()

    deadline = time.monotonic() + args.wait
    while len(closes) < connected and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    stop.set()
    probes = results.get()
    probe_process.join()

    def open_at(instant):
        return connected - sum(1 for close in closes if close <= instant)

    all_open = [latency for start, latency in probes if open_at(start) == connected]
    closing = [latency for start, latency in probes if 0 < open_at(start) < connected]
    print(f"GET /health while all {connected} were open: {summary(all_open, ' ms')}")
    print(f"GET /health while the server was closing them: {summary(closing, ' ms')}")
    slowest = sorted(probes, key=lambda probe: -probe[1])[:3]
    print("slowest probes: " + ", ".join(f"{latency:.1f} ms at {start - began:.1f} s ({open_at(start)} open)"
                                         for start, latency in slowest))
    kept = [close - began for close in closes]
    print(f"closed by the server: {len(closes)} of {connected}, "
          f"{summary(kept, ' s')} after the first connect")
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main())

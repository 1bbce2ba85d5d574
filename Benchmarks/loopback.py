"""Loopback helpers shared by the Python benchmarks (sse-subscribers.py, sse-cross-process.py):
a free port, one HTTP request, and an ai2ai-server started with a given environment. Standard
library only."""
import json
import socket
import subprocess
import time


def free_port():
    """A TCP port free on 127.0.0.1 now."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def request(port, method, path, body=None):
    """One HTTP/1.1 request on a fresh connection; the JSON answer, or an error unless 200."""
    conn = socket.create_connection(("127.0.0.1", port))
    data = json.dumps(body).encode() if body is not None else b""
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    head += f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n"
    conn.sendall(head.encode() + data)
    chunks = []
    while True:
        chunk = conn.recv(65536)
        if not chunk:
            break
        chunks.append(chunk)
    conn.close()
    status_line, rest = b"".join(chunks).decode().split("\r\n", 1)
    answer = rest.split("\r\n\r\n", 1)[1]
    if " 200 " not in status_line:
        raise RuntimeError(f"{method} {path}: {status_line} {answer}")
    return json.loads(answer or "null")


def start_server(binary, port, env):
    """Starts ai2ai-server on `port` with `env` and returns it once it accepts connections."""
    server = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port)).close()
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("ai2ai-server exited at start")
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("ai2ai-server did not start")

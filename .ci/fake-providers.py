#!/usr/bin/env python3
"""A loopback stand-in for model providers, for the schemathesis step of .ci/run.

POST /v1/chat/completions (OpenAI-compatible) and POST /api/chat (Ollama) answer at once: with
tools, a `complete_task` tool call; without, a short feedback text in the five sections. They
stream when asked to (SSE and NDJSON), as the real APIs do. It prints its port on standard output
and serves until it is killed. Standard library only.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FEEDBACK = (
    "FEEDBACK_SUMMARY: Sound.\nREASONING_ASSESSMENT: Clear.\nKNOWLEDGE_GAPS: None.\n"
    "SUGGESTED_APPROACH: Go on.\nADDITIONAL_CONSIDERATIONS: None.\n"
)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        try:
            request = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            request = {}
        if self.path.endswith("/api/chat"):
            return self.ollama(request)
        if not self.path.endswith("/chat/completions"):
            return self.answer(404, "application/json", json.dumps({"error": {"message": "not found"}}))
        message = {"role": "assistant", "content": FEEDBACK}
        finish = "stop"
        if request.get("tools"):
            arguments = json.dumps({"result": "done"})
            call = {"id": "call_1", "type": "function", "function": {"name": "complete_task", "arguments": arguments}}
            message = {"role": "assistant", "content": None, "tool_calls": [call]}
            finish = "tool_calls"
        usage = {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}
        model = request.get("model", "fake")
        if not request.get("stream"):
            body = {"id": "c1", "object": "chat.completion", "model": model, "usage": usage,
                    "choices": [{"index": 0, "message": message, "finish_reason": finish}]}
            return self.answer(200, "application/json", json.dumps(body))
        delta = dict(message)
        if "tool_calls" in delta:
            delta["tool_calls"] = [dict(delta["tool_calls"][0], index=0)]
        chunks = [
            {"choices": [{"index": 0, "delta": delta, "finish_reason": None}]},
            {"choices": [{"index": 0, "delta": {}, "finish_reason": finish}]},
            {"choices": [], "usage": usage},
        ]
        events = "".join(
            "data: " + json.dumps(dict(chunk, id="c1", object="chat.completion.chunk", model=model)) + "\n\n"
            for chunk in chunks
        )
        self.answer(200, "text/event-stream", events + "data: [DONE]\n\n")

    def ollama(self, request):
        message = {"role": "assistant", "content": FEEDBACK}
        if request.get("tools"):
            message = {"role": "assistant", "content": "",
                       "tool_calls": [{"function": {"name": "complete_task", "arguments": {"result": "done"}}}]}
        done = {"model": request.get("model", "fake"), "message": {"role": "assistant", "content": ""}, "done": True,
                "done_reason": "stop", "prompt_eval_count": 10, "eval_count": 5}
        if request.get("stream", True) is False:
            return self.answer(200, "application/json", json.dumps(dict(done, message=message)))
        lines = [{"model": request.get("model", "fake"), "message": message, "done": False}, done]
        self.answer(200, "application/x-ndjson", "".join(json.dumps(line) + "\n" for line in lines))

    def answer(self, status, content_type, text):
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()

#!/usr/bin/env python3
"""A loopback stand-in for model providers, for the schemathesis step of .ci/run.

POST /v1/chat/completions (OpenAI-compatible) and POST /api/chat (Ollama) answer: with tools (an
agent's turn), a sentence about the task and a tool call; without, a short feedback text in the
five sections. The tool call is `complete_task` with the result "done", except that a task whose
description contains "delegate" first gets a `delegate_task` to the first agent it may delegate
to (the browser test's delegation). They stream when asked to (SSE and NDJSON), as the real APIs
do; an agent's sentence arrives a few words at a time, 0.1 s apart, so that a client sees it
stream. It prints its port on standard output and serves until it is killed. Standard library only.
"""
import json
import re
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FEEDBACK = (
    "FEEDBACK_SUMMARY: Sound.\nREASONING_ASSESSMENT: Clear.\nKNOWLEDGE_GAPS: None.\n"
    "SUGGESTED_APPROACH: Go on.\nADDITIONAL_CONSIDERATIONS: None.\n"
)

WORD_DELAY_SECONDS = 0.1


def text_of(message):
    content = message.get("content")
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return content or ""


def agent_turn(request):
    """What an agent's turn answers: (sentence streamed in words, tool name, arguments)."""
    messages = request.get("messages") or []
    opening = next((text_of(m) for m in messages if m.get("role") == "user"), "")
    # The first Title/Description lines are the task's own; its parent's come later.
    title = re.search(r"^Title: (.*)$", opening, re.M)
    description = re.search(r"^Description: (.*)$", opening, re.M)
    title = title.group(1) if title else "the task"
    words = ["Working", "on", f"\u201c{title}\u201d:", "reading", "the", "task,", "then", "acting."]
    functions = [tool.get("function") or {} for tool in request.get("tools") or []]
    tools = {function.get("name"): function for function in functions}
    first_turn = not any(m.get("role") == "tool" for m in messages)
    if "delegate_task" in tools and first_turn and description and "delegate" in description.group(1).lower():
        properties = (tools["delegate_task"].get("parameters") or {}).get("properties") or {}
        agents = (properties.get("agent") or {}).get("enum")
        if agents:
            arguments = {"agent": agents[0], "title": "Gather the facts",
                         "description": "Collect the facts the parent task needs."}
            return words, "delegate_task", arguments
    return words, "complete_task", {"result": "done"}


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
        words = []
        if request.get("tools"):
            words, name, arguments = agent_turn(request)
            call = {"id": "call_1", "type": "function", "function": {"name": name, "arguments": json.dumps(arguments)}}
            message = {"role": "assistant", "content": " ".join(words), "tool_calls": [call]}
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
            delta["content"] = None
        chunks = [
            {"choices": [{"index": 0, "delta": {"content": word + " "}, "finish_reason": None}]} for word in words
        ] + [
            {"choices": [{"index": 0, "delta": delta, "finish_reason": None}]},
            {"choices": [{"index": 0, "delta": {}, "finish_reason": finish}]},
            {"choices": [], "usage": usage},
        ]
        events = [
            "data: " + json.dumps(dict(chunk, id="c1", object="chat.completion.chunk", model=model)) + "\n\n"
            for chunk in chunks
        ]
        self.answer(200, "text/event-stream", events + ["data: [DONE]\n\n"], paced=len(words))

    def ollama(self, request):
        message = {"role": "assistant", "content": FEEDBACK}
        words = []
        if request.get("tools"):
            words, name, arguments = agent_turn(request)
            message = {"role": "assistant", "content": " ".join(words),
                       "tool_calls": [{"function": {"name": name, "arguments": arguments}}]}
        model = request.get("model", "fake")
        done = {"model": model, "message": {"role": "assistant", "content": ""}, "done": True,
                "done_reason": "stop", "prompt_eval_count": 10, "eval_count": 5}
        if request.get("stream", True) is False:
            return self.answer(200, "application/json", json.dumps(dict(done, message=message)))
        if words:
            message = dict(message, content="")
        lines = [
            {"model": model, "message": {"role": "assistant", "content": word + " "}, "done": False} for word in words
        ] + [{"model": model, "message": message, "done": False}, done]
        self.answer(200, "application/x-ndjson", [json.dumps(line) + "\n" for line in lines], paced=len(words))

    def answer(self, status, content_type, text, paced=0):
        """Sends `text` (a string, or a list of pieces); the first `paced` pieces each wait a moment first."""
        pieces = [text] if isinstance(text, str) else text
        encoded = [piece.encode() for piece in pieces]
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(sum(len(piece) for piece in encoded)))
        self.end_headers()
        try:
            for index, piece in enumerate(encoded):
                if index < paced:
                    time.sleep(WORD_DELAY_SECONDS)
                self.wfile.write(piece)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # The server gave up on the call (a cancelled task, a deleted session).


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()

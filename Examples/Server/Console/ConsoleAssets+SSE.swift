//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

extension ConsoleAssets {
    /// `sse.js`: the server-sent events parser and the reconnecting reader.
    static let sse = #"""
        // Server-sent events read with fetch(), so that the request can carry the bearer token
        // (EventSource cannot send headers). `SSEParser` is a pure state machine over text chunks;
        // `followEvents` reads a stream and reconnects with backoff, resuming after the last event id.

        /** Parses `text/event-stream` text as it arrives, whatever the chunk boundaries. */
        export class SSEParser {
          #pending = "";
          #skipLineFeed = false;
          #data = [];
          #event = "";
          #frameId = null;
          /** The last `id:` seen: what a reconnect sends as `Last-Event-ID`. */
          lastEventId = "";

          /**
           * Feeds a chunk of decoded text and returns the events it completes, each
           * `{ event, data, id }` (`event` is `message` when the frame names none; `id` is the frame's own
           * `id:` or null). Comments and unknown fields are skipped.
           */
          push(text) {
            // A "\r" that ended the previous chunk may be the first half of "\r\n".
            if (this.#skipLineFeed && text.startsWith("\n")) text = text.slice(1);
            this.#skipLineFeed = text.endsWith("\r");
            const lines = (this.#pending + text).split(/\r\n|\r|\n/);
            this.#pending = lines.pop();
            const events = [];
            for (const line of lines) this.#line(line, events);
            return events;
          }

          #line(line, events) {
            if (line === "") {
              if (this.#data.length > 0) {
                events.push({ event: this.#event || "message", data: this.#data.join("\n"), id: this.#frameId });
              }
              this.#data = [];
              this.#event = "";
              this.#frameId = null;
              return;
            }
            if (line.startsWith(":")) return;
            const colon = line.indexOf(":");
            const field = colon < 0 ? line : line.slice(0, colon);
            let value = colon < 0 ? "" : line.slice(colon + 1);
            if (value.startsWith(" ")) value = value.slice(1);
            if (field === "data") this.#data.push(value);
            else if (field === "event") this.#event = value;
            else if (field === "id" && !value.includes("\0")) {
              this.lastEventId = value;
              this.#frameId = value;
            }
          }
        }

        /** An answer that retrying cannot fix (401, 404, ...). */
        export class StreamRefused extends Error {
          constructor(status) {
            super(`The event stream was refused (HTTP ${status})`);
            this.name = "StreamRefused";
            this.status = status;
          }
        }

        /** Waits, or less when `signal` aborts. */
        const sleep = (milliseconds, signal) =>
          new Promise((resolve) => {
            const done = () => {
              clearTimeout(timer);
              signal.removeEventListener("abort", done);
              resolve();
            };
            const timer = setTimeout(done, milliseconds);
            signal.addEventListener("abort", done);
          });

        /**
         * Reads the event stream at `path` until `signal` aborts or `onEvent` returns `false`.
         *
         * A dropped connection (the server cuts a reader that falls behind, a restart, a network error,
         * a 5xx) is retried after 0.5 s, doubling to 10 s, with `Last-Event-ID`, so that the server
         * resumes after the last stored event seen. A 4xx answer ends it with `StreamRefused`.
         *
         * @param {string} path
         * @param {{ headers: () => object, onEvent: (frame) => boolean | void,
         *           onState?: (state: "connecting" | "live" | "reconnecting") => void,
         *           signal: AbortSignal, lastEventId?: string }} options
         */
        export async function followEvents(path, { headers, onEvent, onState = () => {}, signal, lastEventId = "" }) {
          let delay = 500;
          while (!signal.aborted) {
            onState("connecting");
            try {
              const request = { Accept: "text/event-stream", ...headers() };
              if (lastEventId) request["Last-Event-ID"] = lastEventId;
              const response = await fetch(path, { headers: request, signal, cache: "no-store" });
              if (response.status >= 400 && response.status < 500) throw new StreamRefused(response.status);
              if (response.ok && response.body) {
                onState("live");
                delay = 500;
                const parser = new SSEParser();
                parser.lastEventId = lastEventId;
                const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
                for (;;) {
                  const { value, done } = await reader.read();
                  if (done) break;
                  for (const frame of parser.push(value)) {
                    lastEventId = parser.lastEventId;
                    if (onEvent(frame) === false) {
                      reader.cancel().catch(() => {});
                      return;
                    }
                  }
                  lastEventId = parser.lastEventId;
                }
              }
            } catch (error) {
              if (error instanceof StreamRefused) throw error;
              // Aborted, or the connection failed: stop or retry below.
            }
            if (signal.aborted) return;
            onState("reconnecting");
            await sleep(delay, signal);
            delay = Math.min(delay * 2, 10_000);
          }
        }
        """#
}

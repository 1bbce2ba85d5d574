//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

extension ConsoleAssets {
    /// `dom.js`: element helpers that only ever insert text.
    static let dom = #"""
        // DOM helpers. Text always goes in as text nodes (never as HTML), so data cannot inject markup.

        /** Creates an element: `h("button", { type: "button", onclick }, "Label", child)`. */
        export function h(tag, attributes = {}, ...children) {
          const element = document.createElement(tag);
          for (const [name, value] of Object.entries(attributes)) {
            if (value === undefined || value === null || value === false) continue;
            if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
            else if (name === "class") element.className = value;
            else element.setAttribute(name, value === true ? "" : String(value));
          }
          append(element, children);
          return element;
        }

        /** Appends children (nested arrays too), skipping null, undefined and false; strings become text nodes. */
        export function append(element, children) {
          for (const child of children.flat(Infinity)) {
            if (child === null || child === undefined || child === false) continue;
            element.append(child instanceof Node ? child : document.createTextNode(String(child)));
          }
        }

        /** The element with an id; throws when the page lacks it (a bug, not a runtime condition). */
        export function byId(id) {
          const element = document.getElementById(id);
          if (!element) throw new Error(`#${id} is missing from the page`);
          return element;
        }

        /** Whether a scrolled element shows its end (within a few pixels). */
        export function isAtBottom(element) {
          return element.scrollHeight - element.scrollTop - element.clientHeight < 24;
        }

        /** Runs `change`, then keeps the element scrolled to its end if it was there before. */
        export function followingBottom(element, change) {
          const follow = isAtBottom(element);
          change();
          if (follow) element.scrollTop = element.scrollHeight;
        }

        /** A definition list's entries: `[["Agent", "Lead"], ...]` as `<div><dt><dd></div>` pairs. */
        export function definitions(pairs) {
          return pairs
            .filter(([, value]) => value !== null && value !== undefined && value !== "")
            .map(([term, value]) => h("div", {}, h("dt", {}, term), h("dd", {}, value)));
        }
        """#

    /// `format.js`: how durations, counts and times are shown.
    static let format = #"""
        // How numbers and times are shown. Pure functions.

        /** A duration in milliseconds: `850 ms`, `12.4 s`, `3 min 05 s`, `2 h 07 min`. */
        export function duration(milliseconds) {
          if (!Number.isFinite(milliseconds) || milliseconds < 0) return "–";
          if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
          const seconds = milliseconds / 1000;
          if (seconds < 60) return `${seconds.toFixed(1)} s`;
          const minutes = Math.floor(seconds / 60);
          if (minutes < 60) return `${minutes} min ${String(Math.floor(seconds % 60)).padStart(2, "0")} s`;
          return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
        }

        /** A count with thousands separators. */
        export function count(value) {
          return Number(value ?? 0).toLocaleString("en");
        }

        /** A count and a noun: `1 task`, `1,234 tokens`. */
        export function plural(value, noun) {
          return `${count(value)} ${noun}${value === 1 ? "" : "s"}`;
        }

        /** Input and output tokens: `1,234 in, 56 out`. */
        export function usage(input, output) {
          return `${count(input)} in, ${count(output)} out`;
        }

        /** The local time of an ISO 8601 timestamp, to the second. */
        export function time(iso) {
          const date = new Date(iso);
          return Number.isNaN(date.getTime()) ? "" : date.toLocaleTimeString([], { hour12: false });
        }

        /** The local date and time of an ISO 8601 timestamp. */
        export function dateTime(iso) {
          const date = new Date(iso);
          return Number.isNaN(date.getTime()) ? "" : date.toLocaleString([], { hour12: false });
        }

        /** A status as words: `in_progress` → `in progress`. */
        export function status(value) {
          return String(value ?? "").replaceAll("_", " ");
        }
        """#
}

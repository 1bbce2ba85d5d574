//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation

/// The web console's static files, embedded in the server binary: plain HTML, CSS and JavaScript
/// modules with no build step and no request to any other origin, so the console works offline.
///
/// ``ConsoleRoutes`` serves ``index`` at `/` and every other asset at `/console/<name>`.
enum ConsoleAssets {
    /// One file of the console.
    struct Asset: Sendable {
        /// The name under `/console/` (`app.js`).
        var name: String
        /// The `Content-Type` it is served with.
        var contentType: String
        /// Its text.
        var body: String

        /// The path it is served at.
        var path: String { "/console/\(name)" }
    }

    static let javaScript = "text/javascript; charset=utf-8"

    /// Every file served under `/console/`.
    static let files: [Asset] = [
        Asset(name: "style.css", contentType: "text/css; charset=utf-8", body: style),
        Asset(name: "favicon.svg", contentType: "image/svg+xml", body: favicon),
        Asset(name: "app.js", contentType: javaScript, body: app),
        Asset(name: "api.js", contentType: javaScript, body: api),
        Asset(name: "sse.js", contentType: javaScript, body: sse),
        Asset(name: "model.js", contentType: javaScript, body: model),
        Asset(name: "dom.js", contentType: javaScript, body: dom),
        Asset(name: "format.js", contentType: javaScript, body: format),
        Asset(name: "view-sessions.js", contentType: javaScript, body: viewSessions),
        Asset(name: "view-session.js", contentType: javaScript, body: viewSession),
        Asset(name: "view-detail.js", contentType: javaScript, body: viewDetail),
    ]

    /// The page at `/`. `authRequired` goes into `<meta name="ai2ai-auth">`, so that the console
    /// asks for the token before its first request instead of collecting a 401.
    static func index(authRequired: Bool) -> Asset {
        Asset(
            name: "index.html",
            contentType: "text/html; charset=utf-8",
            body: indexTemplate.replacingOccurrences(of: "{{auth}}", with: authRequired ? "required" : "none")
        )
    }

    /// The `Content-Security-Policy` of every asset: nothing but this origin, no inline script or
    /// style, no framing.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
}

//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation
import HTTPTypes
import Testing

@testable import AI2AIServer

@Suite("The web console's files")
struct ConsoleTests {
    static let token = "console-token"

    static var secured: ServerConfiguration {
        var configuration = ServerConfiguration.testing
        configuration.apiToken = token
        return configuration
    }

    /// Every path the console serves: the page and each file under `/console/`.
    static var paths: [String] { ["/"] + ConsoleAssets.files.map(\.path) }

    @Test("each file is served without a token, with its content type, the CSP, no-cache and an ETag")
    func servedWithHeaders() async throws {
        let expected = Dictionary(uniqueKeysWithValues: ConsoleAssets.files.map { ($0.path, $0.contentType) })
        try await TestHarness(configuration: Self.secured).run(.live) { client in
            for path in Self.paths {
                let response = try await client.send(.get, path)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.contentType] == expected[path] ?? "text/html; charset=utf-8", "\(path)")
                let policy = try #require(response.headers[.contentSecurityPolicy], "\(path)")
                #expect(policy.contains("default-src 'self'"))
                #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
                #expect(response.headers[.cacheControl] == "no-cache", "\(path)")
                let tag = try #require(response.headers[.eTag], "\(path)")
                let again = try await client.send(.get, path, headers: [.ifNoneMatch: tag])
                #expect(again.status == .notModified, "\(path)")
                #expect(again.text.isEmpty)
            }
        }
    }

    @Test("the page says whether a token is needed, and the API still needs it")
    func tokenStillGuardsTheAPI() async throws {
        try await TestHarness(configuration: Self.secured).run(.live) { client in
            let page = try await client.send(.get, "/")
            #expect(page.text.contains(#"<meta name="ai2ai-auth" content="required">"#))
            #expect(try await client.send(.get, "/multi-agent/sessions").status == .unauthorized)
            let sessions = try await client.send(
                .get,
                "/multi-agent/sessions",
                headers: [.authorization: "Bearer \(Self.token)"]
            )
            #expect(sessions.status == .ok)
        }
        try await TestHarness().run(.live) { client in
            let page = try await client.send(.get, "/")
            #expect(page.text.contains(#"<meta name="ai2ai-auth" content="none">"#))
        }
    }

    @Test("every same-origin reference in the files (src, href, imports) is served")
    func referencesResolve() async throws {
        try await TestHarness().run(.live) { client in
            var references: Set<String> = []
            for path in Self.paths {
                let response = try await client.send(.get, path)
                references.formUnion(Self.references(in: response.text, at: path))
            }
            #expect(references.contains("/console/app.js"))
            #expect(references.contains("/console/model.js"), "app.js imports model.js")
            #expect(references.isSuperset(of: ConsoleAssets.files.map(\.path)), "every file is used")
            for reference in references {
                let response = try await client.send(.get, reference)
                #expect(response.status == .ok, "\(reference)")
            }
        }
    }

    @Test("no file names another origin")
    func noOtherOrigin() {
        // The SVG namespace is a name, not an address the browser loads.
        let namespace = "http://www.w3.org/2000/svg"
        for asset in ConsoleAssets.files + [ConsoleAssets.index(authRequired: true)] {
            let text = asset.body.replacingOccurrences(of: namespace, with: "")
            #expect(!text.contains("http://") && !text.contains("https://"), "\(asset.name)")
            #expect(!text.contains("//cdn"), "\(asset.name)")
        }
    }

    @Test("an unknown file is a JSON 404")
    func unknownFile() async throws {
        try await TestHarness(configuration: Self.secured).run(.live) { client in
            for path in ["/console/x.js", "/console/app.js.map", "/console/index.html"] {
                let response = try await client.send(.get, path)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.detail == "Not Found", "\(path)")
            }
        }
    }

    /// The paths a file refers to, resolved against its own path: `src="..."`, `href="..."`,
    /// and module specifiers (`from "./x.js"`, `import "./x.js"`).
    static func references(in text: String, at path: String) -> Set<String> {
        let patterns = [#"(?:src|href)="([^"]+)""#, #"(?:from|import)\s+"([^"]+)""#]
        var found: Set<String> = []
        for pattern in patterns {
            let expression = try? NSRegularExpression(pattern: pattern)
            let range = NSRange(text.startIndex..., in: text)
            for match in expression?.matches(in: text, range: range) ?? [] {
                guard let captured = Range(match.range(at: 1), in: text) else { continue }
                found.insert(resolve(String(text[captured]), against: path))
            }
        }
        return found
    }

    /// `./x.js` against `/console/app.js` is `/console/x.js`; an absolute path stays.
    static func resolve(_ reference: String, against path: String) -> String {
        guard !reference.hasPrefix("/") else { return reference }
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let relative = reference.hasPrefix("./") ? String(reference.dropFirst(2)) : reference
        return "\(directory)/\(relative)"
    }
}

//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import HTTPTypes
import Hummingbird
import NIOCore
import Prometheus

/// `GET /health`, `GET /metrics` and `GET /openapi.json`.
struct SystemRoutes: Sendable {
    let services: ServerServices

    func register(on router: Router<some RequestContext>) {
        let document = OpenAPIDocument.make(configuration: services.configuration, models: services.models)
        router.get("/health") { _, _ in
            Response.json(["status": "ok"] as [String: String])
        }
        router.get("/openapi.json") { _, _ in
            Response.json(document)
        }
        // Behind the token like the rest: the counts say what the server is doing.
        let metrics = services.metrics
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: Self.prometheusContentType],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer()))
            )
        }
    }

    /// The Prometheus text exposition format, version 0.0.4.
    static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"
}

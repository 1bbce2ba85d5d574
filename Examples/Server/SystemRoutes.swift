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

/// `GET /health` and `GET /openapi.json`.
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
    }
}

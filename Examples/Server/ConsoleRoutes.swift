//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /` (the console's page) and `GET /console/{file}` (its style sheet, scripts and icon),
/// from ``ConsoleAssets``. They need no token: they hold no data, and the console sends the token
/// on its own API requests.
///
/// Every answer carries a strict `Content-Security-Policy`, `Cache-Control: no-cache` and an
/// `ETag`, so that a browser revalidates (and gets 304) instead of downloading again.
struct ConsoleRoutes: Sendable {
    let configuration: ServerConfiguration

    /// The path prefix of the assets; ``AuthMiddleware`` leaves it open.
    static let prefix = "/console/"

    func register(on router: Router<some RequestContext>) {
        let index = Served(ConsoleAssets.index(authRequired: configuration.apiToken != nil))
        let files = Dictionary(uniqueKeysWithValues: ConsoleAssets.files.map { ($0.name, Served($0)) })
        router.get("/") { request, _ in
            index.response(to: request)
        }
        router.get("/console/{file}") { request, context in
            guard let file = context.parameters.get("file"), let asset = files[file] else {
                throw APIError(.notFound, "Not Found")
            }
            return asset.response(to: request)
        }
    }

    /// An asset with its bytes and entity tag, computed once.
    private struct Served: Sendable {
        let contentType: String
        let bytes: ByteBuffer
        let entityTag: String

        init(_ asset: ConsoleAssets.Asset) {
            contentType = asset.contentType
            bytes = ByteBuffer(string: asset.body)
            entityTag = "\"\(Self.hash(asset.body.utf8))\""
        }

        func response(to request: Request) -> Response {
            var headers: HTTPFields = [
                .contentSecurityPolicy: ConsoleAssets.contentSecurityPolicy,
                .cacheControl: "no-cache",
                .eTag: entityTag,
                .xContentTypeOptions: "nosniff",
            ]
            if let match = request.headers[.ifNoneMatch],
                match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == entityTag })
            {
                return Response(status: .notModified, headers: headers)
            }
            headers[.contentType] = contentType
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: bytes))
        }

        /// FNV-1a, 64 bits, in hexadecimal: enough to tell two versions of a file apart.
        private static func hash(_ bytes: String.UTF8View) -> String {
            var value: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes {
                value = (value ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            return String(value, radix: 16)
        }
    }
}

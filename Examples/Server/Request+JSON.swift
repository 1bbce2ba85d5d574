//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension Request {
    /// Decodes the JSON body, reading at most `limit` bytes.
    ///
    /// - Throws: ``APIError`` 413 for a body over the limit, 400 for an empty or malformed body,
    ///   422 for a missing or wrongly typed field (the detail names the field).
    func decodeJSON<Value: Decodable>(_ type: Value.Type, limit: Int) async throws -> Value {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, APIError.tooLarge + " (limit \(limit) bytes)")
        }
        guard buffer.readableBytes > 0 else {
            throw APIError(.badRequest, "The request body is empty; expected a JSON object")
        }
        let data = Data(buffer.readableBytesView)
        do {
            return try JSONDecoder.ai2ai.decode(Value.self, from: data)
        } catch let error as DecodingError {
            let isJSON = (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil
            throw APIError(decoding: error, isJSON: isJSON)
        }
    }
}

extension APIError {
    /// Describes a decoding failure: 400 for text that is not JSON, 422 naming the field otherwise.
    init(decoding error: DecodingError, isJSON: Bool) {
        switch error {
        case .keyNotFound(let key, let context):
            self = .invalidField(Self.path(context.codingPath + [key]), "field required")
        case .typeMismatch(let type, let context):
            if context.codingPath.isEmpty {
                self.init(.unprocessableContent, "The request body must be a JSON object")
            } else {
                self = .invalidField(Self.path(context.codingPath), "expected \(Self.jsonType(type))")
            }
        case .valueNotFound(let type, let context):
            self = .invalidField(Self.path(context.codingPath), "expected \(Self.jsonType(type)), got null")
        case .dataCorrupted(let context):
            if !isJSON {
                self.init(.badRequest, "The request body is not valid JSON")
            } else if context.codingPath.isEmpty {
                self.init(.unprocessableContent, "Invalid value: \(context.debugDescription)")
            } else {
                self = .invalidField(Self.path(context.codingPath), context.debugDescription)
            }
        @unknown default:
            self.init(.badRequest, "The request body could not be read")
        }
    }

    /// `agent_names[2]`, `target_agents[0]`, `num_agents`.
    private static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "body" : text
    }

    private static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is UInt64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "a boolean"
        case is [Any].Type: "an array"
        case is [String: Any].Type: "an object"
        default: "a value of type \(type)"
        }
    }
}

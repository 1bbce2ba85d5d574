//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI

extension OpenAPIDocument {
    /// The model strings that `ModelRegistry.resolve` accepts with the configured providers, as a
    /// JSON Schema, so that the document says which models a request may name. One of:
    ///
    /// - `provider:model` with a configured provider (any case) and something after the colon;
    /// - with the default provider configured, a model of it: no colon, a slash before the first
    ///   colon (`meta-llama/llama-3-8b:free`), or, when it is Ollama (whose tags have colons,
    ///   `llama3.2:3b`), any word before the colon but a known provider's;
    /// - blank, for the default model (a 503 when it cannot be used).
    ///
    /// Only positive patterns (no `not`, which generators approximate), and no `$` where a final
    /// line break could follow, so that generators and validators of every regular expression
    /// dialect agree. Without a registry, any string.
    static func modelName(_ models: ModelRegistry?) -> JSONValue {
        guard let models else {
            return ["type": "string", "description": "`provider:model`, or a model of the default provider"]
        }
        typealias S = OpenAPISchema
        let registered = models.providerNames
        let known = Set(registered).union(ModelRegistry.knownProviderNames).sorted()
        let space = "[\(S.spaces)]*"
        var patterns: [String] = []
        if !registered.isEmpty {
            patterns.append("^\(space)(\(S.anyCase(registered))):\(space)[^\(S.spaces)]")
        }
        let defaultProvider = models.defaultProvider.lowercased()
        if models.provider(named: defaultProvider) != nil {
            patterns.append("^[^:]*$")
            patterns.append("^[^:]*/")
            if defaultProvider == "ollama" {
                patterns.append("^\(space)\(S.noneOf(known, excludingFirst: S.spaces)):")
            }
        } else {
            // Blank to the very end: `$` may match before a final line break.
            patterns.append("^\(space)(?![\\s\\S])")
        }
        return [
            "type": "string",
            "anyOf": .array(patterns.map { ["pattern": .string($0)] }),
            "description": .string(
                "`provider:model` with a configured provider (\(registered.joined(separator: ", "))), or a model "
                    + "of the default provider (\(defaultProvider)); blank for the default model"
            ),
        ]
    }
}

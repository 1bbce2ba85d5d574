//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

@_exported public import AI2AICore

/// A language model behind some API: OpenAI, OpenRouter, Anthropic, Ollama, or a fake in tests.
///
/// Both methods take the whole conversation; a provider keeps no state between calls. Collecting
/// the events of stream(_:) (see ModelResponse/collect(_:)) gives the same
/// ModelResponse as complete(_:) for the same answer.
///
/// ```swift
/// let provider = OpenAICompatibleProvider(configuration: .openRouter(apiKey: key))
/// let answer = try await provider.complete(ModelRequest(model: "openai/gpt-4o", messages: [.user("Hi")]))
/// print(answer.text)
/// ```
public protocol ModelProvider: Sendable {
    /// Sends a request and waits for the whole answer.
    /// - Throws: ProviderError.
    func complete(_ request: ModelRequest) async throws -> ModelResponse

    /// Sends a request and returns its answer as it arrives. The request starts when iteration
    /// starts; stopping the iteration (or cancelling its task) cancels the request. A cancelled
    /// iteration simply ends, as `AsyncThrowingStream` does, so check `Task.isCancelled` after
    /// the loop. The stream finishes with a ProviderError on failure.
    func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelStreamEvent, any Error>
}

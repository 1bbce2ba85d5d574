//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Section 3: a streamed completion from a loopback server through each provider client, against
/// a raw AsyncHTTPClient request that reads the same bytes. The ratio is the client's overhead
/// (request encoding, SSE/NDJSON decoding, JSON parsing, the event stream).
struct ProviderBench {
    var runs: Int
    var quick: Bool

    static let deltas = 1_000

    private enum Client: String, CaseIterable {
        case openAI = "OpenAICompatibleProvider"
        case anthropic = "AnthropicProvider"
        case ollama = "OllamaProvider"

        var wire: StreamBodies.Wire {
            switch self {
            case .openAI: .openAI
            case .anthropic: .anthropic
            case .ollama: .ollama
            }
        }

        var path: String {
            switch self {
            case .openAI: "/v1/chat/completions"
            case .anthropic: "/v1/messages"
            case .ollama: "/api/chat"
            }
        }

        func provider(baseURL: String) -> any ModelProvider {
            switch self {
            case .openAI:
                OpenAICompatibleProvider(configuration: .compatible(baseURL: baseURL + "/v1", apiKey: "bench"))
            case .anthropic:
                AnthropicProvider(configuration: .init(baseURL: baseURL, apiKey: "bench"))
            case .ollama:
                OllamaProvider(configuration: .init(baseURL: baseURL))
            }
        }
    }

    func run() async throws -> [Row] {
        var routes: [String: LoopbackServer.Route] = [:]
        for client in Client.allCases {
            routes[client.path] = LoopbackServer.Route(
                contentType: StreamBodies.contentType(client.wire),
                body: StreamBodies.body(client.wire, deltas: Self.deltas)
            )
        }
        let server = try await LoopbackServer.start(routes: routes)
        var rows: [Row] = []
        do {
            for client in Client.allCases {
                Report.progress("providers: \(client.rawValue) against raw AsyncHTTPClient")
                let bytes = routes[client.path]?.body.readableBytes ?? 0
                let row = try await measure(client, server: server, bodyBytes: bytes)
                Report.print([row])
                rows.append(row)
            }
        } catch {
            try await server.shutdown()
            throw error
        }
        try await server.shutdown()
        return rows
    }

    private func measure(_ client: Client, server: LoopbackServer, bodyBytes: Int) async throws -> Row {
        let provider = client.provider(baseURL: server.baseURL)
        let request = ModelRequest(
            model: "bench-model",
            messages: [.system("You are a benchmark."), .user("Say a lot.")]
        )
        let url = server.baseURL + client.path
        let requests = quick ? 10 : 25
        // Warm up connections and code paths.
        for _ in 0..<3 {
            _ = try await Self.raw(url)
            _ = try await Self.streamed(provider, request)
        }
        var rawTimes: [Double] = []
        var clientTimes: [Double] = []
        for _ in 0..<runs {
            // Interleave the two, so that both see the same machine load.
            var raw: [Double] = []
            var viaClient: [Double] = []
            for _ in 0..<requests {
                var stopwatch = Stopwatch()
                let bytes = try await Self.raw(url)
                raw.append(stopwatch.seconds)
                guard bytes == bodyBytes else { throw BenchError("raw read \(bytes) of \(bodyBytes) bytes") }
                stopwatch = Stopwatch()
                let deltas = try await Self.streamed(provider, request)
                viaClient.append(stopwatch.seconds)
                guard deltas == Self.deltas else { throw BenchError("\(client.rawValue) gave \(deltas) text deltas") }
            }
            rawTimes.append(Statistics.median(raw))
            clientTimes.append(Statistics.median(viaClient))
        }
        let rawTime = Statistics.median(rawTimes)
        let clientTime = Statistics.median(clientTimes)
        return Row(
            section: "Providers",
            name: "\(client.rawValue) stream vs raw AsyncHTTPClient",
            result: "client \(Format.latency(clientTime)) (\(Self.throughput(bodyBytes, clientTime))) · "
                + "raw \(Format.latency(rawTime)) (\(Self.throughput(bodyBytes, rawTime))) · "
                + "overhead ×\(Format.number(clientTime / rawTime))",
            runs: runs,
            notes: "\(Self.deltas) deltas, \(Format.bytes(Double(bodyBytes))) \(client.wire.rawValue) in 4 KiB writes; "
                + "median request of \(requests) per run"
        )
    }

    private static func throughput(_ bytes: Int, _ seconds: Double) -> String {
        "\(Format.rate(Double(bytes) / 1e6 / seconds)) MB/s"
    }

    /// Reads the whole answer with AsyncHTTPClient; returns its size.
    private static func raw(_ url: String) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"model":"bench-model","stream":true,"messages":[]}"#))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        var bytes = 0
        for try await chunk in response.body { bytes += chunk.readableBytes }
        return bytes
    }

    /// Streams the answer through a provider client; returns how many text deltas came.
    private static func streamed(_ provider: any ModelProvider, _ request: ModelRequest) async throws -> Int {
        var deltas = 0
        for try await event in provider.stream(request) {
            if case .textDelta = event { deltas += 1 }
        }
        return deltas
    }
}

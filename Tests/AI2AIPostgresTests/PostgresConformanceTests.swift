//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIPostgres
import AI2AIStorage
import AI2AITesting
import Testing

/// The store conformance suite against PostgreSQL, each check on a database of its own. The checks
/// could run in parallel; they run one at a time so that the server's connections stay few while
/// the rest of the test suite runs beside them.
@Suite(.enabled(if: PostgresTestServer.isConfigured, PostgresTestServer.skipReason), .serialized)
struct PostgresConformanceTests {
    @Test(arguments: StoreConformance.checks)
    func postgres(_ check: StoreConformance.Check) async throws {
        try await PostgresTestServer.withDatabase { configuration in
            var opened: PostgresStore?
            do {
                try await check.run { clock in
                    var configuration = configuration
                    configuration.clock = clock
                    let store = try await PostgresStore(configuration: configuration, logger: PostgresTestServer.logger)
                    opened = store
                    return store
                }
            } catch {
                await opened?.close()
                throw error
            }
            await opened?.close()
        }
    }
}

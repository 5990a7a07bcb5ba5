import Foundation
import ResourceCatalog
import Sandbox

/// The sandbox side of `bench download`: a sandbox seeded with large skus, run in this
/// process or in a child process that serves until its standard input closes.
package enum DownloadBenchSandbox {
    /// How the client reaches the sandbox.
    package struct Connection: Sendable {
        package var baseURL: URL
        package var authURL: URL
        package var clientID: String
        package var clientSecret: String
    }

    /// A running sandbox and how to stop it.
    package struct Handle: Sendable {
        package var connection: Connection
        package var stop: @Sendable () async -> Void
    }

    /// Approximate bytes an exported sku takes besides its description (keys, nulls, ids).
    static let recordOverhead = 420

    /// Records and description length for an export of about `megabytes` MB: 50 records per MB
    /// (20 KB each) up to the export cap of 10,000, longer descriptions beyond 200 MB.
    package static func plan(megabytes: Int) -> (records: Int, descriptionBytes: Int) {
        let records = min(CommerceLayerLimits.exportMaxRecords, megabytes * 50)
        return (records, max(1, megabytes * 1_000_000 / records - recordOverhead))
    }

    /// Starts a seeded sandbox in this process.
    package static func startInProcess(megabytes: Int) async throws -> Handle {
        let (server, connection, database) = try await startServer(megabytes: megabytes)
        return Handle(connection: connection) {
            await server.shutdown()
            removeDatabase(database)
        }
    }

    /// Runs as the child: seeds, serves, prints the connection as one JSON line, and stops
    /// when standard input reaches its end (the parent closed it or exited).
    package static func serveUntilStdinCloses(megabytes: Int) async throws {
        let (server, connection, database) = try await startServer(megabytes: megabytes)
        let line: JSONValue = [
            "base_url": .string(connection.baseURL.absoluteString),
            "auth_url": .string(connection.authURL.absoluteString),
            "client_id": .string(connection.clientID), "client_secret": .string(connection.clientSecret),
        ]
        await ChildProcess.announceAndWaitForParent(line)
        await server.shutdown()
        removeDatabase(database)
    }

    /// Deletes the store's SQLite file and its WAL and shared-memory companions.
    private static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Starts this binary with `arguments` (the command line that runs
    /// `serveUntilStdinCloses(megabytes:)`) and reads the child's connection line.
    package static func startChild(arguments: [String]) async throws -> Handle {
        let child = try await ChildProcess.start(arguments: arguments)
        let line = child.firstLine
        let stop = child.stop
        guard let json = try? JSONValue.parse(line),
            let base = json["base_url"]?.stringValue.flatMap(URL.init(string:)),
            let auth = json["auth_url"]?.stringValue.flatMap(URL.init(string:)),
            let clientID = json["client_id"]?.stringValue, let secret = json["client_secret"]?.stringValue
        else {
            await stop()
            throw BenchmarkError("the sandbox child process did not start (exit status \(child.terminationStatus()))")
        }
        return Handle(
            connection: Connection(baseURL: base, authURL: auth, clientID: clientID, clientSecret: secret), stop: stop)
    }

    /// A sandbox on 127.0.0.1 (rate limits off, store in a temporary SQLite file) seeded with
    /// the skus of `plan(megabytes:)` in its test environment.
    private static func startServer(megabytes: Int) async throws -> (SandboxServer, Connection, String) {
        var configuration = SandboxConfiguration()
        configuration.limits.rateLimits = .off
        let database = FileManager.default.temporaryDirectory
            .appendingPathComponent("layerclone-bench-sandbox-\(UUID().uuidString).sqlite").path
        configuration.server.databasePath = database
        let server = try SandboxServer(configuration: configuration)
        let (records, descriptionBytes) = plan(megabytes: megabytes)
        try seed(server, records: records, descriptionBytes: descriptionBytes)
        let endpoint = try await server.start()
        guard let credentials = server.credentials[.test], let base = URL(string: endpoint.baseURL),
            let auth = URL(string: endpoint.authURL)
        else { throw BenchmarkError("the sandbox started without test credentials") }
        return (
            server,
            Connection(
                baseURL: base, authURL: auth, clientID: credentials.clientID, clientSecret: credentials.clientSecret),
            database
        )
    }

    /// Writes a shipping category and `records` skus straight into the store (no HTTP), 500
    /// per transaction, each description cut from a pool of pseudo-random words so the file
    /// compresses like text (about 3:1), not to nothing.
    private static func seed(_ server: SandboxServer, records: Int, descriptionBytes: Int) throws {
        let catalog = ResourceCatalog.commerceLayer
        let stamp: JSONValue = "2026-01-01T00:00:00.000Z"
        let category = StoredRecord(
            id: StoredRecord.newID(), type: "shipping_categories", environment: .test,
            attributes: ["name": "Bench", "code": "BENCH", "created_at": stamp, "updated_at": stamp], relationships: [:]
        )
        let pool = words(bytes: max(1 << 20, descriptionBytes * 4))
        let skus = catalog.spec("skus")
        try server.state.store.writeSync { transaction in
            try transaction.insert(
                category,
                naturalKey: NaturalKey.key(
                    spec: catalog.spec("shipping_categories"), attributes: category.attributes, relationships: [:]))
        }
        for batch in stride(from: 0, to: records, by: 500) {
            try server.state.store.writeSync { transaction in
                for index in batch..<min(records, batch + 500) {
                    let start = (index &* 7919) % (pool.count - descriptionBytes)
                    let attributes: [String: JSONValue] = [
                        "code": .string(String(format: "BENCH-%06d", index)), "name": .string("Bench sku \(index)"),
                        "description": .string(String(decoding: pool[start..<start + descriptionBytes], as: UTF8.self)),
                        "created_at": stamp, "updated_at": stamp,
                    ]
                    let relationships: [String: RelationshipValue] = [
                        "shipping_category": .one(RecordRef(type: "shipping_categories", id: category.id))
                    ]
                    try transaction.insert(
                        StoredRecord(
                            id: StoredRecord.newID(), type: "skus", environment: .test, attributes: attributes,
                            relationships: relationships),
                        naturalKey: NaturalKey.key(spec: skus, attributes: attributes, relationships: relationships))
                }
            }
        }
    }

    /// `bytes` ASCII characters of lowercase pseudo-words (SplitMix64, fixed seed).
    private static func words(bytes: Int) -> [UInt8] {
        let syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "qua", "bri", "sto"].map {
            Array($0.utf8)
        }
        var state: UInt64 = 7
        var out = [UInt8]()
        out.reserveCapacity(bytes + 16)
        while out.count < bytes {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            value ^= value >> 31
            for shift in stride(from: 8, to: 8 + Int(value % 3 + 1) * 4, by: 4) {
                out.append(contentsOf: syllables[Int((value >> UInt64(shift)) % 12)])
            }
            out.append(UInt8(ascii: " "))
        }
        return Array(out.prefix(bytes))
    }
}

import ArgumentParser
import CommerceLayerAPI
import Foundation
import Logging
import ResourceCatalog
import Sandbox

#if canImport(Glibc)
    import Glibc
#endif

/// `layerclone bench download`: one large export downloaded through the client, with the
/// peak memory of the process that downloads.
struct BenchDownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Time the download of one large export through the client and report its peak memory.",
        discussion: """
            Seeds a sandbox with skus carrying long descriptions (up to 10,000 records, the export \
            cap, sized so the export is about --megabytes MB unzipped), creates a JSON export of \
            them through the client, waits for it, then downloads it with the client's streaming \
            download (gunzip to disk, record count). Prints one JSON line: {"megabytes", \
            "compressed_megabytes", "records", "seconds", "peak_rss_bytes", \
            "peak_rss_before_download_bytes", "sandbox"}, where seconds is the download alone and \
            megabytes the unzipped size written (10^6 bytes).

            Memory: by default the sandbox (its store, and the export file it keeps in memory and \
            copies when serving it) runs in a child process (this binary with a hidden flag), so \
            peak_rss_bytes is the peak resident size (getrusage ru_maxrss) of a process that only \
            ran the client: token, export create, polls and the download. \
            peak_rss_before_download_bytes is the same figure just before the download; the \
            difference is what the download added. With --in-process the sandbox runs in this \
            process and both figures include its seeding and the export file.

            Example: layerclone bench download --megabytes 200
            """
    )

    @Option(help: "Approximate unzipped size of the export in MB (1–2000).")
    var megabytes = 200

    @Flag(name: .customLong("in-process"), help: "Run the sandbox in this process (its memory is then counted too).")
    var inProcess = false

    @Flag(name: .customLong("sandbox-child"), help: .hidden)
    var sandboxChild = false

    func validate() throws {
        guard (1...2_000).contains(megabytes) else { throw ValidationError("--megabytes must be between 1 and 2000") }
    }

    func run() async throws {
        if sandboxChild { return try await DownloadBenchSandbox.serveUntilStdinCloses(megabytes: megabytes) }
        let sandbox: DownloadBenchSandbox.Handle =
            inProcess
            ? try await DownloadBenchSandbox.startInProcess(megabytes: megabytes)
            : try await DownloadBenchSandbox.startChild(megabytes: megabytes)
        do {
            let line = try await measure(sandbox.connection)
            await sandbox.stop()
            print(line.canonicalJSON)
        } catch {
            await sandbox.stop()
            throw error
        }
    }

    private func measure(_ connection: DownloadBenchSandbox.Connection) async throws -> JSONValue {
        var logger = Logger(label: "layerclone.bench")
        logger.logLevel = .error
        let profile = try Profile(
            name: "bench-sandbox", clientID: connection.clientID, clientSecret: Secret(connection.clientSecret),
            baseURL: connection.baseURL, tokenURL: connection.authURL)
        let client = CommerceLayerClient(profile: profile, transport: AsyncHTTPClientTransport(), logger: logger)
        let created = try await client.createExport(ExportRequest(resourceType: "skus"))
        let export = try await client.waitForCompletion(
            created,
            schedule: PollSchedule(
                initialInterval: .milliseconds(100), maxInterval: .seconds(1), growth: 1.5, timeout: .seconds(3600)))
        guard export.status == .completed else {
            throw CommandFailure(
                .internalError, "the sandbox's export ended \(export.status): \(export.errorsLog ?? [:])")
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("layerclone-bench-download-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = Self.peakResidentBytes()
        let started = ContinuousClock.now
        let result = try await client.download(export: export, to: directory.appendingPathComponent("skus.json"))
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        func rounded(_ value: Double, _ places: Double) -> JSONValue { .double((value * places).rounded() / places) }
        return [
            "megabytes": rounded(Double(result.bytes) / 1e6, 10),
            "compressed_megabytes": rounded(Double(result.compressedBytes) / 1e6, 10),
            "records": .int(Int64(result.records)), "seconds": rounded(seconds, 1000),
            "peak_rss_bytes": .int(Int64(Self.peakResidentBytes())),
            "peak_rss_before_download_bytes": .int(Int64(before)),
            "sandbox": inProcess ? "in_process" : "child_process",
        ]
    }

    /// Peak resident set size of this process in bytes (`ru_maxrss` is KiB on Linux).
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
            guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
            return usage.ru_maxrss * 1024
        #else
            guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
            return usage.ru_maxrss
        #endif
    }
}

/// The sandbox side of `bench download`: a sandbox seeded with large skus, run in this
/// process or in a child process that serves until its standard input closes.
enum DownloadBenchSandbox {
    /// How the client reaches the sandbox.
    struct Connection: Sendable {
        var baseURL: URL
        var authURL: URL
        var clientID: String
        var clientSecret: String
    }

    /// A running sandbox and how to stop it.
    struct Handle: Sendable {
        var connection: Connection
        var stop: @Sendable () async -> Void
    }

    /// Approximate bytes an exported sku takes besides its description (keys, nulls, ids).
    static let recordOverhead = 420

    /// Records and description length for an export of about `megabytes` MB: 50 records per MB
    /// (20 KB each) up to the export cap of 10,000, longer descriptions beyond 200 MB.
    static func plan(megabytes: Int) -> (records: Int, descriptionBytes: Int) {
        let records = min(CommerceLayerLimits.exportMaxRecords, megabytes * 50)
        return (records, max(1, megabytes * 1_000_000 / records - recordOverhead))
    }

    /// Starts a seeded sandbox in this process.
    static func startInProcess(megabytes: Int) async throws -> Handle {
        let (server, connection, database) = try await startServer(megabytes: megabytes)
        return Handle(connection: connection) {
            await server.shutdown()
            removeDatabase(database)
        }
    }

    /// Runs as the child: seeds, serves, prints the connection as one JSON line, and stops
    /// when standard input reaches its end (the parent closed it or exited).
    static func serveUntilStdinCloses(megabytes: Int) async throws {
        let (server, connection, database) = try await startServer(megabytes: megabytes)
        let line: JSONValue = [
            "base_url": .string(connection.baseURL.absoluteString),
            "auth_url": .string(connection.authURL.absoluteString),
            "client_id": .string(connection.clientID), "client_secret": .string(connection.clientSecret),
        ]
        FileHandle.standardOutput.write(Data((line.canonicalJSON + "\n").utf8))
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                _ = FileHandle.standardInput.readDataToEndOfFile()
                continuation.resume()
            }
        }
        await server.shutdown()
        removeDatabase(database)
    }

    /// Deletes the store's SQLite file and its WAL and shared-memory companions.
    private static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Starts this binary with `--sandbox-child` and reads its connection line.
    static func startChild(megabytes: Int) async throws -> Handle {
        let child = try await ChildProcess.start(arguments: [
            "bench", "download", "--megabytes", String(megabytes), "--sandbox-child",
        ])
        let line = child.firstLine
        let stop = child.stop
        guard let json = try? JSONValue.parse(line),
            let base = json["base_url"]?.stringValue.flatMap(URL.init(string:)),
            let auth = json["auth_url"]?.stringValue.flatMap(URL.init(string:)),
            let clientID = json["client_id"]?.stringValue, let secret = json["client_secret"]?.stringValue
        else {
            await stop()
            throw CommandFailure(
                .internalError, "the sandbox child process did not start (exit status \(child.terminationStatus()))")
        }
        return Handle(
            connection: Connection(baseURL: base, authURL: auth, clientID: clientID, clientSecret: secret), stop: stop)
    }

    /// A sandbox on 127.0.0.1 (rate limits off, store in a temporary SQLite file) seeded with
    /// the skus of `plan(megabytes:)` in its test environment.
    private static func startServer(megabytes: Int) async throws -> (SandboxServer, Connection, String) {
        var configuration = SandboxConfiguration()
        configuration.rateLimits = .off
        let database = FileManager.default.temporaryDirectory
            .appendingPathComponent("layerclone-bench-sandbox-\(UUID().uuidString).sqlite").path
        configuration.databasePath = database
        let server = try SandboxServer(configuration: configuration)
        let (records, descriptionBytes) = plan(megabytes: megabytes)
        try seed(server, records: records, descriptionBytes: descriptionBytes)
        let endpoint = try await server.start()
        guard let credentials = server.credentials[.test], let base = URL(string: endpoint.baseURL),
            let auth = URL(string: endpoint.authURL)
        else { throw CommandFailure(.internalError, "the sandbox started without test credentials") }
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

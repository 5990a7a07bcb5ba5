import CommerceLayerAPI
import Foundation
import GRDB
import ResourceCatalog
import Staging

/// What layerclone last left in one environment, record by record: the hash of each record's
/// comparable form (`ComparableRecord.formHash`) as the closing comparison of a clone or seed
/// found it equal to what was written. A later clone or seed into the same environment
/// compares the target's record with it before updating: a record whose form changed since
/// was changed by someone else, and the drift guard leaves it as it is.
///
/// One SQLite file per organization and environment, under the work folder
/// (`<workdir>/written/<organization>-<environment>.db`), kept across runs.
package struct WrittenLedger: Sendable {
    let database: DatabaseQueue
    /// The ledger file.
    package let path: String

    /// The file of `organization` / `environment` under `workdir`.
    package static func fileURL(workdir: URL, organization: String, environment: APIEnvironment) -> URL {
        let safe = organization.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
        return workdir.appendingPathComponent("written", isDirectory: true)
            .appendingPathComponent("\(String(safe))-\(environment.rawValue).db")
    }

    /// Opens (creating when missing, with mode 0600) the ledger at `path`.
    /// - Throws: `WrittenLedgerError` naming the file when it cannot be opened or is not a ledger.
    package init(path: String) throws {
        self.path = path
        do {
            try SecureFile.create(atPath: path)
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            database = try DatabaseQueue(path: path, configuration: configuration)
            try database.write { db in
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS written (
                            type TEXT NOT NULL, identity TEXT NOT NULL, form_hash INTEGER NOT NULL,
                            run TEXT NOT NULL, at DOUBLE NOT NULL, PRIMARY KEY (type, identity))
                        """)
            }
        } catch {
            throw WrittenLedgerError(path: path, reason: "\(error)")
        }
    }

    /// Identity → form hash of the records of `type` layerclone last left in the environment.
    package func hashes(type: ResourceType) throws -> [String: Int64] {
        do {
            return try database.read { db in
                var result: [String: Int64] = [:]
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT identity, form_hash FROM written WHERE type = ?", arguments: [type.rawValue])
                while let row = try rows.next() { result[row[0]] = row[1] }
                return result
            }
        } catch {
            throw WrittenLedgerError(path: path, reason: "\(error)")
        }
    }

    /// Records that run `run` left these records of `type` with these form hashes.
    package func record(type: ResourceType, _ entries: [(identity: String, formHash: Int64)], run: String) throws {
        guard !entries.isEmpty else { return }
        do {
            try database.write { db in
                let statement = try db.cachedStatement(
                    sql: "INSERT OR REPLACE INTO written (type, identity, form_hash, run, at) VALUES (?, ?, ?, ?, ?)")
                let now = Date().timeIntervalSince1970
                for entry in entries {
                    try statement.execute(arguments: [type.rawValue, entry.identity, entry.formHash, run, now])
                }
            }
        } catch {
            throw WrittenLedgerError(path: path, reason: "\(error)")
        }
    }

    /// The identities among `target` (the target's records of one type, as just read) whose
    /// form differs from the one layerclone last left: changed by someone else since.
    package static func drifted(_ target: [ComparableRecord], written: [String: Int64]) -> Set<String> {
        guard !written.isEmpty else { return [] }
        var drifted: Set<String> = []
        for record in target {
            guard let identity = record.identity, let hash = written[identity], hash != record.formHash else {
                continue
            }
            drifted.insert(identity)
        }
        return drifted
    }
}

/// A drift ledger that cannot be read or written.
package struct WrittenLedgerError: Error, Sendable, CustomStringConvertible, ClassifiedError {
    package let path: String
    package let reason: String

    package var description: String {
        "cannot use the record of what layerclone wrote, \(path): \(reason); move the file aside to start a new one "
            + "(the next clone then updates records without checking them for changes made since)"
    }

    package var exitClass: ErrorClass { .badInput }
}

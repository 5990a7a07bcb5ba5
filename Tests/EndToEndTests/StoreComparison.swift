import Foundation
import ResourceCatalog
import Sandbox
import Testing

/// An independent check that the live environment holds the test environment's records,
/// computed from the sandbox's store (not from layerclone's own verification).
///
/// Each record becomes a fingerprint: its attributes (without ids and timestamps) and every
/// relationship written as the *label* of the record it points at (that record's own
/// attributes). Two environments hold the same data when, per type, the multisets of
/// fingerprints are equal: counts match, nothing is duplicated, and every reference points at
/// a record of the same identity on its own side. To-many relationships are compared only
/// when asked (layerclone does not clone them yet: see `expectToManyRelationshipsCloned`).
struct StoreComparison {
    /// Attributes that differ between copies of one record by design.
    static let volatileAttributes: Set<String> = ["created_at", "updated_at", "id"]

    let server: SandboxServer
    /// Whether to-many relationships (`skus.tags`) are compared too.
    var includeToMany = false

    /// The differences between test and live for `types`, as readable lines; empty when equal.
    func differences(types: [ResourceType]) async throws -> [String] {
        var labels: [SandboxEnvironment: [String: String]] = [:]
        var loaded: [SandboxEnvironment: Set<ResourceType>] = [:]
        var records: [SandboxEnvironment: [ResourceType: [StoredRecord]]] = [:]
        // Labels of every record a relationship may point at, by id (ids are unique per
        // environment). Referenced types outside `types` are loaded on demand below.
        for environment in SandboxEnvironment.allCases {
            for type in types {
                let list = try await server.records(type, in: environment)
                records[environment, default: [:]][type] = list
                loaded[environment, default: []].insert(type)
                for record in list { labels[environment, default: [:]][record.id] = Self.label(record) }
            }
        }
        var lines: [String] = []
        for type in types {
            var counts: [String: Int] = [:]
            for environment in SandboxEnvironment.allCases {
                for record in records[environment]?[type] ?? [] {
                    let fingerprint = try await self.fingerprint(
                        record, labels: &labels[environment, default: [:]],
                        loaded: &loaded[environment, default: []], environment: environment)
                    counts[fingerprint, default: 0] += environment == .test ? 1 : -1
                }
            }
            let test = records[.test]?[type]?.count ?? 0
            let live = records[.live]?[type]?.count ?? 0
            if test != live { lines.append("\(type): \(test) records in test, \(live) in live") }
            for (fingerprint, balance) in counts.sorted(by: { $0.key < $1.key }) where balance != 0 {
                let side = balance > 0 ? "only in test" : "only in live"
                lines.append("\(type) \(side) (×\(abs(balance))): \(fingerprint.prefix(400))")
                if lines.count > 40 { return lines }
            }
        }
        return lines
    }

    private func fingerprint(
        _ record: StoredRecord, labels: inout [String: String], loaded: inout Set<ResourceType>,
        environment: SandboxEnvironment
    ) async throws -> String {
        var relations: [String: JSONValue] = [:]
        for (name, value) in record.relationships {
            if case .many = value, !includeToMany { continue }
            var targets: [String] = []
            for ref in value.refs {
                if labels[ref.id] == nil, !loaded.contains(ref.type) {
                    loaded.insert(ref.type)
                    for related in try await server.records(ref.type, in: environment) {
                        labels[related.id] = Self.label(related)
                    }
                }
                targets.append("\(ref.type):\(labels[ref.id] ?? "dangling \(ref.id)")")
            }
            switch value {
            case .one: relations[name] = targets.first.map(JSONValue.string) ?? .null
            case .many: relations[name] = .array(targets.sorted().map(JSONValue.string))
            }
        }
        let attributes = Self.comparable(record.attributes)
        return JSONValue.object(["attributes": .object(attributes), "relationships": .object(relations)])
            .canonicalJSON
    }

    /// A record's identity as seen by people: its attributes without ids and timestamps.
    static func label(_ record: StoredRecord) -> String {
        JSONValue.object(comparable(record.attributes)).canonicalJSON
    }

    /// Attributes without ids, timestamps and nulls (an attribute never set reads as null);
    /// `disabled_at` as the state it stands for (`true`: disabled), not as its time.
    static func comparable(_ attributes: [String: JSONValue]) -> [String: JSONValue] {
        var kept = attributes.filter { !volatileAttributes.contains($0.key) && $0.value != .null }
        if kept["disabled_at"] != nil { kept["disabled_at"] = true }
        return kept
    }
}

/// Checks shared by the end-to-end suites.
enum TargetChecks {
    /// Expects live to hold exactly test's records for `types` (independent comparison).
    static func expectLiveEqualsTest(
        _ fixture: SandboxFixture, types: [ResourceType], sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async throws {
        let differences = try await StoreComparison(server: fixture.server).differences(types: types)
        #expect(
            differences.isEmpty, "live differs from test:\n\(differences.joined(separator: "\n"))",
            sourceLocation: sourceLocation)
        for type in types {
            let test = try await fixture.server.count(type, in: .test)
            let live = try await fixture.server.count(type, in: .live)
            #expect(test == live, "\(type): \(test) in test, \(live) in live", sourceLocation: sourceLocation)
        }
    }

    /// Expects to-many relationships (`skus.tags`) to be cloned too. Known gap: neither the
    /// clone nor the sandbox's import mapper carries them (imports take `<relation>_id` keys
    /// for to-one relationships only), and layerclone's own verification does not compare
    /// them. The known issue turns into a failure once they are cloned, so it gets removed.
    static func expectToManyRelationshipsCloned(_ fixture: SandboxFixture, types: [ResourceType]) async throws {
        let differences = try await StoreComparison(server: fixture.server, includeToMany: true)
            .differences(types: types)
        #expect(differences.isEmpty, "to-many relationships differ:\n\(differences.prefix(4).joined(separator: "\n"))")
    }

    /// Expects no live record's `code` to be held more often than in test (codes unique in
    /// test stay unique in live).
    static func expectCodesUnique(
        _ fixture: SandboxFixture, types: [ResourceType], sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async throws {
        for type in types {
            var tally: [String: Int] = [:]
            for environment in SandboxEnvironment.allCases {
                for record in try await fixture.server.records(type, in: environment) {
                    guard let code = record.attributes["code"]?.stringValue else { continue }
                    tally[code, default: 0] += environment == .live ? 1 : -1
                }
            }
            let repeated = tally.filter { $0.value > 0 }.keys.sorted()
            #expect(
                repeated.isEmpty, "\(type): codes held more often in live than in test: \(repeated)",
                sourceLocation: sourceLocation)
        }
    }

    /// Expects every import and export job the sandbox holds to carry a distinct reference.
    static func expectJobReferencesUnique(
        _ fixture: SandboxFixture, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        for kind in [Sandbox.JobKind.imports, .exports] {
            let references = fixture.jobs(kind: kind).compactMap(\.reference)
            let repeated = Dictionary(grouping: references, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
            #expect(repeated.isEmpty, "\(kind) created twice: \(repeated)", sourceLocation: sourceLocation)
        }
    }
}

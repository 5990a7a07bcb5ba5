import Foundation
import Testing

@testable import Staging

@Suite("Staging: errors name each store by its role")
struct StoreErrorNamingTests {
    @Test(
        "a damaged store is named by its file's role, never as the staging database when it is not",
        arguments: [
            ("target.db", "target read-back database"), ("staging.db", "staging database"),
            ("store.lcsnap", "snapshot"), ("other.sqlite", "SQLite store"),
        ])
    func damagedStore(name: String, role: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("naming-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(name).path
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
        do {
            _ = try StagingStore.open(at: path)
            Issue.record("a garbled \(name) opened")
        } catch {
            let text = "\(error)"
            #expect(text.hasPrefix("\(role) \(path): "), "\(text)")
            if name != "staging.db" { #expect(!text.contains("staging database"), "\(text)") }
        }
    }
}

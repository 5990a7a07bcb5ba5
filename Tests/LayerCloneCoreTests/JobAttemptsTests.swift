import Foundation
import Sandbox
import Testing

@testable import LayerCloneCore

/// An import that breaks every time is created `CloneError.jobAttempts` times, then its type
/// fails with the last reason; nothing else is lost.
@Suite("Jobs that keep failing")
struct JobAttemptsTests {
    @Test("a chunk whose import always breaks is tried jobAttempts times, then its type fails")
    func givesUp() async throws {
        var configuration = SandboxConfiguration()
        configuration.conditions.jobSpeed = .instant
        try await DemoStoreFixture.with(configuration) { fixture in
            fixture.server.setJobFailures(rate: 1, seed: 1)
            let error = await #expect(throws: CloneError.self) {
                _ = try await fixture.clone("source: test\ntarget: live\nresources:\n  tags:\n")
            }
            let text = "\(error.map { "\($0)" } ?? "")"
            #expect(text.contains("import:tags:0 failed \(CloneError.jobAttempts) times"), "\(text)")
            #expect(text.contains("job_fail"), "\(text)")
            let journals = try FileManager.default.subpathsOfDirectory(atPath: fixture.folder.path)
                .filter { $0.hasSuffix("journal.db") }
            let journal = try RunJournal(path: fixture.folder.appendingPathComponent(try #require(journals.first)).path)
            #expect(try journal.unit(.importChunk("tags", chunk: 0))?.attempts == CloneError.jobAttempts)
        }
    }
}

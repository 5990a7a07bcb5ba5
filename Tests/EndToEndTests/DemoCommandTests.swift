import Foundation
import LayerCloneTestSupport
import Testing

/// `layerclone demo` as people run it: a subprocess that starts its own sandbox.
@Suite("layerclone demo", .tags(.endToEnd))
struct DemoCommandTests {
    @Test("the demo runs to the end and exits 0")
    func demoExitsZero() async throws {
        let folder = TemporaryFolder.url("layerclone-demo")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let workdir = folder.appendingPathComponent("work").path
        let outcome = try await CLIProcess.run(
            ["demo", "--plan", CLIProcess.plan("demo.yml"), "--workdir", workdir, "--json"], environment: [:],
            directory: folder)
        #expect(!outcome.signaled && outcome.status == 0, "\(outcome)")
        // The last NDJSON event is the run's end, with exit code 0 and a report that exists.
        let lines = outcome.standardOutput.split(separator: "\n")
        let finished = try #require(lines.last { $0.contains("run_finished") }, "no run_finished event: \(outcome)")
        #expect(finished.contains("\"exit_code\":0"), "\(finished)")
        let reports = try FileManager.default.subpathsOfDirectory(atPath: workdir).filter { $0.hasSuffix(".md") }
        #expect(!reports.isEmpty, "the demo wrote no report under \(workdir)")
    }
}

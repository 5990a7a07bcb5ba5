import Foundation
import Sandbox
import Testing

@testable import Benchmarks
@testable import LayerCloneCore

@Suite("Run phases from the journal")
struct RunPhasesTests {
    private func unit(_ key: WorkUnitKey, from start: Double, to end: Double?) -> WorkUnit {
        WorkUnit(
            key: key, state: end == nil ? .requested : .completed, attempts: 1,
            startedAt: Date(timeIntervalSince1970: start), finishedAt: end.map(Date.init(timeIntervalSince1970:)))
    }

    @Test("overlapping units of a phase count once; phases side by side each count")
    func busySeconds() {
        let phases = RunPhases(units: [
            unit(.read(.export, "skus", .range(0)), from: 0, to: 10),
            unit(.read(.export, "skus", .range(1)), from: 5, to: 12),
            unit(.count(.export, "prices"), from: 20, to: 21),
            unit(.importChunk("skus", chunk: 0), from: 12, to: 40),
            unit(.restBatch("tax_categories", firstRecord: 1), from: 30, to: 50),
            unit(.read(.post, "skus", .range(0)), from: 40, to: 45),
            unit(.read(.final, "skus", .pages), from: 50, to: 52),
            unit(.stage("skus"), from: 11, to: 11.5),
            unit(.importChunk("prices", chunk: 0), from: 60, to: nil),
        ])
        #expect(phases.busySeconds[.readSource] == 13)
        #expect(phases.busySeconds[.write] == 38)
        #expect(phases.busySeconds[.readBack] == 5)
        #expect(phases.busySeconds[.verify] == 2)
        #expect(phases.busySeconds[.other] == 0.5)
        #expect(phases.busySeconds[.readTarget] == nil)
    }

    @Test("the bench line shares each phase's seconds out of the wall time and sizes staging against the export")
    func benchLine() {
        var run = CloneBenchmark.Measurement(
            wallSeconds: 50, recordsWritten: 10, sourceRecords: 10, rejected: 0, requests: 1, rateLimited: 0)
        run.phaseSeconds = [.write: 40, .readSource: 10]
        run.stagingBytes = 3_000
        run.exportGzipBytes = 1_000
        let bound = LowerBound(profile: .realistic, exportChunk: 5_000, importChunk: 10_000).estimate([])
        let line = CloneBenchmark.line(run, bound: bound, peakResidentBytes: 0, baseline: nil)
        #expect(line["phase_share"]?["write"]?.doubleValue == 0.8)
        #expect(line["phase_seconds"]?["read_source"]?.doubleValue == 10)
        #expect(line["staging_to_export"]?.doubleValue == 3)
    }
}

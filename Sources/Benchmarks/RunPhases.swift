import Foundation
import LayerCloneCore

/// How long each phase of a clone was at work, from the run's journal: every unit's start and
/// end, grouped by phase, their overlaps merged. Phases run side by side, so their shares of
/// the wall time add up to more than one.
package struct RunPhases: Sendable, Hashable {
    /// The phases a bench line names.
    package enum Phase: String, Sendable, CaseIterable, Comparable {
        /// Reading the source (counts, export jobs, page reads, source lookups), each file
        /// staged as it arrives.
        case readSource = "read_source"
        /// Reading the target before writing (pre-scans and lookups).
        case readTarget = "read_target"
        /// Import jobs, REST writes and relationship patches.
        case write
        /// Reading written records back: their target ids, and what verification compares.
        case readBack = "read_back"
        /// The closing reads of types not read back as they landed.
        case verify
        /// Bookkeeping steps (staging and deciding what to write a type's records, done within
        /// the reads), rescans after a failure, undo reads.
        case other

        package static func < (lhs: Phase, rhs: Phase) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }

        /// The phase a unit of work belongs to.
        package init(_ key: WorkUnitKey) {
            switch key {
            case .count(let label, _), .read(let label, _, _): self.init(label)
            case .stage, .diff: self = .other
            case .importChunk, .restBatch, .deferredPatch, .toManyPatch, .nestedForm, .prune: self = .write
            case .undo: self = .other
            }
        }

        private init(_ label: ReadLabel) {
            switch label {
            case .export, .lookupSource, .source: self = .readSource
            case .target, .pre, .lookup, .lookupTarget: self = .readTarget
            case .post: self = .readBack
            case .final: self = .verify
            case .rescan, .undo: self = .other
            }
        }
    }

    /// Seconds during which at least one unit of the phase was at work.
    package var busySeconds: [Phase: Double]

    /// The phases of `units`: each unit counts from its start to its end (units never started
    /// or never finished are left out).
    package init(units: [WorkUnit]) {
        var intervals: [Phase: [(Double, Double)]] = [:]
        for unit in units {
            guard let start = unit.startedAt, let end = unit.finishedAt, end >= start else { continue }
            intervals[Phase(unit.key), default: []].append(
                (start.timeIntervalSince1970, end.timeIntervalSince1970))
        }
        busySeconds = intervals.mapValues(Self.union)
    }

    /// The length of the union of `intervals`.
    static func union(_ intervals: [(Double, Double)]) -> Double {
        var total = 0.0
        var current: (Double, Double)?
        for interval in intervals.sorted(by: { $0.0 < $1.0 }) {
            if let open = current, interval.0 <= open.1 {
                current = (open.0, max(open.1, interval.1))
            } else {
                if let open = current { total += open.1 - open.0 }
                current = interval
            }
        }
        if let open = current { total += open.1 - open.0 }
        return total
    }
}

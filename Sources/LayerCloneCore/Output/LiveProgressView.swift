import Foundation
import ResourceCatalog
import Synchronization

/// The human view of a run on a terminal: one line per type with its progress, jobs in
/// flight, throughput and an estimate of the time left, redrawn at most every `interval`.
///
/// Writes to standard error, only when it is a terminal (see `Terminal.isInteractive`); warnings
/// and failures are printed above the table as they come.
package final class LiveProgressView: EventSink {
    private struct TypeRow {
        var exported = 0
        var staged = 0
        var written = 0
        var total = 0
        var rejected = 0
        var jobsInFlight = 0
        var state = "waiting"
    }

    private struct State {
        var order: [ResourceType] = []
        var rows: [ResourceType: TypeRow] = [:]
        var linesDrawn = 0
        var lastDraw = Date.distantPast
        var started = Date()
        var messages: [String] = []
    }

    private let state = Mutex(State())
    private let interval: TimeInterval
    private let write: @Sendable (String) -> Void
    private let colors: Bool

    /// - Parameters:
    ///   - types: the plan's types in execution order (rows appear in this order).
    ///   - colors: whether to use ANSI colors (`Terminal.supportsColor`).
    ///   - write: where text goes; standard error by default.
    package init(
        types: [ResourceType], interval: TimeInterval = 0.2, colors: Bool,
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.interval = interval
        self.write = write
        self.colors = colors
        state.withLock { $0.order = types }
    }

    package func emit(_ event: CloneEvent) {
        let output: String? = state.withLock { state in
            Self.apply(event, to: &state)
            let now = Date()
            let force: Bool
            switch event {
            case .runFinished, .warning, .typeFailed, .typeDone: force = true
            default: force = false
            }
            guard force || now.timeIntervalSince(state.lastDraw) >= interval else { return nil }
            state.lastDraw = now
            return render(&state, now: now)
        }
        if let output { write(output) }
    }

    private static func apply(_ event: CloneEvent, to state: inout State) {
        if let type = event.type, !state.order.contains(type) { state.order.append(type) }
        switch event {
        case .runStarted(let runID, let resumed, _, let source, let target):
            state.started = Date()
            state.messages.append("\(resumed ? "resuming" : "starting") run \(runID): \(source) → \(target)")
        case .typeProgress(let type, let phase, let done, let total):
            var row = state.rows[type] ?? TypeRow()
            row.total = max(row.total, total)
            switch phase {
            case .exported:
                row.exported = done
                row.state = "exporting"
            case .staged:
                row.staged = done
                row.state = "staging"
            case .written:
                row.written = done
                row.state = "writing"
            case .looked_up:
                row.state = "looking up"
            }
            state.rows[type] = row
        case .jobCreated(_, let type, _, _, _):
            state.rows[type, default: TypeRow()].jobsInFlight += 1
        case .jobFinished(_, let type, _, _, _, let errors):
            state.rows[type, default: TypeRow()].jobsInFlight -= 1
            state.rows[type, default: TypeRow()].rejected += errors
        case .typeDone(let type, let outcome):
            var row = state.rows[type] ?? TypeRow()
            row.state = "done"
            row.total = outcome.sourceRecords
            row.written = outcome.created + outcome.updated + outcome.unchanged
            row.rejected = outcome.rejected
            state.rows[type] = row
        case .typeFailed(let type, let reason):
            state.rows[type, default: TypeRow()].state = "failed"
            state.messages.append("\(type): \(reason)")
        case .warning(let message):
            state.messages.append("warning: \(message)")
        case .runFinished:
            break
        }
    }

    private func render(_ state: inout State, now: Date) -> String {
        var text = ""
        if state.linesDrawn > 0 { text += "\u{1B}[\(state.linesDrawn)A\u{1B}[J" }
        for message in state.messages { text += message + "\n" }
        state.messages.removeAll()
        var lines: [String] = []
        let width = state.order.map(\.rawValue.count).max() ?? 10
        var totalWritten = 0
        var totalRecords = 0
        for type in state.order {
            let row = state.rows[type] ?? TypeRow()
            totalWritten += row.written
            totalRecords += row.total
            let name = type.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            var line = "\(name)  \(paint(row.state, for: row.state))"
            line = line.padding(toLength: width + 14 + (colors ? 9 : 0), withPad: " ", startingAt: 0)
            line += " exported \(row.exported)  staged \(row.staged)  written \(row.written)/\(row.total)"
            if row.rejected > 0 { line += "  " + paint("rejected \(row.rejected)", for: "failed") }
            if row.jobsInFlight > 0 { line += "  jobs \(row.jobsInFlight)" }
            lines.append(line)
        }
        let elapsed = max(now.timeIntervalSince(state.started), 0.001)
        let rate = Double(totalWritten) / elapsed
        var footer = String(format: "%.0f s, %.0f records/s", elapsed, rate)
        if rate > 0, totalRecords > totalWritten {
            footer += String(format: ", about %.0f s left", Double(totalRecords - totalWritten) / rate)
        }
        lines.append(footer)
        state.linesDrawn = lines.count
        return text + lines.joined(separator: "\n") + "\n"
    }

    private func paint(_ text: String, for status: String) -> String {
        guard colors else { return text }
        let code =
            switch status {
            case "done": "32"
            case "failed": "31"
            case "waiting": "90"
            default: "33"
            }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}

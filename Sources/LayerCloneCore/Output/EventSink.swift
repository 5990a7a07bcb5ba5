import Foundation
import Synchronization

/// Where a run's events go: the live view, NDJSON on stdout, a test's list.
package protocol EventSink: Sendable {
    /// Receives one event. Must return quickly: it is called from the pipeline's tasks.
    func emit(_ event: CloneEvent)
}

/// Writes each event as one JSON line (to standard output for `--json`).
package final class NDJSONEventSink: EventSink {
    private let write: @Sendable (String) -> Void
    private let now: @Sendable () -> Date
    private let finished = Mutex(false)

    /// - Parameters:
    ///   - write: receives each line, with its line end (default: standard output).
    ///   - now: the wall time each event is stamped with.
    package init(
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.write = write
        self.now = now
    }

    package func emit(_ event: CloneEvent) {
        if case .runFinished = event { finished.withLock { $0 = true } }
        write(event.json(at: now()).canonicalJSON + "\n")
    }

    /// Whether `runFinished` was written (a command that fails before its run starts writes
    /// one itself, so the stream always ends with it).
    package var hasFinished: Bool { finished.withLock { $0 } }
}

/// Keeps every event in memory (tests, reports).
package final class RecordingEventSink: EventSink {
    private let storage = Mutex<[CloneEvent]>([])

    package init() {}

    package func emit(_ event: CloneEvent) { storage.withLock { $0.append(event) } }

    /// The events received so far, in order.
    package var events: [CloneEvent] { storage.withLock { $0 } }
}

/// Drops every event (a probe's own jobs, a benchmark that prints only its result).
package struct DiscardingEventSink: EventSink {
    package init() {}

    package func emit(_ event: CloneEvent) {}
}

/// Sends each event to several sinks.
package struct FanOutEventSink: EventSink {
    private let sinks: [any EventSink]

    package init(_ sinks: [any EventSink]) { self.sinks = sinks }

    package func emit(_ event: CloneEvent) {
        for sink in sinks { sink.emit(event) }
    }
}

import Foundation

/// Progress as plain lines on standard error, for runs whose output is not a terminal (CI
/// logs): each type as it finishes, warnings and failures; nothing is redrawn.
package struct LineEventSink: EventSink {
    private let write: @Sendable (String) -> Void

    package init(write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.write = write
    }

    package func emit(_ event: CloneEvent) {
        switch event {
        case .runStarted(let runID, let resumed, let plan, let source, let target):
            write("\(resumed ? "resuming" : "starting") run \(runID): \(plan), \(source) → \(target)\n")
        case .typeDone(let type, let outcome):
            write(
                "\(type): \(outcome.sourceRecords) in the source, \(outcome.created) created, \(outcome.updated) updated, "
                    + "\(outcome.unchanged) unchanged, \(outcome.rejected) rejected, \(outcome.skipped) skipped\n")
        case .typeFailed(let type, let reason):
            write("\(type) failed: \(reason)\n")
        case .warning(let message):
            write("warning: \(message)\n")
        case .runFinished, .typeProgress, .jobCreated, .jobFinished:
            break
        }
    }
}

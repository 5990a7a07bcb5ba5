import Foundation
import ResourceCatalog

/// Why a clone could not finish.
package enum CloneError: Error, Sendable, CustomStringConvertible, ClassifiedError {
    /// A remote job kept failing (`jobAttempts` times).
    case jobFailed(unit: String, reason: String)

    /// How many times a unit's job is created before the unit fails: a job broken halfway is
    /// usually a passing fault, and each new attempt starts from a fresh read of the target.
    static let jobAttempts = 5
    /// A live target without `--allow-live` or a typed confirmation.
    case liveTargetRefused(organization: String)
    /// Types could not be cloned; the run can be resumed once the cause is fixed.
    /// Its exit class is the failures' (`TypeFailure.errorClass(of:)`).
    case typesFailed([TypeFailure], reportPath: String?)
    /// The API stayed unreachable past the outage budget; the run can be resumed.
    case apiUnavailable(since: Date, reportPath: String?)
    /// The plan names profiles the command line does not supply.
    case missingProfile(side: String)
    /// The target kept refusing a job create for want of a free job slot.
    case noJobSlot(unit: String, waited: Duration, reason: String)
    /// Source and target are one environment (the same profile, or two profiles naming the
    /// same organization and environment).
    case sameEnvironment(source: String, target: String, environment: String?)
    /// The source's records of a type carry attributes the catalog does not know, and
    /// `--strict-fields` stops such a type before anything of it is written.
    case unknownFields(UnknownFields)
    /// The plan file changed since the run started; its journal's outcomes belong to the
    /// plan as it was (kept at `keptPlan`).
    case planChanged(runID: String, planPath: String, keptPlan: String, targetLive: Bool)

    package var description: String {
        switch self {
        case .jobFailed(let unit, let reason):
            "\(unit) failed \(Self.jobAttempts) times; last: \(reason). Run the same command again to retry."
        case .liveTargetRefused(let organization):
            "the target is the live environment of \(organization); pass --allow-live to write to it"
        case .typesFailed(let failures, let reportPath):
            "these types could not be cloned:\n"
                + failures.map { "  \($0.type): \($0.reason)" }.joined(separator: "\n")
                + (reportPath.map { "\nreport: \($0)" } ?? "")
                + "\nfix the cause and run the same command again to resume"
        case .apiUnavailable(let since, let reportPath):
            "the API has been unavailable since \(ISO8601DateFormatter().string(from: since)), longer than the "
                + "outage budget (--outage-budget); run the same command to resume"
                + (reportPath.map { "\nreport: \($0)" } ?? "")
        case .missingProfile(let side):
            "no \(side) profile: pass --\(side) or name `\(side)` in the plan"
        case .noJobSlot(let unit, let waited, let reason):
            "\(unit): the target had no free job slot for \(waited.components.seconds) s (other jobs of the "
                + "organization hold all ten); last answer: \(reason). Run the same command again once they end."
        case .sameEnvironment(let source, let target, let environment):
            source == target
                ? "source and target are the same profile \"\(source)\"; a clone needs two environments"
                : "source \"\(source)\" and target \"\(target)\" are the same environment (\(environment ?? "")); "
                    + "a clone needs two environments: check the profiles' credentials"
        case .unknownFields(let unknown):
            unknown.strictRefusal
        case .planChanged(let runID, let planPath, let keptPlan, let targetLive):
            "the plan \(planPath) changed since run \(runID) started, and a run resumes only with the plan it "
                + "started with. Either start a new run with the edited plan: `layerclone clone \(planPath) --restart"
                + (targetLive ? " --allow-live`" : "`") + "; or resume with the plan as it was: "
                + "`cp \(keptPlan) \(planPath)`, then `layerclone resume \(runID)"
                + (targetLive ? " --allow-live`" : "`")
        }
    }

    package var exitClass: ErrorClass {
        switch self {
        case .jobFailed, .noJobSlot, .apiUnavailable: .unavailable
        case .liveTargetRefused, .missingProfile, .sameEnvironment: .usage
        case .typesFailed(let failures, _): TypeFailure.errorClass(of: failures)
        case .planChanged, .unknownFields: .badInput
        }
    }
}

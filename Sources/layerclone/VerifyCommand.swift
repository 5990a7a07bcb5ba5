import ArgumentParser
import CommerceLayerAPI
import Foundation
import LayerCloneCore
import ResourceCatalog

/// `layerclone verify`: compare a plan's types between two environments.
struct VerifyCommand: ContextualCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Compare a plan's records between two environments, by identity.",
        discussion: """
            Per type: counts, identities missing in the target, extra ones, and records whose
            content differs, with the differing fields (clonable attributes and parents by
            identity; ids, timestamps and secrets never count). The plan's transforms are
            applied to the source first. Exits 0 when the target holds the source's records,
            3 when it does not.

            Example: layerclone verify plans/store-setup.yml --source test --target live
            """
    )

    @OptionGroup var options: ComparisonOptions

    func run(in context: CommandContext) async throws {
        let configured = try options.setup(in: context)
        let json = options.json
        let resolver = options.profiles.resolver(in: context)
        let comparisons = try await SignalCancellation.run {
            try await configured.makeVerifyJob(resolver: resolver, transport: context.transport()).run()
        }
        let output = context.standardOutput
        let equal = comparisons.allSatisfy(\.isEqual)
        if json {
            output.print(
                JSONValue.object(["equal": .bool(equal), "types": .array(comparisons.map(\.json))]).canonicalJSON)
        } else {
            for comparison in comparisons {
                let status = comparison.isEqual ? "equal" : "DIFFERENT"
                output.print(
                    "\(comparison.type): \(comparison.sourceCount) in the source, \(comparison.targetCount) in the target, \(status)"
                )
                for finding in comparison.findings.prefix(50) { output.print("  \(finding)") }
            }
            output.print(equal ? "the target holds every record of the source" : "the environments differ")
        }
        if !equal { throw ExitStatus.differences.exitCode }
    }
}

import ArgumentParser
import ResourceCatalog
import Sandbox

/// The job switches of `layerclone sandbox serve` (see the README's "Jobs" section).
struct SandboxJobOptions: ParsableArguments {
    /// The sandbox's defaults (`CommerceLayerLimits`), which the switches start from.
    private static let defaults = SandboxConfiguration()

    @Option(
        name: .customLong("job-speed"),
        help: "instant, fast, realistic, or latency=2s,export_rps=500,import_rps=200,cleanup_rps=300.")
    var jobSpeed = "instant"
    @Option(
        name: .customLong("job-cap"),
        help: "Past \(CommerceLayerLimits.jobsInFlight) active jobs of a kind: reject (422) or queue.")
    var jobCap = "reject"
    @Option(
        name: .customLong("export-max-records"),
        help:
            "Records per export (\(Self.defaults.limits.exportMaxRecords), or \(CommerceLayerLimits.exportChunk) as the CLI)."
    )
    var exportMaxRecords = Self.defaults.limits.exportMaxRecords
    @Option(
        name: .customLong("import-max-inputs"),
        help:
            "Inputs per import (\(Self.defaults.limits.importMaxInputs), or \(CommerceLayerLimits.importMaxInputsBefore2023) as in 2021)."
    )
    var importMaxInputs = Self.defaults.limits.importMaxInputs
    @Option(name: .customLong("exportable-types"), help: "all, or legacy (ResourceSpec.isLegacyExportable only).")
    var exportableTypes = "all"
    @Option(
        name: .customLong("export-includes"),
        help: "whitelist (the dashboard's includes per type; others refused) or any.")
    var exportIncludes = "whitelist"
    @Flag(name: .customLong("dry-data-keeps-relation-ids"), help: "Keep <relation>_id keys in dry_data exports.")
    var dryDataKeepsRelationIDs = false
    @Flag(
        name: .customLong("dry-data-keeps-false"),
        help: "Keep false values in dry_data exports (dropped as blank by default).")
    var dryDataKeepsFalse = false
    @Option(
        name: .customLong("nested-type-form"),
        help: "class or type: the `type` nested import children must carry (PriceVolumeTier, or price_volume_tiers).")
    var nestedTypeForm = "class"
    @Flag(name: .customLong("imports-ignore-tags"), help: "Imports ignore the tags given with a record.")
    var importsIgnoreTags = false
    @Flag(
        name: .customLong("concrete-gateway-links"),
        help: "A payment method's gateway may be given as stripe_gateways etc., not only as payment_gateways.")
    var concreteGatewayLinks = false
    @Option(name: .customLong("attachment-ttl"), help: "Seconds an attachment URL works (300).")
    var attachmentTTL = 300
    @Option(
        name: .customLong("foreign-jobs"),
        help:
            "N[,SECONDS]: other tools' jobs hold N of each kind's 10 slots for SECONDS (30) from the first job create.")
    var foreignJobs = "0"
    @Option(name: .customLong("job-cap-refusal"), help: "How a create past the cap is refused: 422 or 429.")
    var jobCapRefusal = "422"
    @Option(
        name: .customLong("extra-attributes"),
        help: "TYPE.NAME[,…]: attributes Commerce Layer has and layerclone's catalog lacks, as after an API release.")
    var extraAttributes = ""

    func validate() throws {
        do { _ = try JobSpeed.parse(jobSpeed) } catch { throw ValidationError("--job-speed: \(error)") }
        guard SandboxConfiguration.JobCapBehaviour(rawValue: jobCap) != nil else {
            throw ValidationError("--job-cap must be reject or queue, got \(jobCap)")
        }
        guard ExportIncludes(rawValue: exportIncludes) != nil else {
            throw ValidationError("--export-includes must be whitelist or any, got \(exportIncludes)")
        }
        guard ExportableTypes(rawValue: exportableTypes) != nil else {
            throw ValidationError("--exportable-types must be all or legacy, got \(exportableTypes)")
        }
        guard ForeignJobs(argument: foreignJobs) != nil else {
            throw ValidationError("--foreign-jobs must be N or N,SECONDS with N from 0 to 10, got \(foreignJobs)")
        }
        guard NestedTypeForm(rawValue: nestedTypeForm) != nil else {
            throw ValidationError("--nested-type-form must be class or type, got \(nestedTypeForm)")
        }
        guard JobCapRefusal(rawValue: jobCapRefusal) != nil else {
            throw ValidationError("--job-cap-refusal must be 422 or 429, got \(jobCapRefusal)")
        }
        do { _ = try NewerSchema.parse(extraAttributes) } catch {
            throw ValidationError("--extra-attributes: \(error)")
        }
        guard exportMaxRecords >= 1, importMaxInputs >= 1, attachmentTTL >= 1 else {
            throw ValidationError("--export-max-records, --import-max-inputs and --attachment-ttl must be at least 1")
        }
    }

    /// The behaviour switches given with a value other than their default (`--strict` sets
    /// them all itself); `--job-speed` is timing, not behaviour, and not listed.
    var behaviourSwitchesGiven: [String] {
        var given: [String] = []
        if jobCap != "reject" { given.append("--job-cap") }
        if exportMaxRecords != Self.defaults.limits.exportMaxRecords { given.append("--export-max-records") }
        if importMaxInputs != Self.defaults.limits.importMaxInputs { given.append("--import-max-inputs") }
        if exportableTypes != "all" { given.append("--exportable-types") }
        if exportIncludes != "whitelist" { given.append("--export-includes") }
        if dryDataKeepsRelationIDs { given.append("--dry-data-keeps-relation-ids") }
        if dryDataKeepsFalse { given.append("--dry-data-keeps-false") }
        if nestedTypeForm != "class" { given.append("--nested-type-form") }
        if importsIgnoreTags { given.append("--imports-ignore-tags") }
        if attachmentTTL != 300 { given.append("--attachment-ttl") }
        if foreignJobs != "0" { given.append("--foreign-jobs") }
        if jobCapRefusal != "422" { given.append("--job-cap-refusal") }
        return given
    }

    /// Applies the switches, and `job_fail` from the faults text, to `configuration`.
    /// - Returns: the faults text without `job_fail`, for `FaultSpec.parse`.
    func apply(to configuration: inout SandboxConfiguration, faults: String) throws -> String {
        let split = try JobFailureSwitch.split(faults)
        configuration.conditions.jobFailureRate = split.rate
        configuration.conditions.jobSpeed = try JobSpeed.parse(jobSpeed)
        configuration.limits.jobCapBehaviour = SandboxConfiguration.JobCapBehaviour(rawValue: jobCap) ?? .reject
        configuration.limits.exportMaxRecords = exportMaxRecords
        configuration.limits.importMaxInputs = importMaxInputs
        configuration.behaviours.exportableTypes = ExportableTypes(rawValue: exportableTypes) ?? .all
        configuration.behaviours.exportIncludes = ExportIncludes(rawValue: exportIncludes) ?? .whitelist
        configuration.behaviours.dryDataKeepsRelationIDs = dryDataKeepsRelationIDs
        configuration.behaviours.dryDataKeepsFalse = dryDataKeepsFalse
        configuration.behaviours.concreteGatewayLinks = concreteGatewayLinks
        configuration.limits.attachmentTTL = attachmentTTL
        configuration.behaviours.importsSetTags = !importsIgnoreTags
        configuration.behaviours.nestedTypeForm = NestedTypeForm(rawValue: nestedTypeForm) ?? .className
        configuration.behaviours.foreignJobs = ForeignJobs(argument: foreignJobs) ?? .none
        configuration.limits.jobCapRefusal = JobCapRefusal(rawValue: jobCapRefusal) ?? .unprocessable
        configuration.behaviours.extraAttributes = try NewerSchema.parse(extraAttributes).extraAttributes
        return split.rest
    }
}

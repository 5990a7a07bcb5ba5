import ResourceCatalog

/// Every switch of a sandbox process, by role: the server (where it listens, the organization
/// it plays, token lifetime, store), the limits (job caps, attachment lifetime, rate limits),
/// the behaviours Commerce Layer leaves unknown, and the conditions (faults, job speed).
package struct SandboxConfiguration: Sendable {
    /// How the rate limiter is set up.
    package enum RateLimits: Sendable, Equatable {
        /// The documented budgets.
        case real
        /// No limits (headers are still sent, with the real numbers and full remaining).
        case off
        /// The documented budgets multiplied by this factor (> 0).
        case scaled(Double)
    }

    /// What happens when a client creates a job while 10 are pending or in progress.
    package enum JobCapBehaviour: String, Sendable {
        /// Reject the creation (422).
        case reject
        /// Accept it and keep it pending until a slot frees.
        case queue
    }

    /// Where the sandbox listens, the organization it plays, its tokens and its store.
    package struct Server: Sendable {
        /// Host to bind (`127.0.0.1`).
        package var host: String = "127.0.0.1"
        /// Port to bind; 0 picks a free port.
        package var port: Int = 0
        /// The organization slug (`https://{slug}.commercelayer.io`).
        package var organizationSlug: String = "sandbox-org"
        /// Token lifetime in seconds (7200 as integration tokens on the real service).
        package var tokenLifetime: Int = CommerceLayerLimits.tokenLifetimeSeconds
        /// Path of the SQLite file; nil keeps the store in memory.
        package var databasePath: String?

        package init() {}
    }

    /// The caps of Commerce Layer's jobs and requests, and how the sandbox holds clients to
    /// them.
    package struct Limits: Sendable {
        /// Maximum records per export (10,000 per the docs, 5,000 per the official CLI).
        package var exportMaxRecords: Int = CommerceLayerLimits.exportMaxRecords
        /// Maximum inputs per import (10,000 today, 2,000 in 2021 docs).
        package var importMaxInputs: Int = CommerceLayerLimits.importMaxInputs
        /// What happens past 10 jobs pending or in progress.
        package var jobCapBehaviour: JobCapBehaviour = .reject
        /// How a create past the cap is refused (UNKNOWN on the real service).
        package var jobCapRefusal: JobCapRefusal = .unprocessable
        /// Lifetime of attachment URLs in seconds (300 on the real service).
        package var attachmentTTL: Int = CommerceLayerLimits.attachmentURLLifetimeSeconds
        /// Rate-limit mode.
        package var rateLimits: RateLimits = .real

        package init() {}
    }

    /// The behaviours Commerce Layer leaves UNKNOWN (and the schema it may have grown): one
    /// switch per alternative, so a client can be tested against each; the defaults are the
    /// alternatives the evidence favours.
    package struct Behaviours: Sendable {
        /// Whether a payment method's gateway may be given with its concrete type
        /// (`stripe_gateways`) as well as `payment_gateways`, the documented form (UNKNOWN on
        /// the real service: by default only the documented form is accepted).
        package var concreteGatewayLinks: Bool = false
        /// Whether `dry_data` exports keep `<relation>_id` keys (UNKNOWN on the real service).
        package var dryDataKeepsRelationIDs: Bool = false
        /// Whether `dry_data` exports keep `false` values. Commerce Layer documents that
        /// `dry_data` skips blanks, and in Rails `false` is blank, so by default it is dropped
        /// with null, "", [] and {}; whether it really is: UNKNOWN.
        package var dryDataKeepsFalse: Bool = false
        /// Attributes, by type, that this Commerce Layer has and layerclone's catalog lacks, as
        /// after an API release: strings, creatable, updatable, filterable and returned by every
        /// read (`NewerSchema`).
        package var extraAttributes: [ResourceType: [String]] = [:]
        /// The form of `type` that children nested in an import input must carry
        /// (`price_tiers`): the class name `PriceVolumeTier` (CL's own import app sends it) or
        /// the resource type `price_volume_tiers` (UNKNOWN on the real service). A child in the
        /// other form, or with none, fails its input (`errors_log`: `price_tiers.type`).
        package var nestedTypeForm: NestedTypeForm = .className
        /// Whether imports set the tags given with a record (`"tags": [{"id": …}]` or
        /// `[{"name": …}]`). The docs say imports take tags with the tagged resource (CSV
        /// `tags.id`, `tags.name`); the JSON form is UNKNOWN. When false, tags in inputs are
        /// ignored silently.
        package var importsSetTags: Bool = true
        /// Which types exports accept: all catalog types, or the legacy list only.
        package var exportableTypes: ExportableTypes = .all
        /// Which `includes` exports accept (`ExportIncludes`): the dashboard's per-type list, or
        /// any.
        package var exportIncludes: ExportIncludes = .whitelist
        /// Slots held by other tools' jobs for a while (`--foreign-jobs N[,SECONDS]`).
        package var foreignJobs: ForeignJobs = .none

        package init() {}
    }

    /// The conditions the sandbox runs under: the faults it injects and their seed, how fast
    /// its jobs run and how often they break.
    package struct Conditions: Sendable {
        /// Faults applied from the start (changeable at run time through
        /// `SandboxServer.setFaults`).
        package var faults: FaultSpec = .none
        /// Seed of the fault sequence: the same seed and the same request sequence give the
        /// same faults.
        package var faultSeed: UInt64 = 1
        /// Start latency and records per second of simulated jobs (`--job-speed`).
        package var jobSpeed: JobSpeed = .instant
        /// Probability (0…1) that a job breaks halfway (`job_fail`), drawn from `faultSeed`.
        package var jobFailureRate: Double = 0

        package init() {}
    }

    /// Where it listens, the organization it plays, token lifetime and store.
    package var server = Server()
    /// Caps of exports, imports and jobs, attachment lifetime and rate limits.
    package var limits = Limits()
    /// The switches of the behaviours Commerce Layer leaves unknown.
    package var behaviours = Behaviours()
    /// Faults, their seed, job speed and job failures.
    package var conditions = Conditions()

    package init() {}
}

extension SandboxConfiguration.RateLimits {
    /// Parses `real`, `off` or a positive factor such as `0.5`; nil for anything else.
    package init?(argument: String) {
        switch argument {
        case "real": self = .real
        case "off": self = .off
        default:
            guard let factor = Double(argument), factor > 0, factor.isFinite else { return nil }
            self = .scaled(factor)
        }
    }
}

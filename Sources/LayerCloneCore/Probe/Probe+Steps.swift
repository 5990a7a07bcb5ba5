extension Probe {
    /// The steps, in order, with their cost (`probe --dry-run`).
    package static let steps = [
        "fetch a token: organization, environment, token lifetime (1 request)",
        "remove the records and jobs whose reference starts with \(referencePrefix) (left by a killed probe): "
            + "10 list requests, plus one delete each",
        "read the rate-limit headers of a cacheable GET (skus) and of another (exports), one record each (2 requests)",
        "ask for an export of price_lists and one of prices including price_list, matching nothing: the refusals "
            + "tell the exportable types and the accepted includes (2 requests, no job)",
        "create a shipping category, a tag, two price lists and a SKU with an empty description and "
            + "do_not_ship false, each with the reference \(referencePrefix)<id> (5 requests)",
        "export every SKU with dry_data: refused for its size, the refusal gives the records an export may hold, "
            + "and the probe's SKU alone is exported instead; download it: blank values, false values, relation "
            + "ids (job 1, ~5 requests; taken whole, the download holds every SKU, at most the cap)",
        "import two prices of the SKU with a volume tier each, one tier typed PriceVolumeTier, the other "
            + "price_volume_tiers: the nested type form (job 2, ~4 requests)",
        "import the SKU with its tag's name in _add_tags, padded to 2,001 inputs that fail: refused, the cap and its refusal, and the "
            + "SKU again alone; taken, 10,001 failing tag inputs (refused: no job); then read the SKU's tags "
            + "(job 3, ~5 requests)",
        "read back the shipping category, the tag, a price list and the SKU: attributes layerclone's catalog does "
            + "not know (4 requests)",
        "create a manual gateway, and a payment method naming it by its own type (manual_gateways): refused, "
            + "payment methods name gateways as payment_gateways only (2 requests)",
        "remove everything the probe created: 10 list requests and about 12 deletes",
    ]

    /// The total cost (`probe --dry-run`).
    package static let cost =
        "about 60 requests and 3 jobs; a job that stops halfway runs once more, and an import of 10,001 inputs "
        + "that is taken is a 4th job"
}

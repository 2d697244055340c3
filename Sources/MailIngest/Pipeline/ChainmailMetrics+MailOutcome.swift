import ChainmailMetrics

extension ChainmailMetrics {
    /// Counts what the pipeline made of one mail that came in by `source`: the refusal's code,
    /// or `executed` / `awaiting_proofs`. An executed mail, and one refused after its DKIM proof
    /// held, also count as an execution by `email`.
    func recordMailOutcome(_ outcome: MailOutcome, source: MailSource) {
        recordMailOutcome(
            source: source.metricsLabel,
            result: outcome.rejection?.code.name ?? outcome.status.rawValue,
            senderProven: outcome.status == .executed || outcome.rejection?.senderProven == true
        )
    }
}

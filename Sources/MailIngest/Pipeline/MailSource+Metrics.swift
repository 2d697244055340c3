extension MailSource {
    /// The `source` label of the mail metrics: `imap`, `api` or `file`.
    var metricsLabel: String {
        switch self {
        case .imap: "imap"
        case .api: "api"
        case .file: "file"
        }
    }
}

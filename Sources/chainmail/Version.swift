/// chainmail's version, printed by `chainmail --version` and `config check --json`: the one place it
/// is written; a release changes it here.
enum ChainmailVersion {
    static let text = "1.1.0"
}

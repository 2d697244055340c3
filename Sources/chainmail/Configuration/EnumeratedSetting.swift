import ChainSigner
import Logging
import MailTransport

/// A setting that takes one of a fixed list of words: the strict decoder refuses any other value
/// and names the accepted ones.
protocol EnumeratedSetting {
    static var acceptedValues: [String] { get }
}

extension EnumeratedSetting where Self: CaseIterable & RawRepresentable, RawValue == String {
    static var acceptedValues: [String] { allCases.map(\.rawValue) }
}

extension Logger.Level: EnumeratedSetting {}

extension MailTransportSecurity: EnumeratedSetting {}

extension SignerSettings.Kind: EnumeratedSetting {}

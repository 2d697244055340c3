import DKIMVerifier
import Foundation
import Testing

@testable import MailIngest

/// A message from text written with `\n` line ends (ParsedMessage turns them into CRLF).
func message(_ text: String) -> ParsedMessage {
    ParsedMessage(Array(text.utf8))
}

/// A message with the given From value and a trivial body.
func messageFrom(_ value: String) -> ParsedMessage {
    message("From: \(value)\nTo: service@chainmail.example\nSubject: hi\n\nbody\n")
}

/// The error of a failed result, for `#expect(error(of: …)?.code.name == …)`.
func error<Success>(of result: Result<Success, MailParseError>) -> MailParseError? {
    if case .failure(let error) = result { return error }
    return nil
}

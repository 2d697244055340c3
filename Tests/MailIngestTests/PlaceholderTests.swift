import Testing

@testable import MailIngest

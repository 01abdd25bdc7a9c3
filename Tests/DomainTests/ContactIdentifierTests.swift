import Domain
import Testing

@Suite struct ContactIdentifierTests {
    @Test(arguments: [
        ("0912 345 678", "+84912345678"),
        ("0912.345.678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("84912345678", "+84912345678"),
        ("(091) 234-5678", "+84912345678"),
        ("0387654321", "+84387654321"),
    ])
    func vietnameseMobileNumbersBecomeE164(written: String, e164: String) {
        #expect(ContactIdentifier.parsePhone(written) == .phone(e164))
    }

    @Test(arguments: ["0212345678", "091234567", "09123456789", "+1 415 555 0100", "abc", "+84 112 345 678", ""])
    func otherNumbersAreRefused(written: String) {
        #expect(ContactIdentifier.parsePhone(written) == nil)
    }

    @Test func emailAddressesAreLowerCased() {
        #expect(ContactIdentifier.parseEmail(" Lan.Nguyen@Example.ORG ") == .email("lan.nguyen@example.org"))
    }

    @Test(arguments: ["lan", "lan@", "@example.org", "lan@example", "lan@exa mple.org", "lan@@example.org", "lan@-x.org", "l an@example.org"])
    func malformedEmailAddressesAreRefused(text: String) {
        #expect(ContactIdentifier.parseEmail(text) == nil)
    }

    @Test func parseTellsEmailFromPhone() {
        #expect(ContactIdentifier.parse("a@example.org") == .email("a@example.org"))
        #expect(ContactIdentifier.parse("0912345678") == .phone("+84912345678"))
    }

    @Test func maskingHidesMostOfTheIdentifier() {
        #expect(ContactIdentifier.email("lan.nguyen@example.org").masked == "l***@example.org")
        #expect(ContactIdentifier.phone("+84912345678").masked == "+849*****78")
    }
}

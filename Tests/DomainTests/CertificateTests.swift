import Domain
import Foundation
import Testing

@Suite struct CertificateTests {
    static func instant(_ iso: String) -> Date {
        guard let date = ISO8601DateFormatter().date(from: iso) else { preconditionFailure("bad test instant \(iso)") }
        return date
    }

    static func certificate(expiresAt: Date, revokedAt: Date? = nil) -> Certificate {
        Certificate(
            learnerID: UUID(),
            id: "c",
            programID: "p",
            holderID: UUID(),
            displayName: "An",
            competencyScores: [:],
            issuedAt: expiresAt.addingTimeInterval(-86_400 * 365),
            expiresAt: expiresAt,
            statusIndex: 0,
            credentialJWT: nil,
            previousID: nil,
            revokedAt: revokedAt,
            revocationReason: revokedAt == nil ? nil : "mistake"
        )
    }

    @Test func validThroughTheInstantItExpiresThenExpired() {
        let expiresAt = Self.instant("2027-01-31T10:00:00+07:00")
        let certificate = Self.certificate(expiresAt: expiresAt)
        #expect(certificate.status(at: expiresAt.addingTimeInterval(-86_400 * 100)) == .valid)
        #expect(certificate.status(at: expiresAt.addingTimeInterval(-1)) == .valid)
        #expect(certificate.status(at: expiresAt) == .valid, "valid exactly at expiresAt")
        #expect(certificate.status(at: expiresAt.addingTimeInterval(1)) == .expired)
        #expect(certificate.status(at: expiresAt.addingTimeInterval(86_400 * 1_000)) == .expired)
    }

    @Test func revocationWinsOverExpiry() {
        let expiresAt = Self.instant("2027-01-31T10:00:00+07:00")
        let revoked = Self.certificate(expiresAt: expiresAt, revokedAt: expiresAt.addingTimeInterval(-86_400))
        #expect(revoked.status(at: expiresAt.addingTimeInterval(-86_400 * 2)) == .revoked, "revoked is final whatever the clock says")
        #expect(revoked.status(at: expiresAt) == .revoked)
        #expect(revoked.status(at: expiresAt.addingTimeInterval(1)) == .revoked, "not expired: revoked")
    }

    @Test func statusNamesAreTheWireValues() {
        #expect(Certificate.Status.valid.rawValue == "valid")
        #expect(Certificate.Status.expired.rawValue == "expired")
        #expect(Certificate.Status.revoked.rawValue == "revoked")
    }

    @Test func expiryIsCalendarMonthsLaterInVietnam() {
        #expect(
            Certificate.expiry(issuedAt: Self.instant("2026-03-15T08:00:00+07:00"), validityMonths: 24)
                == Self.instant("2028-03-15T08:00:00+07:00")
        )
        #expect(
            Certificate.expiry(issuedAt: Self.instant("2026-03-15T08:00:00+07:00"), validityMonths: 12)
                == Self.instant("2027-03-15T08:00:00+07:00")
        )
        #expect(
            Certificate.expiry(issuedAt: Self.instant("2026-03-15T08:00:00+07:00"), validityMonths: 0)
                == Self.instant("2026-03-15T08:00:00+07:00")
        )
    }

    @Test func theThirtyFirstRollsBackToTheMonthsLastDay() {
        #expect(
            Certificate.expiry(issuedAt: Self.instant("2026-01-31T10:00:00+07:00"), validityMonths: 1)
                == Self.instant("2026-02-28T10:00:00+07:00")
        )
        #expect(
            Certificate.expiry(issuedAt: Self.instant("2024-01-31T10:00:00+07:00"), validityMonths: 1)
                == Self.instant("2024-02-29T10:00:00+07:00"),
            "a leap year's February"
        )
        #expect(
            Certificate.expiry(issuedAt: Self.instant("2026-03-31T10:00:00+07:00"), validityMonths: 1)
                == Self.instant("2026-04-30T10:00:00+07:00")
        )
        #expect(
            Certificate.expiry(issuedAt: Self.instant("2024-02-29T09:00:00+07:00"), validityMonths: 24)
                == Self.instant("2026-02-28T09:00:00+07:00"),
            "a leap day with no leap day two years on"
        )
    }

    @Test func monthsAreCountedOnTheVietnamCalendarNotUTC() {
        // 00:30 on 31 January in Vietnam is still 30 January in UTC: counted in UTC, one month
        // later would be 1 March in Vietnam; counted in Vietnam it is 28 February.
        let issued = Self.instant("2026-01-31T00:30:00+07:00")
        let expiry = Certificate.expiry(issuedAt: issued, validityMonths: 1)
        #expect(expiry == Self.instant("2026-02-28T00:30:00+07:00"))
        #expect(VietnamDay(of: expiry).text == "2026-02-28")
        // 23:30 on 31 December in Vietnam, 16:30 UTC the same day.
        #expect(
            Certificate.expiry(issuedAt: Self.instant("2025-12-31T23:30:00+07:00"), validityMonths: 2)
                == Self.instant("2026-02-28T23:30:00+07:00")
        )
    }

    static let base64URLAlphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    @Test func anIDIs128BitsAs22Base64URLCharacters() throws {
        var generator = SeededRandom(seed: 7)
        for _ in 0..<500 {
            let id = Certificate.newID(using: &generator)
            #expect(id.count == 22, "\(id)")
            #expect(id.allSatisfy(Self.base64URLAlphabet.contains), "\(id)")
            // 22 characters carry 132 bits: the last one holds 2 data bits and 4 zero bits.
            #expect("AQgw".contains(id.last!), "\(id)")
            let bytes = try #require(Base64URL.decode(id))
            #expect(bytes.count == 16)
        }
    }

    @Test func idsComeFromTheGeneratorSoSeedsReproduceThem() {
        var first = SeededRandom(seed: 1)
        var again = SeededRandom(seed: 1)
        var other = SeededRandom(seed: 2)
        let a = (0..<5).map { _ in Certificate.newID(using: &first) }
        let b = (0..<5).map { _ in Certificate.newID(using: &again) }
        let c = (0..<5).map { _ in Certificate.newID(using: &other) }
        #expect(a == b, "equal seeds agree")
        #expect(Set(a).isDisjoint(with: c), "different seeds differ")
        #expect(Set(a).count == 5, "each draw is a fresh id")
    }

    @Test func idsFromTheSystemGeneratorDoNotRepeat() {
        var generator = SystemRandomNumberGenerator()
        let ids = (0..<1_000).map { _ in Certificate.newID(using: &generator) }
        #expect(Set(ids).count == ids.count)
    }

    @Test func competencyScoresAreTheMeanCreditPerCompetency() {
        let scores = Certificate.competencyScores([
            (competency: "4.1", earned: 1), (competency: "4.2", earned: 0), (competency: "4.1", earned: 0.5),
            (competency: "4.3", earned: 0.25), (competency: "4.1", earned: 0), (competency: "4.3", earned: 0.75),
        ])
        #expect(scores == ["4.1": 0.5, "4.2": 0, "4.3": 0.5])
        #expect(Certificate.competencyScores([(competency: "1.1", earned: 1)]) == ["1.1": 1])
        #expect(Certificate.competencyScores([]).isEmpty)
    }
}

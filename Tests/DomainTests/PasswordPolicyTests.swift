import Domain
import Testing

@Suite struct PasswordPolicyTests {
    let policy = PasswordPolicy(commonPasswords: ["password", "qwerty123", "iloveyou", "dragon"])

    @Test(arguments: ["short", "1234567", "ab cd e"])
    func passwordsUnderEightCharactersAreRefused(password: String) {
        #expect(policy.problem(with: password, personal: [])?.en.contains("at least 8") == true)
    }

    @Test func lengthCountsCharactersAfterNFC() {
        // "ệ" written as e + two combining marks is one character after NFC.
        let decomposed = "m\u{0065}\u{0323}\u{0302}t m\u{1ecf}i"  // 7 characters once composed
        #expect(policy.problem(with: decomposed, personal: []) != nil)
        #expect(policy.problem(with: String(repeating: "a", count: 129), personal: [])?.en.contains("at most 128") == true)
        #expect(policy.problem(with: "mưa rơi trên mái ngói cũ", personal: []) == nil)
    }

    @Test(arguments: ["password", "PASSWORD", "Password2024!", "dragon123", "qwerty123", "12345678", "!!!!####"])
    func commonPasswordsAndTheirDecoratedFormsAreRefused(password: String) {
        #expect(policy.problem(with: password, personal: [])?.en.contains("too common") == true)
    }

    @Test(arguments: ["matkhau123", "MatKhau@2025", "mật khẩu 1", "anhyeuem", "Anh Yêu Em 99", "emyeuanh2024", "12yeuem12", "iloveyou!!"])
    func commonVietnamesePasswordsAreRefused(password: String) {
        #expect(policy.problem(with: password, personal: [])?.en.contains("too common") == true)
    }

    @Test func theIdentifierOrNameIsRefused() {
        let personal = ["lan.nguyen@example.org", "Nguyễn Thị Lan"]
        #expect(policy.problem(with: "LAN.NGUYEN@example.org", personal: personal) != nil)
        #expect(policy.problem(with: "nguyen thi lan", personal: personal) != nil)
        #expect(policy.problem(with: "lan thich tra da buoi sang", personal: personal) == nil)
    }

    @Test(arguments: ["Uống nước nhớ nguồn 2024!", "uong nuoc nho nguon", "CorrectHorseBatteryStaple", "correct horse battery staple"])
    func wellKnownPassphrasesAreRefusedHoweverTheyAreWritten(password: String) {
        let policy = PasswordPolicy(commonPasswords: ["uống nước nhớ nguồn", "correct horse battery staple"])
        #expect(policy.problem(with: password, personal: [])?.en.contains("too common") == true)
        #expect(policy.problem(with: "uống nước nhớ nguồn suối trong", personal: []) == nil, "a longer phrase of one's own is fine")
    }

    @Test func noCompositionRules() {
        #expect(policy.problem(with: "bốn cái ghế gỗ bên hồ sen", personal: []) == nil)
        #expect(policy.problem(with: "con mèo đen ngủ trên ghế", personal: []) == nil)
    }
}

import CoursePacks
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Persistence
import Services

/// `GET /verify/{certificateId}`: a page anyone can open from a printed certificate.
///
/// Server-rendered, with no external assets, readable on a phone and printable. Every value is
/// escaped, the holder's self-declared name above all.
struct VerifyPage {
    let certification: CertificationService
    let clock: WallClock
    let publicBaseURL: URL

    func register(on registrar: RouteRegistrar<AppRequestContext>) {
        registrar.on("/verify/{certificateId}", method: .get) { _, context in
            try await page(context.parameters.get("certificateId") ?? "")
        }
    }

    func page(_ certificateID: String) async throws -> Response {
        let language = RequestScope.current.language
        let described: CertificationService.Described?
        do {
            described = try await certification.certificate(certificateID)
        } catch let refusal as Refusal where refusal.kind == .notFound {
            described = nil
        }
        let text = Self.texts(language)
        guard let record = described?.certificate else {
            return html(status: .notFound, language: language, body: "<h1>\(text.notFound)</h1><p>\(text.notFoundDetail)</p>")
        }
        let status = record.status(at: clock.now())
        let badge =
            switch status {
            case .valid: "<p class=\"status valid\">✓ \(text.valid)</p>"
            case .expired: "<p class=\"status expired\">\(text.expired)</p>"
            case .revoked: "<p class=\"status revoked\">✗ \(text.revoked)</p>"
            }
        let name = record.displayName.map { "<p class=\"name\">\(Markdown.escape($0))</p>" } ?? "<p class=\"name\">—</p>"
        let competencies = record.competencyScores.sorted { $0.key < $1.key }.map { code, score in
            "<li>\(Markdown.escape(code)) \(Markdown.escape(Competency.names[code]?.text(in: language) ?? "")): \(Int((score * 100).rounded()))%</li>"
        }.joined()
        let credential = publicBaseURL.absoluteString + "/v1/certificates/\(record.id)/credential"
        let body = """
            <p class="issuer">SafeSkills</p>
            <h1>\(Markdown.escape(described?.programmeTitle?.text(in: language) ?? record.programID))</h1>
            \(badge)
            \(name)
            <dl>
            <dt>\(text.issued)</dt><dd>\(Self.day(record.issuedAt))</dd>
            <dt>\(text.expires)</dt><dd>\(Self.day(record.expiresAt))</dd>
            <dt>\(text.identifier)</dt><dd><code>\(Markdown.escape(record.id))</code></dd>
            </dl>
            <h2>\(text.competencies)</h2>
            <ul>\(competencies)</ul>
            <p class="notice">\(Markdown.escape(APIHandlers.certificateNotice.text(in: language)))</p>
            <p class="links"><a href="\(Markdown.escape(credential))">\(text.credential)</a></p>
            """
        return html(status: .ok, language: language, body: body)
    }

    func html(status: HTTPResponse.Status, language: Language, body: String) -> Response {
        HTMLPage.response(
            status: status,
            language: language,
            html: HTMLPage.document(language: language, title: "SafeSkills", indexed: true, style: Self.style, body: body),
            contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'"
        )
    }

    static let style = """
        body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}
        h1{font-size:1.5rem}.issuer{letter-spacing:.1em;text-transform:uppercase;color:#555}
        .status{font-size:1.25rem;font-weight:700;padding:.5rem 1rem;border-radius:.5rem}
        .valid{background:#e3f4e6;color:#14532d}.expired{background:#fff4d6;color:#713f12}.revoked{background:#fde2e1;color:#7f1d1d}
        .name{font-size:1.75rem;font-weight:600}dt{font-weight:600}dd{margin:0 0 .5rem}
        .notice{border-left:4px solid #888;padding-left:1rem;color:#333}
        @media print{.links{display:none}body{margin:0}}
        """

    static func day(_ date: Date) -> String { VietnamCalendar.day(of: date) }

    struct Texts {
        var valid, expired, revoked, issued, expires, identifier, competencies, credential, notFound, notFoundDetail: String
    }

    static func texts(_ language: Language) -> Texts {
        switch language {
        case .vi:
            Texts(
                valid: "Chứng nhận còn hiệu lực",
                expired: "Chứng nhận đã hết hạn",
                revoked: "Chứng nhận đã bị thu hồi",
                issued: "Ngày cấp",
                expires: "Hiệu lực đến",
                identifier: "Mã chứng nhận",
                competencies: "Kết quả theo năng lực",
                credential: "Chứng nhận điện tử có chữ ký (Open Badges 3.0)",
                notFound: "Không tìm thấy chứng nhận",
                notFoundDetail: "Hãy kiểm tra lại mã chứng nhận."
            )
        case .en:
            Texts(
                valid: "This certificate is valid",
                expired: "This certificate has expired",
                revoked: "This certificate has been revoked",
                issued: "Issued",
                expires: "Valid until",
                identifier: "Certificate id",
                competencies: "Results by competency",
                credential: "Signed digital credential (Open Badges 3.0)",
                notFound: "No such certificate",
                notFoundDetail: "Check the certificate id."
            )
        }
    }
}

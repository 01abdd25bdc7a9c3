import Domain
import Foundation
import QRCode

/// The printable sheet of managed accounts' sign-in cards: A4, eight cards a page (two across,
/// four down, with dashed lines to cut along), each with the person's name, sign-in name,
/// one-time code and a QR code holding both, and the instructions in Vietnamese and English.
/// Black on white throughout (WCAG 2.1 AA and cheap to print); the page is in Vietnamese with the
/// English parts marked `lang="en"` for screen readers.
enum SignInCardSheet {
    /// Inline style only: the page has no script and loads nothing.
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"

    static let cardsPerPage = 8

    static let style = """
        @page { size: A4; margin: 10mm; }
        body { font-family: "Noto Sans", Arial, sans-serif; color: #000; background: #fff; margin: 0; }
        h1 { font-size: 12pt; margin: 0 0 4mm; }
        .page { display: grid; grid-template-columns: 1fr 1fr; break-after: page; }
        .page:last-child { break-after: auto; }
        .card { box-sizing: border-box; height: 66mm; padding: 4mm; border: 1px dashed #000;
                break-inside: avoid; page-break-inside: avoid; display: flex; gap: 3mm; overflow: hidden; }
        .card h2 { font-size: 12pt; margin: 0 0 2mm; }
        .card dl { margin: 0 0 2mm; font-size: 10pt; }
        .card dt { font-weight: normal; }
        .card dd { margin: 0 0 1mm; font-family: "Noto Sans Mono", "Courier New", monospace; font-size: 13pt; font-weight: bold; }
        .card p { margin: 0 0 1mm; font-size: 8pt; line-height: 1.3; }
        .qr { flex: 0 0 30mm; }
        .qr svg { width: 30mm; height: 30mm; }
        """

    static func html(_ sheet: ManagedCardSheet) -> String {
        let className = escaped(sheet.className)
        let pages = stride(from: 0, to: sheet.cards.count, by: cardsPerPage).map { start in
            "<div class=\"page\">\n" + sheet.cards[start..<min(start + cardsPerPage, sheet.cards.count)].map(card).joined(separator: "\n")
                + "\n</div>"
        }
        return HTMLPage.document(
            language: .vi,
            title: "Thẻ đăng nhập – \(className)",
            indexed: false,
            style: style,
            body: """
                <main>
                <h1>Thẻ đăng nhập: \(className) <span lang="en">(Sign-in cards: \(className))</span></h1>
                \(pages.joined(separator: "\n"))
                </main>
                """
        )
    }

    static func card(_ card: ManagedCard) -> String {
        let code = FirstSignInCode.display(card.code)
        let day = VietnamDay(of: card.expiresAt)
        let until = String(format: "%02d/%02d/%04d", day.day, day.month, day.year)
        // A sign-in name and a code are at most 21 ASCII characters, well within a QR code.
        let qr = (try? QRCode(card.qrText).svg(label: "Mã QR đăng nhập của \(card.displayName)", pixelSize: 120)) ?? ""
        return """
            <section class="card" aria-label="\(escaped(card.displayName))">
            <div class="qr">\(qr)</div>
            <div>
            <h2>\(escaped(card.displayName))</h2>
            <dl>
            <dt>Tên đăng nhập <span lang="en">/ Sign-in name</span></dt><dd>\(escaped(card.signInName))</dd>
            <dt>Mã dùng một lần <span lang="en">/ One-time code</span></dt><dd>\(code)</dd>
            </dl>
            <p>Lần đầu: chọn “Đăng nhập lần đầu”, nhập tên và mã (hoặc quét mã QR), rồi tự đặt mật khẩu. \
            Mã chỉ dùng được một lần, đến hết ngày \(until).</p>
            <p lang="en">First time: choose “First sign-in”, type the name and code (or scan the QR code), \
            then choose your own password. The code works once, until \(until).</p>
            </div>
            </section>
            """
    }

    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}

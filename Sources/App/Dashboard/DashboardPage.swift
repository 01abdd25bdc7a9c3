import CoursePacks
import Domain
import Foundation

/// The statistics dashboard and its sign-in form, rendered on the server like the verify page:
/// inline CSS, no script, no outside assets, every value escaped. The route sends the result as
/// `text/html; charset=utf-8` with `contentSecurityPolicy`.
enum DashboardPage {
    /// The verify page's policy, plus: forms post only here, and no site may frame the sign-in.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// The whole dashboard document.
    static func page(_ view: DashboardView) -> String {
        let w = Words(view.language)
        // A past year stays picked when the reader switches language.
        let picked = view.year == view.years.first ? "" : "&amp;year=\(view.year)"
        let body = [
            header(view.language, signedIn: true, query: picked),
            "<main>",
            "<h1>\(w("Thống kê tiếp cận", "Reach statistics"))</h1>",
            "<p class=\"asof\">\(w("Số liệu tính đến hết ngày", "Figures to the end of")) \(e(w.day(view.asOf)))\(w(" (giờ Việt Nam).", ", Vietnam time."))</p>",
            freshness(view, w),
            years(view, w),
            headline(view, w),
            beside(view, w),
            nationalChart(view, w),
            provinces(view, w),
            funnel(view, w),
            "</main>",
            footer(view, w),
        ].joined(separator: "\n")
        return document(view.language, title: w("Thống kê tiếp cận", "Reach statistics"), body: body)
    }

    /// One line when the figures are not as current as the database: a replica more than a minute
    /// behind, or the primary answering because the replica could not be reached.
    static func freshness(_ view: DashboardView, _ w: Words) -> String {
        guard let freshness = view.freshness else { return "" }
        let why =
            freshness.fallback
            ? w(
                "bản sao thống kê không kết nối được, số liệu lấy từ cơ sở dữ liệu chính",
                "the statistics replica cannot be reached; read from the primary database"
            )
            : w("bản sao chậm \(w.integer(freshness.lagSeconds)) giây", "replica \(w.integer(freshness.lagSeconds)) s behind")
        return "<p class=\"warn\">\(w("Số liệu tính đến", "Figures as of")) \(e(freshness.exactAsOf)) (\(e(why))).</p>"
    }

    /// The sign-in form. `identifier` is what was typed last time, so a mistyped password costs
    /// only the password; `message` says why the last attempt failed, if it did.
    static func signIn(language: Language, message: LocalizedText?, identifier: String) -> String {
        let w = Words(language)
        let alert = message.map { "<p class=\"warn\" role=\"alert\">\(e($0.text(in: language)))</p>" } ?? ""
        let body = """
            \(header(language, signedIn: false))
            <main>
            <h1>\(w("Đăng nhập trang thống kê", "Sign in to the statistics dashboard"))</h1>
            <p>\(w("Dành cho cán bộ thống kê và quản trị viên của chương trình.", "For the programme's statisticians and administrators."))</p>
            \(alert)
            <form method="post" action="/dashboard/session?lang=\(language.rawValue)" class="signin">
            <label for="identifier">\(w("Email hoặc số điện thoại", "Email or phone number"))</label>
            <input id="identifier" name="identifier" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="\(e(identifier))">
            <label for="password">\(w("Mật khẩu", "Password"))</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit">\(w("Đăng nhập", "Sign in"))</button>
            </form>
            </main>
            """
        return document(language, title: w("Đăng nhập", "Sign in"), body: body)
    }

    // MARK: - Sections

    private static func header(_ language: Language, signedIn: Bool, query: String = "") -> String {
        // Only the other language is a link; the current one is marked for screen readers.
        let languages = [(Language.vi, "Tiếng Việt"), (.en, "English")].map { code, name in
            code == language
                ? "<span aria-current=\"true\">\(name)</span>"
                : "<a href=\"/dashboard?lang=\(code.rawValue)\(query)\" hreflang=\"\(code.rawValue)\" lang=\"\(code.rawValue)\">\(name)</a>"
        }.joined(separator: " ")
        let w = Words(language)
        let signOut =
            signedIn
            ? "<form method=\"post\" action=\"/dashboard/sign-out?lang=\(language.rawValue)\"><button type=\"submit\">\(w("Đăng xuất", "Sign out"))</button></form>"
            : ""
        return "<header><p class=\"brand\">SafeSkills</p><nav aria-label=\"\(w("Ngôn ngữ", "Language"))\">\(languages)\(signOut)</nav></header>"
    }

    /// Links to the other years' figures: each past year as of its last day.
    private static func years(_ view: DashboardView, _ w: Words) -> String {
        guard view.years.count > 1 else { return "" }
        let links = view.years.enumerated().map { index, year in
            let label = index == 0 ? w("\(year) (đến hôm nay)", "\(year) (to date)") : String(year)
            let query = index == 0 ? "" : "&amp;year=\(year)"
            return year == view.year
                ? "<li><span aria-current=\"page\">\(label)</span></li>"
                : "<li><a href=\"/dashboard?lang=\(w.language.rawValue)\(query)\">\(label)</a></li>"
        }.joined()
        return "<nav aria-label=\"\(w("Chọn năm", "Pick a year"))\" class=\"years\"><ul>\(links)</ul></nav>"
    }

    /// Says which figures are an earlier year's, carried forward because `view.year` has none yet.
    private static func carriedForward(_ view: DashboardView, _ w: Words) -> String {
        let year = view.year
        var notes: [String] = []
        if let from = view.internetUsersYear, from != year {
            notes.append(
                w(
                    "Năm \(year) chưa có số người dùng Internet; tỷ lệ dùng số của năm \(from) (chuyển tiếp) cho đến khi quản trị viên nạp số liệu năm \(year).",
                    "No internet-users figure is loaded for \(year); the rate uses \(from)'s, carried forward until an administrator loads \(year)'s."
                )
            )
        }
        if let from = view.targetYear, from != year {
            notes.append(
                w(
                    "Năm \(year) chưa có mục tiêu; dùng mục tiêu năm \(from) (chuyển tiếp).",
                    "No target is set for \(year); \(from)'s target is carried forward."
                )
            )
        }
        return notes.map { "<p class=\"warn\">\(e($0))</p>" }.joined()
    }

    private static func headline(_ view: DashboardView, _ w: Words) -> String {
        let year = String(view.year)
        var rateNote: String
        if view.internetUsers == nil {
            rateNote = w(
                "Chưa có số người dùng Internet năm \(year) nên chưa tính được tỷ lệ.",
                "No internet-users figure is loaded for \(year), so there is no rate."
            )
        } else if view.rate == nil {
            rateNote = w("Chưa công bố vì còn dưới 10 người.", "Not shown while fewer than 10 people are reached.")
        } else {
            rateNote = w("trên \(w.count(view.internetUsers)) người dùng Internet.", "of \(w.count(view.internetUsers)) internet users.")
        }
        rateNote +=
            " "
            + (view.target.map { w("Mục tiêu: \(w.target($0)).", "Target: \(w.target($0)).") }
                ?? w("Năm \(year) chưa có mục tiêu.", "\(year) has no target."))
        let gapNote =
            switch view.gap {
            case nil: w("Cần cả mục tiêu và số người dùng Internet.", "Needs both a target and an internet-users figure.")
            case 0?: w("Đã đạt mục tiêu năm \(year).", "The \(year) target is met.")
            default: w("để đạt mục tiêu năm \(year)", "to meet the \(year) target")
            }
        var source = ""
        if view.internetUsers != nil, let text = view.internetUsersSource, !text.isEmpty {
            source = "<p class=\"note\">\(w("Nguồn số người dùng Internet:", "Internet users, source:")) \(e(text))</p>"
        }
        if view.internetUsers != nil, let status = view.internetUsersStatus, status != "published" {
            let note = w(
                "Lưu ý: số người dùng Internet chưa được xác nhận để công bố (trạng thái: \(status)).",
                "Note: the internet-users figure is not confirmed for publication (status: \(status))."
            )
            source += "<p class=\"warn\">\(e(note))</p>"
        }
        let levels = [
            (w("Đã học ít nhất một bài", "Learned at least one lesson"), view.learned),
            (w("Hoàn thành một khóa học", "Completed a course"), view.completedCourse),
            (w("Được cấp chứng nhận", "Certified"), view.certified),
        ].map { "<div><dt>\(e($0.0))</dt><dd>\(e(w.count($0.1)))</dd></div>" }.joined()
        return """
            <section aria-labelledby="headline">
            <h2 id="headline" class="visually-hidden">\(w("Số liệu chính", "Headline figures"))</h2>
            <dl class="figures">
            <div class="figure"><dt>\(w("Số người được tiếp cận", "People reached"))</dt><dd><span class="big">\(e(w.count(view.reached)))</span>
            <p class="note">\(w("Từ khi chương trình bắt đầu, mỗi người tính một lần.", "Since the programme began, each person once."))</p></dd></div>
            <div class="figure"><dt>\(w("Tỷ lệ tiếp cận năm \(year)", "Reach rate, \(year)"))</dt><dd><span class="big">\(e(view.rate.map(w.percent) ?? "—"))</span>
            <p class="note">\(e(rateNote))</p></dd></div>
            <div class="figure"><dt>\(w("Số người cần tiếp cận thêm", "Still to reach"))</dt><dd><span class="big">\(e(view.gap.map(w.integer) ?? "—"))</span>
            <p class="note">\(e(gapNote))</p></dd></div>
            <div class="figure wide"><dt>\(w("Dự báo", "Projection"))</dt><dd><p class="sentence">\(projection(view, w))</p>
            \(view.projectionMethod.map { method(view, $0, w) } ?? "")</dd></div>
            </dl>
            <dl class="levels">\(levels)</dl>
            \(carriedForward(view, w))
            \(source)
            </section>
            """
    }

    private static func projection(_ view: DashboardView, _ w: Words) -> String {
        let year = String(view.year)
        let days = String(view.projectionWindowDays)
        if view.gap == 0 || (view.onTrack == true && view.expectedOn == nil) {
            return "✓ " + e(w("Đã đạt mục tiêu năm \(year).", "The \(year) target has been met."))
        }
        guard let onTrack = view.onTrack else {
            return e(
                view.gap == nil
                    ? w(
                        "Chưa có dự báo vì năm \(year) chưa có mục tiêu hoặc số người dùng Internet.",
                        "No projection: \(year) has no target or no internet-users figure."
                    )
                    : w(
                        "Chưa có dự báo vì số người được tiếp cận còn quá ít để công bố tốc độ.",
                        "No projection: too few people are reached to publish the pace."
                    )
            )
        }
        guard let day = view.expectedOn else {
            return "✗ "
                + e(
                    w(
                        "Với tốc độ của \(days) ngày qua, mục tiêu sẽ không đạt được. Chưa đúng tiến độ.",
                        "At the pace of the last \(days) days the target would not be met. Not on track."
                    )
                )
        }
        let date = "<strong>\(e(w.day(day)))</strong>"
        return onTrack
            ? "✓ "
                + e(w("Với tốc độ của \(days) ngày qua, mục tiêu sẽ đạt vào ngày", "At the pace of the last \(days) days the target would be met on"))
                + " \(date)" + e(w(", kịp trong năm \(year). Đúng tiến độ.", ", within \(year). On track."))
            : "✗ "
                + e(
                    w(
                        "Với tốc độ của \(days) ngày qua, mục tiêu chỉ đạt vào ngày",
                        "At the pace of the last \(days) days the target would only be met on"
                    )
                )
                + " \(date)" + e(w(", sau năm \(year). Chưa đúng tiến độ.", ", after \(year). Not on track."))
    }

    /// The method as the domain states it, in English; Vietnamese readers get it in their words first.
    private static func method(_ view: DashboardView, _ method: String, _ w: Words) -> String {
        let days = view.projectionWindowDays
        return w.language == .en
            ? "<p class=\"note\">Method: \(e(method))</p>"
            : "<p class=\"note\">Cách tính: lấy số người được tiếp cận lần đầu trong \(days) ngày qua chia cho \(days) làm tốc độ mỗi ngày, "
                + "rồi giữ nguyên tốc độ đó từ ngày số liệu (<span lang=\"en\">\(e(method))</span>).</p>"
    }

    private static func beside(_ view: DashboardView, _ w: Words) -> String {
        let devicesNote = w(
            "Thiết bị có hoạt động nâng cao nhận thức nhưng chưa gắn với tài khoản nào. Một người có thể dùng nhiều thiết bị.",
            "Devices with an awareness activity that are not linked to any account. One person may use several devices."
        )
        let outside = w(
            "Báo cáo từ bên ngoài năm \(view.year) (sự kiện, chiến dịch, nền tảng đối tác)",
            "Outside reports, \(view.year) (events, campaigns, partner platforms)"
        )
        let outsideNote = w(
            "Đây là giới hạn trên: một người có thể được đếm hai lần, hoặc đã có trong số liệu của nền tảng.",
            "An upper bound: people may be counted twice, or already be among the platform's figures."
        )
        return """
            <section class="beside" aria-labelledby="beside">
            <h2 id="beside">\(w("Số liệu tham khảo, không cộng vào số người hay tỷ lệ", "Shown beside, not added to people reached or the rate"))</h2>
            <dl>
            <dt>\(w("Thiết bị ẩn danh", "Anonymous devices"))</dt><dd><strong>\(e(w.count(view.devices)))</strong>
            <p class="note">\(devicesNote)</p></dd>
            <dt>\(outside)</dt>
            <dd><strong>\(e(w("tối đa \(w.count(view.outsideReportsPeople)) người", "up to \(w.count(view.outsideReportsPeople)) people")))</strong>
            <p class="note">\(outsideNote)</p></dd>
            </dl>
            </section>
            """
    }

    private static func nationalChart(_ view: DashboardView, _ w: Words) -> String {
        let title = w("Tỷ lệ tiếp cận toàn quốc theo tháng", "National reach rate by month")
        guard let latest = view.national.last else {
            return "<section><h2>\(e(title))</h2><p>\(w("Chưa có số liệu theo tháng.", "No monthly figures yet."))</p></section>"
        }
        var summary = w("Cuối tháng gần nhất, \(w.day(latest.day)): ", "Last month end, \(w.day(latest.day)): ") + (latest.rate.map(w.percent) ?? "—")
        if let target = latest.target { summary += w(", mục tiêu \(w.target(target))", ", target \(w.target(target))") }
        let chart = SVGChart.line(
            title: title,
            summary: summary,
            points: view.national.map { SVGChart.Point(label: w.month($0.day), value: $0.rate, target: $0.target) },
            seriesName: w("Tỷ lệ tiếp cận", "Reach rate"),
            targetName: w("Mục tiêu", "Target"),
            percent: { w.percent($0, digits: 0) }
        )
        let caption = w(
            "Mỗi điểm là số liệu cuối tháng; đường nét đứt là mục tiêu của từng năm.",
            "Each point is a month end; the dashed line is each year's target."
        )
        let gaps =
            view.national.contains { $0.rate == nil }
            ? w(" Tháng không có điểm là tháng chưa tính được tỷ lệ.", " A month without a point has no rate.") : ""
        return """
            <section>
            <h2>\(e(title))</h2>
            <figure>\(chart)
            <figcaption class="note">\(e(caption + gaps))</figcaption></figure>
            </section>
            """
    }

    private static func footer(_ view: DashboardView, _ w: Words) -> String {
        let rules = w(
            "Một người được tiếp cận từ ngày đầu tiên có hoạt động: ghi danh, mở một bài học, bắt đầu bài kiểm tra hoặc bài thi. "
                + "Các số liệu từ 1 đến 9 người được ẩn và ghi <10; dấu — nghĩa là không có số liệu.",
            "A person is reached on the first day of any activity: enrolling, opening a lesson, starting a quiz or an exam. "
                + "Figures of 1 to 9 people are withheld and shown as <10; — means there is no figure."
        )
        return """
            <footer class="note">
            <p>\(w("Phương pháp tính, phiên bản", "Methodology version")) \(e(view.methodologyVersion)). \(e(rules))</p>
            </footer>
            """
    }

    // MARK: - Document

    private static func document(_ language: Language, title: String, body: String) -> String {
        HTMLPage.document(language: language, title: "\(e(title)) — SafeSkills", indexed: false, style: style, body: body)
    }

    static func e(_ text: String) -> String { Markdown.escape(text) }
}

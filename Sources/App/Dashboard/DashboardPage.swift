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
        let body = [
            header(view.language, signedIn: true),
            "<main>",
            "<h1>\(w("Thống kê tiếp cận", "Reach statistics"))</h1>",
            "<p class=\"asof\">\(w("Số liệu tính đến hết ngày", "Figures to the end of")) \(e(w.day(view.asOf)))\(w(" (giờ Việt Nam).", ", Vietnam time."))</p>",
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

    private static func header(_ language: Language, signedIn: Bool) -> String {
        // Only the other language is a link; the current one is marked for screen readers.
        let languages = [(Language.vi, "Tiếng Việt"), (.en, "English")].map { code, name in
            code == language
                ? "<span aria-current=\"true\">\(name)</span>"
                : "<a href=\"/dashboard?lang=\(code.rawValue)\" hreflang=\"\(code.rawValue)\" lang=\"\(code.rawValue)\">\(name)</a>"
        }.joined(separator: " ")
        let w = Words(language)
        let signOut =
            signedIn
            ? "<form method=\"post\" action=\"/dashboard/sign-out?lang=\(language.rawValue)\"><button type=\"submit\">\(w("Đăng xuất", "Sign out"))</button></form>"
            : ""
        return "<header><p class=\"brand\">SafeSkills</p><nav aria-label=\"\(w("Ngôn ngữ", "Language"))\">\(languages)\(signOut)</nav></header>"
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

    private static func provinces(_ view: DashboardView, _ w: Words) -> String {
        let title = w("Theo tỉnh, thành phố", "By province")
        var out = "<section><h2>\(e(title))</h2>"
        guard !view.provinces.isEmpty else {
            return out + "<p>\(w("Chưa có số liệu theo tỉnh, thành phố.", "No figures by province yet."))</p></section>"
        }
        let shown = view.provinces.filter { $0.people != nil }
        let byRate = !shown.isEmpty && shown.allSatisfy { $0.rate != nil }
        let target = byRate ? (view.national.last { $0.day == view.provincesAsOf }?.target ?? view.target) : nil
        // Withheld rows last; ties by code, so the order is the same on every load.
        let rows = view.provinces.sorted { a, b in
            let keyA = byRate ? a.rate ?? -1 : Double(a.people ?? -1)
            let keyB = byRate ? b.rate ?? -1 : Double(b.people ?? -1)
            return keyA != keyB ? keyA > keyB : a.code < b.code
        }
        out +=
            "<p class=\"note\">\(w("Số liệu đến hết ngày", "Figures to the end of")) \(e(w.day(view.provincesAsOf)))\(w(", cuối tháng gần nhất.", ", the last month end.")) "
        if byRate {
            out += e(
                w(
                    "Xếp theo tỷ lệ tiếp cận: số người được tiếp cận chia cho số người dùng Internet của tỉnh, thành phố.",
                    "Ranked by reach rate: people reached divided by the province's internet users."
                )
            )
            if let target {
                out += " " + e(w("Đường nét đứt là mục tiêu \(w.target(target)).", "The dashed line is the \(w.target(target)) target."))
            }
        } else if shown.isEmpty {
            // Every province withheld: no ranking to explain, only the note below.
        } else if shown.allSatisfy({ $0.rate == nil }) {
            out += e(
                w(
                    "Chưa có số người dùng Internet của tỉnh, thành phố nào nên chưa tính được tỷ lệ; xếp theo số người được tiếp cận.",
                    "No province internet-user figures are loaded, so there are no rates; ranked by people reached."
                )
            )
        } else {
            out += e(
                w(
                    "Một số tỉnh, thành phố chưa có số người dùng Internet nên xếp theo số người được tiếp cận.",
                    "Some provinces have no internet-user figure, so all are ranked by people reached."
                )
            )
        }
        if rows.contains(where: { $0.people == nil }) {
            out += " " + e(w("Tỉnh, thành phố có từ 1 đến 9 người được ghi <10 và xếp cuối.", "Provinces with 1 to 9 people show <10 and come last."))
        }
        out += "</p>"
        let bars = rows.enumerated().map { index, row in
            SVGChart.Bar(
                label: "\(index + 1). \(row.name)",
                value: byRate ? row.rate : row.people.map(Double.init),
                valueText: row.people == nil ? w.count(nil) : byRate ? row.rate.map(w.percent) ?? "—" : w.count(row.people)
            )
        }
        let summary = w(
            "\(rows.count) tỉnh, thành phố, xếp theo \(byRate ? "tỷ lệ" : "số người"); cao nhất: \(rows[0].name), \(bars[0].valueText)",
            "\(rows.count) provinces ranked by \(byRate ? "rate" : "people reached"); highest: \(rows[0].name), \(bars[0].valueText)"
        )
        let targetLabel = target.map { w("Mục tiêu \(w.target($0))", "Target \(w.target($0))") } ?? ""
        out += "<figure>" + SVGChart.bars(title: title, summary: summary, bars: bars, target: target, targetLabel: targetLabel) + "</figure>"
        let tableRows = rows.enumerated().map { index, row in
            let rate = row.people == nil ? w.count(nil) : row.rate.map(w.percent) ?? "—"
            return "<tr><td>\(index + 1)</td><th scope=\"row\">\(e(row.name))</th><td>\(e(w.count(row.people)))</td><td>\(e(rate))</td></tr>"
        }.joined(separator: "\n")
        out += """
            <details><summary>\(w("Xem dạng bảng", "Show as a table"))</summary><div class="scroll"><table>
            <thead><tr><th scope="col">#</th><th scope="col" class="l">\(w("Tỉnh, thành phố", "Province"))</th>
            <th scope="col">\(w("Người được tiếp cận", "People reached"))</th><th scope="col">\(w("Tỷ lệ", "Rate"))</th></tr></thead>
            <tbody>
            \(tableRows)
            </tbody></table></div></details></section>
            """
        return out
    }

    private static func funnel(_ view: DashboardView, _ w: Words) -> String {
        let title = w("Theo khóa học", "By course")
        guard !view.funnel.isEmpty else {
            return "<section><h2>\(e(title))</h2><p>\(w("Chưa có khóa học nào có người học.", "No course has learners yet."))</p></section>"
        }
        // Each later level also as a share of enrolled, when both are shown; that reveals nothing withheld.
        func cell(_ count: Int?, of enrolled: Int?) -> String {
            var out = "<td>\(e(w.count(count)))"
            if let count, let enrolled, enrolled > 0 {
                out += "<br><small>\(e(w.percent(Double(count) / Double(enrolled))))</small>"
            }
            return out + "</td>"
        }
        let rows = view.funnel.map { row in
            "<tr><th scope=\"row\">\(e(row.title))</th><td>\(e(w.count(row.enrolled)))</td>"
                + cell(row.learned, of: row.enrolled) + cell(row.completed, of: row.enrolled) + cell(row.certified, of: row.enrolled) + "</tr>"
        }.joined(separator: "\n")
        let levels = w(
            "Mỗi người được tính ở mọi mức cho tới mức cao nhất họ đạt. Đã học: hoàn thành ít nhất một bài học. "
                + "Có chứng nhận: người ghi danh khóa học đã được cấp chứng nhận của bất kỳ chương trình nào, kể cả chứng nhận sau này bị thu hồi hoặc hết hạn. "
                + "Tỷ lệ phần trăm tính trên số người ghi danh.",
            "Each person counts at every level up to their deepest. Learned: completed at least one lesson. "
                + "Certified: people enrolled in the course who were issued a certificate in any programme, even one later revoked or expired. "
                + "Percentages are of those enrolled."
        )
        return """
            <section>
            <h2>\(e(title))</h2>
            <div class="scroll"><table>
            <thead><tr><th scope="col" class="l">\(w("Khóa học", "Course"))</th><th scope="col">\(w("Ghi danh", "Enrolled"))</th>
            <th scope="col">\(w("Đã học", "Learned"))</th><th scope="col">\(w("Hoàn thành", "Completed"))</th>
            <th scope="col">\(w("Có chứng nhận", "Certified"))</th></tr></thead>
            <tbody>
            \(rows)
            </tbody></table></div>
            <p class="note">\(levels)</p>
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

    private static func e(_ text: String) -> String { Markdown.escape(text) }
}

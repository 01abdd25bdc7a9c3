import CoursePacks
import Domain
import Foundation

/// The dashboard's two tables: provinces ranked by their reach rate, and each course's funnel.
extension DashboardPage {
    static func provinces(_ view: DashboardView, _ w: Words) -> String {
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
        let carried = Set(rows.compactMap(\.internetUsersYear).filter { $0 != view.year }).sorted()
        if !carried.isEmpty {
            let years = carried.map(String.init).joined(separator: ", ")
            out +=
                " "
                + e(
                    w(
                        "Một số tỉnh, thành phố chưa có số người dùng Internet năm \(view.year) nên dùng số của năm \(years) (chuyển tiếp).",
                        "Some provinces have no internet-users figure for \(view.year), so \(years)'s is carried forward."
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
            let rate =
                row.people == nil
                ? w.count(nil) : row.rate.map(w.percent) ?? w("— (chưa có số người dùng Internet của tỉnh)", "— (no figure of its own)")
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

    static func funnel(_ view: DashboardView, _ w: Words) -> String {
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
}

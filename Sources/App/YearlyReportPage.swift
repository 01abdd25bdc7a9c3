import Domain
import Foundation

/// A yearly report as a printable A4 page, Vietnamese and English together, to attach to the
/// yearly report due to the national authority by 5 December: the scope, the period and the
/// deadline first, then the figures as tables with their headers. Black on white, no script,
/// nothing loaded; the English parts are marked `lang="en"` for screen readers.
enum YearlyReportPage {
    static let contentSecurityPolicy = SignInCardSheet.contentSecurityPolicy

    static let style = """
        @page { size: A4; margin: 15mm; }
        body { font-family: "Noto Sans", Arial, sans-serif; color: #000; background: #fff; margin: 0 auto; max-width: 180mm;
               font-size: 10pt; line-height: 1.4; }
        h1 { font-size: 16pt; margin: 0 0 3mm; }
        h2 { font-size: 12pt; margin: 6mm 0 2mm; break-after: avoid; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 4mm; margin: 0; }
        dt { font-weight: bold; }
        dd { margin: 0; }
        .due { border: 2px solid #000; padding: 2mm 3mm; margin: 3mm 0; font-weight: bold; }
        table { border-collapse: collapse; width: 100%; margin: 0 0 2mm; break-inside: auto; table-layout: fixed; }
        table.wide { font-size: 7.5pt; }
        caption { text-align: left; font-weight: bold; margin-bottom: 1mm; }
        th, td { border: 1px solid #000; padding: 1mm 1.5mm; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        tr { break-inside: avoid; }
        p.note { font-size: 9pt; }
        """

    static func html(_ report: YearlyReport) -> String {
        let isProvince = report.scope == .province
        let name = escaped(report.name.vi) + (report.name.en == report.name.vi ? "" : " <span lang=\"en\">(\(escaped(report.name.en)))</span>")
        let scopeLabel = isProvince ? both("Tỉnh, thành phố", "Province") : both("Tổ chức", "Organisation")
        let period = "\(ReportLabels.day(report.period.from)) – \(ReportLabels.day(report.period.to))"
        let due = ReportLabels.due(report.deadline)
        var facts: [(String, String)] = [
            (scopeLabel, "\(name) (\(escaped(report.scopeID)))"),
            (both("Kỳ báo cáo", "Reporting period"), period),
            (both("Hạn gửi", "Deadline"), ReportLabels.day(report.deadline)),
            (both("Lập lúc", "Generated at"), timestamp(report.generatedAt)),
            (both("Phiên bản phương pháp", "Methodology version"), escaped(report.methodologyVersion)),
        ]
        if let reportID = report.reportID {
            facts.append((both("Mã báo cáo đã phát hành", "Issued report"), reportID.uuidString.lowercased()))
        }
        if let issuedAt = report.issuedAt { facts.append((both("Phát hành lúc", "Issued at"), timestamp(issuedAt))) }
        facts.append((both("Thành viên các lớp trong kỳ", "Class members in the period"), String(report.members)))
        facts.append((both("Số lớp đã tổ chức", "Classes held"), String(report.classesHeld)))

        let first = both("Lần đầu trong kỳ", "First time in the period")
        let measure = isProvince ? both("Tổng đến cuối kỳ", "Total by the end of the period") : both("Hoạt động trong kỳ", "Active in the period")
        let levels = table(
            caption: both("Số người theo mức", "People by level"),
            header: [both("Mức", "Level"), measure, first],
            rows: report.levels.map { figures in
                [levelName(figures.level), number(isProvince ? figures.total : figures.active), number(figures.firstTime)]
            }
        )
        let levelHeaders = ReachLevel.allCases.flatMap { level in
            [
                "\(levelName(level)): \(isProvince ? "tổng <span lang=\"en\">/ total</span>" : "hoạt động <span lang=\"en\">/ active</span>")",
                "\(levelName(level)): lần đầu <span lang=\"en\">/ first time</span>",
            ]
        }
        let groups = table(
            caption: both("Theo nhóm", "By group"),
            wide: true,
            header: [both("Nhóm", "Group")] + levelHeaders,
            rows: report.byGroup.map { row in
                [both(ReportLabels.group(row.group).vi, ReportLabels.group(row.group).en)]
                    + row.levels.flatMap { [number(isProvince ? $0.total : $0.active), number($0.firstTime)] }
            }
        )
        let classHeaders = ReachLevel.allCases.flatMap { level in
            [
                "\(levelName(level)): hoạt động <span lang=\"en\">/ active</span>",
                "\(levelName(level)): lần đầu <span lang=\"en\">/ first time</span>",
            ]
        }
        let classes = table(
            caption: both("Theo lớp", "By class"),
            wide: true,
            header: [both("Lớp", "Class"), both("Tổ chức", "Organisation"), both("Thời gian", "Dates"), both("Thành viên", "Members")]
                + classHeaders,
            rows: report.byClass.map { row in
                [
                    escaped(row.name), escaped(row.organisationID),
                    "\(VietnamDay(row.startsOn).map(ReportLabels.day) ?? row.startsOn) – \(VietnamDay(row.endsOn).map(ReportLabels.day) ?? row.endsOn)",
                    number(row.members),
                ] + row.levels.flatMap { [number($0.active), number($0.firstTime)] }
            }
        )
        let outside = table(
            caption: both(
                "Báo cáo từ bên ngoài nền tảng: \(report.outsideReports.reports) báo cáo, \(report.outsideReports.people) người",
                "Reports from outside the platform: \(report.outsideReports.reports) reports, \(report.outsideReports.people) people"
            ),
            header: [both("Đơn vị", "Organisation"), both("Thời gian", "Period"), both("Hoạt động", "Activity"), both("Số người", "People")],
            rows: report.outsideReports.items.map { item in
                [
                    escaped(item.organisation), "\(escaped(item.periodStart)) – \(escaped(item.periodEnd))", escaped(item.activity),
                    String(item.people),
                ]
            }
        )
        var reference = ""
        if isProvince {
            let notKnown = both(ReportLabels.notKnown.vi, ReportLabels.notKnown.en)
            let users = report.internetUsers.map { "\($0) (\(report.internetUsersYear.map(String.init) ?? ""))" } ?? notKnown
            let target = report.target.map { "\(percent($0)) (\(report.targetYear.map(String.init) ?? ""))" } ?? notKnown
            reference = """
                <h2>\(both("So với người dùng Internet và chỉ tiêu", "Against internet users and the target"))</h2>
                <dl>
                <dt>\(both("Người dùng Internet của tỉnh", "Internet users of the province"))</dt><dd>\(users)</dd>
                <dt>\(both("Chỉ tiêu", "Target"))</dt><dd>\(target)</dd>
                <dt>\(both("Tỷ lệ đã tiếp cận", "Reached rate"))</dt><dd>\(report.rate.map(percent) ?? notKnown)</dd>
                <dt>\(both("Còn thiếu so với chỉ tiêu", "Gap to the target"))</dt><dd>\(report.gap.map(String.init) ?? notKnown)</dd>
                </dl>
                """
        }
        let title = "Báo cáo năm – \(escaped(report.name.vi))"
        return HTMLPage.document(
            language: .vi,
            title: title,
            indexed: false,
            style: style,
            body: """
                <main>
                <h1>Báo cáo năm <span lang="en">(Yearly report)</span>: \(name)</h1>
                <p class="due">\(escaped(due.vi)) <span lang="en">\(escaped(due.en))</span></p>
                <dl>
                \(facts.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined(separator: "\n"))
                </dl>
                <h2>\(both("Số liệu", "Figures"))</h2>
                \(levels)
                \(groups)
                \(classes)
                \(outside)
                \(reference)
                <p class="note">\(notes(isProvince))</p>
                </main>
                """
        )
    }

    static func notes(_ isProvince: Bool) -> String {
        both(
            "Ô “<10” là số từ 1 đến 9 được ẩn (cùng các ô có thể suy ra chúng). Một người được tính ở mọi mức đến mức cao nhất của mình. "
                + "Số liệu bên ngoài nền tảng được nêu bên cạnh, không cộng vào."
                + (isProvince ? " Số của tỉnh được tính như số liệu quốc gia." : " Chỉ tính khi là thành viên của lớp."),
            "A “<10” cell is a count from 1 to 9, withheld (with the cells that would give it away). A person counts at every level up to "
                + "their deepest. Outside reports are shown beside the figures, never added."
                + (isProvince ? " The province's figures are counted as the national ones are." : " Counted only while a member of a class.")
        )
    }

    static func both(_ vi: String, _ en: String) -> String {
        "\(escaped(vi)) <span lang=\"en\">/ \(escaped(en))</span>"
    }

    static func levelName(_ level: ReachLevel) -> String {
        both(ReportLabels.level(level).vi, ReportLabels.level(level).en)
    }

    static func number(_ value: Int?) -> String {
        value.map(String.init) ?? "&lt;10"
    }

    static func percent(_ rate: Double) -> String {
        String(format: "%.1f%%", rate * 100)
    }

    static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    /// A table with its caption and column headers; `wide` tables (a column per level and
    /// measure) use a smaller type so they fit the width of an A4 page.
    static func table(caption: String, wide: Bool = false, header: [String], rows: [[String]]) -> String {
        let head = header.map { "<th scope=\"col\">\($0)</th>" }.joined()
        let body =
            rows.isEmpty
            ? "<tr><td colspan=\"\(header.count)\">Không có <span lang=\"en\">/ None</span></td></tr>"
            : rows.map { cells in
                "<tr>" + cells.enumerated().map { index, cell in index == 0 ? "<th scope=\"row\">\(cell)</th>" : "<td>\(cell)</td>" }.joined()
                    + "</tr>"
            }.joined(separator: "\n")
        return
            "<table\(wide ? " class=\"wide\"" : "")>\n<caption>\(caption)</caption>\n<thead><tr>\(head)</tr></thead>\n<tbody>\n\(body)\n</tbody>\n</table>"
    }

    static func escaped(_ text: String) -> String {
        SignInCardSheet.escaped(text)
    }
}

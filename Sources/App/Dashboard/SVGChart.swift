import CoursePacks
import Foundation

/// Small inline SVG charts for server-rendered pages: no script, no fonts, no images.
///
/// Every chart is 480 units wide and drawn at `width="100%"`; the page caps it at 32rem. Text is
/// at least 20 units, so it stays at 12px or more on a 320-px phone (about 288px of chart). Series
/// and targets differ by line style and are labelled in text, never by colour alone. Every string
/// passed in is escaped here.
enum SVGChart {
    /// One point of a `line` chart.
    struct Point: Sendable, Equatable {
        /// The x label, already formatted (e.g. "10/2026").
        var label: String
        /// 0…1; nil leaves a gap in the line.
        var value: Double?
        /// 0…1; nil leaves a gap in the target line.
        var target: Double?
    }

    /// One row of a `bars` chart.
    struct Bar: Sendable, Equatable {
        var label: String
        /// Nil draws no bar (a withheld figure), only `valueText`.
        var value: Double?
        var valueText: String
    }

    private static let width = 480.0
    private static let font = 20.0
    private static let ink = "#1b1b1b"
    /// 7:1 on white.
    private static let seriesColour = "#1d4ed8"
    /// 7:1 on white, and dashed.
    private static let targetColour = "#9a3412"

    /// A series over time on a 0–100% axis, with a stepped dashed target line where targets exist.
    ///
    /// - Parameters:
    ///   - summary: what a screen reader hears after the title, e.g. the latest value and target.
    ///   - percent: formats a 0…1 value in the page's language.
    static func line(
        title: String,
        summary: String,
        points: [Point],
        seriesName: String,
        targetName: String,
        percent: (Double) -> String
    ) -> String {
        let left = 74.0
        let right = width - 14
        let top = 16.0
        let bottom = 216.0
        let hasTarget = points.contains { $0.target != nil }
        let height = bottom + (hasTarget ? 112 : 82)
        func x(_ index: Int) -> Double {
            points.count < 2 ? (left + right) / 2 : left + 10 + Double(index) * (right - left - 20) / Double(points.count - 1)
        }
        func y(_ value: Double) -> Double { bottom - min(max(value, 0), 1) * (bottom - top) }

        var out = open(title: title, summary: summary, height: height)
        for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
            out +=
                "<line x1=\"\(n(left))\" y1=\"\(n(y(tick)))\" x2=\"\(n(right))\" y2=\"\(n(y(tick)))\" stroke=\"\(tick == 0 ? "#767676" : "#d4d4d4")\" stroke-width=\"1\"/>"
            out += text(percent(tick), x: left - 8, y: y(tick) + 7, anchor: "end")
        }
        for index in labelIndices(points.count) {
            let anchor = points.count < 2 ? "middle" : index == 0 ? "start" : index == points.count - 1 ? "end" : "middle"
            let shift = anchor == "start" ? -10.0 : anchor == "end" ? 10 : 0
            out += text(points[index].label, x: x(index) + shift, y: bottom + 28, anchor: anchor)
        }
        // Target: step-after, so each value holds until the point where it changes.
        var targetPath = ""
        var previous: Double?
        for (index, point) in points.enumerated() {
            guard let target = point.target else {
                previous = nil
                continue
            }
            if let previous {
                targetPath += "H\(n(x(index)))" + (previous == target ? "" : "V\(n(y(target)))")
            } else {
                targetPath += "M\(n(x(index) - (points.count < 2 ? 40 : 0))) \(n(y(target)))"
            }
            previous = target
        }
        if points.count < 2, previous != nil { targetPath += "h80" }
        if !targetPath.isEmpty {
            out += "<path d=\"\(targetPath)\" fill=\"none\" stroke=\"\(targetColour)\" stroke-width=\"2.5\" stroke-dasharray=\"8 6\"/>"
        }
        var seriesPath = ""
        var drawing = false
        for (index, point) in points.enumerated() {
            guard let value = point.value else {
                drawing = false
                continue
            }
            seriesPath += (drawing ? "L" : "M") + "\(n(x(index))) \(n(y(value)))"
            drawing = true
        }
        if !seriesPath.isEmpty {
            out += "<path d=\"\(seriesPath)\" fill=\"none\" stroke=\"\(seriesColour)\" stroke-width=\"3\" stroke-linejoin=\"round\"/>"
        }
        for (index, point) in points.enumerated() {
            if let value = point.value {
                out += "<circle cx=\"\(n(x(index)))\" cy=\"\(n(y(value)))\" r=\"4\" fill=\"\(seriesColour)\"/>"
            }
        }
        // Each target is named on its own run of the line, at the run's end, above it unless that
        // would leave the plot; runs too short for the words are left to the legend, except the last.
        var runs: [(start: Int, end: Int, target: Double)] = []
        for (index, point) in points.enumerated() {
            guard let target = point.target else { continue }
            if let last = runs.last, last.end == index - 1, last.target == target {
                runs[runs.count - 1].end = index
            } else {
                runs.append((index, index, target))
            }
        }
        for (number, run) in runs.enumerated() where number == runs.count - 1 || x(run.end) - x(run.start) >= 150 {
            let above = y(run.target) - 10 > top + 14
            let end = number == runs.count - 1 ? right : x(run.end)
            out += text(
                "\(targetName) \(percent(run.target))",
                x: end,
                y: above ? y(run.target) - 10 : y(run.target) + 26,
                anchor: "end",
                colour: targetColour
            )
        }
        var legendY = bottom + 66
        out += legendSample(y: legendY, colour: seriesColour, dashed: false) + text(seriesName, x: 46, y: legendY + 7, anchor: "start")
        if hasTarget {
            legendY += 30
            out += legendSample(y: legendY, colour: targetColour, dashed: true) + text(targetName, x: 46, y: legendY + 7, anchor: "start")
        }
        return out + "</svg>"
    }

    /// Horizontal bars in the given order, each with its label above and its value at the right,
    /// and an optional dashed target marker across them all.
    ///
    /// The scale runs from 0 to a round number at or above the largest value and the target.
    static func bars(title: String, summary: String, bars: [Bar], target: Double?, targetLabel: String) -> String {
        let rowHeight = 50.0
        let first = target == nil ? 4.0 : 40
        let height = first + Double(bars.count) * rowHeight + 4
        let top = roundedUp(max(bars.compactMap(\.value).max() ?? 0, target ?? 0))
        func x(_ value: Double) -> Double { min(max(value, 0), top) / top * width }

        var out = open(title: title, summary: summary, height: height)
        for (index, bar) in bars.enumerated() {
            let rowTop = first + Double(index) * rowHeight
            out += "<rect x=\"0\" y=\"\(n(rowTop + 28))\" width=\"\(n(width))\" height=\"14\" fill=\"#eef1f5\"/>"
            if let value = bar.value, value > 0 {
                out += "<rect x=\"0\" y=\"\(n(rowTop + 28))\" width=\"\(n(max(x(value), 2)))\" height=\"14\" fill=\"\(seriesColour)\"/>"
            }
        }
        if let target {
            let at = x(target)
            out +=
                "<line x1=\"\(n(at))\" y1=\"\(n(first - 8))\" x2=\"\(n(at))\" y2=\"\(n(height))\" stroke=\"\(targetColour)\" stroke-width=\"2.5\" stroke-dasharray=\"8 6\"/>"
            let anchor = at < width * 0.25 ? "start" : at > width * 0.75 ? "end" : "middle"
            out += text(targetLabel, x: at, y: 22, anchor: anchor, colour: targetColour)
        }
        // Labels after the marker, with a white halo, so the dashed line never hides a name.
        for (index, bar) in bars.enumerated() {
            let baseline = first + Double(index) * rowHeight + 20
            out += text(bar.label, x: 0, y: baseline, anchor: "start")
            out += text(bar.valueText, x: width, y: baseline, anchor: "end", bold: true)
        }
        return out + "</svg>"
    }

    private static func open(title: String, summary: String, height: Double) -> String {
        let label = summary.isEmpty ? title : "\(title). \(summary)"
        return
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"100%\" role=\"img\" aria-label=\"\(Markdown.escape(label))\">"
            + "<title>\(Markdown.escape(title))</title>" + (summary.isEmpty ? "" : "<desc>\(Markdown.escape(summary))</desc>")
    }

    private static func text(_ string: String, x: Double, y: Double, anchor: String, colour: String = ink, bold: Bool = false) -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" font-size=\"\(n(font))\" fill=\"\(colour)\"\(bold ? " font-weight=\"600\"" : "")"
            + " stroke=\"#fff\" stroke-width=\"4\" stroke-linejoin=\"round\" paint-order=\"stroke\">\(Markdown.escape(string))</text>"
    }

    private static func legendSample(y: Double, colour: String, dashed: Bool) -> String {
        "<line x1=\"0\" y1=\"\(n(y))\" x2=\"36\" y2=\"\(n(y))\" stroke=\"\(colour)\" stroke-width=\"3\"\(dashed ? " stroke-dasharray=\"8 6\"" : "")/>"
    }

    /// First, middle and last: three labels such as "Oct 2026" fit 480 units without colliding.
    static func labelIndices(_ count: Int) -> [Int] {
        guard count > 3 else { return Array(0..<count) }
        return [0, (count - 1) / 2, count - 1]
    }

    /// A round number at or above `value` and close to it, so the longest bar fills most of the
    /// width; 1 for nothing to show.
    static func roundedUp(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        return [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map { $0 * magnitude }.first { $0 >= value * (1 - 1e-9) } ?? 10 * magnitude
    }

    /// Coordinates with at most one decimal, so the markup stays short.
    private static func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

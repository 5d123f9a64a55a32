/// Events accepted per minute over the last hour as an inline SVG bar chart, drawn on the
/// server: no script, no inline style (colours come from the stylesheet's classes), and each
/// bar's `<title>` is its tooltip.
struct AcceptedChart {
    /// Counts per minute, oldest first, the current minute last (`AcceptedRate.lastHour()`).
    let counts: [Int]
    /// The minute (since the epoch) of the last count, for the bars' tooltips.
    let lastMinute: Int64

    static let width = 600, height = 150
    static let top = 14, bottom = 20, left = 36

    var svg: String {
        let plotHeight = Self.height - Self.top - Self.bottom
        let plotWidth = Self.width - Self.left
        let peak = max(counts.max() ?? 0, 1)
        let step = Double(plotWidth) / Double(max(counts.count, 1))
        let total = counts.reduce(0, +)
        var out = """
            <svg class="chart" viewBox="0 0 \(Self.width) \(Self.height)" role="img" aria-label="Events accepted per minute over the last hour: \(total) in all, at most \(peak) in a minute">
            <line class="axis" x1="\(Self.left)" y1="\(Self.top + plotHeight)" x2="\(Self.width)" y2="\(Self.top + plotHeight)"/>
            <line class="axis" x1="\(Self.left)" y1="\(Self.top)" x2="\(Self.left)" y2="\(Self.top + plotHeight)"/>
            <text x="\(Self.left - 4)" y="\(Self.top + 4)" text-anchor="end">\(peak)</text>
            <text x="\(Self.left - 4)" y="\(Self.top + plotHeight)" text-anchor="end">0</text>
            <text x="\(Self.left)" y="\(Self.height - 4)">60 min ago</text>
            <text x="\(Self.width)" y="\(Self.height - 4)" text-anchor="end">now</text>

            """
        for (index, count) in counts.enumerated() where count > 0 {
            let barHeight = max(1, Int((Double(count) / Double(peak) * Double(plotHeight)).rounded()))
            let x = Double(Self.left) + Double(index) * step + 1
            let minute = lastMinute - Int64(counts.count - 1 - index)
            let label = Self.clock(minute) + " UTC: \(count) event" + (count == 1 ? "" : "s")
            out += "<rect class=\"bar\" x=\"\(Self.format(x))\" y=\"\(Self.top + plotHeight - barHeight)\" width=\"\(Self.format(max(step - 2, 1)))\" height=\"\(barHeight)\"><title>\(label)</title></rect>\n"
        }
        return out + "</svg>"
    }

    /// `HH:MM` of a minute since the epoch, in UTC.
    static func clock(_ minute: Int64) -> String {
        let ofDay = Int(((minute % 1440) + 1440) % 1440)
        let hours = ofDay / 60, minutes = ofDay % 60
        return (hours < 10 ? "0" : "") + String(hours) + ":" + (minutes < 10 ? "0" : "") + String(minutes)
    }

    static func format(_ value: Double) -> String {
        String(Double(Int((value * 10).rounded())) / 10)
    }
}

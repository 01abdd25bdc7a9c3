import Domain
import Testing

@Suite struct CSVTableTests {
    @Test func startsWithABOMEndsLinesWithCRLFAndLeavesAbsentCellsEmpty() {
        let table = CSVTable(header: ["province", "reached"], rows: [["hue", "20"], ["ha-noi", nil]])
        #expect(table.text == "\u{FEFF}province,reached\r\nhue,20\r\nha-noi,\r\n")
        #expect(Array(table.text.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
    }

    @Test(arguments: ["=1+1", "+84 912", "-2", "@SUM(A1)", "\tx", "\rx"])
    func cellsThatASpreadsheetWouldRunAreMadeText(cell: String) {
        let line = CSVTable(header: ["a"], rows: [[cell]]).text.split(separator: "\r\n", omittingEmptySubsequences: false)[1]
        let unquoted = line.hasPrefix("\"") ? String(line.dropFirst().dropLast()) : String(line)
        #expect(unquoted == "'" + cell)
    }

    @Test func quotesCommasQuotesAndLineBreaks() {
        let table = CSVTable(header: ["name"], rows: [["Huế, Đà Nẵng"], ["say \"hi\""], ["two\nlines"], ["Thừa Thiên"]])
        #expect(table.text == "\u{FEFF}name\r\n\"Huế, Đà Nẵng\"\r\n\"say \"\"hi\"\"\"\r\n\"two\nlines\"\r\nThừa Thiên\r\n")
    }
}

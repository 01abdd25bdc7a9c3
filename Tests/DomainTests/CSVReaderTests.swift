import Domain
import Testing

@Suite struct CSVReaderTests {
    @Test func readsRecordsWithTheLineEachStartsOn() throws {
        let records = try CSVReader.records("code,name\r\nhue,Huế\r\nha-noi,Hà Nội\r\n")
        #expect(
            records == [
                CSVReader.Record(line: 1, fields: ["code", "name"]),
                CSVReader.Record(line: 2, fields: ["hue", "Huế"]),
                CSVReader.Record(line: 3, fields: ["ha-noi", "Hà Nội"]),
            ]
        )
    }

    @Test func skipsTheByteOrderMarkAndReadsLFAndALastLineWithoutABreak() throws {
        let records = try CSVReader.records("\u{FEFF}code,name\nhue,Huế")
        #expect(records.map(\.fields) == [["code", "name"], ["hue", "Huế"]])
    }

    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let records = try CSVReader.records("\"Huế, Đà Nẵng\",\"say \"\"hi\"\"\",\"two\r\nlines\",\"\"\nnext,,x,y\n")
        #expect(records.map(\.fields) == [["Huế, Đà Nẵng", "say \"hi\"", "two\r\nlines", ""], ["next", "", "x", "y"]])
        #expect(records.map(\.line) == [1, 3])
    }

    @Test func keepsSpacesAndTheFormulaGuard() throws {
        let records = try CSVReader.records(" a ,'=1+1\n")
        #expect(records.map(\.fields) == [[" a ", "'=1+1"]])
    }

    @Test func ignoresBlankLinesAtTheEndButNotInTheMiddle() throws {
        #expect(try CSVReader.records("a\n\nb\r\n\r\n\n").map(\.fields) == [["a"], [""], ["b"]])
        #expect(try CSVReader.records("").isEmpty)
        #expect(try CSVReader.records("\u{FEFF}").isEmpty)
    }

    @Test func aQuoteLeftOpenIsReportedOnTheLineWhereItOpens() {
        #expect(throws: CSVReader.Failure.self) { try CSVReader.records("a,b\n1,\"2\n3,4\n") }
        #expect(lines(of: "a,b\n1,\"2\n3,4\n") == [2])
    }

    @Test func quotesInsideUnquotedFieldsAreReportedOncePerLineAllAtOnce() {
        #expect(lines(of: "a\nsay \"hi\" twice\nok\n\"x\"y\n") == [2, 4])
    }

    @Test func whatCSVTableWritesReadsBackToTheSameCellsWithTheFormulaGuard() throws {
        let table = CSVTable(
            header: ["name", "note"],
            rows: [["Huế, Đà Nẵng", "say \"hi\""], ["two\nlines", nil], ["crlf\r\ninside", "=SUM(A1)"], ["-2", "\tx"]]
        )
        let records = try CSVReader.records(table.text)
        #expect(
            records.map(\.fields) == [
                ["name", "note"], ["Huế, Đà Nẵng", "say \"hi\""], ["two\nlines", ""], ["crlf\r\ninside", "'=SUM(A1)"], ["'-2", "'\tx"],
            ]
        )
        #expect(records.map(\.line) == [1, 2, 3, 5, 7])
    }

    private func lines(of text: String) -> [Int] {
        do {
            _ = try CSVReader.records(text)
            return []
        } catch {
            return error.errors.map(\.line)
        }
    }
}

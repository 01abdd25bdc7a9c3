import Domain
import Foundation
import Testing

@Suite struct ReferenceTableTests {
    // The first lines of the files in shared/reference/, as administrators will upload them.
    static let internetUsersFile = """
        year,internet_users,share_of_population,as_of,source,status
        2022,72100000,0.732,2022-01,"DataReportal / Kepios, Digital 2022 Vietnam",published
        2025,79800000,0.788,2025-01,"DataReportal / Kepios, Digital 2025 Vietnam",unverified - check before publishing

        """
    static let targetsFile = """
        year,target_rate,baseline_note,source
        2022,,result below 20%,"Decision 566/QD-BTTTT (2023-04-06), section II, indicator 2"
        2023,0.50,,"Decision 566/QD-BTTTT (2023-04-06), section II, indicator 2"

        """
    static let provincesFile = """
        code,name,valid_from,valid_to,former_name
        ha-noi,Hà Nội,,,
        hue,Huế,,,Thừa Thiên Huế
        tuyen-quang,Tuyên Quang,2025-07-01,,
        ha-giang-pre2025,Hà Giang,,2025-06-30,

        """
    static let crosswalkFile = """
        from_code,to_code
        ha-noi,ha-noi
        hue,hue
        ha-giang-pre2025,tuyen-quang

        """
    static let knownProvinces: Set<String> = ["ha-noi", "hue", "tuyen-quang", "ha-giang-pre2025"]

    @Test func theSharedInternetUsersFileLoadsAsNationalFigures() throws {
        let rows = try ReferenceTable.parse(Self.internetUsersFile, as: .internetUsers).get()
        let expected = ReferenceRows.internetUsers([
            InternetUsersRow(
                year: 2022,
                scope: "national",
                internetUsers: 72_100_000,
                shareOfPopulation: Decimal(string: "0.732"),
                asOf: "2022-01",
                source: "DataReportal / Kepios, Digital 2022 Vietnam",
                status: "published"
            ),
            InternetUsersRow(
                year: 2025,
                scope: "national",
                internetUsers: 79_800_000,
                shareOfPopulation: Decimal(string: "0.788"),
                asOf: "2025-01",
                source: "DataReportal / Kepios, Digital 2025 Vietnam",
                status: "unverified - check before publishing"
            ),
        ])
        #expect(rows == expected)
    }

    @Test func theSharedTargetsFileLoadsWithItsBaselineNote() throws {
        let rows = try ReferenceTable.parse(Self.targetsFile, as: .targets).get()
        let source = "Decision 566/QD-BTTTT (2023-04-06), section II, indicator 2"
        let expected = ReferenceRows.targets([
            TargetRow(year: 2022, targetRate: nil, note: "result below 20%", source: source),
            TargetRow(year: 2023, targetRate: Decimal(string: "0.5"), note: nil, source: source),
        ])
        #expect(rows == expected)
    }

    @Test func theSharedProvinceFilesLoad() throws {
        let provinces = try ReferenceTable.parse(Self.provincesFile, as: .provinces).get()
        let expectedProvinces = ReferenceRows.provinces([
            ProvinceRow(code: "ha-noi", name: "Hà Nội", validFrom: nil, validTo: nil, formerName: nil),
            ProvinceRow(code: "hue", name: "Huế", validFrom: nil, validTo: nil, formerName: "Thừa Thiên Huế"),
            ProvinceRow(code: "tuyen-quang", name: "Tuyên Quang", validFrom: "2025-07-01", validTo: nil, formerName: nil),
            ProvinceRow(code: "ha-giang-pre2025", name: "Hà Giang", validFrom: nil, validTo: "2025-06-30", formerName: nil),
        ])
        #expect(provinces == expectedProvinces)
        let crosswalk = try ReferenceTable.parse(Self.crosswalkFile, as: .provinceCrosswalk, knownProvinces: Self.knownProvinces).get()
        let expectedCrosswalk = ReferenceRows.provinceCrosswalk([
            CrosswalkRow(fromCode: "ha-noi", toCode: "ha-noi"),
            CrosswalkRow(fromCode: "hue", toCode: "hue"),
            CrosswalkRow(fromCode: "ha-giang-pre2025", toCode: "tuyen-quang"),
        ])
        #expect(crosswalk == expectedCrosswalk)
    }

    @Test(arguments: ReferenceTable.allCases)
    func writtenRowsReadBackTheSame(table: ReferenceTable) throws {
        let file =
            switch table {
            case .internetUsers: Self.internetUsersFile
            case .targets: Self.targetsFile
            case .provinces: Self.provincesFile
            case .provinceCrosswalk: Self.crosswalkFile
            }
        let rows = try ReferenceTable.parse(file, as: table, knownProvinces: Self.knownProvinces).get()
        let written = ReferenceTable.csv(rows)
        #expect(written.header == table.header)
        #expect(try ReferenceTable.parse(written.text, as: table, knownProvinces: Self.knownProvinces).get() == rows)
    }

    @Test func numbersAreWrittenPlainly() throws {
        let rows = ReferenceRows.targets([
            TargetRow(year: 2025, targetRate: Decimal(string: "0.80"), note: nil, source: "s"),
            TargetRow(year: 2030, targetRate: Decimal(string: "0.000001"), note: nil, source: "s"),
        ])
        #expect(ReferenceTable.csv(rows).text == "\u{FEFF}year,target_rate,note,source\r\n2025,0.8,,s\r\n2030,0.000001,,s\r\n")
    }

    @Test func cellsThatLookLikeFormulasSurviveADownloadAndUpload() throws {
        let rows = ReferenceRows.provinces([
            ProvinceRow(
                code: "x",
                name: "=HYPERLINK(\"http://example.com\")",
                validFrom: nil,
                validTo: nil,
                formerName: "-old, \"name\"\nline"
            )
        ])
        let text = ReferenceTable.csv(rows).text
        #expect(text.contains("'=HYPERLINK"))
        #expect(try ReferenceTable.parse(text, as: .provinces).get() == rows)
    }

    @Test func aWrongHeaderIsOneErrorNamingTheExpectedHeader() {
        let errors = problems("year,users\n2022,1\n", as: .internetUsers)
        #expect(errors.count == 1)
        #expect(errors.first?.line == 1)
        #expect(errors.first?.message.en.contains("year,scope,internet_users,share_of_population,as_of,source,status") == true)
    }

    @Test(arguments: ["", "\u{FEFF}", "year,target_rate,note,source\r\n"])
    func aFileWithoutRowsIsRefused(text: String) {
        #expect(places(text, as: .targets) == [Place(1, nil)])
    }

    @Test func moreThanTenThousandRowsAreRefused() {
        let text = "from_code,to_code\n" + String(repeating: "hue,hue\n", count: ReferenceTable.maximumRows + 1)
        #expect(places(text, as: .provinceCrosswalk) == [Place(1, nil)])
    }

    @Test func aQuoteLeftOpenIsReportedOnItsLine() {
        #expect(places("from_code,to_code\nhue,\"hue\n", as: .provinceCrosswalk) == [Place(2, nil)])
    }

    @Test func everyBadInternetUsersCellIsReportedAtOnceWithItsLineAndColumn() {
        let text = """
            year,scope,internet_users,share_of_population,as_of,source,status
            1999,national,1,,,s,p
            2001,Hà Nội,1,,,s,p
            2002,national,7 210 000,,,s,p
            2003,national,0,,,s,p
            2004,national,1,1.5,,s,p
            2005,national,1,.5,,s,p
            2006,national,1,,2022-01-01 to 2022-12-31,s,p
            2007,national,1,,,,p
            2008,national,1,,,s,
            2022,ha-noi,1,1,,s,p
            2022,ha-noi,2,0.5,,s,p
            2009,national,1

            """
        #expect(
            places(text, as: .internetUsers) == [
                Place(2, "year"), Place(3, "scope"), Place(4, "internet_users"), Place(5, "internet_users"),
                Place(6, "share_of_population"), Place(7, "share_of_population"), Place(8, "as_of"), Place(9, "source"),
                Place(10, "status"), Place(12, "year"), Place(13, nil),
            ]
        )
    }

    @Test func targetErrorsNameTheColumnAsTheFileDoes() {
        let text = "year,target_rate,baseline_note,source\n2022,,\(String(repeating: "x", count: 501)),s\n2023,0,,s\n2023,0.5,,\n"
        #expect(places(text, as: .targets) == [Place(2, "baseline_note"), Place(3, "target_rate"), Place(4, "source"), Place(4, "year")])
    }

    @Test func provinceCodesNamesAndDaysAreChecked() {
        let text = """
            code,name,valid_from,valid_to,former_name
            Hue,Huế,,,
            hue,,,,
            a,A,2025-02-30,,
            b,B,2025-07-01,2025-06-30,
            hue,Huế,,,

            """
        #expect(
            places(text, as: .provinces) == [
                Place(2, "code"), Place(3, "name"), Place(4, "valid_from"), Place(5, "valid_to"), Place(6, "code"),
            ]
        )
    }

    @Test func aCrosswalkNamesOnlyKnownProvincesAndEachCodeOnce() {
        let text = "from_code,to_code\nha-noi,ha-noi\nnowhere,ha-noi\nha-noi,hue\nhue,nowhere\n"
        #expect(
            places(text, as: .provinceCrosswalk, knownProvinces: ["ha-noi", "hue"]) == [
                Place(3, "from_code"), Place(4, "from_code"), Place(5, "to_code"),
            ]
        )
    }

    private struct Place: Equatable {
        var line: Int
        var column: String?

        init(_ line: Int, _ column: String?) {
            self.line = line
            self.column = column
        }
    }

    private func problems(_ text: String, as table: ReferenceTable, knownProvinces: Set<String> = []) -> [CSVReader.LineError] {
        switch ReferenceTable.parse(text, as: table, knownProvinces: knownProvinces) {
        case .success: []
        case .failure(let failure): failure.errors
        }
    }

    private func places(_ text: String, as table: ReferenceTable, knownProvinces: Set<String> = []) -> [Place] {
        problems(text, as: table, knownProvinces: knownProvinces).map { Place($0.line, $0.column) }
    }
}

import Persistence
import TestSupport
import Testing

@Suite struct SQLScriptTests {
    @Test func splitsOnSemicolonsAndRecordsStartLines() throws {
        let statements = try SQLScript.split("CREATE TABLE a (x int);\n\n-- a comment; with a semicolon\nINSERT INTO a VALUES (1);\n")
        #expect(statements.map(\.text) == ["CREATE TABLE a (x int)", "INSERT INTO a VALUES (1)"])
        #expect(statements.map(\.line) == [1, 4])
    }

    @Test func semicolonsInsideLiteralsIdentifiersAndCommentsDoNotSplit() throws {
        let script = """
            INSERT INTO t VALUES ('a;b', 'it''s; fine', E'back\\';slash');
            SELECT "odd;name" FROM t /* block; /* nested; */ still comment */;
            SELECT 1
            """
        let statements = try SQLScript.split(script)
        #expect(statements.count == 3)
        #expect(statements[0].text == #"INSERT INTO t VALUES ('a;b', 'it''s; fine', E'back\';slash')"#)
        #expect(statements[1].text.hasPrefix(#"SELECT "odd;name" FROM t"#))
        #expect(statements[2].text == "SELECT 1")
    }

    @Test func dollarQuotedBodiesStayWhole() throws {
        let script = """
            CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql;
            DO $$ BEGIN PERFORM 1; END $$;
            SELECT $1::int
            """
        let statements = try SQLScript.split(script)
        #expect(statements.count == 3)
        #expect(statements[0].text.hasSuffix("$body$ LANGUAGE plpgsql"))
        #expect(statements[1].text == "DO $$ BEGIN PERFORM 1; END $$")
        #expect(statements[2].text == "SELECT $1::int")
    }

    @Test func unterminatedQuotesAreErrorsWithTheirLine() {
        #expect(throws: SQLScript.SplitError.unterminated("string literal", line: 2)) {
            try SQLScript.split("SELECT 1;\nSELECT 'oops;\n")
        }
        #expect(throws: SQLScript.SplitError.unterminated("dollar-quoted string", line: 1)) {
            try SQLScript.split("DO $x$ BEGIN")
        }
        #expect(throws: SQLScript.SplitError.unterminated("block comment", line: 1)) {
            try SQLScript.split("/* never closed")
        }
    }

    @Test func emptyScriptsHaveNoStatements() throws {
        #expect(try SQLScript.split("  ;\n-- only a comment\n;").isEmpty)
    }
}

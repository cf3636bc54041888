import Kernel
import Testing

@Suite("Migration script splitting")
struct SQLScriptTests {
    @Test func splitsAtTopLevelSemicolons() {
        let sql = """
            -- a comment; with a semicolon
            CREATE TABLE a (x TEXT DEFAULT 'a;b');
            /* block; comment */ INSERT INTO a VALUES ('it''s; fine');

            CREATE TABLE "odd;name" (y INTEGER)
            """
        #expect(SQLScript.statements(in: sql).count == 3)
        #expect(SQLScript.statements(in: sql)[1].contains("'it''s; fine'"))
    }

    @Test func keepsPostgresDollarQuotedBodiesWhole() {
        let sql = """
            CREATE FUNCTION f() RETURNS trigger AS $$
            BEGIN
              RAISE EXCEPTION 'no; never';
              RETURN NEW;
            END;
            $$ LANGUAGE plpgsql;
            CREATE FUNCTION g() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
            SELECT 1;
            """
        let statements = SQLScript.statements(in: sql)
        #expect(statements.count == 3)
        #expect(statements[0].hasSuffix("LANGUAGE plpgsql;"))
    }

    @Test func keepsSQLiteTriggerBodiesWhole() {
        let sql = """
            CREATE TRIGGER t BEFORE UPDATE ON a BEGIN
              SELECT RAISE(ABORT, 'immutable');
              SELECT 2;
            END;
            CREATE INDEX i ON a (x);
            """
        let statements = SQLScript.statements(in: sql)
        #expect(statements.count == 2)
        #expect(statements[0].hasSuffix("END;"))
    }

    @Test func ignoresCommentOnlyTails() {
        #expect(SQLScript.statements(in: "SELECT 1;\n-- trailing note\n").count == 1)
        #expect(SQLScript.statements(in: "").isEmpty)
    }
}

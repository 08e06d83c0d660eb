"""app.pg against a real PostgreSQL 15 started for this module: each authentication method, both query protocols."""
import unittest

from app import pg
from tests.servers import PostgresServer

server = None


def setUpModule():
    global server
    if PostgresServer.missing_reason:
        raise unittest.SkipTest(PostgresServer.missing_reason)
    server = PostgresServer()
    unittest.addModuleCleanup(server.stop)
    server.start()


class AuthenticationTests(unittest.TestCase):
    def test_scram_sha_256(self):
        with pg.connect(server.url()) as connection:
            self.assertEqual(connection.query("SELECT current_user, 1 + 1 AS two").rows, [("postgres", 2)])
            self.assertTrue(connection.parameters["server_version"].startswith("15"))

    def test_md5(self):
        with pg.connect(server.url("md5user", server.md5_password)) as connection:
            self.assertEqual(connection.query("SELECT current_user").rows, [("md5user",)])

    def test_cleartext(self):
        with pg.connect(server.url("clearuser", server.clear_password)) as connection:
            self.assertEqual(connection.query("SELECT current_user").rows, [("clearuser",)])

    def test_a_wrong_password_is_28P01_and_the_error_holds_no_password(self):
        for user in ("postgres", "md5user", "clearuser"):
            with self.subTest(user=user), self.assertRaises(pg.PgError) as raised:
                pg.connect(server.url(user, "not-the-password-xyz"))
            self.assertEqual(raised.exception.code, "28P01")
            self.assertNotIn("not-the-password-xyz", str(raised.exception) + repr(raised.exception.fields))

    def test_a_missing_password_is_refused_before_anything_is_sent(self):
        with self.assertRaises(pg.PgError) as raised:
            pg.connect(f"postgresql://postgres@127.0.0.1:{server.port}/postgres")
        self.assertEqual(raised.exception.code, "28P01")

    def test_a_closed_port_is_an_os_error(self):
        from tests.servers import free_port
        with self.assertRaises(OSError):
            pg.connect(f"postgresql://postgres:x@127.0.0.1:{free_port()}/postgres", timeout=2)


class QueryTests(unittest.TestCase):
    def setUp(self):
        self.connection = pg.connect(server.url())
        self.addCleanup(self.connection.close)
        self.connection.execute("DROP TABLE IF EXISTS t; CREATE TABLE t (id serial PRIMARY KEY, body text, n int, ok bool, x float8)")

    def test_parameters_travel_apart_from_the_sql(self):
        hostile = "it's \\ a '); DROP TABLE t; --"
        self.connection.query("INSERT INTO t (body, n, ok, x) VALUES ($1, $2, $3, $4)", [hostile, 7, True, 2.5])
        self.connection.query("INSERT INTO t (body) VALUES ($1)", [None])
        result = self.connection.query("SELECT body, n, ok, x FROM t ORDER BY id")
        self.assertEqual(result.rows, [(hostile, 7, True, 2.5), (None, None, None, None)])
        self.assertEqual(result.columns, ["body", "n", "ok", "x"])

    def test_literal_quotes_what_it_is_given(self):
        hostile = "it's \\ a '); DROP TABLE t; --\n\u00e9"
        self.connection.execute(f"INSERT INTO t (body) VALUES ({pg.literal(hostile)})")
        self.assertEqual(self.connection.query("SELECT body FROM t").rows, [(hostile,)])

    def test_simple_protocol_runs_several_statements(self):
        results = self.connection.execute("INSERT INTO t (n) VALUES (1), (2); SELECT sum(n) AS total FROM t; ;")
        self.assertEqual(results[0].command, "INSERT 0 2")
        self.assertEqual(results[0].rowcount, 2)
        self.assertEqual(results[1].dicts(), [{"total": 3}])

    def test_an_error_is_raised_and_the_session_stays_usable(self):
        for run in (lambda: self.connection.execute("SELEC 1"), lambda: self.connection.query("SELECT $1::int", ["nope"])):
            with self.assertRaises(pg.PgError) as raised:
                run()
            self.assertIn(raised.exception.code, ("42601", "22P02"))
        self.assertEqual(self.connection.query("SELECT 1").rows, [(1,)])

    def test_an_error_inside_a_transaction_rolls_back(self):
        self.connection.execute("BEGIN")
        self.connection.query("INSERT INTO t (n) VALUES ($1)", [1])
        with self.assertRaises(pg.PgError):
            self.connection.execute("SELECT * FROM missing_table")
        self.connection.execute("ROLLBACK")
        self.assertEqual(self.connection.query("SELECT count(*) FROM t").rows, [(0,)])

    def test_large_results_span_many_reads(self):
        rows = self.connection.query("SELECT g, repeat('x', 1000) FROM generate_series(1, 2000) g").rows
        self.assertEqual(len(rows), 2000)
        self.assertEqual(rows[-1][0], 2000)


if __name__ == "__main__":
    unittest.main()

"""The wire pieces that need no server: SCRAM against RFC 7677's example, MD5, literals, URLs, RESP2 framing."""
import base64
import hashlib
import unittest

from app import pg, resp


class ScramTests(unittest.TestCase):
    def test_matches_the_rfc_7677_example(self):
        # RFC 7677 section 3: user "user", password "pencil".
        scram = pg.ScramSha256("pencil", username="user", nonce="rOprNGfwEbeRWgbNEkqO")
        self.assertEqual(scram.first_message(), b"n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        final = scram.final_message(b"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                                    b"s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
        self.assertEqual(final, b"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                                b"p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
        scram.verify(b"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")

    def test_refuses_a_server_signature_that_does_not_match(self):
        scram = pg.ScramSha256("pencil", username="user", nonce="rOprNGfwEbeRWgbNEkqO")
        scram.final_message(b"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
        with self.assertRaises(pg.PgError):
            scram.verify(b"v=" + base64.b64encode(b"x" * 32))

    def test_refuses_a_challenge_whose_nonce_is_not_its_own(self):
        scram = pg.ScramSha256("pencil", nonce="abc")
        with self.assertRaises(pg.PgError):
            scram.final_message(b"r=zzz123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")

    def test_an_error_in_the_final_message_is_raised_without_the_password(self):
        scram = pg.ScramSha256("pencil-secret", nonce="abc")
        with self.assertRaises(pg.PgError) as raised:
            scram.verify(b"e=invalid-proof")
        self.assertNotIn("pencil-secret", str(raised.exception))


class Md5Tests(unittest.TestCase):
    def test_is_md5_of_md5_password_user_and_salt(self):
        inner = hashlib.md5(b"secretalice").hexdigest()
        expected = b"md5" + hashlib.md5(inner.encode() + b"\x01\x02\x03\x04").hexdigest().encode()
        self.assertEqual(pg.md5_password("alice", "secret", b"\x01\x02\x03\x04"), expected)


class LiteralTests(unittest.TestCase):
    def test_doubles_quotes_and_backslashes(self):
        self.assertEqual(pg.literal("it's a \\ test"), "E'it''s a \\\\ test'")

    def test_other_values(self):
        self.assertEqual([pg.literal(v) for v in (None, True, False, 42, 1.5)], ["NULL", "TRUE", "FALSE", "42", "1.5"])

    def test_refuses_nul(self):
        with self.assertRaises(ValueError):
            pg.literal("a\x00b")


class UrlTests(unittest.TestCase):
    def test_reads_railways_database_url(self):
        s = pg.ConnectionSettings.from_url("postgresql://postgres:p%40ss%3Aw@postgres.railway.internal:5432/railway")
        self.assertEqual((s.host, s.port, s.user, s.password, s.database), ("postgres.railway.internal", 5432, "postgres", "p@ss:w", "railway"))

    def test_defaults_and_schemes(self):
        s = pg.ConnectionSettings.from_url("postgres://alice@db")
        self.assertEqual((s.port, s.database, s.password), (5432, "alice", None))
        with self.assertRaises(ValueError):
            pg.ConnectionSettings.from_url("mysql://a:b@c/d")

    def test_repr_and_describe_leave_the_password_out(self):
        s = pg.ConnectionSettings.from_url("postgresql://u:hunter2@h:1/d")
        self.assertNotIn("hunter2", repr(s) + s.describe())
        r = resp.RedisSettings.from_url("redis://default:hunter2@h:6380/2")
        self.assertEqual((r.host, r.port, r.username, r.password, r.db), ("h", 6380, "default", "hunter2", 2))
        self.assertNotIn("hunter2", repr(r) + r.describe())

    def test_redis_url_errors(self):
        for url in ("rediss://h", "redis://h/notanumber", "http://h"):
            with self.assertRaises(ValueError, msg=url):
                resp.RedisSettings.from_url(url)


class RespTests(unittest.TestCase):
    @staticmethod
    def reader(*chunks):
        pending = list(chunks)
        return resp.ReplyReader(lambda _n: pending.pop(0) if pending else b"")

    def test_encodes_commands_as_bulk_string_arrays(self):
        self.assertEqual(resp.encode_command("SET", "k", "a b\r\n"), b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\na b\r\n\r\n")

    def test_reads_every_reply_kind_across_chunk_boundaries(self):
        r = self.reader(b"+OK\r\n:4", b"2\r\n$5\r\nhel", b"lo\r\n$-1\r\n*2\r\n$1\r\na\r\n:1\r\n*-1\r\n")
        self.assertEqual([r.read() for _ in range(6)], ["OK", 42, b"hello", None, [b"a", 1], None])

    def test_raises_an_error_reply(self):
        with self.assertRaisesRegex(resp.RedisError, "WRONGPASS"):
            self.reader(b"-WRONGPASS invalid username-password pair\r\n").read()

    def test_a_closed_connection_is_an_error(self):
        with self.assertRaises(resp.RedisError):
            self.reader(b"$10\r\nshort").read()


if __name__ == "__main__":
    unittest.main()

"""The web service, `python3 -m app.migrate` and `python3 -m app.notes` against real PostgreSQL and Redis servers.

The app runs as Railway runs it: `python3 -m app.main` in a child process with PORT, DATABASE_URL and REDIS_URL in
its environment. A note written by one of them is read by the others; no output ever holds a password.
"""
import json
import os
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request

from tests.servers import PostgresServer, RedisServer, free_port

SAMPLE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
postgres = None
redis = None


def setUpModule():
    global postgres, redis
    if PostgresServer.missing_reason:
        raise unittest.SkipTest(PostgresServer.missing_reason)
    postgres = PostgresServer()
    unittest.addModuleCleanup(postgres.stop)
    postgres.start()
    if not RedisServer.missing_reason:
        redis = RedisServer()
        unittest.addModuleCleanup(redis.stop)
        redis.start()


def environment(**variables):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "PORT")}
    env.update({k: v for k, v in variables.items() if v is not None})
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_module(module, *args, **variables):
    return subprocess.run([sys.executable, "-m", module, *args], cwd=SAMPLE, env=environment(**variables),
                          capture_output=True, text=True, timeout=60)


class App:
    """python3 -m app.main on a free port; its output is kept to check for secrets."""

    def __init__(self, **variables):
        self.port = free_port()
        self.process = subprocess.Popen([sys.executable, "-m", "app.main"], cwd=SAMPLE, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, env=environment(PORT=str(self.port), **variables))
        deadline = time.monotonic() + 20
        while True:
            try:
                self.request("GET", "/api/health")
                return
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"the app did not answer: {self.output}")
                time.sleep(0.05)

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
        self.output = self.process.communicate(timeout=10)[0]
        return self.output


class WithoutDatabaseTests(unittest.TestCase):
    def test_health_and_routes_are_as_before(self):
        app = App()
        try:
            self.assertEqual(app.request("GET", "/api/health"), (200, {"status": "healthy", "version": "0.1.0"}))
            self.assertEqual(app.request("GET", "/api/notes"), (404, {"detail": "Not Found"}))
            self.assertEqual(app.request("POST", "/api/notes", {"body": "x"})[0], 404)
            self.assertEqual(app.request("GET", "/api/cache/k"), (404, {"detail": "Not Found"}))
            self.assertEqual(app.request("GET", "/")[1]["app"], "hello-railway")
        finally:
            app.stop()

    def test_the_clis_say_database_url_is_not_set(self):
        for module, args in (("app.migrate", ()), ("app.notes", ("list",))):
            done = run_module(module, *args)
            self.assertEqual(done.returncode, 2, done.stderr)
            self.assertIn("DATABASE_URL is not set", done.stderr)


class DatabaseTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.database = "notes_" + str(os.getpid())
        postgres.admin(f"DROP DATABASE IF EXISTS {cls.database}", f"CREATE DATABASE {cls.database}")
        cls.url = postgres.url(database=cls.database)

    def assertNoPassword(self, *texts):
        for text in texts:
            self.assertNotIn(postgres.password, text)
            if redis:
                self.assertNotIn(redis.password, text)

    def test_a_missing_table_is_a_clear_503_then_migrate_creates_it_once(self):
        postgres.admin(f"DROP DATABASE IF EXISTS {self.database}_m", f"CREATE DATABASE {self.database}_m")
        url = postgres.url(database=f"{self.database}_m")
        app = App(DATABASE_URL=url)
        try:
            status, body = app.request("GET", "/api/notes")
            self.assertEqual(status, 503)
            self.assertIn("app.migrate", body["detail"])
            first = run_module("app.migrate", DATABASE_URL=url)
            second = run_module("app.migrate", DATABASE_URL=url)
            self.assertEqual(app.request("GET", "/api/notes"), (200, {"notes": []}))
        finally:
            output = app.stop()
        self.assertEqual((first.returncode, second.returncode), (0, 0), first.stderr + second.stderr)
        self.assertIn("Applying 0001_notes... OK", first.stdout)
        self.assertIn("No migrations to apply.", second.stdout)
        self.assertIn(f"127.0.0.1:{postgres.port}/{self.database}_m", first.stdout)
        self.assertNoPassword(first.stdout, first.stderr, second.stdout, second.stderr, output)

    def test_the_app_and_the_cli_read_each_others_notes(self):
        self.assertEqual(run_module("app.migrate", DATABASE_URL=self.url).returncode, 0)
        app = App(DATABASE_URL=self.url)
        try:
            health = app.request("GET", "/api/health")
            self.assertEqual(health, (200, {"status": "healthy", "version": "0.1.0", "database": "ok"}))
            status, written = app.request("POST", "/api/notes", {"body": "from the web, it's \\ 'quoted'"})
            self.assertEqual(status, 201)
            added = run_module("app.notes", "add", "from the CLI", DATABASE_URL=self.url)
            self.assertEqual(added.returncode, 0, added.stderr)
            listed = run_module("app.notes", "list", "--json", DATABASE_URL=self.url)
            bodies = [note["body"] for note in json.loads(listed.stdout)]
            self.assertIn("from the web, it's \\ 'quoted'", bodies)
            status, answer = app.request("GET", "/api/notes")
            self.assertEqual(status, 200)
            self.assertIn({"id": int(added.stdout), "body": "from the CLI"},
                          [{"id": n["id"], "body": n["body"]} for n in answer["notes"]])
            self.assertEqual(app.request("POST", "/api/notes", {"text": "wrong field"})[0], 422)
            self.assertEqual(app.request("POST", "/api/notes", {"body": ""})[0], 422)
            plain = run_module("app.notes", "list", DATABASE_URL=self.url)
            self.assertIn(f"{written['id']}\tfrom the web", plain.stdout)
        finally:
            output = app.stop()
        self.assertIn(f"notes in PostgreSQL at postgres@127.0.0.1:{postgres.port}/{self.database}", output)
        self.assertNoPassword(output, added.stdout, added.stderr, listed.stdout, listed.stderr)

    def test_an_unreachable_database_is_503_and_health_says_so_without_the_url(self):
        url = f"postgresql://postgres:secret-canary-1@127.0.0.1:{free_port()}/x"
        app = App(DATABASE_URL=url)
        try:
            self.assertEqual(app.request("GET", "/api/notes"), (503, {"detail": "database unavailable"}))
            status, health = app.request("GET", "/api/health")
            self.assertEqual((status, health["status"]), (200, "healthy"))
            self.assertTrue(health["database"].startswith("unreachable"), health)
            failed = run_module("app.notes", "add", "x", DATABASE_URL=url)
            self.assertEqual(failed.returncode, 1)
        finally:
            output = app.stop()
        for text in (output, failed.stdout, failed.stderr, json.dumps(health)):
            self.assertNotIn("secret-canary-1", text)

    def test_a_wrong_password_is_reported_without_it(self):
        url = postgres.url(password="wrong-canary-2", database=self.database)
        failed = run_module("app.migrate", DATABASE_URL=url)
        self.assertEqual(failed.returncode, 1)
        self.assertIn("28P01", failed.stderr)
        self.assertNotIn("wrong-canary-2", failed.stdout + failed.stderr)


@unittest.skipIf(RedisServer.missing_reason, RedisServer.missing_reason or "")
class CacheTests(unittest.TestCase):
    def test_put_then_get_through_the_app_and_the_client(self):
        from app import resp
        app = App(REDIS_URL=redis.url())
        try:
            self.assertEqual(app.request("PUT", "/api/cache/greeting%20one", {"value": "héllo"}), (200, {"key": "greeting one", "value": "héllo"}))
            self.assertEqual(app.request("GET", "/api/cache/greeting%20one"), (200, {"key": "greeting one", "value": "héllo"}))
            self.assertEqual(app.request("GET", "/api/cache/missing"), (404, {"detail": "Not Found"}))
            self.assertEqual(app.request("PUT", "/api/cache/k", {"value": 3})[0], 422)
            with resp.connect(redis.url()) as client:
                self.assertEqual(client.get("greeting one"), "héllo")
                client.set("from-client", "v1")
            self.assertEqual(app.request("GET", "/api/cache/from-client")[1]["value"], "v1")
        finally:
            output = app.stop()
        self.assertNotIn(redis.password, output)

    def test_a_wrong_password_is_refused_without_it(self):
        from app import resp
        with self.assertRaises(resp.RedisError) as raised:
            resp.connect(redis.url(password="wrong-canary-3"))
        self.assertNotIn("wrong-canary-3", str(raised.exception))
        app = App(REDIS_URL=redis.url(password="wrong-canary-3"))
        try:
            self.assertEqual(app.request("GET", "/api/cache/k"), (503, {"detail": "cache unavailable"}))
        finally:
            output = app.stop()
        self.assertNotIn("wrong-canary-3", output)


if __name__ == "__main__":
    unittest.main()

"""Settings for hello-railway. RailwayOps bumps app_version on every release."""
import os


class Settings:
    app_name: str = "hello-railway"
    app_version: str = "0.1.0"

    def __init__(self) -> None:
        self.port = int(os.environ.get("PORT", "8000"))
        self.environment = os.environ.get("RAILWAY_ENVIRONMENT_NAME", "local")
        self.commit = os.environ.get("RAILWAY_GIT_COMMIT_SHA", "")
        self.greeting = os.environ.get("GREETING", "hello")

    # Read when used, not at import: Railway renders ${{Postgres.DATABASE_URL}} / ${{Redis.REDIS_URL}} into these.
    @staticmethod
    def database_url() -> str:
        return os.environ.get("DATABASE_URL", "")

    @staticmethod
    def redis_url() -> str:
        return os.environ.get("REDIS_URL", "")


settings = Settings()

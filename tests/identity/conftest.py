import pytest


@pytest.fixture(autouse=True)
def _fresh_database(database: str) -> str:
    """Every test here runs on its own freshly migrated database."""
    return database

import pytest

from tests.fresh_newsroom import Databases, Newsroom


@pytest.fixture(scope="session")
def fresh_databases(tmp_path_factory):
    databases = Databases(tmp_path_factory.mktemp("fresh-databases"))
    yield databases
    databases.drop_all()


@pytest.fixture(scope="session")
def migrated_database(fresh_databases):
    """The URL of a database `manage.py migrate` alone set up, to be copied, never used."""
    return fresh_databases.migrated()


@pytest.fixture
def newsroom(fresh_databases, migrated_database, tmp_path):
    """Call with environment variables for its processes: a Newsroom on a fresh copy."""
    made = []

    def make(**env):
        room = Newsroom(fresh_databases.copy(migrated_database), tmp_path, **env)
        made.append(room)
        return room

    yield make
    for room in made:
        room.stop()
        fresh_databases.drop(room.database_url)

import shutil
import socket
from pathlib import Path

import pytest

from kb import ARTICLES, PROJECT_ROOT
from kb.store.db import open_db
from kb.store.ingest import ingest_paths

SEED = ARTICLES / "000_b9019d560c415411.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """A database built by `kb build`'s own code from the repo's sources."""
    from kb.store.build import build_database

    path = tmp_path_factory.mktemp("built") / "claims.db"
    list(build_database(path))
    return path


@pytest.fixture
def seed_db(tmp_path) -> Path:
    """A fresh database holding only the seed article (tests may write to it)."""
    path = tmp_path / "claims.db"
    ingest_paths(open_db(path), [SEED])
    return path


@pytest.fixture
def datasette_for():
    from kb.publish.serve import make_datasette

    return make_datasette


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_project_file(name: str, target: Path) -> Path:
    shutil.copyfile(PROJECT_ROOT / name, target)
    return target

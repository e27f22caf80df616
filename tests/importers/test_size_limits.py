"""Each importer refuses a file over its size limit before reading it, with a one-line reason;
the other files of an article import still go in."""

import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from news.models import NewsArticle
from tests.factories import database_counts
from tests.importers.conftest import SEED, SLUG, run_failing_article_import

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def sparse_file(path, size):
    """A file of `size` bytes that takes no disk space (and no time) to make."""
    with path.open("wb") as file:
        file.truncate(size)
    return path


def test_an_oversized_article_file_is_refused_and_the_others_still_import(tmp_path, world):
    huge = sparse_file(tmp_path / "a-huge.txt", 50 * MB)
    shutil.copy(SEED, tmp_path / "b-seed.txt")

    message, out, err = run_failing_article_import(tmp_path)

    assert message == "1 of 2 files failed"
    assert err == (
        f"{huge}: is 50.0 MB, larger than the 2.0 MB an article file may be "
        "(raise NEWSDESK_IMPORT_MAX_ARTICLE_BYTES to import it)\n"
    )
    assert NewsArticle.objects.filter(slug=SLUG).exists()
    assert "Imported" in out


def test_the_article_limit_is_a_setting(tmp_path, world, settings):
    settings.NEWSDESK_IMPORT_MAX_ARTICLE_BYTES = 1000
    before = database_counts()
    message, _, err = run_failing_article_import(SEED)
    assert message == "1 of 1 files failed"
    assert "larger than the 1000 bytes an article file may be" in err
    assert database_counts() == before


def test_an_oversized_wordpress_export_is_refused_before_it_is_parsed(tmp_path, world):
    huge = sparse_file(tmp_path / "export.xml", 300 * MB)
    before = database_counts()
    with pytest.raises(CommandError) as raised:
        call_command("import_wordpress", str(huge), stdout=StringIO(), stderr=StringIO())
    assert str(raised.value) == (
        f"{huge} is 300.0 MB, larger than the 200.0 MB a WordPress export may be "
        "(raise NEWSDESK_IMPORT_MAX_WORDPRESS_BYTES to import it); nothing was imported."
    )
    assert database_counts() == before

"""SEARCH_URL moves search to an OpenSearch or Elasticsearch cluster through Wagtail's own
back-end, with the index spread as SEARCH_SHARDS and SEARCH_REPLICAS say
(docs/deployment.md, "Search at scale")."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEARCH_ENV = ("SEARCH_URL", "SEARCH_BACKEND", "SEARCH_SHARDS", "SEARCH_REPLICAS")


def search_backend(**env):
    """The search back-end's settings these variables make, read in a process of its own (the
    cluster's client library is installed only where a cluster is used)."""
    environment = {name: value for name, value in os.environ.items() if name not in SEARCH_ENV}
    environment.update(DJANGO_SETTINGS_MODULE="cms.settings.test", **env)
    program = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.WAGTAILSEARCH_BACKENDS['default']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_search_cluster_gets_its_nodes_shards_and_replicas_from_the_environment():
    backend = search_backend(
        SEARCH_URL="https://search-1.internal:9200,https://search-2.internal:9200",
        SEARCH_SHARDS="3",
        SEARCH_REPLICAS="1",
    )
    assert backend["BACKEND"] == "wagtail.search.backends.opensearch2"
    assert backend["URLS"] == ["https://search-1.internal:9200", "https://search-2.internal:9200"]
    # Wagtail's back-end adds these to its own index settings (its analyzers' n-grams).
    index = {"number_of_shards": 3, "number_of_replicas": 1}
    assert backend["INDEX_SETTINGS"] == {"settings": {"index": index}}
    assert backend["INDEX_PREFIX"] == "newsdesk_"


def test_the_cluster_decides_shards_and_replicas_unless_told():
    backend = search_backend(SEARCH_URL="http://127.0.0.1:9200", SEARCH_BACKEND="elasticsearch8")
    assert backend["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    assert backend["INDEX_SETTINGS"] == {"settings": {"index": {}}}


def test_without_a_cluster_search_stays_in_the_database():
    assert search_backend()["BACKEND"] == "search.backends"

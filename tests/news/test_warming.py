"""A published story is made ready for its first readers by the task worker (news/warming.py):
its API JSON stored, its renditions made, its page and API responses in the response cache."""

import pytest
from wagtail.images import get_image_model

from news.models import SerializedStory
from tests.factories import make_image, make_story

pytestmark = pytest.mark.django_db

READER = {"HTTP_HOST": "localhost"}  # the default site's host name, as readers ask for it


@pytest.fixture
def warming(settings, task_worker, django_capture_on_commit_callbacks):
    settings.NEWSDESK_WARM_PUBLISHED_STORIES = True

    def publish(section, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return make_story(section, **fields)

    return publish


def renditions_of(image):
    rendition_model = get_image_model().get_rendition_model()
    return set(rendition_model.objects.filter(image=image).values_list("filter_spec", flat=True))


def test_the_worker_readies_a_published_story_before_its_first_reader(
    warming, task_worker, world, client
):
    photo = make_image()
    story = warming(world, title="Dam breaks upstream", lead_image=photo)
    # The editor's request did none of it.
    assert not SerializedStory.objects.filter(story=story).exists()
    assert renditions_of(photo) == set()

    task_worker()
    shapes = set(SerializedStory.objects.filter(story=story).values_list("shape", flat=True))
    assert shapes == {"v2:detail", "v3:detail:typed"}
    assert {"width-1200", "fill-600x400"} <= renditions_of(photo)
    for path in (story.url, f"/api/v2/pages/{story.pk}/", f"/api/v3/pages/{story.pk}/"):
        first_read = client.get(path, **READER)
        assert first_read.status_code == 200
        assert first_read["X-Cache"] == "hit", path
    assert b"Dam breaks upstream" in client.get(story.url, **READER).content


def test_a_story_taken_down_before_the_worker_came_is_not_warmed(
    warming, task_worker, world, client, django_capture_on_commit_callbacks
):
    story = warming(world, title="Embargo broken by mistake")
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    task_worker()
    assert not SerializedStory.objects.filter(story=story).exists()
    assert client.get(f"/api/v2/pages/{story.pk}/", **READER).status_code == 404
    assert client.get(f"/world/{story.slug}/", **READER).status_code == 404

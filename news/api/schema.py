"""Our blocks typed in API v3's OpenAPI schema, as read (the block union) and as written
(news/api/block_input.py). Kept apart from news/api/v3.py, which reads API v3's URLs: that may
happen only after every app has added its routers."""

from news.api.serializers import StoryBlock
from news.blocks import StoryBodyBlock
from news.models import StorySummaryField


def typed_streamfield_schema(generator, field):
    """API v3 types a StreamField as a bare array; a story's body gets its block union."""
    from wagtail.api.v3.schemas.generators.read import streamfield_schema

    annotation, default, resolve = streamfield_schema(generator, field)
    if isinstance(field.stream_block, StoryBodyBlock):
        annotation = list[StoryBlock]
    return annotation, default, resolve


def summary_as_readers_get_it(generator, field):
    """A story's summary is read as its standfirst: the editor's, or else the lede's."""

    def resolve(story, context):
        return story.standfirst

    return str, "", staticmethod(resolve)


def register():
    """Type our blocks in API v3, as read and as written. Runs from NewsConfig.ready(): API v3
    builds its page schemas once, when wagtail.images becomes ready, and our app is listed
    before it."""
    from wagtail.api.v3.schemas.generators import create_generator, patch_generator
    from wagtail.api.v3.schemas.generators.read import read_generator
    from wagtail.fields import StreamField

    from news.api.block_input import typed_streamfield_input

    read_generator.register_field_schema(StreamField, typed_streamfield_schema)
    read_generator.register_field_schema(StorySummaryField, summary_as_readers_get_it)
    for write_generator in (create_generator, patch_generator):
        write_generator.register_field_schema(StreamField, typed_streamfield_input)

"""What an entry is made of: the story body's own blocks that suit a short update, so an entry
renders, serializes (internal links checked against visible()) and is typed in the API exactly
as the same block in a story."""

from news.blocks import StoryBodyBlock


class LiveEntryBlock(StoryBodyBlock):
    # paragraph, tweet, image, quote, embed and related_link stay; a short update has no lede,
    # heading, gallery or table. None removes an inherited block (Wagtail's block shadowing).
    lede = None
    heading = None
    gallery = None
    table = None

    class Meta:
        min_num = 1
        block_counts = {}

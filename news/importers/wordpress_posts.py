"""Move a WordPress newsroom here: a WXR export (Tools → Export) becomes stories.

news.importers.wordpress_export reads the file; `save_post` then saves one post at a time
through `save_article` (news.importers.stories), each in its own transaction, with the
post's images found among the old site's uploads.

Links between posts need two passes, since a post may link to one that comes after it in the
file: `save_post` links what it can and says which linked posts had no story yet, so the
importer can save those posts again once every story exists.
"""

import html
import re
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.files.images import ImageFile, get_image_dimensions
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from news.importers.report import IMAGE_LEFT_OUT, IMAGES_NOT_FOUND, SLUG_TAKEN, PostWarning
from news.importers.stories import save_article
from news.importers.wordpress_body import ImageReference
from news.importers.wordpress_export import IMPORT_SOURCE_PREFIX, PUBLISHED_STATUSES
from news.models import NewsArticle

UPLOADS_PATH = re.compile(r"/wp-content/uploads/(?P<path>.+)$")
# WordPress puts resized copies beside the original: photo-300x200.jpg next to photo.jpg.
RESIZED_COPY = re.compile(r"-\d+x\d+(?=\.\w+$)")
# The exact form Draftail stores an external link in, which sanitize_rich_text guarantees.
RICH_TEXT_LINK = re.compile(r'<a href="(?P<href>[^"]*)">')


@dataclass(frozen=True)
class SavedPost:
    story: NewsArticle
    created: bool
    moved: bool
    unpublished: bool
    warnings: list  # of news.importers.report.PostWarning
    # Posts this one links to that had no story yet: saving it again later links them.
    waiting_for: frozenset


def imported_stories():
    """{WordPress post id: story page id} for the stories earlier imports made."""
    return {
        int(source.removeprefix(IMPORT_SOURCE_PREFIX)): pk
        for source, pk in NewsArticle.objects.filter(
            import_source__startswith=IMPORT_SOURCE_PREFIX
        ).values_list("import_source", "pk")
    }


def save_post(post, old_site, stories, media_root=None, fetcher=None):
    """Create or update the story for one post, all in one transaction.

    `stories` maps post ids to the story pages imported so far; links to those posts become
    links to their pages. Images are looked for under `media_root`, a copy of the old site's
    wp-content/uploads; one that cannot be found is left out with a warning. Published posts
    keep their original dates; future ones are scheduled. With a `fetcher`
    (news.importers.remote_media), images not found there are downloaded from the old site.
    Raises ArticleImportError (after rolling back) if the story cannot be saved.
    """
    label = f"post {post.post_id}"
    warnings, waiting_for, missing = [], set(), []
    with transaction.atomic():
        blocks = []
        for block in post.article.blocks:
            if isinstance(block["value"], ImageReference):
                reference = block["value"]
                block = _picture_block(reference, label, media_root, fetcher, warnings)
                if block is None:
                    missing.append(reference.url)
                    continue
            elif block["type"] == "gallery":
                references = block["value"]["images"]
                found = [
                    _picture_block(reference, label, media_root, fetcher, warnings)
                    for reference in references
                ]
                missing.extend(
                    ref.url for ref, pic in zip(references, found, strict=True) if not pic
                )
                images = [picture["value"] for picture in found if picture is not None]
                if not images:
                    continue
                block = {"type": "gallery", "value": {**block["value"], "images": images}}
            blocks.append(_with_story_links(block, old_site, stories, waiting_for))

        publish = post.status in PUBLISHED_STATUSES
        if missing and not blocks:
            # Published, it would be a story with nothing in it.
            publish = False
            detail = "its only content was images that could not be found, so it is not published: "
            warnings.append(PostWarning(IMAGES_NOT_FOUND, label, detail + ", ".join(missing)))
        result = save_article(
            replace(post.article, blocks=blocks), publish=publish, go_live_at=post.published_at
        )
        story, unpublished = result.story, False
        if result.created and result.renamed_to:
            detail = f'slug "{post.article.slug}" was taken in {story.get_parent().title}, '
            warnings.append(PostWarning(SLUG_TAKEN, label, detail + f'so it is "{story.slug}"'))
        if publish and story.live:
            NewsArticle.objects.filter(pk=story.pk).update(
                first_published_at=post.published_at, last_published_at=post.updated_at
            )
            story.refresh_from_db()
        elif post.status not in PUBLISHED_STATUSES and story.live:
            # Taken down on the old site since the last import, so taken down here too. (One
            # whose images are missing this time keeps its live version, with them.)
            story.unpublish(log_action=True)
            story.refresh_from_db()
            unpublished = True
    return SavedPost(
        story=story,
        created=result.created,
        moved=result.moved,
        warnings=warnings,
        unpublished=unpublished,
        waiting_for=frozenset(waiting_for),
    )


def _picture_block(reference, label, media_root, fetcher, warnings):
    """The image block for an ImageReference, or None (with a warning) if it is not found."""
    image, problem = _stored_image(reference, media_root, fetcher)
    if image is None:
        warnings.append(PostWarning(IMAGE_LEFT_OUT, label, f"image {reference.url} {problem}"))
        return None
    value = {"image": image.pk, "caption": reference.caption, "credit": reference.credit}
    return {"type": "image", "value": value}


def _stored_image(reference, media_root, fetcher):
    """(the Wagtail image for the reference, None), or (None, why it was left out).

    The same file imported twice, from the uploads folder or downloaded, is one image, found
    again by its hash.
    """
    path = _uploaded_file(reference.url, Path(media_root)) if media_root else None
    if path is not None:
        data, name = path.read_bytes(), path.name
    elif fetcher is not None:
        data, problem = fetcher.fetch(reference.url)
        if data is None:
            return None, problem
        name = Path(unquote(urlsplit(reference.url).path)).name or "image"
    elif media_root:
        return None, f"left out: no such file under {media_root}"
    else:
        return None, "left out: no uploads folder (--media-root) was given"
    width, _ = get_image_dimensions(BytesIO(data))
    if width is None:
        return None, f"left out: {path or 'what was downloaded'} is not an image"
    Image = get_image_model()
    file_hash = hash_filelike(BytesIO(data))
    image = Image.objects.filter(file_hash=file_hash).first()
    if image is None:
        image = Image(
            title=(reference.alt or reference.caption or Path(name).stem)[:255],
            description=reference.alt[:255],
            file=ImageFile(BytesIO(data), name=name),
            file_size=len(data),
            file_hash=file_hash,
        )
        image.save()
    return image, None


def _uploaded_file(url, media_root):
    """The file under `media_root` an image URL's /wp-content/uploads/... part names, if any.

    The original is preferred to a resized copy, since renditions are made from it here.
    """
    found = UPLOADS_PATH.search(unquote(urlsplit(url).path))
    if not found:
        return None
    root = media_root.resolve()
    for relative in dict.fromkeys([RESIZED_COPY.sub("", found["path"]), found["path"]]):
        path = (root / relative).resolve()
        # ../ in a URL must not reach files outside the uploads folder.
        if path.is_relative_to(root) and path.is_file():
            return path
    return None


def _with_story_links(block, old_site, stories, waiting_for):
    """The block with its links to imported posts pointing at their stories instead."""

    def story_for(href):
        post_id = old_site.post_id(href)
        if post_id is not None and post_id not in stories:
            waiting_for.add(post_id)
        return stories.get(post_id)

    def page_link(match):
        page_id = story_for(html.unescape(match["href"]))
        return f'<a linktype="page" id="{page_id}">' if page_id else match[0]

    if block["type"] in ("lede", "paragraph"):
        return {**block, "value": RICH_TEXT_LINK.sub(page_link, block["value"])}
    if block["type"] == "related_link" and block["value"]["url"]:
        page_id = story_for(block["value"]["url"])
        if page_id:
            return {**block, "value": {**block["value"], "page": page_id, "url": ""}}
    return block

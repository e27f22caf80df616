"""Import a WordPress export (WXR); see news.importers.wordpress_posts for how posts become
stories."""

from django.core.management.base import BaseCommand, CommandError

from news.importers.errors import ArticleImportError
from news.importers.remote_media import MediaFetcher
from news.importers.report import summary_lines, write_report
from news.importers.wordpress_export import ExportFormatError, read_export
from news.importers.wordpress_posts import imported_stories, save_post

BAR_WIDTH = 30


class Progress:
    """A bar redrawn in place on a terminal; one line per post when output goes elsewhere."""

    def __init__(self, command, label, total):
        self.command, self.label, self.total, self.done = command, label, total, 0
        self.on_terminal = command.stdout.isatty()

    def advance(self, line):
        self.done += 1
        if self.on_terminal:
            self.draw()
        else:
            self.command.stdout.write(line)

    def fail(self, message):
        if self.on_terminal and self.done:
            # The message goes on a line of its own, not after the bar; the bar follows it.
            self.command.stdout.write("")
        self.command.stderr.write(message)
        self.done += 1
        if self.on_terminal:
            self.draw()

    def draw(self):
        filled = BAR_WIDTH * self.done // self.total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        finished = self.done == self.total
        self.command.stdout.write(
            f"\r{self.label} [{bar}] {self.done}/{self.total}", ending="\n" if finished else ""
        )
        self.command.stdout.flush()


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR file from Tools → Export): posts become stories in "
        "sections named after their first category, with their authors, tags, images and "
        "publication dates. Importing the file again updates the stories it created."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="The WXR (.xml) export")
        parser.add_argument(
            "--media-root",
            metavar="FOLDER",
            help="A copy of the old site's wp-content/uploads, where images are looked for",
        )
        parser.add_argument(
            "--fetch-media",
            action="store_true",
            help="Download images not found under --media-root from their URLs on the old site",
        )
        parser.add_argument(
            "--report",
            metavar="FILE",
            help="Write every warning and failure to FILE, one JSON object a line",
        )

    def handle(self, *args, file, media_root, fetch_media=False, report=None, **options):
        self.traceback = options.get("traceback", False)
        try:
            export = read_export(file)
        except ExportFormatError as error:
            raise CommandError(f"{file} {error}; nothing was imported.") from error
        if report:
            try:
                open(report, "w").close()  # found unwritable now, not after an hour of importing
            except OSError as error:
                raise CommandError(f"cannot write the report {report}: {error.strerror}") from error
        fetcher = MediaFetcher() if fetch_media else None
        self.media = (media_root, fetcher)

        self.created = self.updated = 0
        self.failures = list(export.malformed)
        self.warnings = list(export.warnings)
        for label, reason in self.failures:
            self.stderr.write(f"{label}: {reason}")

        stories = imported_stories()
        waiting = []
        progress = Progress(self, "Importing posts", len(export.posts))
        for post in export.posts:
            saved = self.save(post, export, stories, progress)
            if saved is None:
                continue
            stories[post.post_id] = saved.story.pk
            self.created += saved.created
            self.updated += not saved.created
            self.warnings.extend(saved.warnings)
            progress.advance(
                f'post {post.post_id} "{saved.story.title}": {self.describe(post, saved)}'
            )
            if saved.waiting_for:
                waiting.append((post, saved.waiting_for))

        # Second pass: links to posts that came later in the file now have a story to go to.
        linkable = [post for post, linked in waiting if linked & stories.keys()]
        progress = Progress(self, "Linking stories", len(linkable))
        for post in linkable:
            if self.save(post, export, stories, progress):
                progress.advance(f"post {post.post_id}: linked to posts imported after it")

        for line in summary_lines(
            self.created, self.updated, export.skipped, self.failures, self.warnings
        ):
            self.stdout.write(line)
        if report:
            write_report(report, self.warnings, self.failures)
        if self.failures:
            total = len(export.posts) + len(export.malformed)
            raise CommandError(f"{len(self.failures)} of {total} posts failed")

    def save(self, post, export, stories, progress):
        try:
            return save_post(post, export.old_site, stories, *self.media)
        except ArticleImportError as error:
            failure = (f"post {post.post_id}", str(error))
        except Exception as error:
            # One broken post must not stop the rest; save_post has rolled it back.
            if self.traceback:
                raise
            failure = (
                f"post {post.post_id}",
                f"failed while saving ({type(error).__name__}: {error})",
            )
        if failure not in self.failures:
            self.failures.append(failure)
        progress.fail(": ".join(failure))
        return None

    def describe(self, post, saved):
        parts = ["created" if saved.created else "updated"]
        if saved.moved:
            parts.append(f"moved to {saved.story.section.title}")
        if post.status == "future" and not saved.story.live:
            parts.append(f"scheduled for {post.published_at:%Y-%m-%d %H:%M} UTC")
        elif saved.story.live:
            parts.append("published")
        elif saved.unpublished:
            parts.append(f"unpublished ({post.status} on the old site)")
        elif post.status == "draft":
            parts.append("draft")
        else:
            parts.append(f"draft ({post.status} on the old site)")
        return ", ".join(parts)
